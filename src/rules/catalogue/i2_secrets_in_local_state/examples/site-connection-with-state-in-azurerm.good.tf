# The same site connection with state in an azurerm backend that uses Entra
# ID data-plane auth: the shared key is still in state, but the state is
# remote, encrypted at rest and locked (T-2 holds). Judged as stated.
variable "vpn_site_shared_keys" {
  type      = map(string)
  sensitive = true
  default   = { hq = "example-shared-key-never-shown" }
}

data "threatmodel_assertion" "i2" {
  threats          = ["I-2"]
  discover_backend = false
  backend = {
    type = "azurerm"
    settings = [
      "storage_account_name",
      "container_name",
      "key",
      "resource_group_name",
      "use_azuread_auth",
      "use_oidc",
    ]
  }
  resources = {
    "module.vpn.azurerm_virtual_network_gateway_connection.hq" = {
      id         = "/subscriptions/00000000-0000-0000-0000-000000000001/resourceGroups/rg-robotics-dev/providers/Microsoft.Network/connections/cn-robotics-dev-hq"
      name       = "cn-robotics-dev-hq"
      type       = "IPsec"
      shared_key = var.vpn_site_shared_keys["hq"]
    }
  }
}
