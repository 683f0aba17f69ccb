# A PostgreSQL server whose password goes through the write-only
# administrator_password_wo (Terraform 1.11 or later): it never reaches
# state, so local state holds no credential of it. The resource as planned
# has administrator_password null.
data "threatmodel_assertion" "i2" {
  threats = ["I-2"]
  resources = {
    "azurerm_postgresql_flexible_server.main" = {
      id                                = "/subscriptions/00000000-0000-0000-0000-000000000001/resourceGroups/rg-robotics-dev/providers/Microsoft.DBforPostgreSQL/flexibleServers/psql-robotics-dev"
      name                              = "psql-robotics-dev"
      administrator_login               = "psqladmin"
      administrator_password            = null
      administrator_password_wo_version = 1
      public_network_access_enabled     = false
    }
  }
}
