#include "plan/plan_case.h"

#include <stdlib.h>

#include <fstream>
#include <iterator>
#include <string>
#include <system_error>
#include <utility>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "threatmodel/plan/plan.h"
#include "threatmodel/workdir/backend_discovery.h"

namespace threatmodel::plan::testing {

namespace fs = std::filesystem;

ScratchDir::ScratchDir() {
  std::string templ = (fs::temp_directory_path() / "tm-plan-case-XXXXXX");
  std::vector<char> buffer(templ.begin(), templ.end());
  buffer.push_back('\0');
  if (mkdtemp(buffer.data()) != nullptr) path_ = buffer.data();
}

ScratchDir::~ScratchDir() {
  std::error_code ignored;
  if (!path_.empty()) fs::remove_all(path_, ignored);
}

absl::StatusOr<std::string> ReadTextFile(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in)
    return absl::NotFoundError(absl::StrCat(path.string(), ": unreadable"));
  return std::string(std::istreambuf_iterator<char>(in),
                     std::istreambuf_iterator<char>());
}

absl::StatusOr<rules::Input> ReadPlanCase(
    const fs::path& plan_path, const std::optional<fs::path>& backend_path,
    const fs::path& working_dir) {
  absl::StatusOr<std::string> raw = ReadTextFile(plan_path);
  if (!raw.ok()) return raw.status();
  absl::StatusOr<Plan> plan =
      ParsePlanBytes(*std::move(raw), plan_path.string(), ReadOptions());
  if (!plan.ok()) return plan.status();
  if (plan->summary.errored || !plan->summary.complete) {
    return absl::InvalidArgumentError(absl::StrCat(
        plan_path.string(), ": the plan errored or is incomplete"));
  }
  rules::Input input = TakeEngineInput(*plan);
  if (!backend_path.has_value()) return input;

  absl::StatusOr<std::string> backend = ReadTextFile(*backend_path);
  if (!backend.ok()) return backend.status();
  const fs::path data_dir = working_dir / ".terraform";
  std::error_code error;
  fs::create_directories(data_dir, error);
  if (error) {
    return absl::FailedPreconditionError(
        absl::StrCat(data_dir.string(), ": ", error.message()));
  }
  if (absl::StripAsciiWhitespace(*backend) != "null") {
    std::ofstream out(data_dir / "terraform.tfstate", std::ios::binary);
    out << *backend;
    if (!out) {
      return absl::FailedPreconditionError(
          absl::StrCat(data_dir.string(), ": cannot write terraform.tfstate"));
    }
  }
  workdir::DiscoveryOptions options;
  options.working_dir = working_dir.string();
  absl::StatusOr<rules::Backend> observed = workdir::DiscoverBackend(options);
  if (!observed.ok()) return observed.status();
  input.observed_backend.state = rules::BackendObservation::State::kObserved;
  input.observed_backend.backend = *std::move(observed);
  return input;
}

}  // namespace threatmodel::plan::testing
