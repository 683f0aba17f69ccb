#include "cli/check.h"

#include <string>
#include <utility>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
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

  THREATMODEL_ASSIGN_OR_RETURN(
      std::string raw,
      plan::ReadPlanInput(options.plan_path, env.input_limits));
  THREATMODEL_ASSIGN_OR_RETURN(
      result.plan, plan::ParsePlanBytes(std::move(raw), result.input_name,
                                        env.read_options));

  if (options.chdir.has_value()) {
    result.working_dir = *options.chdir;
    workdir::DiscoveryOptions discovery =
        workdir::DiscoveryOptionsFromEnvironment(*options.chdir);
    absl::StatusOr<rules::Backend> backend =
        workdir::DiscoverBackend(discovery);
    if (!backend.ok()) return Prefix(backend.status(), "--chdir: ");
    result.plan.deployment.backend = *std::move(backend);
    result.locations =
        FindDeclarations(*options.chdir, result.plan.declarations);
  } else {
    result.notes.emplace_back(
        "T-2 needs the Terraform working directory: plan JSON does not record "
        "the backend. Pass --chdir DIR to evaluate it.");
  }

  THREATMODEL_ASSIGN_OR_RETURN(result.report,
                               rules::Evaluate(result.plan.deployment, policy,
                                               options.threats, env.today));

  for (const rules::RuleInfo& rule : rules::Rules()) {
    const std::string id(rule.id);
    bool selected = options.threats.empty();
    for (const std::string& t : options.threats) {
      if (absl::EqualsIgnoreCase(t, id)) selected = true;
    }
    if (!selected) continue;
    result.threats.push_back(id);
    auto it = policy.enforcement.find(id);
    result.enforcement[id] = it == policy.enforcement.end()
                                 ? rules::Enforcement::kMandatory
                                 : it->second;
  }
  return result;
}

int ExitCodeFor(const CheckResult& result) {
  return result.report.passed ? 0 : 1;
}

}  // namespace threatmodel::cli
