// File: provider.h
//
// The provider core: what Terraform's RPCs mean, in terms of
// cty values and diagnostics, with no protobuf or gRPC in sight. The
// protocol adapter (src/tfplugin) decodes wire values against the schemas
// found here, calls these methods and encodes the results.
//
// Thread-safety: every method may be called concurrently; Terraform issues
// RPCs in parallel. ConfigureProvider may arrive more than once (debug mode
// serves many runs from one process); the last configuration wins.
#ifndef THREATMODEL_PROVIDER_PROVIDER_H_
#define THREATMODEL_PROVIDER_PROVIDER_H_

#include <atomic>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <vector>

#include "threatmodel/cty/value.h"
#include "threatmodel/diag/diagnostics.h"
#include "threatmodel/provider/data_source.h"
#include "threatmodel/provider/function.h"
#include "threatmodel/provider/managed_resource.h"
#include "threatmodel/provider/schema.h"

namespace threatmodel::provider {

struct ProviderDefinition {
  std::string type_name;  // "threatmodel"
  Schema provider_schema;
  std::vector<std::unique_ptr<DataSource>> data_sources;
  std::vector<std::unique_ptr<ManagedResource>> resources;
  std::vector<std::unique_ptr<Function>> functions;
  // Static checks of the provider block; values may be unknown.
  std::function<void(const cty::Value&, diag::Diagnostics&)> validate_config;
  // Declares the legacy type system on every planned and applied state, as
  // Plugin SDK v2 providers do: Terraform then only logs plans and applied
  // states that break its consistency rules instead of failing. Only for
  // test doubles of SDKv2 providers (acceptance/azurerm-stub); our own
  // provider keeps Terraform's checks.
  bool legacy_type_system = false;
};

struct ReadDataSourceResult {
  cty::Value state;
  diag::Diagnostics diagnostics;
};

struct PlanResourceChangeResult {
  cty::Value planned_state;
  std::vector<cty::Path> requires_replace;
  diag::Diagnostics diagnostics;
};

// The answer of Apply, Read, Import and UpgradeState: one state.
struct ResourceStateResult {
  cty::Value state;
  diag::Diagnostics diagnostics;
};

class Provider {
 public:
  explicit Provider(ProviderDefinition definition);

  [[nodiscard]] std::string_view type_name() const { return type_name_; }
  [[nodiscard]] bool legacy_type_system() const { return legacy_type_system_; }
  [[nodiscard]] const Schema& provider_schema() const {
    return provider_schema_;
  }
  // Data sources in name order.
  [[nodiscard]] const std::map<std::string, std::unique_ptr<DataSource>,
                               std::less<>>&
  data_sources() const {
    return data_sources_;
  }
  // nullptr for an unknown type name.
  [[nodiscard]] const DataSource* FindDataSource(std::string_view name) const;
  // Managed resource types in name order.
  [[nodiscard]] const std::map<std::string, std::unique_ptr<ManagedResource>,
                               std::less<>>&
  resources() const {
    return resources_;
  }
  // nullptr for an unknown type name.
  [[nodiscard]] const ManagedResource* FindResource(
      std::string_view name) const;

  // Functions in name order.
  [[nodiscard]] const std::map<std::string, std::unique_ptr<Function>,
                               std::less<>>&
  functions() const {
    return functions_;
  }

  [[nodiscard]] diag::Diagnostics ValidateProviderConfig(
      const cty::Value& config) const;
  [[nodiscard]] diag::Diagnostics ConfigureProvider(
      const cty::Value& config, std::string terraform_version);
  [[nodiscard]] diag::Diagnostics ValidateDataResourceConfig(
      std::string_view type_name, const cty::Value& config) const;
  [[nodiscard]] ReadDataSourceResult ReadDataSource(
      std::string_view type_name, const cty::Value& config) const;

  // Managed resources (provider_resources.cc). Every method answers an
  // unknown type name with an error diagnostic.
  [[nodiscard]] diag::Diagnostics ValidateResourceConfig(
      std::string_view type_name, const cty::Value& config,
      const ClientCapabilities& capabilities) const;
  // `json` is the stored state as Terraform keeps it, under schema
  // `version`.
  [[nodiscard]] ResourceStateResult UpgradeResourceState(
      std::string_view type_name, int64_t version, std::string_view json) const;
  [[nodiscard]] ResourceStateResult ReadResource(
      std::string_view type_name, const cty::Value& state,
      const ClientCapabilities& capabilities) const;
  // A null proposed new state is a destroy plan: planned null, no call.
  [[nodiscard]] PlanResourceChangeResult PlanResourceChange(
      std::string_view type_name, const PlanRequest& request,
      const ClientCapabilities& capabilities) const;
  // A null planned state deletes.
  [[nodiscard]] ResourceStateResult ApplyResourceChange(
      std::string_view type_name, const ApplyRequest& request,
      const ClientCapabilities& capabilities) const;
  [[nodiscard]] ResourceStateResult ImportResourceState(
      std::string_view type_name, std::string_view id,
      const ClientCapabilities& capabilities) const;

  // Functions (provider_functions.cc). Checks the arguments against the
  // signature (see function.h); an unknown name or a wrong argument is a
  // FunctionError, never an exception.
  [[nodiscard]] FunctionResult CallFunction(
      std::string_view name, const std::vector<cty::Value>& arguments) const;

  // Asks in-flight reads to stop. Reads that start afterwards run normally:
  // Terraform may reuse the process (debug mode) after an interrupt.
  void Stop();

 private:
  struct Configuration {
    cty::Value config;
    std::string terraform_version;
  };
  [[nodiscard]] std::shared_ptr<const Configuration> CurrentConfiguration()
      const;
  [[nodiscard]] std::shared_ptr<std::atomic<bool>> CurrentStopFlag() const;
  // The context of one request; `stop` keeps the flag alive meanwhile.
  [[nodiscard]] RequestContext Context(
      const ClientCapabilities& capabilities,
      std::shared_ptr<const Configuration>& configuration,
      std::shared_ptr<std::atomic<bool>>& stop) const;

  std::string type_name_;
  bool legacy_type_system_;
  Schema provider_schema_;
  std::map<std::string, std::unique_ptr<DataSource>, std::less<>> data_sources_;
  std::map<std::string, std::unique_ptr<ManagedResource>, std::less<>>
      resources_;
  std::map<std::string, std::unique_ptr<Function>, std::less<>> functions_;
  std::function<void(const cty::Value&, diag::Diagnostics&)> validate_config_;

  mutable std::mutex mu_;
  std::shared_ptr<const Configuration> configuration_;  // Guarded by mu_.
  std::shared_ptr<std::atomic<bool>> stop_flag_;        // Guarded by mu_.
};

}  // namespace threatmodel::provider

#endif  // THREATMODEL_PROVIDER_PROVIDER_H_
