// File: plan_case.h
//
// Test cases that reach the rule engine through the real front ends: a plan
// JSON document read by plan::ParsePlanBytes, and, when the case has one,
// the working directory's backend file read by workdir::DiscoverBackend
// from a scratch working directory. The rule examples
// (src/rules/catalogue/*/examples/) and the conformance cases
// (tests/testdata/rules/conformance/) both use it.
//
// Thread-safety: functions touch only their arguments and the file system.
#ifndef THREATMODEL_TESTS_PLAN_PLAN_CASE_H_
#define THREATMODEL_TESTS_PLAN_PLAN_CASE_H_

#include <filesystem>
#include <optional>
#include <string>

#include "absl/status/statusor.h"
#include "threatmodel/rules/resource.h"

namespace threatmodel::plan::testing {

// A fresh directory under the system's temporary directory, removed with
// everything in it on destruction.
class ScratchDir {
 public:
  ScratchDir();
  ~ScratchDir();
  ScratchDir(const ScratchDir&) = delete;
  ScratchDir& operator=(const ScratchDir&) = delete;

  const std::filesystem::path& path() const { return path_; }

 private:
  std::filesystem::path path_;
};

// The whole file; NotFound when it cannot be read.
[[nodiscard]] absl::StatusOr<std::string> ReadTextFile(
    const std::filesystem::path& path);

// The engine's input for a plan case: the resources of `plan_path` as the
// plan reader reads them. Without `backend_path` the backend is not
// observed (T-2 judges a stated backend only). With it, `working_dir`
// becomes a working directory whose `.terraform/terraform.tfstate` holds
// the file's contents, and the backend is discovered there as the CLI's
// --chdir does; a backend file whose whole content is the JSON `null`
// stands for a working directory without one (no backend block, so local
// state). Errors: whatever the plan reader or backend discovery reports,
// and InvalidArgument for a plan that errored or is incomplete.
[[nodiscard]] absl::StatusOr<rules::Input> ReadPlanCase(
    const std::filesystem::path& plan_path,
    const std::optional<std::filesystem::path>& backend_path,
    const std::filesystem::path& working_dir);

}  // namespace threatmodel::plan::testing

#endif  // THREATMODEL_TESTS_PLAN_PLAN_CASE_H_
