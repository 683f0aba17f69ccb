#include "threatmodel/datasources/threatmodel_provider.h"

#include "threatmodel/datasources/version_data_source.h"

namespace threatmodel::datasources {

std::unique_ptr<provider::Provider> NewThreatmodelProvider() {
  provider::ProviderDefinition def;
  def.type_name = "threatmodel";
  def.provider_schema.block.description =
      "Turns the STRIDE threat model of an Azure GPU robotics platform into "
      "checks that fail `terraform plan`.";
  def.data_sources.push_back(NewVersionDataSource());
  return std::make_unique<provider::Provider>(std::move(def));
}

}  // namespace threatmodel::datasources
