#include "rules/compiled_policy.h"

#include <string>
#include <utility>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_join.h"
#include "absl/strings/string_view.h"

namespace threatmodel::rules::internal {

absl::StatusOr<CompiledPolicy> CompiledPolicy::Compile(const Policy& policy) {
  absl::Status valid = ValidatePolicy(policy);
  if (!valid.ok()) return valid;
  CompiledPolicy out;
  out.max_roles_per_user_ = policy.max_roles_per_user;
  out.shared_nsg_min_subnets_ = policy.shared_nsg_min_subnets;
  out.osmo_chart_defaults_ = policy.osmo_chart_defaults;
  out.osmo_charts_ = policy.osmo_charts;
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
  for (const std::string& pattern : policy.mek_key_patterns) {
    out.mek_key_patterns_.push_back(
        absl::AsciiStrToLower(absl::StripAsciiWhitespace(pattern)));
  }
  for (const std::string& type : policy.accepted_backends) {
    out.accepted_backends_.push_back(
        absl::AsciiStrToLower(absl::StripAsciiWhitespace(type)));
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

}  // namespace threatmodel::rules::internal
