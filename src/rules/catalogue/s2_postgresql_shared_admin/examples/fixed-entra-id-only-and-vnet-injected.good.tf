# Entra ID authentication only, and the server injected into a delegated
# subnet with public network access off.
locals {
  resource_group_id = "/subscriptions/00000000-0000-0000-0000-000000000001/resourceGroups/rg-robotics-dev"
}

data "threatmodel_assertion" "s2" {
  threats = ["S-2"]
  resources = {
    "azurerm_postgresql_flexible_server.main" = {
      id                            = "${local.resource_group_id}/providers/Microsoft.DBforPostgreSQL/flexibleServers/psql-robotics-dev-001"
      administrator_login           = null
      public_network_access_enabled = false
      delegated_subnet_id           = "${local.resource_group_id}/providers/Microsoft.Network/virtualNetworks/vnet-robotics-dev/subnets/snet-postgresql"
      authentication = [{
        active_directory_auth_enabled = true
        password_auth_enabled         = false
        tenant_id                     = "11111111-1111-1111-1111-111111111111"
      }]
    }
  }
}
