#include "threatmodel/rules/policy.h"

#include <optional>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "threatmodel/rules/rule.h"

namespace threatmodel::rules {
namespace {

bool IsBlank(const std::string& s) {
  return absl::StripAsciiWhitespace(s).empty();
}

}  // namespace

std::vector<TierProfile> DefaultTiers() {
  std::vector<std::string> reader = {
      "Reader",
      "AcrPull",
      "Azure Kubernetes Service Cluster User Role",
      "Azure Kubernetes Service RBAC Reader",
      "Key Vault Reader",
      "Storage Blob Data Reader",
      "Grafana Viewer",
      "Monitoring Reader",
      "Log Analytics Reader",
  };
  std::vector<std::string> contributor = reader;
  for (const char* role : {
           "AcrPush",
           "Azure Kubernetes Service RBAC Writer",
           "Storage Blob Data Contributor",
           "AzureML Data Scientist",
           "Grafana Editor",
           "Key Vault Secrets User",
           "Monitoring Contributor",
           "Log Analytics Contributor",
       }) {
    contributor.emplace_back(role);
  }
  return {
      {"reader", std::move(reader), /*admin=*/false},
      {"contributor", std::move(contributor), /*admin=*/false},
      {"admin", {kAnyRole}, /*admin=*/true},
  };
}

absl::Status ValidatePolicy(const Policy& policy) {
  if (policy.max_roles_per_user < 0) {
    return absl::InvalidArgumentError(
        absl::StrCat("policy: max_roles_per_user must not be negative, got ",
                     policy.max_roles_per_user));
  }
  if (policy.shared_nsg_min_subnets < 1) {
    return absl::InvalidArgumentError(
        absl::StrCat("policy: shared_nsg_min_subnets must be at least 1, got ",
                     policy.shared_nsg_min_subnets));
  }
  for (std::size_t i = 0; i < policy.tiers.size(); ++i) {
    const TierProfile& tier = policy.tiers[i];
    if (IsBlank(tier.name)) {
      return absl::InvalidArgumentError(
          absl::StrCat("policy: tiers[", i, "] has no name"));
    }
    for (std::size_t j = 0; j < i; ++j) {
      if (absl::EqualsIgnoreCase(
              absl::StripAsciiWhitespace(policy.tiers[j].name),
              absl::StripAsciiWhitespace(tier.name))) {
        return absl::InvalidArgumentError(
            absl::StrCat("policy: tiers[", i, "] repeats the tier name \"",
                         tier.name, "\""));
      }
    }
    for (std::size_t j = 0; j < tier.roles.size(); ++j) {
      if (IsBlank(tier.roles[j])) {
        return absl::InvalidArgumentError(
            absl::StrCat("policy: tiers[", i, "].roles[", j, "] is blank"));
      }
    }
  }
  if (policy.privileged_roles.has_value()) {
    for (std::size_t i = 0; i < policy.privileged_roles->size(); ++i) {
      if (IsBlank((*policy.privileged_roles)[i])) {
        return absl::InvalidArgumentError(
            absl::StrCat("policy: privileged_roles[", i, "] is blank"));
      }
    }
  }
  for (std::size_t i = 0; i < policy.additional_privileged_roles.size(); ++i) {
    if (IsBlank(policy.additional_privileged_roles[i])) {
      return absl::InvalidArgumentError(absl::StrCat(
          "policy: additional_privileged_roles[", i, "] is blank"));
    }
  }
  for (std::size_t i = 0; i < policy.mek_key_patterns.size(); ++i) {
    if (IsBlank(policy.mek_key_patterns[i])) {
      return absl::InvalidArgumentError(
          absl::StrCat("policy: mek_key_patterns[", i, "] is blank"));
    }
  }
  for (std::size_t i = 0; i < policy.accepted_backends.size(); ++i) {
    if (IsBlank(policy.accepted_backends[i])) {
      return absl::InvalidArgumentError(
          absl::StrCat("policy: accepted_backends[", i, "] is blank"));
    }
  }
  for (const auto& [key, level] : policy.enforcement) {
    if (!FindThreatKey(key).has_value()) {
      return absl::InvalidArgumentError(
          absl::StrCat("policy: enforcement names unknown threat \"", key,
                       "\" (known: ", absl::StrJoin(ThreatKeys(), ", "), ")"));
    }
  }
  return absl::OkStatus();
}

Enforcement EnforcementFor(const Policy& policy, std::string_view threat_id,
                           std::string_view facet) {
  const RuleInfo* rule = FindRule(threat_id);
  const RuleFacet* wanted =
      rule == nullptr || facet.empty() ? nullptr : FindFacet(*rule, facet);
  std::optional<Enforcement> for_threat;
  std::optional<Enforcement> for_facet;
  for (const auto& [key, level] : policy.enforcement) {
    const std::optional<ThreatKey> found = FindThreatKey(key);
    if (!found.has_value() || found->rule != rule || rule == nullptr) continue;
    if (found->facet == nullptr) {
      for_threat = level;
    } else if (found->facet == wanted) {
      for_facet = level;
    }
  }
  if (for_facet.has_value()) return *for_facet;
  if (for_threat.has_value()) return *for_threat;
  return wanted == nullptr ? Enforcement::kMandatory : wanted->enforcement;
}

}  // namespace threatmodel::rules
