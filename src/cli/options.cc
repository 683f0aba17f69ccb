#include "cli/options.h"

#include <cstddef>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "absl/strings/string_view.h"
#include "threatmodel/rules/policy_json.h"
#include "threatmodel/rules/rule.h"

namespace threatmodel::cli {
namespace {

absl::Status Usage(std::string_view what) {
  return absl::InvalidArgumentError(
      absl::StrCat(absl::string_view(what.data(), what.size()),
                   " (see threatmodel --help)"));
}

absl::StatusOr<Format> ParseFormat(const std::string& text) {
  const std::string f = absl::AsciiStrToLower(text);
  if (f == "text") return Format::kText;
  if (f == "json") return Format::kJson;
  if (f == "sarif") return Format::kSarif;
  if (f == "junit") return Format::kJunit;
  return Usage(absl::StrCat("unknown --format \"", text,
                            "\": use text, json, sarif or junit"));
}

absl::string_view Av(std::string_view s) { return {s.data(), s.size()}; }

// `text` filled to kHelpWidth columns: the first line after `first`, the
// others after `rest`. A word longer than a line stands on its own.
std::string Wrap(absl::string_view text, const std::string& first,
                 const std::string& rest) {
  constexpr std::size_t kHelpWidth = 76;
  std::string out = first;
  std::size_t column = first.size();
  bool line_empty = true;
  for (absl::string_view word : absl::StrSplit(text, ' ', absl::SkipEmpty())) {
    if (!line_empty && column + 1 + word.size() > kHelpWidth) {
      absl::StrAppend(&out, "\n", rest);
      column = rest.size();
      line_empty = true;
    }
    if (!line_empty) {
      out += ' ';
      ++column;
    }
    absl::StrAppend(&out, word);
    column += word.size();
    line_empty = false;
  }
  out += '\n';
  return out;
}

}  // namespace

std::string_view FormatName(Format format) {
  switch (format) {
    case Format::kText:
      return "text";
    case Format::kJson:
      return "json";
    case Format::kSarif:
      return "sarif";
    case Format::kJunit:
      return "junit";
  }
  return "text";
}

std::string HelpText() {
  std::string threats;
  for (const rules::RuleInfo& rule : rules::Rules()) {
    const std::string id(rule.id);
    absl::StrAppend(&threats, Wrap(Av(rule.title), absl::StrCat("  ", id, "  "),
                                   std::string(id.size() + 4, ' ')));
  }
  std::vector<std::string> keys;
  for (const std::string& key : rules::PolicyJsonKeys()) {
    keys.push_back(absl::StrCat("\"", key, "\""));
  }
  const std::string policy_keys =
      absl::StrCat("policy JSON; its keys: ", absl::StrJoin(keys, ", "),
                   " (see docs/cli.md)");

  return absl::StrCat(
      R"(threatmodel: checks a Terraform plan against the platform's threat model
with the same rules as the terraform-provider-threatmodel data source.

Usage:
  terraform show -json tfplan | threatmodel check - --chdir .
  threatmodel check PLAN.json [flags]
  threatmodel check tfplan --chdir DIR
  threatmodel --version
  threatmodel --help

PLAN.json is the output of `terraform show -json PLANFILE` (plan format
0.1 to 1.2, UTF-8 or UTF-16 with a byte-order mark); "-" reads standard
input. A binary plan file (`terraform plan -out tfplan`) is converted with
`terraform -chdir=DIR show -json` (or `tofu`, the first found on PATH),
run in the working directory that made it: --chdir DIR, or the current
directory.

Threats (each documented in docs/rules/<ID>.md):
)",
      threats, R"(
Flags:
  --chdir DIR       the Terraform working directory; its backend (from
                    $TF_DATA_DIR or .terraform/terraform.tfstate) decides
                    T-2. Without it the current directory is read when it
                    holds .terraform (or $TF_DATA_DIR exists); otherwise
                    T-2 is undecided, which fails unless T-2 is advisory
                    or left out with --threats: plan JSON does not record
                    the backend.
)",
      Wrap(policy_keys, "  --policy FILE     ", std::string(20, ' ')),
      R"(  --format FORMAT   text (default), json, sarif (SARIF 2.1.0) or junit
  --output FILE     write the report to FILE instead of standard output
  --threats LIST    comma-separated threat IDs to evaluate (default: all)
  --version         print the version and exit
  --help            print this help and exit

Exit status:
  0  no mandatory finding is a violation or undecided, and no waiver is
     broken
  1  a mandatory violation, a mandatory finding undecided at plan time, or
     an expired or malformed waiver
  2  usage or input error (unreadable file, not plan JSON, unsupported
     format_version, a plan that errored or is incomplete, bad policy)
)");
}

absl::StatusOr<Command> ParseCommandLine(const std::vector<std::string>& args) {
  Command cmd;
  if (args.empty()) return Usage("no command given");
  const std::string& first = args[0];
  if (first == "--help" || first == "-h" || first == "help") {
    cmd.kind = Command::Kind::kHelp;
    return cmd;
  }
  if (first == "--version" || first == "version") {
    cmd.kind = Command::Kind::kVersion;
    return cmd;
  }
  if (first != "check") {
    return Usage(absl::StrCat("unknown command \"", first, "\""));
  }
  cmd.kind = Command::Kind::kCheck;
  CheckOptions& o = cmd.check;
  bool have_plan = false;
  bool have_format = false;
  bool flags_done = false;
  for (std::size_t i = 1; i < args.size(); ++i) {
    const std::string& arg = args[i];
    if (!flags_done && arg == "--") {
      flags_done = true;
      continue;
    }
    if (!flags_done && arg.size() > 1 && arg[0] == '-' && arg != "-") {
      std::string name = arg;
      std::optional<std::string> value;
      const std::size_t eq = arg.find('=');
      if (eq != std::string::npos) {
        name = arg.substr(0, eq);
        value = arg.substr(eq + 1);
      }
      if (name == "--help" || name == "-h") {
        cmd.kind = Command::Kind::kHelp;
        return cmd;
      }
      if (name == "--version") {
        cmd.kind = Command::Kind::kVersion;
        return cmd;
      }
      const bool known = name == "--chdir" || name == "--policy" ||
                         name == "--format" || name == "--output" ||
                         name == "--threats";
      if (!known) return Usage(absl::StrCat("unknown flag ", name));
      if (!value.has_value()) {
        if (i + 1 >= args.size()) {
          return Usage(absl::StrCat(name, " needs a value"));
        }
        value = args[++i];
      }
      if (value->empty()) return Usage(absl::StrCat(name, " needs a value"));
      if (name == "--chdir") {
        o.chdir = *value;
      } else if (name == "--policy") {
        o.policy_path = *value;
      } else if (name == "--output") {
        o.output_path = *value;
      } else if (name == "--format") {
        if (have_format) return Usage("--format given twice");
        have_format = true;
        absl::StatusOr<Format> f = ParseFormat(*value);
        if (!f.ok()) return f.status();
        o.format = *f;
      } else {
        for (absl::string_view part : absl::StrSplit(*value, ',')) {
          part = absl::StripAsciiWhitespace(part);
          if (part.empty()) continue;
          o.threats.emplace_back(part);
        }
        if (o.threats.empty()) return Usage("--threats lists no threat");
      }
      continue;
    }
    if (have_plan) {
      return Usage(absl::StrCat("more than one plan given (\"", o.plan_path,
                                "\" and \"", arg, "\")"));
    }
    have_plan = true;
    o.plan_path = arg;
  }
  if (!have_plan) {
    return Usage(
        "check needs a plan: a file from `terraform show -json` or "
        "- for standard input");
  }
  return cmd;
}

}  // namespace threatmodel::cli
