// Data-source RPCs: validate and read.
#include "adapter/provider_service_internal.h"
#include "adapter/to_proto.h"

namespace threatmodel::adapter {
namespace {

void AddUnknownDataSource(const std::string& name, diag::Diagnostics& diags) {
  diags.AddError(
      "Unknown data source type",
      absl::StrCat("This provider has no data source named \"", name, "\"."));
}

}  // namespace

using Status = ProviderService::Status;

Status ProviderService::ValidateDataResourceConfig(
    Context*, const tfplugin6::ValidateDataResourceConfig::Request* req,
    tfplugin6::ValidateDataResourceConfig::Response* resp) {
  return Guard("ValidateDataResourceConfig", [&] {
    diag::Diagnostics diags;
    if (const provider::DataSource* ds =
            provider_.FindDataSource(req->type_name())) {
      if (auto config = Decode(
              req->config(), provider::ImpliedType(ds->GetSchema().block),
              "Invalid data source configuration value", diags)) {
        diags.Append(
            provider_.ValidateDataResourceConfig(req->type_name(), *config));
      }
    } else {
      AddUnknownDataSource(req->type_name(), diags);
    }
    Diagnostics(diags, *resp->mutable_diagnostics());
  });
}

Status ProviderService::ReadDataSource(
    Context*, const tfplugin6::ReadDataSource::Request* req,
    tfplugin6::ReadDataSource::Response* resp) {
  return Guard("ReadDataSource", [&] {
    diag::Diagnostics diags;
    if (const provider::DataSource* ds =
            provider_.FindDataSource(req->type_name())) {
      const cty::Type type = provider::ImpliedType(ds->GetSchema().block);
      if (auto config =
              Decode(req->config(), type,
                     "Invalid data source configuration value", diags)) {
        provider::ReadDataSourceResult result =
            provider_.ReadDataSource(req->type_name(), *config);
        diags.Append(result.diagnostics);
        Encode(result.state, type, "Provider produced an invalid state",
               *resp->mutable_state(), diags);
      }
    } else {
      AddUnknownDataSource(req->type_name(), diags);
    }
    Diagnostics(diags, *resp->mutable_diagnostics());
  });
}

}  // namespace threatmodel::adapter
