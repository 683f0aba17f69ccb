#include "threatmodel/adapter/provider_service.h"

#include <exception>

#include "absl/strings/str_cat.h"
#include "adapter/dynamic_value.h"
#include "adapter/to_proto.h"
#include "tfplugin/tfplugin6.grpc.pb.h"

namespace threatmodel::adapter {
namespace {

using grpc::ServerContext;
using grpc::Status;

class ProviderService final : public tfplugin6::Provider::Service {
 public:
  ProviderService(provider::Provider& provider, const logging::Logger& logger)
      : provider_(provider), log_(logger) {}

  Status GetMetadata(ServerContext*, const tfplugin6::GetMetadataMsg::Request*,
                     tfplugin6::GetMetadataMsg::Response* resp) override {
    return Guard("GetMetadata", [&] {
      Capabilities(*resp->mutable_server_capabilities());
      for (const auto& [name, ds] : provider_.data_sources()) {
        resp->add_data_sources()->set_type_name(name);
      }
    });
  }

  Status GetProviderSchema(
      ServerContext*, const tfplugin6::GetProviderSchema::Request*,
      tfplugin6::GetProviderSchema::Response* resp) override {
    return Guard("GetProviderSchema", [&] {
      Schema(provider_.provider_schema(), *resp->mutable_provider());
      for (const auto& [name, ds] : provider_.data_sources()) {
        Schema(ds->GetSchema(), (*resp->mutable_data_source_schemas())[name]);
      }
      Capabilities(*resp->mutable_server_capabilities());
    });
  }

  Status GetResourceIdentitySchemas(
      ServerContext*, const tfplugin6::GetResourceIdentitySchemas::Request*,
      tfplugin6::GetResourceIdentitySchemas::Response*) override {
    // No managed resources, so no identities: an empty map.
    return Guard("GetResourceIdentitySchemas", [] {});
  }

  Status GetFunctions(ServerContext*, const tfplugin6::GetFunctions::Request*,
                      tfplugin6::GetFunctions::Response*) override {
    return Guard("GetFunctions", [] {});
  }

  Status ValidateProviderConfig(
      ServerContext*, const tfplugin6::ValidateProviderConfig::Request* req,
      tfplugin6::ValidateProviderConfig::Response* resp) override {
    return Guard("ValidateProviderConfig", [&] {
      diag::Diagnostics diags;
      if (auto config = DecodeProviderConfig(req->config(), diags)) {
        diags.Append(provider_.ValidateProviderConfig(*config));
      }
      Diagnostics(diags, *resp->mutable_diagnostics());
    });
  }

  Status ConfigureProvider(
      ServerContext*, const tfplugin6::ConfigureProvider::Request* req,
      tfplugin6::ConfigureProvider::Response* resp) override {
    return Guard("ConfigureProvider", [&] {
      diag::Diagnostics diags;
      if (auto config = DecodeProviderConfig(req->config(), diags)) {
        diags.Append(
            provider_.ConfigureProvider(*config, req->terraform_version()));
      }
      Diagnostics(diags, *resp->mutable_diagnostics());
    });
  }

  Status ValidateDataResourceConfig(
      ServerContext*, const tfplugin6::ValidateDataResourceConfig::Request* req,
      tfplugin6::ValidateDataResourceConfig::Response* resp) override {
    return Guard("ValidateDataResourceConfig", [&] {
      diag::Diagnostics diags;
      if (auto config =
              DecodeDataSourceConfig(req->type_name(), req->config(), diags)) {
        diags.Append(
            provider_.ValidateDataResourceConfig(req->type_name(), *config));
      }
      Diagnostics(diags, *resp->mutable_diagnostics());
    });
  }

  Status ReadDataSource(ServerContext*,
                        const tfplugin6::ReadDataSource::Request* req,
                        tfplugin6::ReadDataSource::Response* resp) override {
    return Guard("ReadDataSource", [&] {
      diag::Diagnostics diags;
      if (auto config =
              DecodeDataSourceConfig(req->type_name(), req->config(), diags)) {
        provider::ReadDataSourceResult result =
            provider_.ReadDataSource(req->type_name(), *config);
        diags.Append(result.diagnostics);
        const provider::DataSource* ds =
            provider_.FindDataSource(req->type_name());
        const cty::Type type = provider::ImpliedType(ds->GetSchema().block);
        if (absl::Status s =
                EncodeDynamicValue(result.state, type, *resp->mutable_state());
            !s.ok()) {
          diags.AddStatus(s, "Provider produced an invalid state");
        }
      }
      Diagnostics(diags, *resp->mutable_diagnostics());
    });
  }

  Status StopProvider(ServerContext*, const tfplugin6::StopProvider::Request*,
                      tfplugin6::StopProvider::Response*) override {
    return Guard("StopProvider", [&] { provider_.Stop(); });
  }

 private:
  static void Capabilities(tfplugin6::ServerCapabilities& out) {
    // The schema never changes within a release, so Terraform may cache it
    // and skip GetProviderSchema in later processes.
    out.set_get_provider_schema_optional(true);
  }

  std::optional<cty::Value> DecodeProviderConfig(
      const tfplugin6::DynamicValue& wire, diag::Diagnostics& diags) const {
    absl::StatusOr<cty::Value> config = DecodeDynamicValue(
        wire, provider::ImpliedType(provider_.provider_schema().block));
    if (!config.ok()) {
      diags.AddStatus(config.status(), "Invalid provider configuration value");
      return std::nullopt;
    }
    return *std::move(config);
  }

  std::optional<cty::Value> DecodeDataSourceConfig(
      const std::string& type_name, const tfplugin6::DynamicValue& wire,
      diag::Diagnostics& diags) const {
    const provider::DataSource* ds = provider_.FindDataSource(type_name);
    if (ds == nullptr) {
      diags.AddError("Unknown data source type",
                     absl::StrCat("This provider has no data source named \"",
                                  type_name, "\"."));
      return std::nullopt;
    }
    absl::StatusOr<cty::Value> config =
        DecodeDynamicValue(wire, provider::ImpliedType(ds->GetSchema().block));
    if (!config.ok()) {
      diags.AddStatus(config.status(),
                      "Invalid data source configuration value");
      return std::nullopt;
    }
    return *std::move(config);
  }

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

}  // namespace

std::unique_ptr<grpc::Service> NewProviderService(
    provider::Provider& provider, const logging::Logger& logger) {
  return std::make_unique<ProviderService>(provider, logger);
}

}  // namespace threatmodel::adapter
