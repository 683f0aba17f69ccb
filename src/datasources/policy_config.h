// The policy settings a module author can give on the provider block (the
// defaults for every assertion) and inside one assertion's `policy`
// attribute (overrides), plus waivers. Both places share one list of
// settings, built from the parameters the rules declare (rules::Rules())
// plus the engine's own `enforcement`, so that neither can drift from what
// the rules read.
//
// `policy`, `waivers` and the object-typed settings are `dynamic` in the
// schema: a misspelled key then reaches the provider, which rejects it,
// instead of being dropped by Terraform's conversion to a fixed object type.
#ifndef THREATMODEL_DATASOURCES_POLICY_CONFIG_H_
#define THREATMODEL_DATASOURCES_POLICY_CONFIG_H_

#include <string>
#include <vector>

#include "datasources/input_schema.h"
#include "threatmodel/cty/value.h"
#include "threatmodel/diag/diagnostics.h"
#include "threatmodel/provider/schema.h"
#include "threatmodel/rules/policy.h"
#include "threatmodel/rules/waiver.h"

namespace threatmodel::datasources {

// One setting of the policy.
struct PolicySetting {
  std::string name;       // "max_roles_per_user"
  std::string type_text;  // Terraform syntax: "number"
  TypeSpec type;
  std::string description;
  std::string default_text;
  // The rules that read it, in catalogue order; empty for the engine's own
  // settings (`enforcement`).
  std::vector<std::string> threat_ids;
};

// Every rule parameter (deduplicated by name, in catalogue order), then
// `enforcement`.
[[nodiscard]] const std::vector<PolicySetting>& PolicySettings();

// The settings' names, sorted.
[[nodiscard]] std::vector<std::string> PolicySettingNames();

// The threat IDs of the catalogue as prose: "T-2, E-1 or E-3" (`last` is
// the word before the last one).
[[nodiscard]] std::string ThreatIdList(std::string_view last = "or");

// " or one facet of a threat (S-2/password-auth, ...), EFFECT", to follow
// ThreatIdList() where facet keys are accepted too; empty when no rule has
// facets.
[[nodiscard]] std::string FacetKeysClause(std::string_view effect);

// The provider block's attributes, one per setting. Settings whose type
// holds objects are `dynamic`, so that their keys can be checked.
[[nodiscard]] std::vector<provider::Attribute> PolicyAttributes();

// The assertion's `policy` attribute (dynamic): an object of settings.
[[nodiscard]] provider::Attribute PolicyAttribute(std::string description);

// A list of {threat, subject, justification, expires, approver} (dynamic).
[[nodiscard]] provider::Attribute WaiversAttribute(std::string description);

enum class PolicyScope {
  kProviderBlock,  // `config` is the provider block; Terraform checks keys.
  kAssertion,      // `config` is an assertion's `policy` value.
};

// Applies the settings found (non-null) in `config` onto `policy`. `path`
// is where those settings live (the root for the provider block, `.policy`
// in an assertion). In an assertion every key must be a setting. Values
// may be unknown at validation time; unknown values are skipped.
void ApplyPolicyConfig(const cty::Value& config, const cty::Path& path,
                       PolicyScope scope, rules::Policy& policy,
                       diag::Diagnostics& diags);

// Checks `waivers` (the attribute's value, at `path`) and appends them to
// `out`. Each waiver's source is `source_prefix` followed by its index.
// Keys are checked and all five are required; blank values and bad dates
// are left to the rule engine, which reports them as malformed (it fails
// closed). Appends nothing when the value has errors or is not known.
void AppendWaivers(const cty::Value& waivers, const cty::Path& path,
                   const std::string& source_prefix,
                   std::vector<rules::Waiver>& out, diag::Diagnostics& diags);

}  // namespace threatmodel::datasources

#endif  // THREATMODEL_DATASOURCES_POLICY_CONFIG_H_
