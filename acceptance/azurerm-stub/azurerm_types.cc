// The azurerm v4 type table. Each entry follows the v4.81.0 source; an
// SDKv2 `Default` appears as Defaulted, `Optional`+`Computed` blocks as
// OptionalComputedBlock, and `ConfigMode: SchemaConfigModeAttr` lists and
// sets of objects as attributes of list/set-of-object type (that is how
// SDKv2 presents them to Terraform). Fakes stand for what Azure reports
// back when a value is not configured.
#include "acceptance/azurerm-stub/azurerm_types.h"

#include <string>
#include <utility>

#include "acceptance/azurerm-stub/azurerm_type_parts.h"

namespace threatmodel::azurerm_stub {
namespace {

using cty::Type;
using cty::Value;

StubType ResourceGroup() {
  return {"azurerm_resource_group",
          {{Id("/subscriptions/{subscription_id}/resourceGroups/{name}"),
            Name(), Location(), Optional("managed_by", String()), Tags()}}};
}

StubType UserAssignedIdentity() {
  return {
      "azurerm_user_assigned_identity",
      {{Id(InGroup("Microsoft.ManagedIdentity/userAssignedIdentities/{name}")),
        Name(), Location(), ResourceGroupName(),
        Optional("isolation_scope", String()), Tags(),
        Computed("client_id", String(), "{uuid}"),
        Computed("principal_id", String(), "{uuid}"),
        Computed("tenant_id", String(), "{uuid}")}}};
}

StubType AutomationAccount() {
  return {
      "azurerm_automation_account",
      {{Id(InGroup("Microsoft.Automation/automationAccounts/{name}")), Name(),
        Location(), ResourceGroupName(), Required("sku_name", String()),
        Defaulted("local_authentication_enabled", Value::Bool(true)),
        Defaulted("public_network_access_enabled", Value::Bool(true)), Tags(),
        Computed("dsc_server_endpoint", String(),
                 "https://{uuid}.agentsvc.azure-automation.net/accounts/"
                 "{uuid}"),
        Secret("dsc_primary_access_key", "stub-dsc-key-{uuid}"),
        Secret("dsc_secondary_access_key", "stub-dsc-key2-{uuid}"),
        Computed("hybrid_service_url", String(),
                 "https://{uuid}.jrds.azure-automation.net/automationAccounts/"
                 "{uuid}"),
        Computed(
            "private_endpoint_connection",
            Type::List(Type::Object({{"id", String()}, {"name", String()}})))},
       {Identity(), ListBlock("encryption", 0,
                              {{Optional("user_assigned_identity_id", String()),
                                Required("key_vault_key_id", String())}})}}};
}

StubType RoleAssignment() {
  return {
      "azurerm_role_assignment",
      {{Id("{scope}/providers/Microsoft.Authorization/roleAssignments/{name}"),
        ForceNew(OptionalComputed("name", String(), "{uuid}")),
        ForceNew(Required("scope", String())),
        ForceNew(
            OptionalComputed("role_definition_id", String(),
                             "/subscriptions/{subscription_id}/providers/"
                             "Microsoft.Authorization/roleDefinitions/{uuid}")),
        ForceNew(OptionalComputed("role_definition_name", String())),
        ForceNew(Required("principal_id", String())),
        FakeString(ForceNew(OptionalComputed("principal_type", String())),
                   "ServicePrincipal"),
        OptionalComputed("skip_service_principal_aad_check", Bool()),
        ForceNew(Optional("delegated_managed_identity_resource_id", String())),
        ForceNew(Optional("description", String())),
        ForceNew(Optional("condition", String())),
        FakeString(ForceNew(OptionalComputed("condition_version", String())),
                   "")}}};
}

StubType RoleDefinition() {
  return {
      "azurerm_role_definition",
      {{Id("{role_definition_resource_id}|{scope}"),
        ForceNew(OptionalComputed("role_definition_id", String(), "{uuid}")),
        Required("name", String()), ForceNew(Required("scope", String())),
        Optional("description", String()),
        OptionalComputed("assignable_scopes", StringList()),
        Computed("role_definition_resource_id", String(),
                 "/subscriptions/{subscription_id}/providers/"
                 "Microsoft.Authorization/roleDefinitions/"
                 "{role_definition_id}")},
       {ListBlock("permissions", 0,
                  {{Optional("actions", StringList()),
                    Optional("not_actions", StringList()),
                    Optional("data_actions", StringSet()),
                    Optional("not_data_actions", StringSet())}})}}};
}

StubType PostgresqlFlexibleServer() {
  return {
      "azurerm_postgresql_flexible_server",
      {{Id(InGroup("Microsoft.DBforPostgreSQL/flexibleServers/{name}")), Name(),
        ResourceGroupName(), Location(),
        FakeString(OptionalComputed("administrator_login", String()),
                   "psqladmin"),
        Sensitive(Optional("administrator_password", String())),
        WriteOnly(Optional("administrator_password_wo", String())),
        Optional("administrator_password_wo_version", Number()),
        FakeString(OptionalComputed("sku_name", String()),
                   "GP_Standard_D2s_v3"),
        FakeValue(OptionalComputed("storage_mb", Number()), Value::Int(32768)),
        FakeString(OptionalComputed("version", String()), "16"),
        ForceNew(Optional("delegated_subnet_id", String())),
        FakeString(OptionalComputed("private_dns_zone_id", String()), ""),
        Defaulted("public_network_access_enabled", Value::Bool(true)),
        FakeValue(OptionalComputed("backup_retention_days", Number()),
                  Value::Int(7)),
        ForceNew(Defaulted("geo_redundant_backup_enabled", Value::Bool(false))),
        Computed("fqdn", String(), "{name}.postgres.database.azure.com"),
        Tags()},
       {OptionalComputedBlock(
            "authentication", 1,
            {{Defaulted("active_directory_auth_enabled", Value::Bool(false)),
              Defaulted("password_auth_enabled", Value::Bool(true)),
              Optional("tenant_id", String())}}),
        Identity()}}};
}

StubType KeyVault() {
  const Type permissions = StringList();
  return {
      "azurerm_key_vault",
      {{Id(InGroup("Microsoft.KeyVault/vaults/{name}")), Name(), Location(),
        ResourceGroupName(), Required("sku_name", String()),
        Required("tenant_id", String()),
        OptionalComputed(
            "access_policy",
            Type::List(Type::Object({{"tenant_id", String()},
                                     {"object_id", String()},
                                     {"application_id", String()},
                                     {"certificate_permissions", permissions},
                                     {"key_permissions", permissions},
                                     {"secret_permissions", permissions},
                                     {"storage_permissions", permissions}}))),
        Optional("enabled_for_deployment", Bool()),
        Optional("enabled_for_disk_encryption", Bool()),
        Optional("enabled_for_template_deployment", Bool()),
        Defaulted("public_network_access_enabled", Value::Bool(true)),
        Optional("purge_protection_enabled", Bool()),
        Defaulted("soft_delete_retention_days", Value::Int(90)),
        // Both names exist until 5.0; `enable_rbac_authorization` is
        // deprecated since 4.42.
        OptionalComputed("rbac_authorization_enabled", Bool()),
        OptionalComputed("enable_rbac_authorization", Bool()), Tags(),
        Computed("vault_uri", String(), "https://{name}.vault.azure.net/")},
       {OptionalComputedBlock(
           "network_acls", 1,
           {{FakeString(Required("default_action", String()), "Allow"),
             FakeString(Required("bypass", String()), "AzureServices"),
             Optional("ip_rules", StringSet()),
             Optional("virtual_network_subnet_ids", StringSet())}})}}};
}

StubType StorageAccount() {
  return {
      "azurerm_storage_account",
      {{Id(InGroup("Microsoft.Storage/storageAccounts/{name}")), Name(),
        ResourceGroupName(), Location(),
        Defaulted("account_kind", Value::String("StorageV2")),
        ForceNew(Required("account_tier", String())),
        Required("account_replication_type", String()),
        FakeString(OptionalComputed("access_tier", String()), "Hot"),
        Defaulted("https_traffic_only_enabled", Value::Bool(true)),
        Defaulted("min_tls_version", Value::String("TLS1_2")),
        // Default true until 5.0, which flips it to false.
        Defaulted("allow_nested_items_to_be_public", Value::Bool(true)),
        Defaulted("shared_access_key_enabled", Value::Bool(true)),
        Defaulted("default_to_oauth_authentication", Value::Bool(false)),
        Defaulted("local_user_enabled", Value::Bool(true)),
        Defaulted("public_network_access_enabled", Value::Bool(true)),
        Defaulted("cross_tenant_replication_enabled", Value::Bool(false)),
        ForceNew(
            Defaulted("infrastructure_encryption_enabled", Value::Bool(false))),
        Computed("primary_blob_endpoint", String(),
                 "https://{name}.blob.core.windows.net/"),
        Secret("primary_access_key", "stub-key-{uuid}"),
        Secret("secondary_access_key", "stub-key2-{uuid}"),
        Secret("primary_connection_string",
               "DefaultEndpointsProtocol=https;AccountName={name};"
               "AccountKey=stub-key-{uuid};EndpointSuffix=core.windows.net"),
        Secret("secondary_connection_string",
               "DefaultEndpointsProtocol=https;AccountName={name};"
               "AccountKey=stub-key2-{uuid};EndpointSuffix=core.windows.net"),
        Secret("primary_blob_connection_string",
               "DefaultEndpointsProtocol=https;BlobEndpoint=https://"
               "{name}.blob.core.windows.net/;AccountName={name};"
               "AccountKey=stub-key-{uuid}"),
        Tags()},
       {OptionalComputedBlock(
            "network_rules", 1,
            {{FakeString(Required("default_action", String()), "Allow"),
              FakeValue(OptionalComputed("bypass", StringSet()),
                        Value::Set(String(), {Value::String("AzureServices")})),
              OptionalComputed("ip_rules", StringSet()),
              OptionalComputed("virtual_network_subnet_ids", StringSet())},
             {ListBlock("private_link_access", 0,
                        {{Required("endpoint_resource_id", String()),
                          OptionalComputed("endpoint_tenant_id", String(),
                                           "{uuid}")}})}}),
        Identity()}}};
}

StubType RedisCache() {
  return {
      "azurerm_redis_cache",
      {{Id(InGroup("Microsoft.Cache/redis/{name}")),
        Name(),
        Location(),
        ResourceGroupName(),
        Required("capacity", Number()),
        Required("family", String()),
        Required("sku_name", String()),
        Defaulted("non_ssl_port_enabled", Value::Bool(false)),
        Defaulted("minimum_tls_version", Value::String("1.2")),
        Defaulted("public_network_access_enabled", Value::Bool(true)),
        Defaulted("access_keys_authentication_enabled", Value::Bool(true)),
        Defaulted("redis_version", Value::String("6")),
        ForceNew(Optional("subnet_id", String())),
        Computed("hostname", String(), "{name}.redis.cache.windows.net"),
        FakeValue(Computed("port", Number()), Value::Int(6379)),
        FakeValue(Computed("ssl_port", Number()), Value::Int(6380)),
        Secret("primary_access_key", "stub-key-{uuid}"),
        Secret("secondary_access_key", "stub-key2-{uuid}"),
        Secret("primary_connection_string",
               "{name}.redis.cache.windows.net:6380,password=stub-key-{uuid},"
               "ssl=True,abortConnect=False"),
        Secret("secondary_connection_string",
               "{name}.redis.cache.windows.net:6380,password=stub-key2-{uuid},"
               "ssl=True,abortConnect=False"),
        Tags()},
       {OptionalComputedBlock(
            "redis_configuration", 1,
            {{Optional("active_directory_authentication_enabled", Bool()),
              FakeValue(Computed("maxclients", Number()), Value::Int(1000)),
              Defaulted("maxmemory_policy", Value::String("volatile-lru")),
              Defaulted("authentication_enabled", Value::Bool(true)),
              Sensitive(Optional("rdb_storage_connection_string", String()))}}),
        Identity()}}};
}

StubType KubernetesCluster() {
  const Type secret_identity =
      Type::List(Type::Object({{"client_id", String()},
                               {"object_id", String()},
                               {"user_assigned_identity_id", String()}}));
  const Type kube_config =
      Type::List(Type::Object({{"host", String()},
                               {"username", String()},
                               {"password", String()},
                               {"client_certificate", String()},
                               {"client_key", String()},
                               {"cluster_ca_certificate", String()}}));
  StubBlock default_node_pool{
      {Required("name", String()),
       FakeString(OptionalComputed("vm_size", String()), "Standard_D2s_v3"),
       FakeValue(OptionalComputed("node_count", Number()), Value::Int(1)),
       Optional("auto_scaling_enabled", Bool()),
       Optional("min_count", Number()), Optional("max_count", Number()),
       FakeValue(OptionalComputed("max_pods", Number()), Value::Int(110)),
       FakeValue(OptionalComputed("os_disk_size_gb", Number()),
                 Value::Int(128)),
       Defaulted("type", Value::String("VirtualMachineScaleSets")),
       Optional("vnet_subnet_id", String()),
       Optional("pod_subnet_id", String()),
       Optional("node_public_ip_enabled", Bool()),
       Optional("host_encryption_enabled", Bool()),
       Optional("only_critical_addons_enabled", Bool()),
       FakeString(OptionalComputed("orchestrator_version", String()), "1.31"),
       Optional("zones", StringSet()),
       Optional("temporary_name_for_rotation", String())}};
  StubBlock load_balancer_profile{
      {FakeValue(OptionalComputed("managed_outbound_ip_count", Number()),
                 Value::Int(1)),
       Defaulted("idle_timeout_in_minutes", Value::Int(30)),
       Defaulted("outbound_ports_allocated", Value::Int(0)),
       Computed("effective_outbound_ips", StringSet())}};
  StubBlock network_profile{
      {FakeString(Required("network_plugin", String()), "kubenet"),
       FakeString(OptionalComputed("network_mode", String()), ""),
       // Azure reports no policy engine; azurerm stores that as "".
       FakeString(OptionalComputed("network_policy", String()), ""),
       FakeString(OptionalComputed("dns_service_ip", String()), "10.0.0.10"),
       Defaulted("network_data_plane", Value::String("azure")),
       Optional("network_plugin_mode", String()),
       FakeString(OptionalComputed("pod_cidr", String()), "10.244.0.0/16"),
       OptionalComputed("pod_cidrs", StringList()),
       FakeString(OptionalComputed("service_cidr", String()), "10.0.0.0/16"),
       OptionalComputed("service_cidrs", StringList()),
       Defaulted("load_balancer_sku", Value::String("standard")),
       Defaulted("outbound_type", Value::String("loadBalancer"))},
      {OptionalComputedBlock("load_balancer_profile", 1,
                             std::move(load_balancer_profile))}};
  return {
      "azurerm_kubernetes_cluster",
      {{Id(InGroup("Microsoft.ContainerService/managedClusters/{name}")),
        Name(),
        Location(),
        ResourceGroupName(),
        ForceNew(Optional("dns_prefix", String())),
        ForceNew(Optional("dns_prefix_private_cluster", String())),
        FakeString(OptionalComputed("kubernetes_version", String()), "1.31"),
        ForceNew(Defaulted("private_cluster_enabled", Value::Bool(false))),
        FakeString(ForceNew(OptionalComputed("private_dns_zone_id", String())),
                   ""),
        Defaulted("role_based_access_control_enabled", Value::Bool(true)),
        Optional("local_account_disabled", Bool()),
        Defaulted("oidc_issuer_enabled", Value::Bool(true)),
        Defaulted("workload_identity_enabled", Value::Bool(false)),
        Optional("azure_policy_enabled", Bool()),
        Optional("automatic_upgrade_channel", String()),
        Defaulted("node_os_upgrade_channel", Value::String("NodeImage")),
        Defaulted("sku_tier", Value::String("Free")),
        ForceNew(
            OptionalComputed("node_resource_group", String(),
                             "MC_{resource_group_name}_{name}_{location}")),
        Computed("fqdn", String(), "{name}-stub.hcp.{location}.azmk8s.io"),
        FakeString(Computed("private_fqdn", String()), ""),
        Computed("oidc_issuer_url", String(),
                 "https://{location}.oic.prod-aks.azure.com/{uuid}/"),
        Secret("kube_config_raw", "stub-kubeconfig-{uuid}"),
        Secret("kube_admin_config_raw", "stub-admin-kubeconfig-{uuid}"),
        Sensitive(Computed("kube_config", kube_config)),
        Sensitive(Computed("kube_admin_config", kube_config)),
        Tags()},
       {RequiredListBlock("default_node_pool", 1, std::move(default_node_pool)),
        OptionalComputedBlock("network_profile", 1, std::move(network_profile)),
        Identity(),
        OptionalComputedBlock(
            "kubelet_identity", 1,
            {{OptionalComputed("client_id", String(), "{uuid}"),
              OptionalComputed("object_id", String(), "{uuid}"),
              OptionalComputed(
                  "user_assigned_identity_id", String(),
                  InGroup("Microsoft.ManagedIdentity/"
                          "userAssignedIdentities/{name}-agentpool"))}}),
        ListBlock("api_server_access_profile", 1,
                  {{Optional("authorized_ip_ranges", StringSet()),
                    Defaulted("virtual_network_integration_enabled",
                              Value::Bool(false)),
                    Optional("subnet_id", String())}}),
        ListBlock("azure_active_directory_role_based_access_control", 1,
                  {{OptionalComputed("tenant_id", String(), "{uuid}"),
                    Optional("azure_rbac_enabled", Bool()),
                    Optional("admin_group_object_ids", StringList())}}),
        ListBlock("key_vault_secrets_provider", 1,
                  {{Defaulted("secret_rotation_enabled", Value::Bool(false)),
                    Defaulted("secret_rotation_interval", Value::String("2m")),
                    Computed("secret_identity", secret_identity)}}),
        ListBlock("key_management_service", 1,
                  {{Required("key_vault_key_id", String()),
                    Defaulted("key_vault_network_access",
                              Value::String("Public"))}})}}};
}

StubType VirtualNetwork() {
  const Type service_delegation =
      Type::List(Type::Object({{"name", String()}, {"actions", StringSet()}}));
  const Type subnet = Type::Object(
      {{"name", String()},
       {"address_prefixes", StringList()},
       {"default_outbound_access_enabled", Bool()},
       {"delegation",
        Type::List(Type::Object(
            {{"name", String()}, {"service_delegation", service_delegation}}))},
       {"private_endpoint_network_policies", String()},
       {"private_link_service_network_policies_enabled", Bool()},
       {"route_table_id", String()},
       {"security_group", String()},
       {"service_endpoints", StringSet()},
       {"service_endpoint_policy_ids", StringSet()},
       {"id", String()}});
  return {
      "azurerm_virtual_network",
      {{Id(InGroup("Microsoft.Network/virtualNetworks/{name}")), Name(),
        ResourceGroupName(), Location(), Optional("address_space", StringSet()),
        Optional("bgp_community", String()),
        OptionalComputed("dns_servers", StringList()),
        Optional("flow_timeout_in_minutes", Number()),
        Defaulted("private_endpoint_vnet_policies", Value::String("Disabled")),
        Computed("guid", String(), "{uuid}"),
        OptionalComputed("subnet", Type::Set(subnet)), Tags()},
       {ListBlock("ddos_protection_plan", 1,
                  {{Required("id", String()), Required("enable", Bool())}}),
        ListBlock("encryption", 1, {{Required("enforcement", String())}})}}};
}

StubType Subnet() {
  return {
      "azurerm_subnet",
      {{Id(InGroup("Microsoft.Network/virtualNetworks/{virtual_network_name}/"
                   "subnets/{name}")),
        Name(), ResourceGroupName(),
        ForceNew(Required("virtual_network_name", String())),
        Optional("address_prefixes", StringList()),
        Optional("service_endpoints", StringSet()),
        Optional("service_endpoint_policy_ids", StringSet()),
        Optional("sharing_scope", String()),
        Defaulted("default_outbound_access_enabled", Value::Bool(true)),
        Defaulted("private_endpoint_network_policies",
                  Value::String("Disabled")),
        Defaulted("private_link_service_network_policies_enabled",
                  Value::Bool(true))},
       {ListBlock(
           "delegation", 0,
           {{Required("name", String())},
            {RequiredListBlock("service_delegation", 1,
                               {{Required("name", String()),
                                 Optional("actions", StringSet())}})}})}}};
}

StubType NetworkSecurityGroup() {
  const Type rule =
      Type::Object({{"name", String()},
                    {"description", String()},
                    {"protocol", String()},
                    {"source_port_range", String()},
                    {"source_port_ranges", StringSet()},
                    {"destination_port_range", String()},
                    {"destination_port_ranges", StringSet()},
                    {"source_address_prefix", String()},
                    {"source_address_prefixes", StringSet()},
                    {"destination_address_prefix", String()},
                    {"destination_address_prefixes", StringSet()},
                    {"destination_application_security_group_ids", StringSet()},
                    {"source_application_security_group_ids", StringSet()},
                    {"access", String()},
                    {"priority", Number()},
                    {"direction", String()}});
  return {"azurerm_network_security_group",
          {{Id(InGroup("Microsoft.Network/networkSecurityGroups/{name}")),
            Name(), Location(), ResourceGroupName(),
            // Optional+Computed in every 3.x, 4.x and 5.0 release.
            OptionalComputed("security_rule", Type::Set(rule)), Tags()}}};
}

StubType SubnetNetworkSecurityGroupAssociation() {
  return {"azurerm_subnet_network_security_group_association",
          {{Id("{subnet_id}"), ForceNew(Required("subnet_id", String())),
            ForceNew(Required("network_security_group_id", String()))}}};
}

StubType NatGateway() {
  return {"azurerm_nat_gateway",
          {{Id(InGroup("Microsoft.Network/natGateways/{name}")), Name(),
            Location(), ResourceGroupName(),
            Defaulted("idle_timeout_in_minutes", Value::Int(4)),
            Defaulted("sku_name", Value::String("Standard")),
            ForceNew(Optional("zones", StringSet())),
            Computed("resource_guid", String(), "{uuid}"), Tags()}}};
}

StubType SubnetNatGatewayAssociation() {
  return {"azurerm_subnet_nat_gateway_association",
          {{Id("{subnet_id}"), ForceNew(Required("subnet_id", String())),
            ForceNew(Required("nat_gateway_id", String()))}}};
}

StubType PrivateEndpoint() {
  const Type name_and_id =
      Type::List(Type::Object({{"id", String()}, {"name", String()}}));
  const Type custom_dns_configs = Type::List(
      Type::Object({{"fqdn", String()}, {"ip_addresses", StringList()}}));
  const Type record_sets =
      Type::List(Type::Object({{"name", String()},
                               {"type", String()},
                               {"fqdn", String()},
                               {"ttl", Number()},
                               {"ip_addresses", StringList()}}));
  const Type private_dns_zone_configs =
      Type::List(Type::Object({{"name", String()},
                               {"id", String()},
                               {"private_dns_zone_id", String()},
                               {"record_sets", record_sets}}));
  return {
      "azurerm_private_endpoint",
      {{Id(InGroup("Microsoft.Network/privateEndpoints/{name}")), Name(),
        Location(), ResourceGroupName(),
        ForceNew(Required("subnet_id", String())),
        ForceNew(Optional("custom_network_interface_name", String())),
        Computed("network_interface", name_and_id),
        Computed("custom_dns_configs", custom_dns_configs),
        Computed("private_dns_zone_configs", private_dns_zone_configs), Tags()},
       {ListBlock(
            "private_dns_zone_group", 1,
            {{Computed("id", String(), "{id}/privateDnsZoneGroups/{uuid}"),
              Required("name", String()),
              Required("private_dns_zone_ids", StringList())}}),
        RequiredListBlock(
            "private_service_connection", 1,
            {{Required("name", String()),
              Required("is_manual_connection", Bool()),
              Optional("private_connection_resource_id", String()),
              Optional("private_connection_resource_alias", String()),
              Optional("subresource_names", StringList()),
              Optional("request_message", String()),
              FakeString(Computed("private_ip_address", String()),
                         "10.0.0.4")}}),
        ListBlock("ip_configuration", 0,
                  {{Required("name", String()),
                    Required("private_ip_address", String()),
                    Optional("subresource_name", String()),
                    OptionalComputed("member_name", String())}})}}};
}

}  // namespace

std::vector<StubType> AzurermTypes() {
  std::vector<StubType> types;
  types.push_back(ResourceGroup());
  types.push_back(UserAssignedIdentity());
  types.push_back(AutomationAccount());
  types.push_back(RoleAssignment());
  types.push_back(RoleDefinition());
  types.push_back(PostgresqlFlexibleServer());
  types.push_back(KeyVault());
  types.push_back(StorageAccount());
  types.push_back(RedisCache());
  types.push_back(KubernetesCluster());
  types.push_back(VirtualNetwork());
  types.push_back(Subnet());
  types.push_back(NetworkSecurityGroup());
  types.push_back(SubnetNetworkSecurityGroupAssociation());
  types.push_back(NatGateway());
  types.push_back(SubnetNatGatewayAssociation());
  types.push_back(PrivateEndpoint());
  for (StubType& t : PlatformTypes()) types.push_back(std::move(t));
  return types;
}

}  // namespace threatmodel::azurerm_stub
