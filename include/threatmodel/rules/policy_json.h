// File: policy_json.h
//
// Loads a Policy from JSON (the CLI's --policy file). Every key is optional;
// a missing key keeps the default from policy.h. Unknown keys and wrong types
// are errors, because a misspelt key in a security policy must not silently
// fall back to a default. The accepted top-level keys come from the rule
// registry (PolicyJsonKeys()); an unknown key's error names it, suggests the
// closest accepted key when one is near, and lists the accepted keys.
//
//   {
//     "max_roles_per_user": 5,
//     "tiers": [ {"name": "reader", "roles": ["Reader"], "admin": false} ],
//     "privileged_roles": ["Owner", "Contributor"],
//     "additional_privileged_roles": ["My Custom Operator"],
//     "accepted_backends": ["azurerm", "remote", "cloud"],
//     "enforcement": {"T-2": "mandatory", "E-1": "advisory"},
//     "waivers": [ {"threat": "E-1", "subject": "aa-robotics-dev",
//                   "justification": "...", "expires": "2026-06-30",
//                   "approver": "security@contoso.com"} ]
//   }
//
// Given "tiers" replace the default tiers entirely. Waivers get the source
// "waivers[<index>]" unless the JSON gives a "source". Waiver contents are
// checked at evaluation time (fail closed), not here; only their JSON types
// are checked here.
//
// Input is bounded (1 MiB, nesting depth 64) and parsing never throws.
//
// Thread-safety: pure function; safe from any thread.
#ifndef THREATMODEL_RULES_POLICY_JSON_H_
#define THREATMODEL_RULES_POLICY_JSON_H_

#include <string>
#include <string_view>
#include <vector>

#include "absl/status/statusor.h"
#include "threatmodel/rules/policy.h"

namespace threatmodel::rules {

// InvalidArgument (with a JSON path such as `tiers[1].roles[0]`) on malformed
// input; the result has passed ValidatePolicy.
[[nodiscard]] absl::StatusOr<Policy> ParsePolicyJson(std::string_view json);

// The top-level keys a policy file accepts: every rule's parameter names
// (RuleInfo::parameters, in catalogue order, each once), then "enforcement"
// and "waivers".
[[nodiscard]] const std::vector<std::string>& PolicyJsonKeys();

}  // namespace threatmodel::rules

#endif  // THREATMODEL_RULES_POLICY_JSON_H_
