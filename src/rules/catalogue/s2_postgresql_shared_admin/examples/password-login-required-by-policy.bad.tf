# A team that does not accept S-2 makes the password facet mandatory: the
# reference architecture's default password login then fails the plan.
data "threatmodel_assertion" "s2" {
  threats = ["S-2"]
  policy = {
    enforcement = { "S-2/password-auth" = "mandatory" }
  }
  resources = {
    "azurerm_postgresql_flexible_server.main" = {
      id                            = "/subscriptions/00000000-0000-0000-0000-000000000001/resourceGroups/rg-robotics-dev/providers/Microsoft.DBforPostgreSQL/flexibleServers/psql-robotics-dev-001"
      administrator_login           = "psqladmin"
      public_network_access_enabled = false
    }
  }
}
