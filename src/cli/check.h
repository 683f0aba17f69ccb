// File: check.h
//
// `threatmodel check`: reads the plan, discovers the backend of the working
// directory (--chdir, or the current directory when `terraform init` ran
// there; the same discovery as the provider's data source), loads the
// policy, runs the rule engine and collects everything the reports show.
// Rule logic lives only in the rules module; this file wires inputs to it.
//
// Thread-safety: RunCheck touches only its arguments, the file system and
// (for "-") standard input.
#ifndef THREATMODEL_SRC_CLI_CHECK_H_
#define THREATMODEL_SRC_CLI_CHECK_H_

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/time/civil_time.h"
#include "cli/locations.h"
#include "cli/options.h"
#include "threatmodel/plan/input.h"
#include "threatmodel/plan/plan.h"
#include "threatmodel/rules/engine.h"
#include "threatmodel/rules/finding.h"
#include "threatmodel/rules/resource.h"

namespace threatmodel::cli {

struct CheckResult {
  // The plan file's path, or "standard input".
  std::string input_name;
  // The plan as read; its resources are moved into `input`.
  plan::Plan plan;
  // What the engine judged: the plan's resources and the backend observed
  // in the working directory (or why none could be).
  rules::Input input;
  rules::Report report;
  // The rule IDs evaluated, in catalogue order.
  std::vector<std::string> threats;
  // Enforcement under the policy in force per rule ID, and per facet key
  // ("S-2/password-auth") of the rules evaluated.
  std::map<std::string, rules::Enforcement> enforcement;
  // The working directory read: --chdir, or the current directory when it
  // is an initialised Terraform working directory.
  std::optional<std::string> working_dir;
  // Things the reports should say that are not findings (for example why
  // T-2 is undecided without a working directory).
  std::vector<std::string> notes;
  // Resource address -> where it is declared, when --chdir let the CLI find
  // the configuration files.
  std::map<std::string, SourceLocation> locations;
};

struct CheckEnvironment {
  absl::CivilDay today;
  // The directory the CLI runs in. Without --chdir, T-2 reads the backend
  // here when it is an initialised Terraform working directory (it holds
  // `.terraform`, or $TF_DATA_DIR is set and exists); otherwise T-2 is
  // undecided.
  std::string current_dir = ".";
  // Where to look for `terraform` or `tofu` (PATH syntax) when the plan is
  // a binary plan file: `show -json` turns it into plan JSON.
  std::string search_path;
  plan::InputLimits input_limits;
  plan::ReadOptions read_options;
};

// Why the backend is unavailable without a working directory, for the T-2
// finding.
inline constexpr std::string_view kNoWorkingDirectoryReason =
    "the current directory is not an initialised Terraform working directory "
    "(no .terraform or $TF_DATA_DIR) and no --chdir was given";

// The note given when T-2 is selected and there is no working directory.
inline constexpr std::string_view kNoWorkingDirectory =
    "T-2 is undecided: plan JSON does not record the backend, and the "
    "current directory is not an initialised Terraform working directory "
    "(no .terraform or $TF_DATA_DIR). Pass --chdir DIR, run in the working "
    "directory, or leave T-2 out with --threats.";

// Runs a check. Errors (all exit status 2): NotFound / FailedPrecondition /
// ResourceExhausted / InvalidArgument for unreadable or invalid plan,
// policy or working directory, with a one-line message. A plan that records
// `"errored": true` or `"complete": false` is an InvalidArgument too: what
// Terraform did not plan cannot be judged, so it is never a pass.
[[nodiscard]] absl::StatusOr<CheckResult> RunCheck(const CheckOptions& options,
                                                   const CheckEnvironment& env);

// 0 when the report passed, 1 otherwise.
[[nodiscard]] int ExitCodeFor(const CheckResult& result);

}  // namespace threatmodel::cli

#endif  // THREATMODEL_SRC_CLI_CHECK_H_
