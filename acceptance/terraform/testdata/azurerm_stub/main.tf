# Smoke configuration for the test-only azurerm stub
# (acceptance/terraform/azurerm_stub.sh): a managed identity chain whose
# principal is unknown until apply, and a PostgreSQL server with a
# sensitive password and an omitted Optional+Computed block.
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

variable "pg_password" {
  type      = string
  sensitive = true
  default   = "stub-Passw0rd!"
}

data "threatmodel_version" "v" {}

resource "azurerm_resource_group" "main" {
  name     = "rg-stub"
  location = "westeurope"
}

resource "azurerm_user_assigned_identity" "ops" {
  name                = "id-ops"
  location            = azurerm_resource_group.main.location
  resource_group_name = azurerm_resource_group.main.name
}

resource "azurerm_automation_account" "main" {
  name                = "aa-stub"
  location            = azurerm_resource_group.main.location
  resource_group_name = azurerm_resource_group.main.name
  sku_name            = "Basic"

  identity {
    type         = "SystemAssigned, UserAssigned"
    identity_ids = [azurerm_user_assigned_identity.ops.id]
  }
}

resource "azurerm_role_assignment" "automation" {
  scope                = azurerm_resource_group.main.id
  role_definition_name = "Contributor"
  principal_id         = azurerm_automation_account.main.identity[0].principal_id
}

resource "azurerm_postgresql_flexible_server" "main" {
  name                   = "psql-stub"
  resource_group_name    = azurerm_resource_group.main.name
  location               = azurerm_resource_group.main.location
  version                = "16"
  sku_name               = "B_Standard_B1ms"
  administrator_login    = "psqladmin"
  administrator_password = var.pg_password
}

output "threatmodel_version" {
  value = data.threatmodel_version.v.version
}
