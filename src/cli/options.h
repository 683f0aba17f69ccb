// File: options.h
//
// The command line of `threatmodel`:
//
//   threatmodel check PLAN.json|- [--chdir DIR] [--policy FILE]
//                     [--format text|json|sarif|junit] [--output FILE]
//                     [--threats T-2,E-1,...]
//   threatmodel --version | version
//   threatmodel --help | help | check --help
//
// Flags take their value as the next argument or after '='. Parsing is
// separate from running so that usage errors (exit status 2) are tested
// without a process.
//
// Thread-safety: pure functions.
#ifndef THREATMODEL_SRC_CLI_OPTIONS_H_
#define THREATMODEL_SRC_CLI_OPTIONS_H_

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/statusor.h"

namespace threatmodel::cli {

enum class Format { kText, kJson, kSarif, kJunit };

// "text", "json", "sarif", "junit".
[[nodiscard]] std::string_view FormatName(Format format);

struct CheckOptions {
  std::string plan_path;  // "-" for standard input
  std::optional<std::string> chdir;
  std::optional<std::string> policy_path;
  Format format = Format::kText;
  std::optional<std::string> output_path;
  // Empty: every rule.
  std::vector<std::string> threats;
};

struct Command {
  enum class Kind { kHelp, kVersion, kCheck };
  Kind kind = Kind::kHelp;
  CheckOptions check;
};

// Parses argv[1..]. InvalidArgument with a one-line reason for usage
// errors.
[[nodiscard]] absl::StatusOr<Command> ParseCommandLine(
    const std::vector<std::string>& args);

// The --help text. The threats it lists (ID and title) and the policy
// file's keys come from the rule registry.
[[nodiscard]] std::string HelpText();

}  // namespace threatmodel::cli

#endif  // THREATMODEL_SRC_CLI_OPTIONS_H_
