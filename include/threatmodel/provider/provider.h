// File: provider.h
//
// The provider core: what Terraform's data-source RPCs mean, in terms of
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
#include "threatmodel/provider/schema.h"

namespace threatmodel::provider {

struct ProviderDefinition {
  std::string type_name;  // "threatmodel"
  Schema provider_schema;
  std::vector<std::unique_ptr<DataSource>> data_sources;
  // Static checks of the provider block; values may be unknown.
  std::function<void(const cty::Value&, diag::Diagnostics&)> validate_config;
};

struct ReadDataSourceResult {
  cty::Value state;
  diag::Diagnostics diagnostics;
};

class Provider {
 public:
  explicit Provider(ProviderDefinition definition);

  [[nodiscard]] std::string_view type_name() const { return type_name_; }
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

  [[nodiscard]] diag::Diagnostics ValidateProviderConfig(
      const cty::Value& config) const;
  [[nodiscard]] diag::Diagnostics ConfigureProvider(
      const cty::Value& config, std::string terraform_version);
  [[nodiscard]] diag::Diagnostics ValidateDataResourceConfig(
      std::string_view type_name, const cty::Value& config) const;
  [[nodiscard]] ReadDataSourceResult ReadDataSource(
      std::string_view type_name, const cty::Value& config) const;

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

  std::string type_name_;
  Schema provider_schema_;
  std::map<std::string, std::unique_ptr<DataSource>, std::less<>> data_sources_;
  std::function<void(const cty::Value&, diag::Diagnostics&)> validate_config_;

  mutable std::mutex mu_;
  std::shared_ptr<const Configuration> configuration_;  // Guarded by mu_.
  std::shared_ptr<std::atomic<bool>> stop_flag_;        // Guarded by mu_.
};

}  // namespace threatmodel::provider

#endif  // THREATMODEL_PROVIDER_PROVIDER_H_
