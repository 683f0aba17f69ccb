// The provider-wide RPCs: metadata, schemas, the provider block and stop.
#include "threatmodel/adapter/provider_service.h"

#include "adapter/dynamic_value.h"
#include "adapter/provider_service_internal.h"
#include "adapter/to_proto.h"

namespace threatmodel::adapter {

using Status = ProviderService::Status;

Status ProviderService::GetMetadata(Context*,
                                    const tfplugin6::GetMetadataMsg::Request*,
                                    tfplugin6::GetMetadataMsg::Response* resp) {
  return Guard("GetMetadata", [&] {
    Capabilities(*resp->mutable_server_capabilities());
    for (const auto& [name, ds] : provider_.data_sources()) {
      resp->add_data_sources()->set_type_name(name);
    }
    for (const auto& [name, r] : provider_.resources()) {
      resp->add_resources()->set_type_name(name);
    }
    for (const auto& [name, f] : provider_.functions()) {
      resp->add_functions()->set_name(name);
    }
  });
}

Status ProviderService::GetProviderSchema(
    Context*, const tfplugin6::GetProviderSchema::Request*,
    tfplugin6::GetProviderSchema::Response* resp) {
  return Guard("GetProviderSchema", [&] {
    Schema(provider_.provider_schema(), *resp->mutable_provider());
    for (const auto& [name, ds] : provider_.data_sources()) {
      Schema(ds->GetSchema(), (*resp->mutable_data_source_schemas())[name]);
    }
    for (const auto& [name, r] : provider_.resources()) {
      Schema(r->GetSchema(), (*resp->mutable_resource_schemas())[name]);
    }
    for (const auto& [name, f] : provider_.functions()) {
      Function(f->Signature(), (*resp->mutable_functions())[name]);
    }
    Capabilities(*resp->mutable_server_capabilities());
  });
}

Status ProviderService::GetResourceIdentitySchemas(
    Context*, const tfplugin6::GetResourceIdentitySchemas::Request*,
    tfplugin6::GetResourceIdentitySchemas::Response*) {
  // No resource type has an identity: an empty map.
  return Guard("GetResourceIdentitySchemas", [] {});
}

Status ProviderService::ValidateProviderConfig(
    Context*, const tfplugin6::ValidateProviderConfig::Request* req,
    tfplugin6::ValidateProviderConfig::Response* resp) {
  return Guard("ValidateProviderConfig", [&] {
    diag::Diagnostics diags;
    if (auto config =
            Decode(req->config(),
                   provider::ImpliedType(provider_.provider_schema().block),
                   "Invalid provider configuration value", diags)) {
      diags.Append(provider_.ValidateProviderConfig(*config));
    }
    Diagnostics(diags, *resp->mutable_diagnostics());
  });
}

Status ProviderService::ConfigureProvider(
    Context*, const tfplugin6::ConfigureProvider::Request* req,
    tfplugin6::ConfigureProvider::Response* resp) {
  return Guard("ConfigureProvider", [&] {
    diag::Diagnostics diags;
    if (auto config =
            Decode(req->config(),
                   provider::ImpliedType(provider_.provider_schema().block),
                   "Invalid provider configuration value", diags)) {
      diags.Append(
          provider_.ConfigureProvider(*config, req->terraform_version()));
    }
    Diagnostics(diags, *resp->mutable_diagnostics());
  });
}

Status ProviderService::StopProvider(Context*,
                                     const tfplugin6::StopProvider::Request*,
                                     tfplugin6::StopProvider::Response*) {
  return Guard("StopProvider", [&] { provider_.Stop(); });
}

void ProviderService::Capabilities(tfplugin6::ServerCapabilities& out) {
  // The schema never changes within a release, so Terraform may cache it
  // and skip GetProviderSchema in later processes. Destroy plans are not
  // asked for: destroying never needs the provider's judgement.
  out.set_get_provider_schema_optional(true);
}

std::optional<cty::Value> ProviderService::Decode(
    const tfplugin6::DynamicValue& wire, const cty::Type& type,
    const char* what, diag::Diagnostics& diags) {
  absl::StatusOr<cty::Value> value = DecodeDynamicValue(wire, type);
  if (!value.ok()) {
    diags.AddStatus(value.status(), what);
    return std::nullopt;
  }
  return *std::move(value);
}

void ProviderService::Encode(const cty::Value& value, const cty::Type& type,
                             const char* what, tfplugin6::DynamicValue& out,
                             diag::Diagnostics& diags) {
  if (absl::Status s = EncodeDynamicValue(value, type, out); !s.ok()) {
    diags.AddStatus(s, what);
  }
}

std::unique_ptr<grpc::Service> NewProviderService(
    provider::Provider& provider, const logging::Logger& logger) {
  return std::make_unique<ProviderService>(provider, logger);
}

}  // namespace threatmodel::adapter
