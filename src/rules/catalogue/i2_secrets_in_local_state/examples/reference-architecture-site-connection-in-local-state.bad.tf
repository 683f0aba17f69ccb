# The reference architecture's VPN root (modules/vpn/main.tf) with one site:
# the IPsec shared key comes from a sensitive variable, and the root has no
# backend block, so Terraform keeps the key in a local terraform.tfstate.
variable "vpn_site_shared_keys" {
  type      = map(string)
  sensitive = true
  default   = { hq = "example-shared-key-never-shown" }
}

data "threatmodel_assertion" "i2" {
  threats = ["I-2"]
  resources = {
    "module.vpn.azurerm_virtual_network_gateway_connection.hq" = {
      id         = "/subscriptions/00000000-0000-0000-0000-000000000001/resourceGroups/rg-robotics-dev/providers/Microsoft.Network/connections/cn-robotics-dev-hq"
      name       = "cn-robotics-dev-hq"
      type       = "IPsec"
      shared_key = var.vpn_site_shared_keys["hq"]
    }
  }
}
