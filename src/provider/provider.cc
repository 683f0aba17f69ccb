#include "threatmodel/provider/provider.h"

#include "absl/strings/str_cat.h"
#include "provider/provider_internal.h"

namespace threatmodel::provider {

void MakeAddressable(const Block& block, diag::Diagnostics& diags) {
  diag::Diagnostics trimmed;
  for (diag::Diagnostic d : diags.items()) {
    if (d.attribute.has_value()) {
      d.attribute = AddressablePath(block, *d.attribute);
      if (d.attribute->empty()) d.attribute.reset();
    }
    trimmed.Add(std::move(d));
  }
  diags = std::move(trimmed);
}

namespace {

void AddUnknownDataSource(std::string_view name, diag::Diagnostics& diags) {
  diags.AddError("Unknown data source type",
                 absl::StrCat("This provider has no data source named \"",
                              std::string(name), "\"."));
}

}  // namespace

Provider::Provider(ProviderDefinition definition)
    : type_name_(std::move(definition.type_name)),
      legacy_type_system_(definition.legacy_type_system),
      provider_schema_(std::move(definition.provider_schema)),
      validate_config_(std::move(definition.validate_config)),
      stop_flag_(std::make_shared<std::atomic<bool>>(false)) {
  for (std::unique_ptr<DataSource>& ds : definition.data_sources) {
    std::string name(ds->TypeName());
    data_sources_.emplace(std::move(name), std::move(ds));
  }
  for (std::unique_ptr<ManagedResource>& r : definition.resources) {
    std::string name(r->TypeName());
    resources_.emplace(std::move(name), std::move(r));
  }
  for (std::unique_ptr<Function>& f : definition.functions) {
    std::string name(f->Name());
    functions_.emplace(std::move(name), std::move(f));
  }
  configuration_ = std::make_shared<const Configuration>(
      Configuration{cty::Value::Null(ImpliedType(provider_schema_.block)), ""});
}

const DataSource* Provider::FindDataSource(std::string_view name) const {
  auto it = data_sources_.find(name);
  return it == data_sources_.end() ? nullptr : it->second.get();
}

diag::Diagnostics Provider::ValidateProviderConfig(
    const cty::Value& config) const {
  diag::Diagnostics diags;
  if (validate_config_) validate_config_(config, diags);
  MakeAddressable(provider_schema_.block, diags);
  return diags;
}

diag::Diagnostics Provider::ConfigureProvider(const cty::Value& config,
                                              std::string terraform_version) {
  diag::Diagnostics diags = ValidateProviderConfig(config);
  if (diags.HasError()) return diags;
  auto next = std::make_shared<const Configuration>(
      Configuration{config, std::move(terraform_version)});
  std::lock_guard<std::mutex> lock(mu_);
  configuration_ = std::move(next);
  return diags;
}

diag::Diagnostics Provider::ValidateDataResourceConfig(
    std::string_view type_name, const cty::Value& config) const {
  diag::Diagnostics diags;
  const DataSource* ds = FindDataSource(type_name);
  if (ds == nullptr) {
    AddUnknownDataSource(type_name, diags);
    return diags;
  }
  ds->Validate(config, diags);
  MakeAddressable(ds->GetSchema().block, diags);
  return diags;
}

ReadDataSourceResult Provider::ReadDataSource(std::string_view type_name,
                                              const cty::Value& config) const {
  ReadDataSourceResult result;
  const DataSource* ds = FindDataSource(type_name);
  if (ds == nullptr) {
    AddUnknownDataSource(type_name, result.diagnostics);
    return result;
  }
  const cty::Type state_type = ImpliedType(ds->GetSchema().block);
  result.state = cty::Value::Null(state_type);

  // Terraform re-validates before every read; doing it here as well keeps
  // Read free of shape checks.
  ds->Validate(config, result.diagnostics);
  if (result.diagnostics.HasError()) {
    MakeAddressable(ds->GetSchema().block, result.diagnostics);
    return result;
  }
  if (!config.IsWhollyKnown()) {
    result.diagnostics.AddError(
        "Configuration not known",
        "Terraform asked to read this data source before its configuration "
        "was known. This is a bug in Terraform or in the request.");
    return result;
  }

  if (config.IsNull()) {
    // Terraform always sends the block as an object; a null one can only
    // come from a broken client, and data sources may rely on the object.
    result.diagnostics.AddError(
        "Configuration missing",
        "The request carried a null configuration instead of the data "
        "source's block.");
    return result;
  }

  std::shared_ptr<std::atomic<bool>> stop;
  std::shared_ptr<const Configuration> configuration;
  const RequestContext context =
      Context(ClientCapabilities{}, configuration, stop);
  ds->Read(context, config, result.state, result.diagnostics);
  if (stop->load()) {
    result.diagnostics.AddError("Provider stopped",
                                "The read was cancelled by StopProvider.");
  }
  MakeAddressable(ds->GetSchema().block, result.diagnostics);
  if (!result.diagnostics.HasError() &&
      (!result.state.IsWhollyKnown() || result.state.IsNull())) {
    // Terraform rejects such a state with a less helpful message.
    result.diagnostics.AddError(
        "Provider produced an incomplete result",
        absl::StrCat("The ", std::string(type_name),
                     " data source returned a null or partly unknown state. "
                     "This is a bug in the provider."));
  }
  return result;
}

void Provider::Stop() {
  std::lock_guard<std::mutex> lock(mu_);
  stop_flag_->store(true);
  stop_flag_ = std::make_shared<std::atomic<bool>>(false);
}

std::shared_ptr<const Provider::Configuration> Provider::CurrentConfiguration()
    const {
  std::lock_guard<std::mutex> lock(mu_);
  return configuration_;
}

RequestContext Provider::Context(
    const ClientCapabilities& capabilities,
    std::shared_ptr<const Configuration>& configuration,
    std::shared_ptr<std::atomic<bool>>& stop) const {
  stop = CurrentStopFlag();
  configuration = CurrentConfiguration();
  RequestContext context;
  context.provider_config = configuration->config;
  context.terraform_version = configuration->terraform_version;
  context.capabilities = capabilities;
  context.stopped = stop.get();
  return context;
}

std::shared_ptr<std::atomic<bool>> Provider::CurrentStopFlag() const {
  std::lock_guard<std::mutex> lock(mu_);
  return stop_flag_;
}

}  // namespace threatmodel::provider
