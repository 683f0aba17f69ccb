// The azurerm v4 types the reference-architecture platform plans need
// beyond the gate's (acceptance/terraform/testdata/platform). Same
// conventions as azurerm_types.cc: each entry follows the v4.81.0 source,
// cut down to the attributes the rules read plus the ones a platform
// configuration sets.
#include <string>
#include <utility>
#include <vector>

#include "acceptance/azurerm-stub/azurerm_type_parts.h"
#include "acceptance/azurerm-stub/azurerm_types.h"

namespace threatmodel::azurerm_stub {
namespace {

using cty::Type;
using cty::Value;

// internal/services/managedredis: public_network_access is a string enum
// ("Enabled" default) and the keys live in default_database.
StubType ManagedRedis() {
  return {
      "azurerm_managed_redis",
      {{Id(InGroup("Microsoft.Cache/redisEnterprise/{name}")), Name(),
        Location(), ResourceGroupName(), Required("sku_name", String()),
        ForceNew(Defaulted("high_availability_enabled", Value::Bool(true))),
        Defaulted("public_network_access", Value::String("Enabled")),
        Computed("hostname", String(), "{name}.{location}.redis.azure.net"),
        Tags()},
       {ListBlock("default_database", 1,
                  {{Defaulted("access_keys_authentication_enabled",
                              Value::Bool(false)),
                    Defaulted("client_protocol", Value::String("Encrypted")),
                    ForceNew(Defaulted("clustering_policy",
                                       Value::String("OSSCluster"))),
                    ForceNew(Defaulted("eviction_policy",
                                       Value::String("VolatileLRU"))),
                    FakeValue(Computed("port", Number()), Value::Int(10000)),
                    Secret("primary_access_key", "stub-redis-key-{uuid}"),
                    Secret("secondary_access_key", "stub-redis-key2-{uuid}")}}),
        Identity()}}};
}

StubType KeyVaultSecret() {
  return {"azurerm_key_vault_secret",
          {{Id("https://stub.vault.azure.net/secrets/{name}/{uuid}"), Name(),
            ForceNew(Required("key_vault_id", String())),
            Sensitive(Optional("value", String())),
            WriteOnly(Optional("value_wo", String())),
            Optional("value_wo_version", Number()),
            Optional("content_type", String()),
            Optional("expiration_date", String()),
            Optional("not_before_date", String()),
            Computed("version", String(), "{uuid}"),
            Computed("versionless_id", String(),
                     "https://stub.vault.azure.net/secrets/{name}"),
            Tags()}}};
}

StubType PostgresqlFlexibleServerFirewallRule() {
  return {"azurerm_postgresql_flexible_server_firewall_rule",
          {{Id("{server_id}/firewallRules/{name}"), Name(),
            ForceNew(Required("server_id", String())),
            Required("start_ip_address", String()),
            Required("end_ip_address", String())}}};
}

StubType KubernetesClusterExtension() {
  return {
      "azurerm_kubernetes_cluster_extension",
      {{Id("{cluster_id}/providers/Microsoft.KubernetesConfiguration/"
           "extensions/{name}"),
        Name(), ForceNew(Required("cluster_id", String())),
        ForceNew(Required("extension_type", String())),
        Optional("release_train", String()),
        FakeString(ForceNew(OptionalComputed("release_namespace", String())),
                   "azureml"),
        FakeString(ForceNew(OptionalComputed("target_namespace", String())),
                   ""),
        Optional("configuration_settings", StringMap()),
        Sensitive(Optional("configuration_protected_settings", StringMap())),
        Optional("version", String()),
        FakeString(Computed("current_version", String()), "1.1.0")}}};
}

StubType KubernetesClusterNodePool() {
  return {"azurerm_kubernetes_cluster_node_pool",
          {{Id("{kubernetes_cluster_id}/agentPools/{name}"), Name(),
            ForceNew(Required("kubernetes_cluster_id", String())),
            Required("vm_size", String()),
            FakeValue(OptionalComputed("node_count", Number()), Value::Int(1)),
            Optional("auto_scaling_enabled", Bool()),
            Optional("min_count", Number()), Optional("max_count", Number()),
            ForceNew(Optional("vnet_subnet_id", String())),
            ForceNew(Optional("pod_subnet_id", String())),
            Defaulted("mode", Value::String("User")),
            ForceNew(Defaulted("priority", Value::String("Regular"))),
            ForceNew(Optional("eviction_policy", String())),
            ForceNew(Optional("gpu_driver", String())),
            Optional("node_labels", StringMap()),
            Optional("node_taints", StringList()), Tags()}}};
}

// Inline routes are a list of objects (SchemaConfigModeAttr), as SDKv2
// presents them.
StubType RouteTable() {
  const Type route = Type::Object({{"name", String()},
                                   {"address_prefix", String()},
                                   {"next_hop_type", String()},
                                   {"next_hop_in_ip_address", String()}});
  return {"azurerm_route_table",
          {{Id(InGroup("Microsoft.Network/routeTables/{name}")), Name(),
            Location(), ResourceGroupName(),
            Defaulted("bgp_route_propagation_enabled", Value::Bool(true)),
            OptionalComputed("route", Type::List(route)),
            Computed("subnets", StringSet()), Tags()}}};
}

StubType SubnetRouteTableAssociation() {
  return {"azurerm_subnet_route_table_association",
          {{Id("{subnet_id}"), ForceNew(Required("subnet_id", String())),
            Required("route_table_id", String())}}};
}

StubType NetworkSecurityRule() {
  return {"azurerm_network_security_rule",
          {{Id(InGroup("Microsoft.Network/networkSecurityGroups/"
                       "{network_security_group_name}/securityRules/{name}")),
            Name(), ResourceGroupName(),
            ForceNew(Required("network_security_group_name", String())),
            Optional("description", String()), Required("protocol", String()),
            Optional("source_port_range", String()),
            Optional("source_port_ranges", StringSet()),
            Optional("destination_port_range", String()),
            Optional("destination_port_ranges", StringSet()),
            Optional("source_address_prefix", String()),
            Optional("source_address_prefixes", StringSet()),
            Optional("destination_address_prefix", String()),
            Optional("destination_address_prefixes", StringSet()),
            Required("access", String()), Required("priority", Number()),
            Required("direction", String())}}};
}

StubType Firewall() {
  return {
      "azurerm_firewall",
      {{Id(InGroup("Microsoft.Network/azureFirewalls/{name}")), Name(),
        Location(), ResourceGroupName(),
        ForceNew(Required("sku_name", String())),
        Required("sku_tier", String()),
        Optional("firewall_policy_id", String()),
        FakeString(OptionalComputed("threat_intel_mode", String()), "Alert"),
        Optional("zones", StringSet()), Tags()},
       {ListBlock("ip_configuration", 0,
                  {{Required("name", String()), Optional("subnet_id", String()),
                    Optional("public_ip_address_id", String()),
                    FakeString(Computed("private_ip_address", String()),
                               "10.0.3.4")}})}}};
}

StubType PublicIp() {
  return {"azurerm_public_ip",
          {{Id(InGroup("Microsoft.Network/publicIPAddresses/{name}")), Name(),
            Location(), ResourceGroupName(),
            Required("allocation_method", String()),
            ForceNew(Defaulted("sku", Value::String("Standard"))),
            ForceNew(Optional("zones", StringSet())),
            FakeString(Computed("ip_address", String()), "20.0.0.1"), Tags()}}};
}

StubType NatGatewayPublicIpAssociation() {
  return {"azurerm_nat_gateway_public_ip_association",
          {{Id("{nat_gateway_id}|{public_ip_address_id}"),
            ForceNew(Required("nat_gateway_id", String())),
            ForceNew(Required("public_ip_address_id", String()))}}};
}

// The runbook triggers and variables E-1 reads (azurerm 4.x).
StubType AutomationWebhook() {
  return {"azurerm_automation_webhook",
          {{Id(InGroup("Microsoft.Automation/automationAccounts/"
                       "{automation_account_name}/webHooks/{name}")),
            Name(), ResourceGroupName(),
            ForceNew(Required("automation_account_name", String())),
            ForceNew(Required("expiry_time", String())),
            Defaulted("enabled", Value::Bool(true)),
            Required("runbook_name", String()),
            Optional("run_on_worker_group", String()),
            ForceNew(Optional("parameters", StringMap())),
            Sensitive(ForceNew(OptionalComputed(
                "uri", String(),
                "https://{uuid}.webhook.we.azure-automation.net/webhooks?token="
                "stub-{uuid}")))}}};
}

StubType AutomationVariableString() {
  return {"azurerm_automation_variable_string",
          {{Id(InGroup("Microsoft.Automation/automationAccounts/"
                       "{automation_account_name}/variables/{name}")),
            Name(), ResourceGroupName(),
            ForceNew(Required("automation_account_name", String())),
            Optional("description", String()),
            Defaulted("encrypted", Value::Bool(false)),
            Sensitive(Optional("value", String()))}}};
}

}  // namespace

std::vector<StubType> PlatformTypes() {
  std::vector<StubType> types;
  types.push_back(ManagedRedis());
  types.push_back(KeyVaultSecret());
  types.push_back(PostgresqlFlexibleServerFirewallRule());
  types.push_back(KubernetesClusterExtension());
  types.push_back(KubernetesClusterNodePool());
  types.push_back(RouteTable());
  types.push_back(SubnetRouteTableAssociation());
  types.push_back(NetworkSecurityRule());
  types.push_back(Firewall());
  types.push_back(PublicIp());
  types.push_back(NatGatewayPublicIpAssociation());
  types.push_back(AutomationWebhook());
  types.push_back(AutomationVariableString());
  return types;
}

}  // namespace threatmodel::azurerm_stub
