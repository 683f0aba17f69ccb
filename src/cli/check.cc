#include "cli/check.h"

#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <system_error>
#include <utility>
#include <vector>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "cli/deferred_assertion.h"
#include "cli/plan_show.h"
#include "threatmodel/base/status_macros.h"
#include "threatmodel/plan/input.h"
#include "threatmodel/rules/policy_json.h"
#include "threatmodel/rules/rule.h"
#include "threatmodel/workdir/backend_discovery.h"

namespace threatmodel::cli {
namespace {

constexpr std::size_t kMaxPolicyBytes = std::size_t{1} << 20;

absl::Status Prefix(const absl::Status& s, std::string_view what) {
  return absl::Status(
      s.code(),
      absl::StrCat(absl::string_view(what.data(), what.size()), s.message()));
}

absl::StatusOr<rules::Policy> LoadPolicy(const std::string& path) {
  plan::InputLimits limits;
  limits.max_bytes = kMaxPolicyBytes;
  limits.max_string_bytes = kMaxPolicyBytes;
  absl::StatusOr<std::string> text = plan::ReadPlanInput(path, limits);
  if (!text.ok()) {
    // ReadPlanInput's binary-plan wording does not fit a policy file.
    if (absl::IsInvalidArgument(text.status())) {
      return absl::InvalidArgumentError(
          absl::StrCat("--policy ", path, ": not a JSON policy file"));
    }
    return Prefix(text.status(), "--policy: ");
  }
  absl::StatusOr<rules::Policy> policy = rules::ParsePolicyJson(*text);
  if (!policy.ok()) {
    return Prefix(policy.status(), absl::StrCat("--policy ", path, ": "));
  }
  return policy;
}

// Whether `threats` (empty: all) selects rule `id`.
bool Selected(const std::vector<std::string>& threats, std::string_view id) {
  if (threats.empty()) return true;
  for (const std::string& t : threats) {
    if (absl::EqualsIgnoreCase(t, absl::string_view(id.data(), id.size()))) {
      return true;
    }
  }
  return false;
}

// Whether `dir` holds Terraform's data directory ($TF_DATA_DIR when set,
// else `.terraform`), i.e. `terraform init` ran there.
bool IsInitialised(const std::string& dir) {
  const workdir::DiscoveryOptions discovery =
      workdir::DiscoveryOptionsFromEnvironment(dir);
  const std::filesystem::path data_dir =
      std::filesystem::path(workdir::BackendFilePath(discovery)).parent_path();
  std::error_code ec;
  return std::filesystem::is_directory(data_dir, ec);
}

void Count(const rules::Finding& f, rules::Report& report) {
  switch (f.status) {
    case rules::Status::kViolation:
      ++report.summary.violations;
      break;
    case rules::Status::kUndecided:
      ++report.summary.undecided;
      break;
    case rules::Status::kPass:
      ++report.summary.passes;
      break;
    case rules::Status::kNotApplicable:
      ++report.summary.not_applicable;
      break;
    case rules::Status::kWaived:
      ++report.summary.waived;
      break;
  }
  if (f.enforcement == rules::Enforcement::kMandatory &&
      (f.status == rules::Status::kViolation ||
       f.status == rules::Status::kUndecided)) {
    report.passed = false;
  }
}

// An assertion whose read Terraform deferred to apply would fail `terraform
// apply` after the resources exist. Its planned inputs are judged now, by
// the data source's own read, and its findings join the report (those of
// the threats this run selects). Inputs the data source would reject are
// an input error.
absl::Status JudgeDeferredAssertions(
    const rules::Policy& policy, const std::optional<std::string>& working_dir,
    const std::vector<std::string>& threats, absl::CivilDay today,
    CheckResult& result) {
  for (const plan::DeferredAssertion& deferred :
       result.plan.deferred_assertions) {
    const rules::Resource* assertion = nullptr;
    for (const rules::Resource& r : result.plan.assertions) {
      if (r.address == deferred.address) assertion = &r;
    }
    if (assertion == nullptr || !assertion->data) continue;
    absl::StatusOr<DeferredAssertionResult> judged = EvaluateDeferredAssertion(
        assertion->values, policy, working_dir, today);
    if (!judged.ok()) {
      return absl::InvalidArgumentError(absl::StrCat(
          deferred.address,
          ": its planned inputs cannot be read: ", judged.status().message()));
    }
    if (!judged->errors.empty()) {
      return absl::InvalidArgumentError(
          absl::StrCat(deferred.address,
                       ": the data source would reject its inputs at apply: ",
                       judged->errors.front()));
    }
    for (rules::WaiverIssue& issue : judged->waiver_issues) {
      issue.source = deferred.address;
      result.report.waiver_issues.push_back(std::move(issue));
      result.report.passed = false;
    }
    for (rules::Finding& f : judged->findings) {
      if (!Selected(threats, f.threat_id)) continue;
      f.message = absl::StrCat("in ", deferred.address,
                               " (read deferred to apply; judged from its "
                               "planned inputs): ",
                               f.message);
      if (!f.source.empty()) {
        f.related_sources.push_back(absl::StrCat(
            deferred.address, f.source.front() == '.' ? "" : ".", f.source));
      }
      f.source = deferred.address;
      Count(f, result.report);
      result.report.findings.push_back(std::move(f));
    }
  }
  return absl::OkStatus();
}

// The plan JSON: the file or standard input as it is, or for a binary plan
// file what `terraform show -json` (or tofu) makes of it in the working
// directory that made it (--chdir, else the current directory).
absl::StatusOr<std::string> ReadPlan(const CheckOptions& options,
                                     const CheckEnvironment& env) {
  if (!plan::IsBinaryPlanFile(options.plan_path)) {
    return plan::ReadPlanInput(options.plan_path, env.input_limits);
  }
  std::optional<std::string> cli = FindTerraformCli(env.search_path);
  if (!cli.has_value()) {
    return absl::InvalidArgumentError(
        absl::StrCat(plan::BinaryPlanMessage(options.plan_path),
                     " (no terraform or tofu on PATH to do it)"));
  }
  ShowOptions show;
  show.cli = *cli;
  show.working_dir = options.chdir.value_or(env.current_dir);
  show.plan_file = options.plan_path;
  show.limits = env.input_limits;
  return ShowPlanJson(show);
}

}  // namespace

absl::StatusOr<CheckResult> RunCheck(const CheckOptions& options,
                                     const CheckEnvironment& env) {
  CheckResult result;
  result.input_name =
      options.plan_path == "-" ? "standard input" : options.plan_path;

  rules::Policy policy;
  if (options.policy_path.has_value()) {
    THREATMODEL_ASSIGN_OR_RETURN(policy, LoadPolicy(*options.policy_path));
  }

  THREATMODEL_ASSIGN_OR_RETURN(std::string raw, ReadPlan(options, env));
  THREATMODEL_ASSIGN_OR_RETURN(
      result.plan, plan::ParsePlanBytes(std::move(raw), result.input_name,
                                        env.read_options));
  // A plan that errored or is incomplete says nothing about the resources
  // Terraform did not plan: it is never a pass.
  if (result.plan.summary.errored) {
    return absl::InvalidArgumentError(absl::StrCat(
        result.input_name,
        ": the plan errored; Terraform did not plan every resource, so it "
        "cannot be judged (fix the errors `terraform plan` reported and plan "
        "again)"));
  }
  if (!result.plan.summary.complete) {
    return absl::InvalidArgumentError(absl::StrCat(
        result.input_name,
        ": the plan is incomplete (\"complete\": false); Terraform did not "
        "plan every resource (deferred changes or -target), so it cannot be "
        "judged"));
  }

  // The engine judges the planned resources; plan JSON states no backend.
  result.input = plan::TakeEngineInput(result.plan);

  const bool t2_selected = Selected(options.threats, "T-2");
  // The working directory: --chdir, or else the current directory when it
  // is an initialised Terraform working directory (it holds the data
  // directory, `.terraform` or $TF_DATA_DIR).
  std::optional<std::string> working_dir = options.chdir;
  if (!working_dir.has_value() && IsInitialised(env.current_dir)) {
    working_dir = env.current_dir;
  }
  if (working_dir.has_value()) {
    const std::string_view what =
        options.chdir.has_value() ? "--chdir: " : "the current directory: ";
    result.working_dir = *working_dir;
    workdir::DiscoveryOptions discovery =
        workdir::DiscoveryOptionsFromEnvironment(*working_dir);
    absl::StatusOr<rules::Backend> backend =
        workdir::DiscoverBackend(discovery);
    if (!backend.ok()) return Prefix(backend.status(), what);
    result.input.observed_backend.state =
        rules::BackendObservation::State::kObserved;
    result.input.observed_backend.backend = *std::move(backend);
    result.locations = FindDeclarations(*working_dir, result.plan.declarations);
  } else if (t2_selected) {
    // Plan JSON does not record the backend and no working directory says
    // which one Terraform uses: T-2 cannot be decided, so it does not pass.
    result.input.observed_backend.state =
        rules::BackendObservation::State::kUnavailable;
    result.input.observed_backend.reason =
        std::string(kNoWorkingDirectoryReason);
    result.notes.push_back(std::string(kNoWorkingDirectory));
  }

  THREATMODEL_ASSIGN_OR_RETURN(
      result.report,
      rules::Evaluate(result.input, policy, options.threats, env.today));
  THREATMODEL_RETURN_IF_ERROR(JudgeDeferredAssertions(
      policy, working_dir, options.threats, env.today, result));

  for (const rules::RuleInfo& rule : rules::Rules()) {
    const std::string id(rule.id);
    if (!Selected(options.threats, id)) continue;
    result.threats.push_back(id);
    result.enforcement[id] = rules::EnforcementFor(policy, id);
    for (const rules::RuleFacet& facet : rule.facets) {
      result.enforcement[rules::ThreatKeyName(id, facet.name)] =
          rules::EnforcementFor(policy, id, facet.name);
    }
  }
  return result;
}

int ExitCodeFor(const CheckResult& result) {
  return result.report.passed ? 0 : 1;
}

}  // namespace threatmodel::cli
