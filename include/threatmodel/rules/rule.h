// File: rule.h
//
// The rule catalogue: one rule per threat of the threat model that a
// planned deployment can reveal. Each rule's ID is the threat ID ("T-2",
// "E-1", "E-3") and never changes meaning. The metadata here feeds docs,
// SARIF `rules[]` entries and the data source's finding fields. A rule may
// split its threat into facets that the policy enforces and waives one by
// one ("S-2/password-auth"). Each rule's good and bad examples (plan JSON
// and HCL) live beside it in src/rules/catalogue/NAME/examples/ and run
// through the real front ends.
//
// Thread-safety: the catalogue is immutable static data; every function is
// safe from any thread.
#ifndef THREATMODEL_RULES_RULE_H_
#define THREATMODEL_RULES_RULE_H_

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "absl/types/span.h"
#include "threatmodel/rules/finding.h"
#include "threatmodel/rules/model.h"

namespace threatmodel::rules {

// A policy setting a rule reads, with its schema: what the provider's
// `policy` input and the CLI's policy file accept, and what the docs list.
struct RuleParameter {
  std::string_view name;  // "max_roles_per_user"
  // Terraform's type syntax: "number", "bool", "string", "list(string)",
  // "map(object({roles = list(string), admin = optional(bool)}))".
  std::string_view type;
  std::string_view description;
  std::string_view default_text;  // as the docs show it: "5"
};

// A part of a threat that the policy can enforce and waive on its own. An
// accepted threat's findings are advisory while the control its acceptance
// relies on (its premise: a private endpoint, VNet integration) is
// mandatory, so a rule splits them into facets with their own defaults.
struct RuleFacet {
  std::string_view name;  // "password-auth", kebab-case, stable
  std::string_view description;
  // When the policy names neither "ID/name" nor "ID".
  Enforcement enforcement = Enforcement::kMandatory;
};

// Another scanner's check on the same ground, so that users running several
// tools can tell duplicates apart (SARIF relates the rule to it).
struct RulePeer {
  std::string_view tool;   // "checkov", "trivy", "PSRule"
  std::string_view id;     // as that tool reports it: "CKV2_AZURE_26"
  std::string_view alias;  // another ID of the same check, or empty
  // The facet of the rule the check matches ("public-network"); empty when
  // it matches the threat as a whole.
  std::string_view facet = {};
};

struct RuleInfo {
  std::string_view id;          // "T-2"
  std::string_view short_code;  // "state-backend", kebab-case, stable
  std::string_view title;
  std::string_view description;  // what is checked and how unknowns count
  std::string_view remediation;
  Stride stride;
  Severity severity;
  // CVSS-like score for SARIF `security-severity` (0.1-10.0).
  double security_severity;
  // The threat model's own risk rating, for reference.
  std::string_view threat_model_rating;
  std::string_view doc_path;  // "docs/rules/T-2.md"
  // The planned resource types the rule reads (beyond those the facts
  // stage reads for it); front ends keep resources of these types.
  std::vector<std::string_view> resource_types;
  // Resource types of the rule's threat that it reads only for context and
  // does not judge (the virtual network and the firewall around the node
  // subnets D-3 judges). The data source and the managed resource accept
  // them among their `resources` input, so that a module can pass its
  // resources whole, and judge nothing in them; the plan reader does not
  // keep them. A type a rule judges belongs in resource_types instead.
  std::vector<std::string_view> context_types;
  // The policy settings the rule reads. Several rules may declare the same
  // setting (with the same type).
  std::vector<RuleParameter> parameters;
  // The facets its findings may carry; empty when every finding is about
  // the threat as a whole.
  std::vector<RuleFacet> facets;
  // Other scanners' checks that cover part of the same ground.
  std::vector<RulePeer> peers;
  // The planned resource types whose shared keys the rule follows into
  // other resources' configuration (a subset of resource_types). Front
  // ends keep, from resources of any other type, the configuration
  // expressions that may refer to them.
  std::vector<std::string_view> key_sources = {};
};

// Every resource type that a rule or a step of the facts stage reads
// (managed resources; data sources are spelled "data.TYPE"), sorted. Front
// ends keep only resources of these types: there is no other list.
[[nodiscard]] const std::vector<std::string>& RelevantResourceTypes();

// Whether RelevantResourceTypes() holds this mode and type.
[[nodiscard]] bool IsRelevantResourceType(bool data, std::string_view type);

// Every RuleInfo::key_sources type, sorted and without repeats.
[[nodiscard]] const std::vector<std::string>& KeySourceResourceTypes();

// Every type a rule declares in context_types that is not relevant (no
// rule and no step of the facts stage reads it), sorted. Front ends that
// take whole resources accept these and judge nothing in them; there is no
// other list.
[[nodiscard]] const std::vector<std::string>& ContextResourceTypes();

// Whether ContextResourceTypes() holds this managed resource type.
[[nodiscard]] bool IsContextResourceType(std::string_view type);

// Every rule, in catalogue order (T-2, E-1, E-3).
[[nodiscard]] absl::Span<const RuleInfo> Rules();

// Case-insensitive lookup by ID; nullptr when unknown.
[[nodiscard]] const RuleInfo* FindRule(std::string_view id);

// The IDs of all rules, in catalogue order.
[[nodiscard]] std::vector<std::string> RuleIds();

// What `enforcement` keys and waivers name: a threat ("S-2"), or one facet
// of it ("S-2/password-auth"), which wins over the threat's own setting.
struct ThreatKey {
  const RuleInfo* rule = nullptr;
  const RuleFacet* facet = nullptr;  // null: the whole threat
};

// Case-insensitive lookup of "ID" or "ID/facet"; nullopt when the rule or
// the facet is unknown.
[[nodiscard]] std::optional<ThreatKey> FindThreatKey(std::string_view key);

// "S-2/password-auth", or "S-2" for an empty facet.
[[nodiscard]] std::string ThreatKeyName(std::string_view id,
                                        std::string_view facet);

// Every rule ID, each followed by its facets' keys, in catalogue order.
[[nodiscard]] std::vector<std::string> ThreatKeys();

// The facet of `rule` named `name`; nullptr when it has none.
[[nodiscard]] const RuleFacet* FindFacet(const RuleInfo& rule,
                                         std::string_view name);

}  // namespace threatmodel::rules

#endif  // THREATMODEL_RULES_RULE_H_
