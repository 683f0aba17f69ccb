// File: stub_plan.h
//
// How the azurerm stub plans and applies, imitating what the Terraform
// Plugin SDK v2 does for azurerm (helper/schema's diff), over a StubBlock:
//
// Plan, per attribute, given the prior object (null on create), Terraform's
// proposed new object and the configuration:
//   * computed, null in configuration: the proposed value when there is one
//     (Terraform copies the prior value there on update); unknown when the
//     proposal is null and there is no prior object (create);
//   * optional with an SDKv2 Default, null in configuration: the default;
//   * otherwise the proposed (configured) value.
// Nested blocks are planned element by element (lists by index, sets and
// maps through Terraform's own correlation of the proposed elements). An
// Optional+Computed block left out of the configuration is planned unknown
// on create and keeps its prior value on update.
//
// Apply replaces every unknown that the plan left with a fake value
// (fake_values.h); known planned values are never changed, so the applied
// state always agrees with the plan.
//
// Test-only. Pure functions of their arguments; safe from any thread.
#ifndef THREATMODEL_ACCEPTANCE_AZURERM_STUB_STUB_PLAN_H_
#define THREATMODEL_ACCEPTANCE_AZURERM_STUB_STUB_PLAN_H_

#include <string_view>
#include <vector>

#include "acceptance/azurerm-stub/stub_schema.h"
#include "threatmodel/cty/path.h"
#include "threatmodel/cty/value.h"
#include "threatmodel/diag/diagnostics.h"

namespace threatmodel::azurerm_stub {

// The planned object for one block. `prior` may be null; `proposed` and
// `config` are objects of the block's implied type (possibly with
// unknowns).
[[nodiscard]] cty::Value PlanObject(const StubBlock& block,
                                    const cty::Value& prior,
                                    const cty::Value& proposed,
                                    const cty::Value& config);

// Top-level ForceNew attributes whose planned value differs from the prior
// one. Empty on create.
[[nodiscard]] std::vector<cty::Path> ReplacePaths(const StubBlock& block,
                                                  const cty::Value& prior,
                                                  const cty::Value& planned);

// The applied state: `planned` with every unknown replaced. `seed` comes
// from ResourceSeed. A fake template that cannot be expanded is an error
// diagnostic (a mistake in the type table).
[[nodiscard]] cty::Value ApplyObject(const StubBlock& block,
                                     const cty::Value& planned,
                                     std::string_view seed,
                                     diag::Diagnostics& diagnostics);

}  // namespace threatmodel::azurerm_stub

#endif  // THREATMODEL_ACCEPTANCE_AZURERM_STUB_STUB_PLAN_H_
