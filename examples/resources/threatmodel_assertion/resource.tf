# The Automation account and its grants are created in the same apply as
# the assertion, so their IDs are unknown at plan time. A data source would
# be read during apply, after they exist; the resource is judged while
# Terraform plans, and a Contributor grant here fails `terraform plan`
# before anything is created.
resource "azurerm_automation_account" "aa" {
  name                = "aa-robotics-dev"
  location            = "westeurope"
  resource_group_name = "rg-robotics-dev"
  sku_name            = "Basic"

  identity {
    type = "SystemAssigned"
  }
}

resource "azurerm_role_assignment" "runbook" {
  scope                = azurerm_automation_account.aa.id
  role_definition_name = "Automation Job Operator"
  principal_id         = azurerm_automation_account.aa.identity[0].principal_id
  # A managed identity, not a user: E-3 need not count it.
  principal_type = "ServicePrincipal"
}

resource "threatmodel_assertion" "platform" {
  # Whole resources, keyed by their address. Write-only: never stored in
  # state or plan files, sensitive attributes included.
  resources = {
    "azurerm_automation_account.aa"   = azurerm_automation_account.aa
    "azurerm_role_assignment.runbook" = azurerm_role_assignment.runbook
  }
}
