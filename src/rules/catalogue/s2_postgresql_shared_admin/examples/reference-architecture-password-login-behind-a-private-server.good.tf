# The reference architecture: no authentication block, so the provider
# keeps password authentication on, but public network access is off. The
# accepted condition is reported as an advisory warning (facet
# S-2/password-auth); the plan goes ahead.
data "threatmodel_assertion" "s2" {
  threats = ["S-2"]
  resources = {
    "azurerm_postgresql_flexible_server.main" = {
      id                            = "/subscriptions/00000000-0000-0000-0000-000000000001/resourceGroups/rg-robotics-dev/providers/Microsoft.DBforPostgreSQL/flexibleServers/psql-robotics-dev-001"
      administrator_login           = "psqladmin"
      public_network_access_enabled = false
    }
  }
}
