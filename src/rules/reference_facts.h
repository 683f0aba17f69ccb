// File: reference_facts.h
//
// What the facts stage reads from configuration references when a value is
// unknown at plan time: the type of the resource a reference names, the
// principal type and scope kind a reference fixes, and the key under which
// assignments share one principal.
//
// Thread-safety: pure functions over their arguments.
#ifndef THREATMODEL_SRC_RULES_REFERENCE_FACTS_H_
#define THREATMODEL_SRC_RULES_REFERENCE_FACTS_H_

#include <string>
#include <string_view>
#include <vector>

#include "threatmodel/rules/arm_id.h"
#include "threatmodel/rules/maybe.h"
#include "threatmodel/rules/model.h"
#include "threatmodel/rules/resource.h"

namespace threatmodel::rules::internal {

// The references of `r`'s attribute at `path` (empty when it has none).
[[nodiscard]] const std::vector<Reference>& RefsOf(const Resource& r,
                                                   std::string_view path);

// The resource type of a kResource reference ("azurerm_role_assignment");
// empty for other kinds.
[[nodiscard]] std::string_view ReferencedType(const Reference& ref);

// The principal type the references fix, if any: a managed identity's
// principal (azurerm_user_assigned_identity, any azurerm `identity` or
// `kubelet_identity` block) or an azuread service principal is a
// ServicePrincipal, an azuread_user a User, an azuread_group a Group. azurerm
// computes principal_type from the principal itself, so the inference gives
// the value Terraform will later show.
[[nodiscard]] Maybe<PrincipalType> PrincipalTypeFromReferences(
    const std::vector<Reference>& refs);

// The scope kind the references fix: the `id` of a resource group, a
// subscription, a management group or another azurerm resource. Null
// otherwise.
[[nodiscard]] Maybe<ScopeKind> ScopeKindFromReferences(
    const std::vector<Reference>& refs);

// The key under which assignments share a principal whose value is
// unknown: the sorted reference texts. Empty when the references cannot
// identify one principal (they vary per instance, or the chain breaks).
[[nodiscard]] std::string PrincipalGroupKey(const std::vector<Reference>& refs);

// Whether the references lead to resources only (at least one; per-instance
// keys allowed), so that the principal they give is a resource's and can be
// told apart from an Automation account's identity. False when a reference
// stops at a local value or a variable, or breaks, or there is none.
[[nodiscard]] bool LeadsToResources(const std::vector<Reference>& refs);

// "local.x + var.y"; empty when there is no reference (a constant, or a
// front end without the configuration).
[[nodiscard]] std::string DescribeReferences(
    const std::vector<Reference>& refs);

}  // namespace threatmodel::rules::internal

#endif  // THREATMODEL_SRC_RULES_REFERENCE_FACTS_H_
