// File: model_builder.h
//
// Links the raw records of raw_plan.h into the rule engine's closed model,
// rules::Deployment, for the engine that does not yet judge resources.
//
//   * Automation accounts come from azurerm_automation_account changes
//     (name, identity type and principal from `after`/`after_unknown`).
//   * A role assignment belongs to an Automation account when its
//     principal_id expression leads to that account (its identity) through
//     the configuration's references, or when its known principal equals
//     the account's known principal.
//   * Other assignments are grouped per principal: by value when the
//     principal_id is known (the engine groups equal values), by the
//     resolved reference when it is not. A group whose principal type is
//     User becomes a rules::User named after the reference.
//   * A principal type that is unknown at plan time is inferred from the
//     reference when the reference fixes it: a managed identity's
//     principal (azurerm_user_assigned_identity, any `identity` block,
//     kubelet_identity) or an azuread service principal is a
//     ServicePrincipal, an azuread_user a User, an azuread_group a Group.
//     azurerm computes the attribute from the principal itself, so the
//     inference gives the value Terraform will later show.
//   * An unknown scope whose references all lead to the `id` of one kind of
//     scope (azurerm_resource_group, data.azurerm_subscription,
//     azurerm_management_group, or another resource) gets that kind as
//     scope_kind_hint.
//
// Thread-safety: pure function; safe from any thread.
#ifndef THREATMODEL_SRC_PLAN_MODEL_BUILDER_H_
#define THREATMODEL_SRC_PLAN_MODEL_BUILDER_H_

#include <vector>

#include "absl/status/statusor.h"
#include "plan/raw_plan.h"
#include "plan/references.h"
#include "threatmodel/plan/plan.h"
#include "threatmodel/rules/model.h"

namespace threatmodel::plan::internal {

// Sets plan->deployment from the kept changes (plan_builder.h builds the
// rest of the Plan). InvalidArgument for values of the wrong JSON type in
// the attributes the model reads.
[[nodiscard]] absl::Status AddDeployment(const RawPlan& raw, Plan* plan);

// The principal type a reference fixes, if any (see above).
[[nodiscard]] rules::Maybe<rules::PrincipalType> PrincipalTypeFromTerminals(
    const std::vector<Terminal>& terminals);

// The scope kind the references fix, or null.
[[nodiscard]] rules::Maybe<rules::ScopeKind> ScopeKindFromTerminals(
    const std::vector<Terminal>& terminals);

// The key under which assignments share a principal whose value is
// unknown: the sorted resolved references. Empty when the references cannot
// identify one principal (they vary per instance, or the chain breaks).
[[nodiscard]] std::string PrincipalGroupKey(
    const std::vector<Terminal>& terminals);

}  // namespace threatmodel::plan::internal

#endif  // THREATMODEL_SRC_PLAN_MODEL_BUILDER_H_
