// File: policy.h
//
// The policy the rules are judged against: the per-user role limit, the
// tier profiles, which roles count as privileged, which backend types are
// accepted, the enforcement level per threat, and waivers. A
// default-constructed Policy is the documented default; the provider builds
// one in C++ and the CLI loads one from JSON (policy_json.h).
//
// Defaults:
//   max_roles_per_user = 5 (PSRule's Azure.RBAC.UseGroups anchor)
//   tiers = DefaultTiers(): "reader", "contributor", "admin" (admin tier may
//           hold any role, including admin-level ones)
//   privileged roles = every catalogued role at admin-level or above
//   accepted_backends = azurerm, remote, cloud
//   shared_nsg_min_subnets = 2
//   mek_key_patterns = mek.yaml, *mek*
//   osmo_chart_defaults = none (chart defaults are undecided)
//   osmo_charts = none (beyond the OSMO charts' own names)
//   enforcement = mandatory for every threat, except the facets a rule
//           declares advisory (an accepted threat's own condition)
//   waivers = none
//
// Thread-safety: plain value type; const access is safe from any thread.
#ifndef THREATMODEL_RULES_POLICY_H_
#define THREATMODEL_RULES_POLICY_H_

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/status.h"
#include "threatmodel/rules/finding.h"
#include "threatmodel/rules/waiver.h"

namespace threatmodel::rules {

// The role that allows any role in a tier's list.
inline constexpr char kAnyRole[] = "*";

struct TierProfile {
  std::string name;  // compared case-insensitively
  // Role names or role-definition IDs the tier may hold; "*" allows any.
  std::vector<std::string> roles;
  // Whether members may hold privileged (admin-level) roles.
  bool admin = false;
};

// reader:      Reader, AcrPull, AKS Cluster User Role, AKS RBAC Reader,
//              Key Vault Reader, Storage Blob Data Reader, Grafana Viewer,
//              Monitoring Reader, Log Analytics Reader
// contributor: the reader roles plus AcrPush, AKS RBAC Writer,
//              Storage Blob Data Contributor, AzureML Data Scientist,
//              Grafana Editor, Key Vault Secrets User, Monitoring
//              Contributor, Log Analytics Contributor
// admin:       "*" (any role), admin = true
[[nodiscard]] std::vector<TierProfile> DefaultTiers();

struct Policy {
  // E-3: a user holding more role assignments than this violates.
  int max_roles_per_user = 5;
  // E-3: tier profiles. Empty disables the tier check; then no user is in an
  // admin tier.
  std::vector<TierProfile> tiers = DefaultTiers();
  // E-1 and E-3: the roles that count as privileged (names or IDs). Unset:
  // every catalogued role at admin-level or above.
  std::optional<std::vector<std::string>> privileged_roles;
  // Added to the privileged roles either way (for example custom roles).
  std::vector<std::string> additional_privileged_roles;
  // D-2: an NSG without custom rules is reported once it is associated
  // with at least this many subnets (at least 1).
  int shared_nsg_min_subnets = 2;
  // T-1: ConfigMap data keys named like the model encryption key file:
  // case-insensitive, `*` matching any run of characters.
  std::vector<std::string> mek_key_patterns = {"mek.yaml", "*mek*"};
  // S-1 and D-4: the OSMO charts' defaults for the keys they read (in
  // Helm's --set syntax, "sidecars.authz.enabled"), which the plan does not
  // hold; a key the release does not set takes the value stated here
  // instead of being undecided.
  std::map<std::string, bool, std::less<>> osmo_chart_defaults;
  // S-1 and D-4: more chart names (without repository alias or path) that
  // install OSMO, such as a mirror's own name for the chart, whatever
  // repository they come from.
  std::vector<std::string> osmo_charts;
  // T-2: backend types accepted as remote state (lowercase names).
  std::vector<std::string> accepted_backends = {"azurerm", "remote", "cloud"};
  // Threat key -> enforcement. A key is a threat ID ("S-2") or a facet
  // ("S-2/password-auth"); a finding of a facet takes the facet's setting,
  // else its threat's, else the facet's default (RuleFacet::enforcement);
  // any other finding takes its threat's setting, else mandatory.
  std::map<std::string, Enforcement> enforcement;
  std::vector<Waiver> waivers;
};

// Checks the policy's structure (not its waivers, which fail closed one by
// one at evaluation): a non-negative role limit, tiers with distinct,
// non-blank names, non-blank role names, enforcement keys that are known
// threat keys (IDs or "ID/facet"), and non-blank backend names. InvalidArgument
// naming the first problem.
[[nodiscard]] absl::Status ValidatePolicy(const Policy& policy);

// The enforcement of a finding of `threat_id` about `facet` (empty: the
// threat as a whole) under `policy`: the setting for "ID/facet", else the
// one for "ID", else the facet's default (RuleFacet::enforcement), else
// mandatory. Keys match case-insensitively.
[[nodiscard]] Enforcement EnforcementFor(const Policy& policy,
                                         std::string_view threat_id,
                                         std::string_view facet = {});

}  // namespace threatmodel::rules

#endif  // THREATMODEL_RULES_POLICY_H_
