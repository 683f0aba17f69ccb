// The tfplugin6.Provider service class, shared by the files that define its
// RPC groups: provider_service.cc (metadata, schema, provider block, stop),
// data_source_rpcs.cc, resource_rpcs.cc and function_rpcs.cc. Every handler
// runs its body through Guard and decodes values against the schema it found by
// one lookup of the request's type name.
#ifndef THREATMODEL_ADAPTER_PROVIDER_SERVICE_INTERNAL_H_
#define THREATMODEL_ADAPTER_PROVIDER_SERVICE_INTERNAL_H_

#include <exception>
#include <optional>

#include "absl/strings/str_cat.h"
#include "tfplugin/tfplugin6.grpc.pb.h"
#include "threatmodel/logging/logger.h"
#include "threatmodel/provider/provider.h"

namespace threatmodel::adapter {

class ProviderService final : public tfplugin6::Provider::Service {
 public:
  using Context = grpc::ServerContext;
  using Status = grpc::Status;

  ProviderService(provider::Provider& provider, const logging::Logger& logger)
      : provider_(provider), log_(logger) {}

  // provider_service.cc
  Status GetMetadata(Context*, const tfplugin6::GetMetadataMsg::Request*,
                     tfplugin6::GetMetadataMsg::Response*) override;
  Status GetProviderSchema(Context*,
                           const tfplugin6::GetProviderSchema::Request*,
                           tfplugin6::GetProviderSchema::Response*) override;
  Status GetResourceIdentitySchemas(
      Context*, const tfplugin6::GetResourceIdentitySchemas::Request*,
      tfplugin6::GetResourceIdentitySchemas::Response*) override;
  Status ValidateProviderConfig(
      Context*, const tfplugin6::ValidateProviderConfig::Request*,
      tfplugin6::ValidateProviderConfig::Response*) override;
  Status ConfigureProvider(Context*,
                           const tfplugin6::ConfigureProvider::Request*,
                           tfplugin6::ConfigureProvider::Response*) override;
  Status StopProvider(Context*, const tfplugin6::StopProvider::Request*,
                      tfplugin6::StopProvider::Response*) override;

  // function_rpcs.cc
  Status GetFunctions(Context*, const tfplugin6::GetFunctions::Request*,
                      tfplugin6::GetFunctions::Response*) override;
  Status CallFunction(Context*, const tfplugin6::CallFunction::Request*,
                      tfplugin6::CallFunction::Response*) override;

  // data_source_rpcs.cc
  Status ValidateDataResourceConfig(
      Context*, const tfplugin6::ValidateDataResourceConfig::Request*,
      tfplugin6::ValidateDataResourceConfig::Response*) override;
  Status ReadDataSource(Context*, const tfplugin6::ReadDataSource::Request*,
                        tfplugin6::ReadDataSource::Response*) override;

  // resource_rpcs.cc
  Status ValidateResourceConfig(
      Context*, const tfplugin6::ValidateResourceConfig::Request*,
      tfplugin6::ValidateResourceConfig::Response*) override;
  Status UpgradeResourceState(
      Context*, const tfplugin6::UpgradeResourceState::Request*,
      tfplugin6::UpgradeResourceState::Response*) override;
  Status ReadResource(Context*, const tfplugin6::ReadResource::Request*,
                      tfplugin6::ReadResource::Response*) override;
  Status PlanResourceChange(Context*,
                            const tfplugin6::PlanResourceChange::Request*,
                            tfplugin6::PlanResourceChange::Response*) override;
  Status ApplyResourceChange(
      Context*, const tfplugin6::ApplyResourceChange::Request*,
      tfplugin6::ApplyResourceChange::Response*) override;
  Status ImportResourceState(
      Context*, const tfplugin6::ImportResourceState::Request*,
      tfplugin6::ImportResourceState::Response*) override;

 private:
  static void Capabilities(tfplugin6::ServerCapabilities& out);

  // Decodes `wire` against `type`; on failure adds an error titled `what`.
  static std::optional<cty::Value> Decode(const tfplugin6::DynamicValue& wire,
                                          const cty::Type& type,
                                          const char* what,
                                          diag::Diagnostics& diags);
  // Encodes `value`; on failure adds an error titled `what`.
  static void Encode(const cty::Value& value, const cty::Type& type,
                     const char* what, tfplugin6::DynamicValue& out,
                     diag::Diagnostics& diags);

  // Runs a handler body; an exception that escapes it becomes INTERNAL
  // rather than taking the process (and Terraform's plan) down.
  template <typename Body>
  Status Guard(const char* rpc, Body&& body) const {
    log_.Trace("received request", {{"tf_rpc", rpc}});
    try {
      body();
    } catch (const std::exception& e) {
      log_.Error("request failed", {{"tf_rpc", rpc}, {"error", e.what()}});
      return Status(grpc::StatusCode::INTERNAL,
                    absl::StrCat(rpc, ": internal error"));
    } catch (...) {
      log_.Error("request failed", {{"tf_rpc", rpc}});
      return Status(grpc::StatusCode::INTERNAL,
                    absl::StrCat(rpc, ": internal error"));
    }
    log_.Trace("served request", {{"tf_rpc", rpc}});
    return Status::OK;
  }

  provider::Provider& provider_;
  const logging::Logger& log_;
};

}  // namespace threatmodel::adapter

#endif  // THREATMODEL_ADAPTER_PROVIDER_SERVICE_INTERNAL_H_
