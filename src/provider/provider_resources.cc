// The managed-resource half of the provider core: one type lookup per
// request, then what Terraform requires of each answer.
#include <string>

#include "absl/strings/str_cat.h"
#include "nlohmann/json.hpp"
#include "provider/provider_internal.h"
#include "threatmodel/cty/json.h"
#include "threatmodel/provider/provider.h"

namespace threatmodel::provider {
namespace {

void AddUnknownResource(std::string_view name, diag::Diagnostics& diags) {
  diags.AddError("Unknown resource type",
                 absl::StrCat("This provider has no resource type named \"",
                              std::string(name), "\"."));
}

// Write-only values must never reach state or plan: Terraform refuses a
// provider answer that carries one, and they may be secrets.
cty::Value WithoutWriteOnly(const Block& block, const cty::Value& state) {
  if (state.IsNull() || !state.IsKnown()) return state;
  bool any = false;
  for (const Attribute& a : block.attributes) any = any || a.write_only;
  if (!any) return state;
  std::map<std::string, cty::Value> attributes = state.attributes();
  for (const Attribute& a : block.attributes) {
    if (a.write_only) attributes[a.name] = cty::Value::Null(ImpliedType(a));
  }
  return cty::Value::ObjectOf(ImpliedType(block), std::move(attributes));
}

// Applied, read and imported states: known, of the schema's type.
void CheckFinalState(std::string_view type_name, const Block& block,
                     bool may_be_null, ResourceStateResult& result) {
  if (result.diagnostics.HasError()) return;
  const bool null_ok = may_be_null && result.state.IsNull();
  if (!null_ok && (result.state.IsNull() || !result.state.IsWhollyKnown() ||
                   !cty::Conforms(result.state, ImpliedType(block)))) {
    result.diagnostics.AddError(
        "Provider produced an incomplete result",
        absl::StrCat("The ", std::string(type_name),
                     " resource returned a null, partly unknown or "
                     "ill-typed state. This is a bug in the provider."));
  }
}

}  // namespace

void ManagedResource::Delete(const RequestContext&, const cty::Value&,
                             diag::Diagnostics&) const {}

void ManagedResource::Read(const RequestContext&, const cty::Value& state,
                           cty::Value& new_state, diag::Diagnostics&) const {
  new_state = state;
}

void ManagedResource::Import(const RequestContext&, std::string_view,
                             cty::Value&, diag::Diagnostics& diags) const {
  diags.AddError("Import not supported",
                 absl::StrCat("Resources of type ", std::string(TypeName()),
                              " cannot be imported."));
}

void ManagedResource::UpgradeState(int64_t, std::string_view json,
                                   cty::Value& state,
                                   diag::Diagnostics& diags) const {
  const cty::Type type = ImpliedType(GetSchema().block);
  nlohmann::json document =
      nlohmann::json::parse(json, nullptr, /*allow_exceptions=*/false);
  if (document.is_discarded() || !document.is_object()) {
    diags.AddError("Cannot read the stored state",
                   "The stored state is not a JSON object.");
    return;
  }
  // Attributes of earlier schema versions that this one no longer has.
  for (auto it = document.begin(); it != document.end();) {
    if (type.attribute_types().count(it.key()) == 0) {
      it = document.erase(it);
    } else {
      ++it;
    }
  }
  absl::StatusOr<cty::Value> value = cty::FromJsonValue(document, type);
  if (!value.ok()) {
    diags.AddStatus(value.status(), "Cannot read the stored state");
    return;
  }
  state = *std::move(value);
}

const ManagedResource* Provider::FindResource(std::string_view name) const {
  auto it = resources_.find(name);
  return it == resources_.end() ? nullptr : it->second.get();
}

diag::Diagnostics Provider::ValidateResourceConfig(
    std::string_view type_name, const cty::Value& config,
    const ClientCapabilities& capabilities) const {
  diag::Diagnostics diags;
  const ManagedResource* r = FindResource(type_name);
  if (r == nullptr) {
    AddUnknownResource(type_name, diags);
    return diags;
  }
  r->Validate(config, capabilities, diags);
  MakeAddressable(r->GetSchema().block, diags);
  return diags;
}

ResourceStateResult Provider::UpgradeResourceState(
    std::string_view type_name, int64_t version, std::string_view json) const {
  ResourceStateResult result;
  const ManagedResource* r = FindResource(type_name);
  if (r == nullptr) {
    AddUnknownResource(type_name, result.diagnostics);
    return result;
  }
  const Schema& schema = r->GetSchema();
  result.state = cty::Value::Null(ImpliedType(schema.block));
  if (version > schema.version) {
    result.diagnostics.AddError(
        "State written by a newer provider",
        absl::StrCat("The stored state of this ", std::string(type_name),
                     " has schema version ", version,
                     "; this provider knows versions up to ", schema.version,
                     ". Use the provider release that wrote it."));
    return result;
  }
  r->UpgradeState(version, json, result.state, result.diagnostics);
  result.state = WithoutWriteOnly(schema.block, result.state);
  CheckFinalState(type_name, schema.block, /*may_be_null=*/false, result);
  return result;
}

ResourceStateResult Provider::ReadResource(
    std::string_view type_name, const cty::Value& state,
    const ClientCapabilities& capabilities) const {
  ResourceStateResult result;
  const ManagedResource* r = FindResource(type_name);
  if (r == nullptr) {
    AddUnknownResource(type_name, result.diagnostics);
    return result;
  }
  const Block& block = r->GetSchema().block;
  result.state = cty::Value::Null(ImpliedType(block));
  if (state.IsNull()) return result;  // nothing stored, nothing to refresh
  std::shared_ptr<std::atomic<bool>> stop;
  std::shared_ptr<const Configuration> configuration;
  const RequestContext context = Context(capabilities, configuration, stop);
  r->Read(context, state, result.state, result.diagnostics);
  result.state = WithoutWriteOnly(block, result.state);
  // A null state from Read means the object is gone.
  CheckFinalState(type_name, block, /*may_be_null=*/true, result);
  MakeAddressable(block, result.diagnostics);
  return result;
}

PlanResourceChangeResult Provider::PlanResourceChange(
    std::string_view type_name, const PlanRequest& request,
    const ClientCapabilities& capabilities) const {
  PlanResourceChangeResult result;
  const ManagedResource* r = FindResource(type_name);
  if (r == nullptr) {
    AddUnknownResource(type_name, result.diagnostics);
    return result;
  }
  const Block& block = r->GetSchema().block;
  result.planned_state = cty::Value::Null(ImpliedType(block));
  if (request.proposed_new_state.IsNull()) return result;  // destroy
  if (request.config.IsNull()) {
    result.diagnostics.AddError(
        "Configuration missing",
        "The request carried a null configuration for a resource that is "
        "not being destroyed.");
    return result;
  }
  r->Validate(request.config, capabilities, result.diagnostics);
  if (result.diagnostics.HasError()) {
    MakeAddressable(block, result.diagnostics);
    return result;
  }
  std::shared_ptr<std::atomic<bool>> stop;
  std::shared_ptr<const Configuration> configuration;
  const RequestContext context = Context(capabilities, configuration, stop);
  PlanResponse response;
  response.planned_state = request.proposed_new_state;
  r->Plan(context, request, response, result.diagnostics);
  if (stop->load()) {
    result.diagnostics.AddError("Provider stopped",
                                "The plan was cancelled by StopProvider.");
  }
  MakeAddressable(block, result.diagnostics);
  if (result.diagnostics.HasError()) return result;
  if (response.planned_state.IsNull() ||
      !cty::Conforms(response.planned_state, ImpliedType(block))) {
    result.diagnostics.AddError(
        "Provider produced an invalid plan",
        absl::StrCat("The ", std::string(type_name),
                     " resource planned a null or ill-typed state. This is a "
                     "bug in the provider."));
    return result;
  }
  result.planned_state = WithoutWriteOnly(block, response.planned_state);
  result.requires_replace = std::move(response.requires_replace);
  return result;
}

ResourceStateResult Provider::ApplyResourceChange(
    std::string_view type_name, const ApplyRequest& request,
    const ClientCapabilities& capabilities) const {
  ResourceStateResult result;
  const ManagedResource* r = FindResource(type_name);
  if (r == nullptr) {
    AddUnknownResource(type_name, result.diagnostics);
    return result;
  }
  const Block& block = r->GetSchema().block;
  result.state = cty::Value::Null(ImpliedType(block));
  std::shared_ptr<std::atomic<bool>> stop;
  std::shared_ptr<const Configuration> configuration;
  const RequestContext context = Context(capabilities, configuration, stop);
  if (request.planned_state.IsNull()) {
    r->Delete(context, request.prior_state, result.diagnostics);
    if (result.diagnostics.HasError()) result.state = request.prior_state;
    return result;
  }
  r->Apply(context, request, result.state, result.diagnostics);
  result.state = WithoutWriteOnly(block, result.state);
  MakeAddressable(block, result.diagnostics);
  CheckFinalState(type_name, block, /*may_be_null=*/false, result);
  return result;
}

ResourceStateResult Provider::ImportResourceState(
    std::string_view type_name, std::string_view id,
    const ClientCapabilities& capabilities) const {
  ResourceStateResult result;
  const ManagedResource* r = FindResource(type_name);
  if (r == nullptr) {
    AddUnknownResource(type_name, result.diagnostics);
    return result;
  }
  const Block& block = r->GetSchema().block;
  result.state = cty::Value::Null(ImpliedType(block));
  std::shared_ptr<std::atomic<bool>> stop;
  std::shared_ptr<const Configuration> configuration;
  const RequestContext context = Context(capabilities, configuration, stop);
  r->Import(context, id, result.state, result.diagnostics);
  result.state = WithoutWriteOnly(block, result.state);
  CheckFinalState(type_name, block, /*may_be_null=*/false, result);
  return result;
}

}  // namespace threatmodel::provider
