// The policy settings a module author can give on the provider block (the
// defaults for every assertion) and inside one assertion's `policy`
// attribute (overrides), plus waivers. Both places share one schema so
// that they cannot drift apart.
#ifndef THREATMODEL_DATASOURCES_POLICY_CONFIG_H_
#define THREATMODEL_DATASOURCES_POLICY_CONFIG_H_

#include <string>
#include <vector>

#include "threatmodel/cty/value.h"
#include "threatmodel/diag/diagnostics.h"
#include "threatmodel/provider/schema.h"
#include "threatmodel/rules/policy.h"
#include "threatmodel/rules/waiver.h"

namespace threatmodel::datasources {

// max_roles_per_user, tiers, privileged_roles, additional_privileged_roles,
// accepted_backends, enforcement.
[[nodiscard]] std::vector<provider::Attribute> PolicyAttributes();

// A list of {threat, subject, justification, expires, approver}.
[[nodiscard]] provider::Attribute WaiversAttribute(std::string description);

// Applies the policy attributes found (non-null) in `config` onto `policy`.
// `path` is where those attributes live (the root for the provider block,
// `.policy` in an assertion). Values may be unknown at validation time;
// unknown values are skipped.
void ApplyPolicyConfig(const cty::Value& config, const cty::Path& path,
                       rules::Policy& policy, diag::Diagnostics& diags);

// Appends the waivers in `waivers` (the attribute's value) to `out`. Each
// waiver's source is `source_prefix` followed by its index; fields left
// null become empty strings, which the rule engine reports as malformed
// (it fails closed).
void AppendWaivers(const cty::Value& waivers, const std::string& source_prefix,
                   std::vector<rules::Waiver>& out);

}  // namespace threatmodel::datasources

#endif  // THREATMODEL_DATASOURCES_POLICY_CONFIG_H_
