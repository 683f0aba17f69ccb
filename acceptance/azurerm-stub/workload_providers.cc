#include "acceptance/azurerm-stub/workload_providers.h"

#include <utility>
#include <vector>

#include "acceptance/azurerm-stub/stub_resource.h"
#include "acceptance/azurerm-stub/workload_types.h"

namespace threatmodel::azurerm_stub {
namespace {

// The connection settings both real providers take (kubernetes'
// provider block; helm's `kubernetes` block), all optional strings.
void AddConnection(provider::Block& block) {
  for (const char* name : {"host", "config_path", "config_context",
                           "cluster_ca_certificate", "client_certificate"}) {
    block.attributes.push_back(
        provider::OptionalAttribute(name, cty::Type::String(), ""));
  }
  for (const char* name : {"token", "client_key"}) {
    provider::Attribute a =
        provider::OptionalAttribute(name, cty::Type::String(), "");
    a.sensitive = true;
    block.attributes.push_back(std::move(a));
  }
}

std::unique_ptr<provider::Provider> Assemble(provider::ProviderDefinition def,
                                             std::vector<StubType> types) {
  def.legacy_type_system = true;
  for (StubType& type : types) {
    def.resources.push_back(NewStubResource(std::move(type)));
  }
  return std::make_unique<provider::Provider>(std::move(def));
}

}  // namespace

std::unique_ptr<provider::Provider> NewHelmStubProvider() {
  provider::ProviderDefinition def;
  def.type_name = "helm";
  provider::Block& block = def.provider_schema.block;
  block.description =
      "Test-only stand-in for hashicorp/helm v2: plans and applies with fake "
      "values, never installs a chart.";
  provider::NestedBlock kubernetes;
  kubernetes.type_name = "kubernetes";
  kubernetes.nesting = provider::NestingMode::kList;
  kubernetes.max_items = 1;
  AddConnection(kubernetes.block);
  block.block_types.push_back(std::move(kubernetes));
  return Assemble(std::move(def), HelmTypes());
}

std::unique_ptr<provider::Provider> NewKubernetesStubProvider() {
  provider::ProviderDefinition def;
  def.type_name = "kubernetes";
  provider::Block& block = def.provider_schema.block;
  block.description =
      "Test-only stand-in for hashicorp/kubernetes v2: plans and applies with "
      "fake values, never calls a cluster.";
  AddConnection(block);
  return Assemble(std::move(def), KubernetesTypes());
}

}  // namespace threatmodel::azurerm_stub
