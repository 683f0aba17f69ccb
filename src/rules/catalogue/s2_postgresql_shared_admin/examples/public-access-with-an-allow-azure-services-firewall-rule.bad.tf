# The newer reference architecture with public network access on (the
# azurerm 4.x default) and its allow-Azure-services firewall rule: the
# private-network premise of accepting S-2 does not hold.
locals {
  server_id = "/subscriptions/00000000-0000-0000-0000-000000000001/resourceGroups/rg-robotics-dev/providers/Microsoft.DBforPostgreSQL/flexibleServers/psql-robotics-dev-001"
}

data "threatmodel_assertion" "s2" {
  threats = ["S-2"]
  resources = {
    "azurerm_postgresql_flexible_server.main" = {
      id                            = local.server_id
      administrator_login           = "psqladmin"
      public_network_access_enabled = true
      delegated_subnet_id           = null
    }
    "azurerm_postgresql_flexible_server_firewall_rule.allow_azure_services" = {
      id               = "${local.server_id}/firewallRules/allow-azure-services"
      server_id        = local.server_id
      start_ip_address = "0.0.0.0"
      end_ip_address   = "0.0.0.0"
    }
  }
}
