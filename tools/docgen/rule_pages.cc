#include "rule_pages.h"

#include <algorithm>
#include <optional>
#include <set>
#include <system_error>
#include <utility>

#include "absl/status/status.h"
#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_replace.h"
#include "absl/strings/strip.h"
#include "render.h"
#include "threatmodel/rules/finding.h"

namespace threatmodel::docgen {
namespace {

namespace fs = std::filesystem;

absl::string_view Av(std::string_view s) { return {s.data(), s.size()}; }

// Table cells cannot hold a pipe or a line break.
std::string Cell(std::string_view text) {
  return absl::StrReplaceAll(Av(text), {{"|", "\\|"}, {"\n", " "}});
}

// Registry text is plain prose: outside `code spans`, a "<" would open an
// HTML tag ("<data dir>") and vanish from the rendered page.
std::string Prose(std::string_view text) {
  std::string out;
  bool in_code = false;
  for (const char c : text) {
    if (c == '`') in_code = !in_code;
    if (c == '<' && !in_code) {
      out += "&lt;";
    } else {
      out += c;
    }
  }
  return out;
}

// Table cells cannot hold a pipe or a line break.
std::string ProseCell(std::string_view text) { return Cell(Prose(text)); }

// Defaults that are values ("5", "[]", `["azurerm"]`) are code; prose
// defaults ("every catalogued admin-level role") are not.
std::string DefaultCell(std::string_view text) {
  if (text.empty()) return "none";
  const char c = text.front();
  const bool value = c == '[' || c == '{' || c == '"' ||
                     absl::ascii_isdigit(static_cast<unsigned char>(c)) ||
                     text == "true" || text == "false" || text == "null";
  return value ? absl::StrCat("`", Cell(text), "`") : Cell(text);
}

std::string RenderSummary(const rules::RuleInfo& rule) {
  std::vector<std::string> types;
  for (std::string_view type : rule.resource_types) {
    types.push_back(absl::StrCat("`", Av(type), "`"));
  }
  std::string out = "| | |\n|---|---|\n";
  absl::StrAppend(&out, "| ID | `", Av(rule.id), "` (short code `",
                  Av(rule.short_code), "`) |\n");
  absl::StrAppend(&out, "| STRIDE | ", Av(rules::StrideName(rule.stride)),
                  " |\n");
  absl::StrAppend(
      &out, "| Severity | ", Av(rules::SeverityName(rule.severity)),
      absl::StrFormat(" (security-severity %.1f)", rule.security_severity),
      " |\n");
  absl::StrAppend(&out, "| Threat model's rating | ",
                  Av(rule.threat_model_rating), " |\n");
  absl::StrAppend(&out, "| Resource types read | ",
                  types.empty() ? "none beyond those the facts stage reads"
                                : absl::StrJoin(types, ", "),
                  " |\n");
  // Rows only rules with facets or peers have, so the others read as
  // before.
  std::vector<std::string> facets;
  for (const rules::RuleFacet& f : rule.facets) {
    facets.push_back(absl::StrCat("`", Av(rule.id), "/", Av(f.name), "` (",
                                  Av(rules::EnforcementName(f.enforcement)),
                                  " by default): ", ProseCell(f.description)));
  }
  if (!facets.empty()) {
    absl::StrAppend(&out, "| Facets | ", absl::StrJoin(facets, "<br>"), " |\n");
  }
  std::vector<std::string> peers;
  for (const rules::RulePeer& p : rule.peers) {
    peers.push_back(absl::StrCat(
        Av(p.tool), " `", Cell(p.id), "`",
        p.alias.empty() ? "" : absl::StrCat(" (`", Cell(p.alias), "`)"),
        p.facet.empty()
            ? ""
            : absl::StrCat(" for `", Av(rule.id), "/", Av(p.facet), "`")));
  }
  if (!peers.empty()) {
    absl::StrAppend(&out, "| Related checks of other scanners | ",
                    absl::StrJoin(peers, ", "), " |\n");
  }
  return out;
}

std::string RenderParameters(const rules::RuleInfo& rule) {
  std::string out = "## Policy Parameters\n\n";
  if (rule.parameters.empty()) {
    return absl::StrCat(out, "This rule reads no policy settings.\n");
  }
  absl::StrAppend(
      &out,
      "Set in the provider's `policy`, an assertion's `policy` or the CLI's "
      "policy file ([cli.md](../cli.md)). Types are Terraform's.\n\n",
      "| Name | Type | Default | Description |\n",
      "|------|------|---------|-------------|\n");
  for (const rules::RuleParameter& p : rule.parameters) {
    absl::StrAppend(&out, "| `", Av(p.name), "` | `", Cell(p.type), "` | ",
                    DefaultCell(p.default_text), " | ",
                    ProseCell(p.description), " |\n");
  }
  return out;
}

std::string RenderExamples(const std::vector<RuleExampleFile>& examples,
                           std::string_view id) {
  if (examples.empty()) return "";
  std::string out =
      absl::StrCat("## Examples\n\nEach `bad` configuration violates ", Av(id),
                   "; no `good` one does.\n\n");
  for (const RuleExampleFile& e : examples) {
    std::string body(absl::StripTrailingAsciiWhitespace(e.contents));
    absl::StrAppend(&out, "### ", e.bad ? "Bad" : "Good", ": `", e.file_name,
                    "`\n\n```terraform\n", body, "\n```\n\n");
  }
  return out;
}

// Fills `{{key}}` placeholders from `values`. Every key in `required` must
// appear at least once.
absl::StatusOr<std::string> Fill(
    std::string_view page_template,
    const std::map<std::string, std::string, std::less<>>& values,
    const std::set<std::string>& required, std::string_view origin) {
  std::set<std::string> used;
  std::string body;
  size_t pos = 0;
  while (pos < page_template.size()) {
    const size_t open = page_template.find("{{", pos);
    if (open == std::string_view::npos) {
      body.append(page_template.substr(pos));
      break;
    }
    body.append(page_template.substr(pos, open - pos));
    const size_t line = 1 + std::count(page_template.begin(),
                                       page_template.begin() + open, '\n');
    const size_t close = page_template.find("}}", open + 2);
    if (close == std::string_view::npos) {
      return absl::InvalidArgumentError(
          absl::StrCat(Av(origin), ":", line, ": unterminated placeholder"));
    }
    const std::string key(absl::StripAsciiWhitespace(
        Av(page_template.substr(open + 2, close - open - 2))));
    auto it = values.find(key);
    if (it == values.end()) {
      std::vector<std::string> known;
      for (const auto& [name, value] : values) {
        known.push_back(absl::StrCat("{{", name, "}}"));
      }
      return absl::InvalidArgumentError(
          absl::StrCat(Av(origin), ":", line, ": unknown placeholder {{", key,
                       "}}; known: ", absl::StrJoin(known, ", ")));
    }
    body.append(it->second);
    used.insert(key);
    pos = close + 2;
  }
  for (const std::string& key : required) {
    if (used.count(key) == 0) {
      return absl::InvalidArgumentError(
          absl::StrCat(Av(origin), ": {{", key,
                       "}} is missing; every rule page carries what the "
                       "registry says"));
    }
  }
  return body;
}

// The path of a rule's page relative to docs/, from RuleInfo::doc_path.
absl::StatusOr<std::string> PagePath(const rules::RuleInfo& rule) {
  absl::string_view path = Av(rule.doc_path);
  if (!absl::ConsumePrefix(&path, "docs/") ||
      !absl::StartsWith(path, "rules/") || !absl::EndsWith(path, ".md")) {
    return absl::InvalidArgumentError(
        absl::StrCat("rule ", Av(rule.id), ": doc_path \"", Av(rule.doc_path),
                     "\" is not docs/rules/<page>.md"));
  }
  return std::string(path);
}

}  // namespace

absl::StatusOr<std::map<std::string, fs::path>> FindRuleFolders(
    const fs::path& catalogue_dir) {
  std::error_code ec;
  std::vector<fs::path> folders;
  for (const fs::directory_entry& entry :
       fs::directory_iterator(catalogue_dir, ec)) {
    if (entry.is_directory(ec) && fs::exists(entry.path() / "rule.cc", ec)) {
      folders.push_back(entry.path());
    }
  }
  if (ec) {
    return absl::NotFoundError(absl::StrCat(
        "cannot list ", catalogue_dir.string(), ": ", ec.message()));
  }
  std::sort(folders.begin(), folders.end());
  std::map<std::string, fs::path> out;
  constexpr absl::string_view kMarker = "info.id = \"";
  for (const fs::path& folder : folders) {
    absl::StatusOr<std::string> source = ReadTextFile(folder / "rule.cc");
    if (!source.ok()) return source.status();
    size_t pos = 0;
    while ((pos = source->find(kMarker.data(), pos, kMarker.size())) !=
           std::string::npos) {
      pos += kMarker.size();
      const size_t end = source->find('"', pos);
      if (end == std::string::npos) break;
      const std::string id = source->substr(pos, end - pos);
      auto [it, inserted] = out.emplace(id, folder);
      if (!inserted && it->second != folder) {
        return absl::InvalidArgumentError(
            absl::StrCat("rule ", id, " is claimed by both ",
                         it->second.string(), " and ", folder.string()));
      }
      pos = end;
    }
  }
  return out;
}

absl::StatusOr<std::vector<RuleExampleFile>> ReadRuleExamples(
    const fs::path& folder) {
  const fs::path dir = folder / "examples";
  std::error_code ec;
  std::vector<RuleExampleFile> out;
  if (!fs::is_directory(dir, ec)) return out;
  std::vector<fs::path> files;
  for (const fs::directory_entry& entry : fs::directory_iterator(dir, ec)) {
    if (entry.is_regular_file(ec)) files.push_back(entry.path());
  }
  if (ec) {
    return absl::NotFoundError(
        absl::StrCat("cannot list ", dir.string(), ": ", ec.message()));
  }
  for (const fs::path& file : files) {
    const std::string name = file.filename().string();
    const bool bad = absl::EndsWith(name, ".bad.tf");
    if (!bad && !absl::EndsWith(name, ".good.tf")) continue;
    absl::StatusOr<std::string> contents = ReadTextFile(file);
    if (!contents.ok()) return contents.status();
    out.push_back({name, bad, *std::move(contents)});
  }
  std::sort(out.begin(), out.end(),
            [](const RuleExampleFile& a, const RuleExampleFile& b) {
              return std::make_pair(!a.bad, a.file_name) <
                     std::make_pair(!b.bad, b.file_name);
            });
  return out;
}

absl::StatusOr<std::string> RenderRulePage(
    const rules::RuleInfo& rule, const std::vector<RuleExampleFile>& examples,
    std::string_view page_template, std::string_view template_origin) {
  const std::map<std::string, std::string, std::less<>> values = {
      {"id", std::string(rule.id)},
      {"title", std::string(rule.title)},
      {"summary", RenderSummary(rule)},
      {"description", Prose(rule.description)},
      {"parameters", RenderParameters(rule)},
      {"remediation", Prose(rule.remediation)},
      {"examples", RenderExamples(examples, rule.id)},
  };
  absl::StatusOr<std::string> body =
      Fill(page_template, values,
           {"summary", "description", "parameters", "remediation", "examples"},
           template_origin);
  if (!body.ok()) return body.status();
  return TidyMarkdown(*body);
}

std::string_view DefaultRuleTemplate() {
  return "# {{id}}: {{title}}\n"
         "\n"
         "{{summary}}\n"
         "\n"
         "{{description}}\n"
         "\n"
         "{{parameters}}\n"
         "\n"
         "## Remediation\n"
         "\n"
         "{{remediation}}\n"
         "\n"
         "{{examples}}\n";
}

std::string RenderRuleIndexTable() {
  std::string out =
      "| Rule | Threat | STRIDE | Severity | Threat model's rating |\n"
      "|------|--------|--------|----------|-----------------------|\n";
  for (const rules::RuleInfo& rule : rules::Rules()) {
    absl::string_view page = Av(rule.doc_path);
    absl::ConsumePrefix(&page, "docs/rules/");
    absl::StrAppend(&out, "| [`", Av(rule.id), "`](", page, ") | ",
                    ProseCell(rule.title), " | ",
                    Av(rules::StrideName(rule.stride)), " | ",
                    Av(rules::SeverityName(rule.severity)), " | ",
                    Av(rule.threat_model_rating), " |\n");
  }
  return out;
}

absl::StatusOr<std::map<std::string, std::string>> RenderRuleDocs(
    const fs::path& source_dir) {
  const fs::path templates = source_dir / "tools" / "docgen" / "templates";
  absl::StatusOr<std::map<std::string, fs::path>> folders =
      FindRuleFolders(source_dir / "src" / "rules" / "catalogue");
  if (!folders.ok()) return folders.status();

  std::map<std::string, std::string> pages;
  for (const rules::RuleInfo& rule : rules::Rules()) {
    const std::string id(rule.id);
    auto folder = folders->find(id);
    if (folder == folders->end()) {
      return absl::NotFoundError(absl::StrCat(
          "rule ", id, ": no src/rules/catalogue/*/rule.cc sets info.id = \"",
          id, "\""));
    }
    absl::StatusOr<std::vector<RuleExampleFile>> examples =
        ReadRuleExamples(folder->second);
    if (!examples.ok()) return examples.status();

    absl::StatusOr<std::string> relative = PagePath(rule);
    if (!relative.ok()) return relative.status();
    const std::string template_name = absl::StrCat("rules/", id, ".md");
    absl::StatusOr<std::optional<std::string>> page_template =
        ReadOptionalTextFile(templates / template_name);
    if (!page_template.ok()) return page_template.status();
    std::string text(DefaultRuleTemplate());
    std::string origin = "the default rule template";
    if (page_template->has_value()) {
      text = **page_template;
      origin = absl::StrCat("tools/docgen/templates/", template_name);
    }
    absl::StatusOr<std::string> page =
        RenderRulePage(rule, *examples, text, origin);
    if (!page.ok()) return page.status();
    if (!pages.emplace(*relative, *std::move(page)).second) {
      return absl::InvalidArgumentError(
          absl::StrCat("two rules share the page docs/", *relative));
    }
  }

  const std::string index_name = "rules/README.md";
  absl::StatusOr<std::string> index_template =
      ReadTextFile(templates / index_name);
  if (!index_template.ok()) return index_template.status();
  absl::StatusOr<std::string> index =
      Fill(*index_template, {{"rules", RenderRuleIndexTable()}}, {"rules"},
           absl::StrCat("tools/docgen/templates/", index_name));
  if (!index.ok()) return index.status();
  if (!pages.emplace(index_name, TidyMarkdown(*index)).second) {
    return absl::InvalidArgumentError(
        "a rule's doc_path is docs/rules/README.md, the index of all rules");
  }
  return pages;
}

}  // namespace threatmodel::docgen
