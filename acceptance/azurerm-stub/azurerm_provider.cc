#include "acceptance/azurerm-stub/azurerm_provider.h"

#include <utility>

#include "acceptance/azurerm-stub/azurerm_types.h"
#include "acceptance/azurerm-stub/stub_resource.h"

namespace threatmodel::azurerm_stub {

std::unique_ptr<provider::Provider> NewAzurermStubProvider() {
  provider::ProviderDefinition def;
  def.type_name = "azurerm";
  def.legacy_type_system = true;
  provider::Block& block = def.provider_schema.block;
  block.description =
      "Test-only stand-in for hashicorp/azurerm v4: plans and applies with "
      "fake values, never calls Azure.";
  for (const char* name : {"subscription_id", "tenant_id", "client_id",
                           "environment", "resource_provider_registrations"}) {
    block.attributes.push_back(
        provider::OptionalAttribute(name, cty::Type::String(), ""));
  }
  // Rules read storage_use_azuread from the plan's provider_config.
  for (const char* name :
       {"storage_use_azuread", "use_cli", "use_msi", "use_oidc"}) {
    block.attributes.push_back(
        provider::OptionalAttribute(name, cty::Type::Bool(), ""));
  }
  provider::NestedBlock features;
  features.type_name = "features";
  features.nesting = provider::NestingMode::kList;
  features.max_items = 1;
  block.block_types.push_back(std::move(features));
  for (StubType& type : AzurermTypes()) {
    def.resources.push_back(NewStubResource(std::move(type)));
  }
  return std::make_unique<provider::Provider>(std::move(def));
}

}  // namespace threatmodel::azurerm_stub
