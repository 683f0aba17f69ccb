#include "rules/compiled_policy.h"

#include <optional>
#include <string>
#include <utility>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_join.h"
#include "absl/strings/string_view.h"
#include "rules/string_view_compat.h"
#include "threatmodel/rules/rule.h"

namespace threatmodel::rules::internal {

absl::StatusOr<CompiledPolicy> CompiledPolicy::Compile(const Policy& policy) {
  absl::Status valid = ValidatePolicy(policy);
  if (!valid.ok()) return valid;
  CompiledPolicy out;
  out.max_roles_per_user_ = policy.max_roles_per_user;
  for (const TierProfile& tier : policy.tiers) {
    CompiledTier compiled;
    compiled.name = tier.name;
    compiled.admin = tier.admin;
    for (const std::string& role : tier.roles) {
      if (absl::StripAsciiWhitespace(role) == kAnyRole) {
        compiled.any_role = true;
      } else {
        compiled.role_keys.insert(RoleKey(role));
      }
    }
    out.tiers_.push_back(std::move(compiled));
  }
  if (policy.privileged_roles.has_value()) {
    out.default_privileged_ = false;
    for (const std::string& role : *policy.privileged_roles) {
      out.privileged_keys_.insert(RoleKey(role));
    }
  }
  for (const std::string& role : policy.additional_privileged_roles) {
    out.privileged_keys_.insert(RoleKey(role));
  }
  for (const std::string& type : policy.accepted_backends) {
    out.accepted_backends_.push_back(
        absl::AsciiStrToLower(absl::StripAsciiWhitespace(type)));
  }
  for (const auto& [key, level] : policy.enforcement) {
    // ValidatePolicy has checked every key names a threat or a facet.
    const std::optional<ThreatKey> found = FindThreatKey(key);
    if (!found.has_value()) continue;
    out.enforcement_.emplace_back(
        ThreatKeyName(found->rule->id,
                      found->facet == nullptr ? "" : found->facet->name),
        level);
  }
  return out;
}

const CompiledTier* CompiledPolicy::FindTier(absl::string_view name) const {
  name = absl::StripAsciiWhitespace(name);
  for (const CompiledTier& tier : tiers_) {
    if (absl::EqualsIgnoreCase(tier.name, name)) return &tier;
  }
  return nullptr;
}

std::string CompiledPolicy::TierNames() const {
  return absl::StrJoin(tiers_, ", ",
                       [](std::string* out, const CompiledTier& tier) {
                         out->append(tier.name);
                       });
}

bool CompiledPolicy::IsPrivileged(const ResolvedRole& role) const {
  if (privileged_keys_.contains(role.key)) return true;
  return default_privileged_ && role.builtin != nullptr &&
         role.builtin->level >= PrivilegeLevel::kAdmin;
}

bool CompiledPolicy::TierAllows(const CompiledTier& tier,
                                const ResolvedRole& role) const {
  return tier.any_role || tier.role_keys.contains(role.key);
}

bool CompiledPolicy::BackendAccepted(absl::string_view type) const {
  for (const std::string& accepted : accepted_backends_) {
    if (absl::EqualsIgnoreCase(accepted, type)) return true;
  }
  return false;
}

std::string CompiledPolicy::AcceptedBackends() const {
  if (accepted_backends_.empty()) return "none";
  return absl::StrJoin(accepted_backends_, ", ");
}

Enforcement CompiledPolicy::EnforcementFor(absl::string_view threat_id,
                                           absl::string_view facet,
                                           Enforcement fallback) const {
  auto find = [&](absl::string_view key) -> const Enforcement* {
    for (const auto& [k, level] : enforcement_) {
      if (absl::EqualsIgnoreCase(k, key)) return &level;
    }
    return nullptr;
  };
  if (!facet.empty()) {
    if (const Enforcement* level =
            find(ThreatKeyName(Sv(threat_id), Sv(facet)))) {
      return *level;
    }
  }
  if (const Enforcement* level = find(threat_id)) return *level;
  return fallback;
}

}  // namespace threatmodel::rules::internal
