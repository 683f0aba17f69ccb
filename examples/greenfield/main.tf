# Greenfield: the first plan of the platform, when nothing exists yet. The
# Automation account, its identity, the PostgreSQL server and the role
# assignment are all created by this apply, so their IDs and principal IDs
# are unknown while Terraform plans.
#
# `data "threatmodel_assertion"` would be read during apply, after the
# Contributor grant exists. `resource "threatmodel_assertion"` is planned
# with the unknowns still unknown, and this configuration fails
# `terraform plan` with E-1 before anything is created.
terraform {
  required_providers {
    azurerm = {
      source = "hashicorp/azurerm"
    }
    threatmodel = {
      source = "threatmodel/threatmodel"
    }
  }
}

provider "azurerm" {
  features {}
  subscription_id = "00000000-0000-0000-0000-000000000000"
}

# The role the runbook identity gets on the database server.
variable "runbook_role" {
  type    = string
  default = "Contributor"
}

variable "postgresql_admin_password" {
  type      = string
  sensitive = true
  default   = null
}

resource "azurerm_resource_group" "platform" {
  name     = "rg-robotics-dev"
  location = "westeurope"
}

resource "azurerm_automation_account" "aa" {
  name                = "aa-robotics-dev"
  location            = azurerm_resource_group.platform.location
  resource_group_name = azurerm_resource_group.platform.name
  sku_name            = "Basic"

  identity {
    type = "SystemAssigned"
  }
}

resource "azurerm_postgresql_flexible_server" "platform" {
  name                   = "psql-robotics-dev"
  resource_group_name    = azurerm_resource_group.platform.name
  location               = azurerm_resource_group.platform.location
  version                = "16"
  sku_name               = "B_Standard_B1ms"
  administrator_login    = "psqladmin"
  administrator_password = var.postgresql_admin_password
}

# The threat: the runbook identity gets Contributor on the database server
# so that a start/stop runbook can run. Fix: a custom role with only
# Microsoft.DBforPostgreSQL/flexibleServers/{read,start/action,stop/action}
# (see examples/reference-architecture/fixed).
resource "azurerm_role_assignment" "runbook_postgresql" {
  scope                = azurerm_postgresql_flexible_server.platform.id
  role_definition_name = var.runbook_role
  principal_id         = azurerm_automation_account.aa.identity[0].principal_id
  principal_type       = "ServicePrincipal"
}

resource "threatmodel_assertion" "platform" {
  # T-2 (the state backend) is the reference-architecture examples' part;
  # this one shows the greenfield gate.
  threats = ["E-1", "E-3"]

  # The planned resources themselves, keyed by address. Write-only: never
  # stored in state or plan files, the server's password included.
  resources = {
    "azurerm_automation_account.aa"               = azurerm_automation_account.aa
    "azurerm_postgresql_flexible_server.platform" = azurerm_postgresql_flexible_server.platform
    "azurerm_role_assignment.runbook_postgresql"  = azurerm_role_assignment.runbook_postgresql
  }

  # What `terraform test` can expect (tests/gate.tftest.hcl); in a plan the
  # provider's own error comes first.
  lifecycle {
    postcondition {
      condition     = self.passed
      error_message = join("\n", self.blocking)
    }
  }
}
