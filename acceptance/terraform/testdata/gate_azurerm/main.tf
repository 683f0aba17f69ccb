# A greenfield platform as azurerm plans it (served by the test-only stub):
# nothing exists yet, so every ID and principal is unknown at plan time.
# resource "threatmodel_assertion" takes the resources themselves.
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

# "custom" grants the narrow start/stop role; any other value is the name
# of a built-in role for the Automation identity on the PostgreSQL server.
variable "aa_role" {
  type    = string
  default = "custom"
}

# SystemAssigned, or UserAssigned (the identity the runbooks run as is then
# azurerm_user_assigned_identity.aa).
variable "identity_type" {
  type    = string
  default = "SystemAssigned"
}

variable "alice_role" {
  type    = string
  default = "Reader"
}

# Passed in with the server; must never be stored by the assertion.
variable "pg_password" {
  type      = string
  sensitive = true
}

locals {
  users = {
    "alice@contoso.com" = "11111111-1111-1111-1111-111111111111"
  }
}

resource "azurerm_resource_group" "main" {
  name     = "rg-robotics-dev"
  location = "westeurope"
}

resource "azurerm_user_assigned_identity" "aa" {
  name                = "id-aa-robotics-dev"
  location            = azurerm_resource_group.main.location
  resource_group_name = azurerm_resource_group.main.name
}

resource "azurerm_automation_account" "aa" {
  name                = "aa-robotics-dev"
  location            = azurerm_resource_group.main.location
  resource_group_name = azurerm_resource_group.main.name
  sku_name            = "Basic"

  identity {
    type         = var.identity_type
    identity_ids = var.identity_type == "UserAssigned" ? [azurerm_user_assigned_identity.aa.id] : null
  }
}

resource "azurerm_postgresql_flexible_server" "pg" {
  name                   = "psql-robotics-dev"
  resource_group_name    = azurerm_resource_group.main.name
  location               = azurerm_resource_group.main.location
  version                = "16"
  sku_name               = "B_Standard_B1ms"
  administrator_login    = "psqladmin"
  administrator_password = var.pg_password
  # Private, so S-2's premise holds; its accepted password login only warns.
  public_network_access_enabled = false
}

resource "azurerm_role_definition" "start_stop" {
  name  = "Robotics Runbook Start Stop"
  scope = azurerm_resource_group.main.id

  permissions {
    actions = [
      "Microsoft.DBforPostgreSQL/flexibleServers/read",
      "Microsoft.DBforPostgreSQL/flexibleServers/start/action",
      "Microsoft.DBforPostgreSQL/flexibleServers/stop/action",
    ]
  }
}

resource "azurerm_role_assignment" "aa" {
  scope                = azurerm_postgresql_flexible_server.pg.id
  role_definition_name = var.aa_role == "custom" ? azurerm_role_definition.start_stop.name : var.aa_role
  principal_id = (var.identity_type == "UserAssigned"
    ? azurerm_user_assigned_identity.aa.principal_id
  : azurerm_automation_account.aa.identity[0].principal_id)
  # A managed identity: not a user, so E-3 does not count it.
  principal_type = "ServicePrincipal"
}

resource "azurerm_role_assignment" "users" {
  for_each             = local.users
  scope                = azurerm_resource_group.main.id
  role_definition_name = var.alice_role
  principal_id         = each.value
  principal_type       = "User"
}

resource "threatmodel_assertion" "platform" {
  # No backend here; I-2 follows T-2, so without one it is undecided and
  # only warns (T-2 and I-2 belong to the working directory's own tests).
  discover_backend = false
  policy = {
    enforcement = { "I-2" = "advisory" }
  }
  resources = {
    "azurerm_automation_account.aa"         = azurerm_automation_account.aa
    "azurerm_user_assigned_identity.aa"     = azurerm_user_assigned_identity.aa
    "azurerm_role_definition.start_stop"    = azurerm_role_definition.start_stop
    "azurerm_role_assignment.aa"            = azurerm_role_assignment.aa
    "azurerm_role_assignment.users"         = azurerm_role_assignment.users
    "azurerm_postgresql_flexible_server.pg" = azurerm_postgresql_flexible_server.pg
  }
}
