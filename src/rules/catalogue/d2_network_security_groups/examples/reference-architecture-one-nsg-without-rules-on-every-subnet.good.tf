# The reference architecture: one NSG without custom rules on every subnet.
# The accepted condition is an advisory warning (facet
# D-2/no-custom-rules); every subnet has an NSG, so the plan goes ahead.
locals {
  vnet_id = "/subscriptions/00000000-0000-0000-0000-000000000001/resourceGroups/rg-robotics-dev/providers/Microsoft.Network/virtualNetworks/vnet-robotics-dev"
  nsg_id  = "/subscriptions/00000000-0000-0000-0000-000000000001/resourceGroups/rg-robotics-dev/providers/Microsoft.Network/networkSecurityGroups/nsg-robotics-dev"
  subnets = ["snet-robotics-dev", "snet-pe-robotics-dev", "snet-aks-robotics-dev"]
}

data "threatmodel_assertion" "d2" {
  threats = ["D-2"]
  resources = {
    "azurerm_network_security_group.main" = {
      id                  = local.nsg_id
      name                = "nsg-robotics-dev"
      resource_group_name = "rg-robotics-dev"
      security_rule       = []
    }
    "azurerm_subnet.main" = {
      for name in local.subnets : name => {
        id         = "${local.vnet_id}/subnets/${name}"
        name       = name
        delegation = []
      }
    }
    "azurerm_subnet_network_security_group_association.main" = {
      for name in local.subnets : name => {
        id                        = "${local.vnet_id}/subnets/${name}"
        subnet_id                 = "${local.vnet_id}/subnets/${name}"
        network_security_group_id = local.nsg_id
      }
    }
  }
}
