// File: compiled_policy.h
//
// A Policy turned into the lookups the rules need: role references
// normalised to RoleKey()s, tier names folded to lower case, backend names
// folded to lower case. Built once per evaluation by the engine.
//
// Thread-safety: immutable after construction; const methods are safe from
// any thread.
#ifndef THREATMODEL_SRC_RULES_COMPILED_POLICY_H_
#define THREATMODEL_SRC_RULES_COMPILED_POLICY_H_

#include <map>
#include <string>
#include <vector>

#include "absl/container/flat_hash_set.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "rules/assignment_facts.h"
#include "threatmodel/rules/policy.h"

namespace threatmodel::rules::internal {

struct CompiledTier {
  std::string name;  // as written in the policy
  bool any_role = false;
  bool admin = false;
  absl::flat_hash_set<std::string> role_keys;
};

class CompiledPolicy {
 public:
  // InvalidArgument when ValidatePolicy fails.
  [[nodiscard]] static absl::StatusOr<CompiledPolicy> Compile(
      const Policy& policy);

  [[nodiscard]] int max_roles_per_user() const { return max_roles_per_user_; }
  [[nodiscard]] int shared_nsg_min_subnets() const {
    return shared_nsg_min_subnets_;
  }
  // Lowercase, trimmed; `*` matches any run of characters.
  [[nodiscard]] const std::vector<std::string>& mek_key_patterns() const {
    return mek_key_patterns_;
  }
  [[nodiscard]] const std::map<std::string, bool, std::less<>>&
  osmo_chart_defaults() const {
    return osmo_chart_defaults_;
  }
  [[nodiscard]] const std::vector<std::string>& osmo_charts() const {
    return osmo_charts_;
  }
  [[nodiscard]] bool tiers_configured() const { return !tiers_.empty(); }
  // Case-insensitive; nullptr when the policy has no such tier.
  [[nodiscard]] const CompiledTier* FindTier(absl::string_view name) const;
  // "reader, contributor, admin".
  [[nodiscard]] std::string TierNames() const;
  // REQUIRES: role.state == kKnown.
  [[nodiscard]] bool IsPrivileged(const ResolvedRole& role) const;
  [[nodiscard]] bool TierAllows(const CompiledTier& tier,
                                const ResolvedRole& role) const;
  [[nodiscard]] bool BackendAccepted(absl::string_view type) const;
  // "azurerm, remote, cloud".
  [[nodiscard]] std::string AcceptedBackends() const;

 private:
  int max_roles_per_user_ = 5;
  int shared_nsg_min_subnets_ = 2;
  std::map<std::string, bool, std::less<>> osmo_chart_defaults_;
  std::vector<std::string> osmo_charts_;
  std::vector<CompiledTier> tiers_;
  bool default_privileged_ = true;
  absl::flat_hash_set<std::string> privileged_keys_;
  std::vector<std::string> accepted_backends_;
  std::vector<std::string> mek_key_patterns_;
};

}  // namespace threatmodel::rules::internal

#endif  // THREATMODEL_SRC_RULES_COMPILED_POLICY_H_
