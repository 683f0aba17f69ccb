# A GPU pool subnet added without an association: nothing filters its
# traffic, so the premise of accepting D-2 does not hold.
locals {
  vnet_id = "/subscriptions/00000000-0000-0000-0000-000000000001/resourceGroups/rg-robotics-dev/providers/Microsoft.Network/virtualNetworks/vnet-robotics-dev"
  nsg_id  = "/subscriptions/00000000-0000-0000-0000-000000000001/resourceGroups/rg-robotics-dev/providers/Microsoft.Network/networkSecurityGroups/nsg-robotics-dev"
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
      id         = "${local.vnet_id}/subnets/snet-robotics-dev"
      name       = "snet-robotics-dev"
      delegation = []
    }
    "azurerm_subnet.gpu" = {
      id         = "${local.vnet_id}/subnets/snet-gpu-robotics-dev"
      name       = "snet-gpu-robotics-dev"
      delegation = []
    }
    "azurerm_subnet_network_security_group_association.main" = {
      id                        = "${local.vnet_id}/subnets/snet-robotics-dev"
      subnet_id                 = "${local.vnet_id}/subnets/snet-robotics-dev"
      network_security_group_id = local.nsg_id
    }
  }
}
