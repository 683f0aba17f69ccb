# A webhook starts the runbook of an account whose identity holds
# Contributor on PostgreSQL: whoever holds the webhook's URL runs the
# runbook with that role, so the threat model's "no external triggers"
# control does not hold. Local authentication and public network access
# are on, as azurerm plans them when the configuration leaves them out.
locals {
  resource_group_id = "/subscriptions/00000000-0000-0000-0000-000000000001/resourceGroups/rg-robotics-dev"
}

data "threatmodel_assertion" "e1" {
  threats = ["E-1"]
  resources = {
    "azurerm_automation_account.this" = [{
      id                  = "${local.resource_group_id}/providers/Microsoft.Automation/automationAccounts/aa-robotics-dev-001"
      name                = "aa-robotics-dev-001"
      resource_group_name = "rg-robotics-dev"
      sku_name            = "Basic"
      # azurerm's defaults.
      local_authentication_enabled  = true
      public_network_access_enabled = true
      identity = [{
        type         = "SystemAssigned"
        principal_id = "33333333-3333-3333-3333-333333333333"
      }]
    }]
    "azurerm_role_assignment.postgresql_contributor" = [{
      id                   = "${local.resource_group_id}/providers/Microsoft.DBforPostgreSQL/flexibleServers/psql-robotics-dev/providers/Microsoft.Authorization/roleAssignments/6f1b1d1e-3c43-4c4e-9c1e-2b7f5c1c0e01"
      scope                = "${local.resource_group_id}/providers/Microsoft.DBforPostgreSQL/flexibleServers/psql-robotics-dev"
      role_definition_name = "Contributor"
      principal_id         = "33333333-3333-3333-3333-333333333333"
      principal_type       = "ServicePrincipal"
    }]
    "azurerm_automation_webhook.start" = [{
      id                      = "${local.resource_group_id}/providers/Microsoft.Automation/automationAccounts/aa-robotics-dev-001/webHooks/start-azure-resources"
      name                    = "start-azure-resources"
      resource_group_name     = "rg-robotics-dev"
      automation_account_name = "aa-robotics-dev-001"
      runbook_name            = "Start-AzureResources"
      expiry_time             = "2027-12-31T00:00:00Z"
    }]
  }
}
