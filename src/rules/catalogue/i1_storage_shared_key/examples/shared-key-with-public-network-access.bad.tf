# The account keeps its shared keys (accepted) with public network access
# on: the private endpoint premise of accepting I-1 does not hold.
data "threatmodel_assertion" "i1" {
  threats = ["I-1"]
  resources = {
    "azurerm_storage_account.main" = {
      id                            = "/subscriptions/00000000-0000-0000-0000-000000000001/resourceGroups/rg-robotics-dev/providers/Microsoft.Storage/storageAccounts/strobotics001"
      shared_access_key_enabled     = true
      public_network_access_enabled = true
    }
  }
}
