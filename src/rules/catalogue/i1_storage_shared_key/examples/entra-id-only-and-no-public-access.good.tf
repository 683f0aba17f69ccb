# An account that accepts Entra ID authorization only and has no public
# network access.
data "threatmodel_assertion" "i1" {
  threats = ["I-1"]
  resources = {
    "azurerm_storage_account.main" = {
      id                            = "/subscriptions/00000000-0000-0000-0000-000000000001/resourceGroups/rg-robotics-dev/providers/Microsoft.Storage/storageAccounts/strobotics001"
      shared_access_key_enabled     = false
      public_network_access_enabled = false
    }
  }
}
