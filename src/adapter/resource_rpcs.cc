// Managed-resource RPCs: validate, upgrade, read, plan, apply and import.
// Private data is passed back unchanged: no resource type keeps any.
#include "adapter/provider_service_internal.h"
#include "adapter/to_proto.h"

namespace threatmodel::adapter {
namespace {

provider::ClientCapabilities FromProto(const tfplugin6::ClientCapabilities& c) {
  provider::ClientCapabilities out;
  out.deferral_allowed = c.deferral_allowed();
  out.write_only_attributes_allowed = c.write_only_attributes_allowed();
  return out;
}

// The state type of `resource`; any type when there is none, so that the
// core can answer the unknown type name.
cty::Type StateType(const provider::ManagedResource* resource) {
  return resource == nullptr
             ? cty::Type::Dynamic()
             : provider::ImpliedType(resource->GetSchema().block);
}

}  // namespace

using Status = ProviderService::Status;

Status ProviderService::ValidateResourceConfig(
    Context*, const tfplugin6::ValidateResourceConfig::Request* req,
    tfplugin6::ValidateResourceConfig::Response* resp) {
  return Guard("ValidateResourceConfig", [&] {
    diag::Diagnostics diags;
    const provider::ManagedResource* resource =
        provider_.FindResource(req->type_name());
    const cty::Type type = StateType(resource);
    std::optional<cty::Value> config =
        resource == nullptr
            ? cty::Value::Null(type)
            : Decode(req->config(), type,
                     "Invalid resource configuration value", diags);
    if (config) {
      diags.Append(provider_.ValidateResourceConfig(
          req->type_name(), *config, FromProto(req->client_capabilities())));
    }
    Diagnostics(diags, *resp->mutable_diagnostics());
  });
}

Status ProviderService::UpgradeResourceState(
    Context*, const tfplugin6::UpgradeResourceState::Request* req,
    tfplugin6::UpgradeResourceState::Response* resp) {
  return Guard("UpgradeResourceState", [&] {
    diag::Diagnostics diags;
    const provider::ManagedResource* resource =
        provider_.FindResource(req->type_name());
    const cty::Type type = StateType(resource);
    if (req->raw_state().json().empty() &&
        !req->raw_state().flatmap().empty()) {
      diags.AddError("Unsupported state format",
                     "The stored state is in the flatmap format of "
                     "Terraform 0.11, which this provider never wrote.");
    } else {
      provider::ResourceStateResult result = provider_.UpgradeResourceState(
          req->type_name(), req->version(), req->raw_state().json());
      diags.Append(result.diagnostics);
      if (resource != nullptr && !result.diagnostics.HasError()) {
        Encode(result.state, type, "Provider produced an invalid state",
               *resp->mutable_upgraded_state(), diags);
      }
    }
    Diagnostics(diags, *resp->mutable_diagnostics());
  });
}

Status ProviderService::ReadResource(
    Context*, const tfplugin6::ReadResource::Request* req,
    tfplugin6::ReadResource::Response* resp) {
  return Guard("ReadResource", [&] {
    diag::Diagnostics diags;
    const provider::ManagedResource* resource =
        provider_.FindResource(req->type_name());
    const cty::Type type = StateType(resource);
    std::optional<cty::Value> state =
        resource == nullptr
            ? cty::Value::Null(type)
            : Decode(req->current_state(), type, "Invalid state value", diags);
    if (state) {
      provider::ResourceStateResult result = provider_.ReadResource(
          req->type_name(), *state, FromProto(req->client_capabilities()));
      diags.Append(result.diagnostics);
      if (resource != nullptr) {
        Encode(result.state, type, "Provider produced an invalid state",
               *resp->mutable_new_state(), diags);
      }
      resp->set_private_(req->private_());
    }
    Diagnostics(diags, *resp->mutable_diagnostics());
  });
}

Status ProviderService::PlanResourceChange(
    Context*, const tfplugin6::PlanResourceChange::Request* req,
    tfplugin6::PlanResourceChange::Response* resp) {
  return Guard("PlanResourceChange", [&] {
    diag::Diagnostics diags;
    const provider::ManagedResource* resource =
        provider_.FindResource(req->type_name());
    const cty::Type type = StateType(resource);
    provider::PlanRequest plan;
    const bool decoded = resource == nullptr || [&] {
      auto prior =
          Decode(req->prior_state(), type, "Invalid prior state value", diags);
      auto proposed = Decode(req->proposed_new_state(), type,
                             "Invalid proposed state value", diags);
      auto config = Decode(req->config(), type,
                           "Invalid resource configuration value", diags);
      if (!prior || !proposed || !config) return false;
      plan = {*std::move(prior), *std::move(proposed), *std::move(config)};
      return true;
    }();
    if (decoded) {
      provider::PlanResourceChangeResult result = provider_.PlanResourceChange(
          req->type_name(), plan, FromProto(req->client_capabilities()));
      diags.Append(result.diagnostics);
      if (resource != nullptr && !result.diagnostics.HasError()) {
        Encode(result.planned_state, type, "Provider produced an invalid plan",
               *resp->mutable_planned_state(), diags);
        for (const cty::Path& path : result.requires_replace) {
          AttributePath(path, *resp->add_requires_replace());
        }
        resp->set_planned_private(req->prior_private());
        resp->set_legacy_type_system(provider_.legacy_type_system());
      }
    }
    Diagnostics(diags, *resp->mutable_diagnostics());
  });
}

Status ProviderService::ApplyResourceChange(
    Context*, const tfplugin6::ApplyResourceChange::Request* req,
    tfplugin6::ApplyResourceChange::Response* resp) {
  return Guard("ApplyResourceChange", [&] {
    diag::Diagnostics diags;
    const provider::ManagedResource* resource =
        provider_.FindResource(req->type_name());
    const cty::Type type = StateType(resource);
    provider::ApplyRequest apply;
    const bool decoded = resource == nullptr || [&] {
      auto prior =
          Decode(req->prior_state(), type, "Invalid prior state value", diags);
      auto planned = Decode(req->planned_state(), type,
                            "Invalid planned state value", diags);
      auto config = Decode(req->config(), type,
                           "Invalid resource configuration value", diags);
      if (!prior || !planned || !config) return false;
      apply = {*std::move(prior), *std::move(planned), *std::move(config)};
      return true;
    }();
    if (decoded) {
      // ApplyResourceChange carries no client capabilities; it only ever
      // follows a plan that had them.
      provider::ClientCapabilities capabilities;
      capabilities.write_only_attributes_allowed = true;
      provider::ResourceStateResult result =
          provider_.ApplyResourceChange(req->type_name(), apply, capabilities);
      diags.Append(result.diagnostics);
      if (resource != nullptr) {
        Encode(result.state, type, "Provider produced an invalid state",
               *resp->mutable_new_state(), diags);
        resp->set_private_(req->planned_private());
        resp->set_legacy_type_system(provider_.legacy_type_system());
      }
    }
    Diagnostics(diags, *resp->mutable_diagnostics());
  });
}

Status ProviderService::ImportResourceState(
    Context*, const tfplugin6::ImportResourceState::Request* req,
    tfplugin6::ImportResourceState::Response* resp) {
  return Guard("ImportResourceState", [&] {
    diag::Diagnostics diags;
    const provider::ManagedResource* resource =
        provider_.FindResource(req->type_name());
    const cty::Type type = StateType(resource);
    provider::ResourceStateResult result = provider_.ImportResourceState(
        req->type_name(), req->id(), FromProto(req->client_capabilities()));
    diags.Append(result.diagnostics);
    if (resource != nullptr && !result.diagnostics.HasError()) {
      tfplugin6::ImportResourceState::ImportedResource* imported =
          resp->add_imported_resources();
      imported->set_type_name(req->type_name());
      Encode(result.state, type, "Provider produced an invalid state",
             *imported->mutable_state(), diags);
    }
    Diagnostics(diags, *resp->mutable_diagnostics());
  });
}

}  // namespace threatmodel::adapter
