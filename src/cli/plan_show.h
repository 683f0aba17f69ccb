// File: plan_show.h
//
// Turning a binary Terraform plan file into plan JSON by asking the CLI
// that wrote it: `terraform -chdir=DIR show -json PLANFILE` (or `tofu`).
// The plan file is only readable with the configuration and providers of
// its working directory, so DIR must be that directory.
//
// The child gets /dev/null as standard input, so it can never wait for an
// answer, and a deadline; its output is bounded by the input limits. Its
// standard error is kept (up to a few KiB) for the error message.
//
// Thread-safety: the functions touch only their arguments, the file system
// and the processes they start.
#ifndef THREATMODEL_CLI_PLAN_SHOW_H_
#define THREATMODEL_CLI_PLAN_SHOW_H_

#include <chrono>
#include <optional>
#include <string>
#include <string_view>

#include "absl/status/statusor.h"
#include "threatmodel/plan/input.h"

namespace threatmodel::cli {

// The first executable `terraform`, else `tofu`, in the directories of
// `path` (PATH syntax: ':'-separated, an empty entry meaning the current
// directory); nullopt when there is none.
[[nodiscard]] std::optional<std::string> FindTerraformCli(
    std::string_view path);

struct ShowOptions {
  std::string cli;          // the terraform or tofu executable
  std::string working_dir;  // where the plan was made
  std::string plan_file;    // absolute, or relative to the current directory
  plan::InputLimits limits;
  std::chrono::seconds deadline{600};
};

// The plan JSON `show -json` prints. FailedPrecondition when the CLI
// cannot be started, fails (its message included) or runs past the
// deadline; ResourceExhausted when its output is over the limit.
[[nodiscard]] absl::StatusOr<std::string> ShowPlanJson(
    const ShowOptions& options);

}  // namespace threatmodel::cli

#endif  // THREATMODEL_CLI_PLAN_SHOW_H_
