// File: managed_resource.h
//
// The interface a managed resource type implements. The provider core
// decodes every value against the resource's schema before calling it and
// enforces what Terraform requires of the answers, so implementations see
// and return values of the schema's implied type only:
//   * destroy never reaches Plan; Apply with a null planned state becomes
//     Delete;
//   * write-only attributes are nulled in every planned, applied, read,
//     imported and upgraded state, so their values never reach state or
//     plan files;
//   * an applied, read or imported state must be wholly known.
//
// Implementations are shared by every concurrent RPC: all methods are const
// and must be thread-safe.
#ifndef THREATMODEL_PROVIDER_MANAGED_RESOURCE_H_
#define THREATMODEL_PROVIDER_MANAGED_RESOURCE_H_

#include <cstdint>
#include <string_view>
#include <vector>

#include "threatmodel/cty/path.h"
#include "threatmodel/cty/value.h"
#include "threatmodel/diag/diagnostics.h"
#include "threatmodel/provider/request_context.h"
#include "threatmodel/provider/schema.h"

namespace threatmodel::provider {

struct PlanRequest {
  cty::Value prior_state;  // null when the resource is being created
  // Terraform's merge of the configuration with the prior state: configured
  // values, and for computed attributes left unset the prior value (or
  // null on create). May be partially unknown.
  cty::Value proposed_new_state;
  cty::Value config;  // may be partially unknown; write-only values included
};

struct PlanResponse {
  cty::Value planned_state;
  // Attributes whose change forces replacement.
  std::vector<cty::Path> requires_replace;
};

struct ApplyRequest {
  cty::Value prior_state;    // null on create
  cty::Value planned_state;  // as planned, unknowns included
  cty::Value config;         // wholly known; write-only values included
};

class ManagedResource {
 public:
  virtual ~ManagedResource() = default;

  // The full type name, such as "threatmodel_assertion".
  [[nodiscard]] virtual std::string_view TypeName() const = 0;
  [[nodiscard]] virtual const Schema& GetSchema() const = 0;

  // Static checks; any value may be unknown and the provider may not be
  // configured yet.
  virtual void Validate(const cty::Value& config,
                        const ClientCapabilities& capabilities,
                        diag::Diagnostics& diagnostics) const = 0;

  // Create, update and no-op plans. An error diagnostic fails the plan.
  virtual void Plan(const RequestContext& context, const PlanRequest& request,
                    PlanResponse& response,
                    diag::Diagnostics& diagnostics) const = 0;

  virtual void Apply(const RequestContext& context, const ApplyRequest& request,
                     cty::Value& new_state,
                     diag::Diagnostics& diagnostics) const = 0;

  // Removes the real object; the default has nothing to remove.
  virtual void Delete(const RequestContext& context,
                      const cty::Value& prior_state,
                      diag::Diagnostics& diagnostics) const;

  // Refresh. The default returns the state unchanged.
  virtual void Read(const RequestContext& context, const cty::Value& state,
                    cty::Value& new_state,
                    diag::Diagnostics& diagnostics) const;

  // `terraform import` / `import` blocks. The default refuses.
  virtual void Import(const RequestContext& context, std::string_view id,
                      cty::Value& state, diag::Diagnostics& diagnostics) const;

  // Turns a state stored under schema `version` (JSON, as Terraform keeps
  // it) into a value of the current schema's type. Called for every stored
  // instance before plan and refresh; `version` is never newer than the
  // schema (the core refuses that). The default decodes the JSON against
  // the current type and drops top-level attributes the schema no longer
  // has.
  virtual void UpgradeState(int64_t version, std::string_view json,
                            cty::Value& state,
                            diag::Diagnostics& diagnostics) const;
};

}  // namespace threatmodel::provider

#endif  // THREATMODEL_PROVIDER_MANAGED_RESOURCE_H_
