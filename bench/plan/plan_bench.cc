// Benchmark of `threatmodel check` on large plans.
//
//   plan_bench generate N FILE [greenfield|roles]
//                                writes a plan JSON with about N resources
//   plan_bench run [--threatmodel PATH] [--dir DIR] [--sizes 1000,10000,...]
//                  [--repeat 3] [--shape greenfield|roles] [--jq 1]
//                  [--nlohmann 0]
//
// `run` generates one plan per size, then runs `threatmodel check FILE
// --format json` on each (output to /dev/null) `--repeat` times and prints,
// per size, the file size, the median wall time, throughput and the peak
// resident set size of the child (from wait4's rusage), and for reference
// the time nlohmann::json's own parser needs for the same file as a DOM and
// through its SAX interface with a handler that does nothing.
//
// The generated plans have the shape of a real greenfield azurerm plan
// (format 1.2): per `module.workload["wNNNNN"]` instance a resource group,
// a VNet with four subnets, an NSG with rules, a storage account, a Key
// Vault with a secret (sensitive, unknown), a public IP and NAT gateway, a
// user-assigned identity with six role assignments whose principal and
// scope are unknown and linked through `configuration` references, and in
// every tenth instance an Automation account with two role assignments.
// `planned_values` repeats the known values, as Terraform does; values that
// are computed appear only in `after_unknown`.

#include <fcntl.h>
#include <spawn.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <exception>
#include <fstream>
#include <iostream>
#include <iterator>
#include <sstream>
#include <string>
#include <string_view>
#include <vector>

#include "nlohmann/json.hpp"

extern char** environ;

namespace {

// N resources make N / 20 module instances; each has 21 resources (24 in
// every tenth), so a plan has about 1.06 N resource changes.
constexpr int kResourcesPerUnit = 20;

std::string SubnetAfter(const std::string& k, const std::string& rg, int u,
                        int s) {
  std::string out = "{\"address_prefixes\":[\"10.";
  out += std::to_string(u % 250);
  out += ".";
  out += std::to_string(s);
  out +=
      ".0/24\"],\"default_outbound_access_enabled\":false,"
      "\"delegation\":[],\"name\":\"snet-";
  out += k;
  out += "-";
  out += std::to_string(s);
  out +=
      "\",\"private_endpoint_network_policies\":\"Disabled\","
      "\"private_link_service_network_policies_enabled\":true,"
      "\"resource_group_name\":\"";
  out += rg;
  out +=
      "\",\"service_endpoint_policy_ids\":null,\"service_endpoints\":["
      "\"Microsoft.KeyVault\",\"Microsoft.Storage\"],\"timeouts\":null,"
      "\"virtual_network_name\":\"vnet-";
  out += k;
  out += "\"}";
  return out;
}

struct Writer {
  std::string changes;
  std::string planned;
  bool first_change = true;
  bool first_planned = true;

  void Change(const std::string& address, const std::string& module,
              const std::string& type, const std::string& name,
              const std::string& index, const std::string& after,
              const std::string& unknown, const std::string& sensitive) {
    if (!first_change) changes += ",";
    first_change = false;
    changes += "{\"address\":\"" + address + "\",\"module_address\":\"" +
               module + "\",\"mode\":\"managed\",\"type\":\"" + type +
               "\",\"name\":\"" + name + "\"";
    if (!index.empty()) changes += ",\"index\":" + index;
    changes +=
        ",\"provider_name\":\"registry.terraform.io/hashicorp/azurerm\","
        "\"change\":{\"actions\":[\"create\"],\"before\":null,\"after\":" +
        after + ",\"after_unknown\":" + unknown +
        ",\"before_sensitive\":false,\"after_sensitive\":" + sensitive + "}}";
    if (!first_planned) planned += ",";
    first_planned = false;
    planned += "{\"address\":\"" + address +
               "\",\"mode\":\"managed\","
               "\"type\":\"" +
               type + "\",\"name\":\"" + name + "\"";
    if (!index.empty()) planned += ",\"index\":" + index;
    planned +=
        ",\"provider_name\":\"registry.terraform.io/hashicorp/azurerm\","
        "\"schema_version\":0,\"values\":" +
        after + ",\"sensitive_values\":" + sensitive + "}";
  }
};

void Unit(Writer& w, int u) {
  char key[16];
  std::snprintf(key, sizeof(key), "w%05d", u);
  const std::string k = key;
  const std::string m = "module.workload[\\\"" + k + "\\\"]";
  const std::string rg = "rg-" + k;
  const std::string tags =
      "{\"cost_center\":\"robotics\",\"env\":\"dev\",\"owner\":\"platform\","
      "\"workload\":\"" +
      k + "\"}";
  auto addr = [&](const std::string& rest) { return m + "." + rest; };

  w.Change(addr("azurerm_resource_group.this"), m, "azurerm_resource_group",
           "this", "",
           "{\"location\":\"westeurope\",\"managed_by\":null,\"name\":\"" + rg +
               "\",\"tags\":" + tags + ",\"timeouts\":null}",
           "{\"id\":true,\"tags\":{}}", "{\"tags\":{}}");
  w.Change(addr("azurerm_virtual_network.this"), m, "azurerm_virtual_network",
           "this", "",
           "{\"address_space\":[\"10." + std::to_string(u % 250) +
               ".0.0/16\"],\"bgp_community\":null,\"ddos_protection_plan\":[],"
               "\"dns_servers\":[],\"edge_zone\":null,\"encryption\":[],"
               "\"flow_timeout_in_minutes\":null,\"location\":\"westeurope\","
               "\"name\":\"vnet-" +
               k + "\",\"resource_group_name\":\"" + rg +
               "\",\"tags\":" + tags + ",\"timeouts\":null}",
           "{\"address_space\":[false],\"ddos_protection_plan\":[],"
           "\"dns_servers\":[],\"encryption\":[],\"guid\":true,\"id\":true,"
           "\"subnet\":true,\"tags\":{}}",
           "{\"address_space\":[false],\"ddos_protection_plan\":[],"
           "\"dns_servers\":[],\"encryption\":[],\"subnet\":[],\"tags\":{}}");
  for (int s = 0; s < 4; ++s) {
    w.Change(addr("azurerm_subnet.this[" + std::to_string(s) + "]"), m,
             "azurerm_subnet", "this", std::to_string(s),
             SubnetAfter(k, rg, u, s),
             "{\"address_prefixes\":[false],\"delegation\":[],\"id\":true,"
             "\"service_endpoints\":[false,false]}",
             "{\"address_prefixes\":[false],\"delegation\":[],"
             "\"service_endpoints\":[false,false]}");
  }
  w.Change(addr("azurerm_network_security_group.this"), m,
           "azurerm_network_security_group", "this", "",
           "{\"location\":\"westeurope\",\"name\":\"nsg-" + k +
               "\",\"resource_group_name\":\"" + rg +
               "\",\"security_rule\":[{\"access\":\"Allow\",\"description\":"
               "\"https in\",\"destination_address_prefix\":\"*\","
               "\"destination_address_prefixes\":[],"
               "\"destination_application_security_group_ids\":[],"
               "\"destination_port_range\":\"443\","
               "\"destination_port_ranges\":[],\"direction\":\"Inbound\","
               "\"name\":\"https\",\"priority\":100,\"protocol\":\"Tcp\","
               "\"source_address_prefix\":\"VirtualNetwork\","
               "\"source_address_prefixes\":[],"
               "\"source_application_security_group_ids\":[],"
               "\"source_port_range\":\"*\",\"source_port_ranges\":[]}],"
               "\"tags\":" +
               tags + ",\"timeouts\":null}",
           "{\"id\":true,\"security_rule\":[{\"destination_address_prefixes\":"
           "[],\"destination_application_security_group_ids\":[],"
           "\"destination_port_ranges\":[],\"source_address_prefixes\":[],"
           "\"source_application_security_group_ids\":[],"
           "\"source_port_ranges\":[]}],\"tags\":{}}",
           "{\"security_rule\":[{}],\"tags\":{}}");
  w.Change(addr("azurerm_storage_account.this"), m, "azurerm_storage_account",
           "this", "",
           "{\"access_tier\":\"Hot\",\"account_kind\":\"StorageV2\","
           "\"account_replication_type\":\"LRS\",\"account_tier\":"
           "\"Standard\",\"allow_nested_items_to_be_public\":false,"
           "\"cross_tenant_replication_enabled\":false,"
           "\"default_to_oauth_authentication\":true,\"edge_zone\":null,"
           "\"https_traffic_only_enabled\":true,"
           "\"infrastructure_encryption_enabled\":false,\"is_hns_enabled\":"
           "false,\"local_user_enabled\":true,\"location\":\"westeurope\","
           "\"min_tls_version\":\"TLS1_2\",\"name\":\"st" +
               k +
               "\",\"nfsv3_enabled\":false,\"public_network_access_enabled\":"
               "true,\"queue_encryption_key_type\":\"Service\","
               "\"resource_group_name\":\"" +
               rg +
               "\",\"sftp_enabled\":false,\"shared_access_key_enabled\":false,"
               "\"table_encryption_key_type\":\"Service\",\"tags\":" +
               tags + ",\"timeouts\":null}",
           "{\"blob_properties\":true,\"id\":true,\"identity\":[],"
           "\"network_rules\":true,\"primary_access_key\":true,"
           "\"primary_blob_connection_string\":true,"
           "\"primary_blob_endpoint\":true,\"primary_connection_string\":true,"
           "\"primary_dfs_endpoint\":true,\"primary_file_endpoint\":true,"
           "\"primary_location\":true,\"primary_queue_endpoint\":true,"
           "\"primary_table_endpoint\":true,\"primary_web_endpoint\":true,"
           "\"queue_properties\":true,\"secondary_access_key\":true,"
           "\"secondary_blob_connection_string\":true,"
           "\"secondary_connection_string\":true,\"share_properties\":true,"
           "\"static_website\":true,\"tags\":{}}",
           "{\"azure_files_authentication\":[],\"blob_properties\":[],"
           "\"custom_domain\":[],\"customer_managed_key\":[],\"identity\":[],"
           "\"immutability_policy\":[],\"network_rules\":[],"
           "\"primary_access_key\":true,\"primary_blob_connection_string\":"
           "true,\"primary_connection_string\":true,\"queue_properties\":[],"
           "\"routing\":[],\"sas_policy\":[],\"secondary_access_key\":true,"
           "\"secondary_blob_connection_string\":true,"
           "\"secondary_connection_string\":true,\"share_properties\":[],"
           "\"static_website\":[],\"tags\":{}}");
  w.Change(addr("azurerm_key_vault.this"), m, "azurerm_key_vault", "this", "",
           "{\"enable_rbac_authorization\":true,\"enabled_for_deployment\":"
           "false,\"enabled_for_disk_encryption\":false,"
           "\"enabled_for_template_deployment\":false,\"location\":"
           "\"westeurope\",\"name\":\"kv-" +
               k +
               "\",\"public_network_access_enabled\":true,"
               "\"purge_protection_enabled\":false,\"resource_group_name\":\"" +
               rg +
               "\",\"sku_name\":\"standard\",\"soft_delete_retention_days\""
               ":7,\"tags\":" +
               tags +
               ",\"tenant_id\":"
               "\"00000000-0000-0000-0000-000000000000\",\"timeouts\":null}",
           "{\"access_policy\":true,\"contact\":true,\"id\":true,"
           "\"network_acls\":true,\"tags\":{},\"vault_uri\":true}",
           "{\"access_policy\":[],\"contact\":[],\"network_acls\":[],"
           "\"tags\":{}}");
  w.Change(addr("azurerm_key_vault_secret.db_password"), m,
           "azurerm_key_vault_secret", "db_password", "",
           "{\"content_type\":null,\"expiration_date\":null,\"name\":"
           "\"psql-admin-password\",\"not_before_date\":null,\"tags\":null,"
           "\"timeouts\":null}",
           "{\"id\":true,\"key_vault_id\":true,\"resource_id\":true,"
           "\"resource_versionless_id\":true,\"value\":true,\"version\":true,"
           "\"versionless_id\":true}",
           "{\"value\":true}");
  w.Change(addr("azurerm_public_ip.nat"), m, "azurerm_public_ip", "nat", "",
           "{\"allocation_method\":\"Static\",\"ddos_protection_mode\":"
           "\"VirtualNetworkInherited\",\"idle_timeout_in_minutes\":4,"
           "\"ip_version\":\"IPv4\",\"location\":\"westeurope\",\"name\":"
           "\"pip-nat-" +
               k + "\",\"resource_group_name\":\"" + rg +
               "\",\"sku\":\"Standard\",\"sku_tier\":\"Regional\",\"tags\":" +
               tags + ",\"timeouts\":null,\"zones\":[\"1\"]}",
           "{\"fqdn\":true,\"id\":true,\"ip_address\":true,\"tags\":{},"
           "\"zones\":[false]}",
           "{\"tags\":{},\"zones\":[false]}");
  w.Change(addr("azurerm_nat_gateway.this"), m, "azurerm_nat_gateway", "this",
           "",
           "{\"idle_timeout_in_minutes\":10,\"location\":\"westeurope\","
           "\"name\":\"ng-" +
               k + "\",\"resource_group_name\":\"" + rg +
               "\",\"sku_name\":\"Standard\",\"tags\":" + tags +
               ",\"timeouts\":null,\"zones\":[\"1\"]}",
           "{\"id\":true,\"resource_guid\":true,\"tags\":{},\"zones\":[false]}",
           "{\"tags\":{},\"zones\":[false]}");
  for (int s = 0; s < 2; ++s) {
    w.Change(addr("azurerm_subnet_nat_gateway_association.this[" +
                  std::to_string(s) + "]"),
             m, "azurerm_subnet_nat_gateway_association", "this",
             std::to_string(s), "{\"timeouts\":null}",
             "{\"id\":true,\"nat_gateway_id\":true,\"subnet_id\":true}", "{}");
  }
  w.Change(addr("azurerm_user_assigned_identity.workload"), m,
           "azurerm_user_assigned_identity", "workload", "",
           "{\"location\":\"westeurope\",\"name\":\"id-" + k +
               "\",\"resource_group_name\":\"" + rg + "\",\"tags\":" + tags +
               ",\"timeouts\":null}",
           "{\"client_id\":true,\"id\":true,\"principal_id\":true,\"tags\":{},"
           "\"tenant_id\":true}",
           "{\"tags\":{}}");
  static const char* const kRoles[6] = {"Key Vault Secrets User",
                                        "Storage Blob Data Contributor",
                                        "AcrPull",
                                        "Monitoring Metrics Publisher",
                                        "Reader",
                                        "Storage Queue Data Contributor"};
  for (int r = 0; r < 6; ++r) {
    w.Change(
        addr("azurerm_role_assignment.workload[" + std::to_string(r) + "]"), m,
        "azurerm_role_assignment", "workload", std::to_string(r),
        "{\"condition\":null,\"delegated_managed_identity_resource_id\":"
        "null,\"description\":null,\"principal_type\":"
        "\"ServicePrincipal\",\"role_definition_name\":\"" +
            std::string(kRoles[r]) +
            "\",\"skip_service_principal_aad_check\":true,\"timeouts\""
            ":null}",
        "{\"condition_version\":true,\"id\":true,\"name\":true,"
        "\"principal_id\":true,\"role_definition_id\":true,\"scope\":"
        "true}",
        "{}");
  }
  if (u % 10 == 0) {
    w.Change(addr("azurerm_automation_account.ops"), m,
             "azurerm_automation_account", "ops", "",
             "{\"encryption\":[],\"identity\":[{\"identity_ids\":null,"
             "\"type\":\"SystemAssigned\"}],\"local_authentication_enabled\":"
             "true,\"location\":\"westeurope\",\"name\":\"aa-" +
                 k +
                 "\",\"public_network_access_enabled\":true,"
                 "\"resource_group_name\":\"" +
                 rg + "\",\"sku_name\":\"Basic\",\"tags\":" + tags +
                 ",\"timeouts\":null}",
             "{\"dsc_primary_access_key\":true,\"dsc_secondary_access_key\":"
             "true,\"dsc_server_endpoint\":true,\"encryption\":[],"
             "\"hybrid_service_url\":true,\"id\":true,\"identity\":[{"
             "\"principal_id\":true,\"tenant_id\":true}],"
             "\"private_endpoint_connection\":true,\"tags\":{}}",
             "{\"dsc_primary_access_key\":true,\"dsc_secondary_access_key\":"
             "true,\"encryption\":[],\"identity\":[{}],"
             "\"private_endpoint_connection\":[],\"tags\":{}}");
    for (int r = 0; r < 2; ++r) {
      w.Change(addr("azurerm_role_assignment.ops[" + std::to_string(r) + "]"),
               m, "azurerm_role_assignment", "ops", std::to_string(r),
               "{\"condition\":null,\"description\":null,\"principal_type\":"
               "\"ServicePrincipal\",\"role_definition_name\":\"" +
                   std::string(r == 0 ? "Contributor" : "Reader") +
                   "\",\"skip_service_principal_aad_check\":true}",
               "{\"condition_version\":true,\"id\":true,\"name\":true,"
               "\"principal_id\":true,\"role_definition_id\":true,"
               "\"scope\":true}",
               "{}");
    }
  }
}

std::string Ref(const std::vector<std::string>& refs) {
  std::string out = "{\"references\":[";
  for (std::size_t i = 0; i < refs.size(); ++i) {
    if (i > 0) out += ",";
    out += "\"" + refs[i] + "\"";
  }
  return out + "]}";
}

std::string Configuration() {
  std::string res =
      "{\"address\":\"azurerm_role_assignment.workload\",\"mode\":"
      "\"managed\",\"type\":\"azurerm_role_assignment\",\"name\":"
      "\"workload\",\"provider_config_key\":\"azurerm\",\"expressions\":{"
      "\"principal_id\":" +
      Ref({"azurerm_user_assigned_identity.workload.principal_id",
           "azurerm_user_assigned_identity.workload"}) +
      ",\"principal_type\":{\"constant_value\":\"ServicePrincipal\"},"
      "\"role_definition_name\":" +
      Ref({"local.workload_roles", "count.index"}) + ",\"scope\":" +
      Ref({"azurerm_key_vault.this.id", "azurerm_key_vault.this"}) +
      "},\"schema_version\":0,\"count_expression\":" +
      Ref({"local.workload_roles"}) +
      "},{\"address\":\"azurerm_automation_account.ops\",\"mode\":\"managed\","
      "\"type\":\"azurerm_automation_account\",\"name\":\"ops\","
      "\"provider_config_key\":\"azurerm\",\"expressions\":{\"identity\":[{"
      "\"type\":{\"constant_value\":\"SystemAssigned\"}}],\"name\":" +
      Ref({"var.name"}) +
      ",\"sku_name\":{\"constant_value\":\"Basic\"}},\"schema_version\":0,"
      "\"count_expression\":" +
      Ref({"var.with_automation"}) +
      "},{\"address\":\"azurerm_role_assignment.ops\",\"mode\":\"managed\","
      "\"type\":\"azurerm_role_assignment\",\"name\":\"ops\","
      "\"provider_config_key\":\"azurerm\",\"expressions\":{\"principal_id\":" +
      Ref({"azurerm_automation_account.ops[0].identity[0].principal_id",
           "azurerm_automation_account.ops[0].identity[0]",
           "azurerm_automation_account.ops[0].identity",
           "azurerm_automation_account.ops[0]",
           "azurerm_automation_account.ops"}) +
      ",\"scope\":" +
      Ref({"azurerm_resource_group.this.id", "azurerm_resource_group.this"}) +
      "},\"schema_version\":0,\"count_expression\":" +
      Ref({"var.with_automation"}) + "}";
  const char* others[] = {"azurerm_resource_group.this",
                          "azurerm_virtual_network.this",
                          "azurerm_subnet.this",
                          "azurerm_network_security_group.this",
                          "azurerm_storage_account.this",
                          "azurerm_key_vault.this",
                          "azurerm_key_vault_secret.db_password",
                          "azurerm_public_ip.nat",
                          "azurerm_nat_gateway.this",
                          "azurerm_subnet_nat_gateway_association.this",
                          "azurerm_user_assigned_identity.workload"};
  for (const char* o : others) {
    const std::string a = o;
    const std::size_t dot = a.find('.');
    res += ",{\"address\":\"" + a + "\",\"mode\":\"managed\",\"type\":\"" +
           a.substr(0, dot) + "\",\"name\":\"" + a.substr(dot + 1) +
           "\",\"provider_config_key\":\"azurerm\",\"expressions\":{"
           "\"location\":" +
           Ref({"var.location"}) + ",\"name\":" + Ref({"var.name"}) +
           ",\"resource_group_name\":" +
           Ref({"azurerm_resource_group.this.name",
                "azurerm_resource_group.this"}) +
           ",\"tags\":" + Ref({"var.tags"}) + "},\"schema_version\":0}";
  }
  return "{\"provider_config\":{\"azurerm\":{\"name\":\"azurerm\","
         "\"full_name\":\"registry.terraform.io/hashicorp/azurerm\","
         "\"version_constraint\":\">= 4.51.0\",\"expressions\":{\"features\":"
         "[{}]}}},\"root_module\":{\"module_calls\":{\"workload\":{"
         "\"source\":\"./modules/workload\",\"expressions\":{\"location\":"
         "{\"constant_value\":\"westeurope\"},\"name\":" +
         Ref({"each.key"}) + ",\"tags\":" + Ref({"local.tags"}) +
         ",\"with_automation\":" +
         Ref({"each.value.automation", "each.value"}) +
         "},\"for_each_expression\":" + Ref({"local.workloads"}) +
         ",\"module\":{\"resources\":[" + res +
         "],\"variables\":{\"location\":{},\"name\":{},\"tags\":{},"
         "\"with_automation\":{\"default\":false}}}}},\"variables\":{}}}";
}

// The "roles" shape (issue 13): three of every four changes are
// `azurerm_role_assignment`s granting one of six roles to one of 5,000
// users (known principal IDs) on a resource group; the fourth is an
// `azurerm_key_vault` with network_acls and tags. Every change is of a type
// the rules read, so this is the reader's slow path throughout.
void RoleUnit(Writer& w, int u) {
  static const char* const kRoles[] = {"Reader",
                                       "Contributor",
                                       "Key Vault Secrets User",
                                       "Storage Blob Data Reader",
                                       "Monitoring Reader",
                                       "Owner"};
  char buf[64];
  const std::string rg_scope_prefix =
      "/subscriptions/00000000-0000-0000-0000-000000000001/resourceGroups/";
  for (int j = 0; j < 3; ++j) {
    const int n = u * 3 + j;
    const int user = n % 5000;
    std::snprintf(buf, sizeof(buf), "%08x-0000-4000-8000-%012d", user + 1,
                  user);
    const std::string principal = buf;
    std::snprintf(buf, sizeof(buf), "rg-%05d", (n / 7) % 20000);
    const std::string rg = buf;
    std::snprintf(buf, sizeof(buf), "g%07d", n);
    const std::string key = buf;
    const std::string address =
        "azurerm_role_assignment.grant[\\\"" + key + "\\\"]";
    w.Change(address, "", "azurerm_role_assignment", "grant", "\"" + key + "\"",
             "{\"condition\":null,\"condition_version\":null,"
             "\"delegated_managed_identity_resource_id\":null,"
             "\"description\":null,\"principal_id\":\"" +
                 principal +
                 "\",\"principal_type\":\"User\",\"role_definition_name\":\"" +
                 kRoles[n % 6] + "\",\"scope\":\"" + rg_scope_prefix + rg +
                 "\",\"skip_service_principal_aad_check\":null,"
                 "\"timeouts\":null}",
             "{\"id\":true,\"name\":true,\"principal_type\":false,"
             "\"role_definition_id\":true}",
             "{}");
  }
  std::snprintf(buf, sizeof(buf), "kv%05d", u);
  const std::string kv = buf;
  std::snprintf(buf, sizeof(buf), "rg-%05d", u % 20000);
  const std::string rg = buf;
  w.Change("azurerm_key_vault.vault[\\\"" + kv + "\\\"]", "",
           "azurerm_key_vault", "vault", "\"" + kv + "\"",
           "{\"access_policy\":[],\"enable_rbac_authorization\":true,"
           "\"enabled_for_deployment\":false,"
           "\"enabled_for_disk_encryption\":false,"
           "\"enabled_for_template_deployment\":false,"
           "\"location\":\"westeurope\",\"name\":\"" +
               kv +
               "\",\"network_acls\":[{\"bypass\":\"AzureServices\","
               "\"default_action\":\"Deny\",\"ip_rules\":[\"203.0.113.0/24\"],"
               "\"virtual_network_subnet_ids\":[]}],"
               "\"public_network_access_enabled\":false,"
               "\"purge_protection_enabled\":true,\"resource_group_name\":\"" +
               rg +
               "\",\"sku_name\":\"standard\",\"soft_delete_retention_days\":"
               "90,\"tags\":{\"env\":\"prod\",\"owner\":\"platform\","
               "\"vault\":\"" +
               kv +
               "\"},\"tenant_id\":\"00000000-0000-0000-0000-0000000000aa\","
               "\"timeouts\":null}",
           "{\"access_policy\":[],\"contact\":true,\"id\":true,"
           "\"network_acls\":[{\"ip_rules\":[false],"
           "\"virtual_network_subnet_ids\":[]}],\"tags\":{},"
           "\"vault_uri\":true}",
           "{\"access_policy\":[],\"contact\":[],\"network_acls\":[{"
           "\"ip_rules\":[false],\"virtual_network_subnet_ids\":[]}],"
           "\"tags\":{}}");
}

std::string RoleConfiguration() {
  return "{\"provider_config\":{\"azurerm\":{\"name\":\"azurerm\","
         "\"full_name\":\"registry.terraform.io/hashicorp/azurerm\"}},"
         "\"root_module\":{\"resources\":[{\"address\":"
         "\"azurerm_role_assignment.grant\",\"mode\":\"managed\",\"type\":"
         "\"azurerm_role_assignment\",\"name\":\"grant\","
         "\"provider_config_key\":\"azurerm\",\"expressions\":{"
         "\"principal_id\":" +
         Ref({"each.value.principal", "each.value"}) +
         ",\"principal_type\":{\"constant_value\":\"User\"},"
         "\"role_definition_name\":" +
         Ref({"each.value.role", "each.value"}) +
         ",\"scope\":" + Ref({"each.value.scope", "each.value"}) +
         "},\"schema_version\":0,\"for_each_expression\":" +
         Ref({"local.grants"}) +
         "},{\"address\":\"azurerm_key_vault.vault\",\"mode\":\"managed\","
         "\"type\":\"azurerm_key_vault\",\"name\":\"vault\","
         "\"provider_config_key\":\"azurerm\",\"expressions\":{"
         "\"enable_rbac_authorization\":{\"constant_value\":true},"
         "\"location\":{\"constant_value\":\"westeurope\"},\"name\":" +
         Ref({"each.key"}) +
         ",\"network_acls\":[{\"bypass\":{\"constant_value\":"
         "\"AzureServices\"},\"default_action\":{\"constant_value\":"
         "\"Deny\"},\"ip_rules\":{\"constant_value\":[\"203.0.113.0/24\"]}}],"
         "\"public_network_access_enabled\":{\"constant_value\":false},"
         "\"purge_protection_enabled\":{\"constant_value\":true},"
         "\"resource_group_name\":" +
         Ref({"each.value.rg", "each.value"}) +
         ",\"sku_name\":{\"constant_value\":\"standard\"},\"tags\":" +
         Ref({"local.tags"}) + ",\"tenant_id\":" + Ref({"var.tenant_id"}) +
         "},\"schema_version\":0,\"for_each_expression\":" +
         Ref({"local.vaults"}) + "}],\"variables\":{\"tenant_id\":{}}}}";
}

// `resources` counts resource changes in the "roles" shape (four per unit)
// and about 1.06 per resource in the "greenfield" one.
bool Generate(const std::string& shape, int resources,
              const std::string& path) {
  Writer w;
  const bool roles = shape == "roles";
  if (roles) {
    const int units = std::max(1, resources / 4);
    for (int u = 0; u < units; ++u) RoleUnit(w, u);
  } else {
    const int units = std::max(1, resources / kResourcesPerUnit);
    for (int u = 0; u < units; ++u) Unit(w, u);
  }
  std::ofstream out(path, std::ios::binary);
  out << "{\"format_version\":\"1.2\",\"terraform_version\":\"1.11.4\","
         "\"planned_values\":{\"root_module\":{\"child_modules\":[{"
         "\"resources\":["
      << w.planned
      << "],\"address\":\"module.workload\"}]}},\"resource_changes\":["
      << w.changes << "],\"configuration\":"
      << (roles ? RoleConfiguration() : Configuration())
      << ",\"timestamp\":\"2026-03-06T10:00:00Z\",\"applyable\":true,"
         "\"complete\":true,\"errored\":false}\n";
  return static_cast<bool>(out);
}

struct Sample {
  double seconds = 0;
  double cpu_seconds = 0;  // user + system
  long max_rss_kib = 0;
  int exit_code = -1;
};

Sample RunArgs(std::vector<std::string> args) {
  const std::string bin = args[0];
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0);
  posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0);
  std::vector<char*> argv;
  argv.reserve(args.size() + 1);
  for (std::string& a : args) argv.push_back(a.data());
  argv.push_back(nullptr);
  Sample s;
  const auto start = std::chrono::steady_clock::now();
  pid_t pid;
  if (posix_spawnp(&pid, bin.c_str(), &actions, nullptr, argv.data(),
                   environ) != 0) {
    std::perror("posix_spawn");
    return s;
  }
  int status = 0;
  struct rusage usage;
  wait4(pid, &status, 0, &usage);
  s.seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start)
          .count();
  s.max_rss_kib = usage.ru_maxrss;
  s.cpu_seconds = static_cast<double>(usage.ru_utime.tv_sec) +
                  static_cast<double>(usage.ru_utime.tv_usec) / 1e6 +
                  static_cast<double>(usage.ru_stime.tv_sec) +
                  static_cast<double>(usage.ru_stime.tv_usec) / 1e6;
  s.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  posix_spawn_file_actions_destroy(&actions);
  return s;
}

Sample RunCheck(const std::string& bin, const std::string& plan) {
  return RunArgs({bin, "check", plan, "--format", "json"});
}

// The filter the issue timed: count the role assignments.
Sample RunJq(const std::string& plan) {
  return RunArgs({"jq",
                  "[.resource_changes[]|select(.type==\"azurerm_role_"
                  "assignment\")]|length",
                  plan});
}

// Linux records the pre-exec address space's peak RSS in the child's
// ru_maxrss, so a child spawned by this (large, after generating plans and
// parsing them with nlohmann) process would report our RSS. A launcher
// forked at start-up, while we are small, spawns every measured run
// instead: it reads plan paths from `in` and writes back
// "wall cpu maxrss_kib exit" lines.
struct Launcher {
  FILE* to = nullptr;
  FILE* from = nullptr;
};

Launcher StartLauncher(const std::string& bin) {
  int down[2], up[2];
  if (pipe(down) != 0 || pipe(up) != 0) return {};
  const pid_t pid = fork();
  if (pid == 0) {
    close(down[1]);
    close(up[0]);
    FILE* in = fdopen(down[0], "r");
    FILE* out = fdopen(up[1], "w");
    char line[4096];
    while (std::fgets(line, sizeof(line), in) != nullptr) {
      std::string plan(line);
      if (!plan.empty() && plan.back() == '\n') plan.pop_back();
      const Sample s = RunCheck(bin, plan);
      std::fprintf(out, "%f %f %ld %d\n", s.seconds, s.cpu_seconds,
                   s.max_rss_kib, s.exit_code);
      std::fflush(out);
    }
    _exit(0);
  }
  close(down[0]);
  close(up[1]);
  return {fdopen(down[1], "w"), fdopen(up[0], "r")};
}

Sample Measure(Launcher& launcher, const std::string& plan) {
  Sample s;
  std::fprintf(launcher.to, "%s\n", plan.c_str());
  std::fflush(launcher.to);
  if (std::fscanf(launcher.from, "%lf %lf %ld %d", &s.seconds, &s.cpu_seconds,
                  &s.max_rss_kib, &s.exit_code) != 4) {
    s.exit_code = -1;
  }
  return s;
}

// A SAX handler that accepts everything: nlohmann's parsing cost alone.
struct NullSax : nlohmann::json_sax<nlohmann::json> {
  bool null() override { return true; }
  bool boolean(bool) override { return true; }
  bool number_integer(number_integer_t) override { return true; }
  bool number_unsigned(number_unsigned_t) override { return true; }
  bool number_float(number_float_t, const string_t&) override { return true; }
  bool string(string_t&) override { return true; }
  bool binary(binary_t&) override { return true; }
  bool start_object(std::size_t) override { return true; }
  bool key(string_t&) override { return true; }
  bool end_object() override { return true; }
  bool start_array(std::size_t) override { return true; }
  bool end_array() override { return true; }
  bool parse_error(std::size_t, const std::string&,
                   const nlohmann::detail::exception&) override {
    return false;
  }
};

double Seconds(std::chrono::steady_clock::time_point start) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start)
      .count();
}

int Run(int argc, char** argv) {
  std::string bin = THREATMODEL_CLI_PATH;
  std::string dir = "/tmp/threatmodel-plan-bench";
  std::vector<int> sizes = {1000, 10000, 100000};
  int repeat = 3;
  std::string shape = "greenfield";
  bool jq = false;
  bool nlohmann_columns = true;
  for (int i = 2; i + 1 < argc; i += 2) {
    const std::string flag = argv[i];
    const std::string value = argv[i + 1];
    if (flag == "--threatmodel")
      bin = value;
    else if (flag == "--dir")
      dir = value;
    else if (flag == "--shape")
      shape = value;
    else if (flag == "--nlohmann")
      nlohmann_columns = value == "1" || value == "yes";
    else if (flag == "--jq")
      jq = value == "1" || value == "yes";
    else if (flag == "--repeat")
      repeat = std::max(1, std::atoi(value.c_str()));
    else if (flag == "--sizes") {
      sizes.clear();
      std::stringstream ss(value);
      std::string item;
      while (std::getline(ss, item, ','))
        sizes.push_back(std::atoi(item.c_str()));
    } else {
      std::cerr << "unknown flag " << flag << "\n";
      return 2;
    }
  }
  Launcher launcher = StartLauncher(bin);
  if (launcher.to == nullptr) {
    std::perror("launcher");
    return 1;
  }
  mkdir(dir.c_str(), 0755);
  std::printf(
      "| resources | plan size | wall time (median of %d) | CPU time "
      "(user+sys) | throughput (wall) | peak RSS | RSS / size | exit | "
      "nlohmann DOM parse | nlohmann SAX (no-op) | jq (wall, RSS, ratio) |\n",
      repeat);
  std::printf("|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n");
  for (int n : sizes) {
    const std::string plan =
        dir + "/plan-" + shape + "-" + std::to_string(n) + ".json";
    if (!Generate(shape, n, plan)) {
      std::cerr << "cannot write " << plan << "\n";
      return 1;
    }
    struct stat st;
    stat(plan.c_str(), &st);
    const double mb = static_cast<double>(st.st_size) / 1e6;
    std::vector<Sample> samples;
    samples.reserve(static_cast<std::size_t>(repeat));
    for (int r = 0; r < repeat; ++r) {
      samples.push_back(Measure(launcher, plan));
    }
    std::sort(
        samples.begin(), samples.end(),
        [](const Sample& a, const Sample& b) { return a.seconds < b.seconds; });
    const Sample& med = samples[samples.size() / 2];
    long rss = 0;
    for (const Sample& s : samples) rss = std::max(rss, s.max_rss_kib);

    // jq over the same file, the reference the targets are stated against
    // (median of the same number of runs, measured the same way).
    double jq_s = 0;
    long jq_rss = 0;
    if (jq) {
      std::vector<double> jq_times;
      for (int r = 0; r < repeat; ++r) {
        const Sample s = RunJq(plan);
        jq_times.push_back(s.seconds);
        jq_rss = std::max(jq_rss, s.max_rss_kib);
      }
      std::sort(jq_times.begin(), jq_times.end());
      jq_s = jq_times[jq_times.size() / 2];
    }

    // nlohmann's parser in this process, for reference; off for sizes
    // whose DOM would not fit in memory.
    double dom_s = 0;
    double sax_s = 0;
    if (nlohmann_columns) {
      std::ifstream in(plan, std::ios::binary);
      const std::string text((std::istreambuf_iterator<char>(in)),
                             std::istreambuf_iterator<char>());
      auto t0 = std::chrono::steady_clock::now();
      { nlohmann::json dom = nlohmann::json::parse(text, nullptr, false); }
      dom_s = Seconds(t0);
      t0 = std::chrono::steady_clock::now();
      NullSax sax;
      nlohmann::json::sax_parse(text, &sax);
      sax_s = Seconds(t0);
    }

    std::printf(
        "| %d | %.1f MB | %.3f s | %.3f s | %.0f MB/s | %.1f MB | %.2fx | %d "
        "| %.3f s | %.3f s | %s |\n",
        n, mb, med.seconds, med.cpu_seconds, mb / med.seconds, rss / 1024.0,
        (rss * 1024.0) / static_cast<double>(st.st_size), med.exit_code, dom_s,
        sax_s,
        jq ? (std::to_string(jq_s).substr(0, 5) + " s, " +
              std::to_string(jq_rss / 1024) + " MB, ratio " +
              std::to_string(med.seconds / jq_s).substr(0, 5))
                 .c_str()
           : "-");
    std::fflush(stdout);
  }
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  try {
    if (argc >= 4 && std::string(argv[1]) == "generate") {
      return Generate(argc >= 5 ? argv[4] : "greenfield", std::atoi(argv[2]),
                      argv[3])
                 ? 0
                 : 1;
    }
    if (argc >= 2 && std::string(argv[1]) == "run") return Run(argc, argv);
  } catch (const std::exception& e) {
    std::cerr << "plan_bench: " << e.what() << "\n";
    return 1;
  }
  std::cerr
      << "usage: plan_bench generate N FILE [greenfield|roles] | plan_bench "
         "run [--threatmodel PATH] [--dir DIR] [--sizes 1000,10000,...] "
         "[--repeat 3] [--shape greenfield|roles] [--jq 1]\n";
  return 2;
}
