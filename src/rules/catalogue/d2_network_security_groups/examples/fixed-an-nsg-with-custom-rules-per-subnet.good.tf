# One NSG per subnet, each with custom rules; the gateway subnet needs none.
locals {
  rg_id   = "/subscriptions/00000000-0000-0000-0000-000000000001/resourceGroups/rg-robotics-dev"
  vnet_id = "${local.rg_id}/providers/Microsoft.Network/virtualNetworks/vnet-robotics-dev"
}

data "threatmodel_assertion" "d2" {
  threats = ["D-2"]
  resources = {
    "azurerm_network_security_group.aks" = {
      id                  = "${local.rg_id}/providers/Microsoft.Network/networkSecurityGroups/nsg-aks-robotics-dev"
      name                = "nsg-aks-robotics-dev"
      resource_group_name = "rg-robotics-dev"
      security_rule       = []
    }
    "azurerm_network_security_rule.deny_vnet_inbound" = {
      id                          = "${local.rg_id}/providers/Microsoft.Network/networkSecurityGroups/nsg-aks-robotics-dev/securityRules/deny-vnet-inbound"
      name                        = "deny-vnet-inbound"
      network_security_group_name = "nsg-aks-robotics-dev"
      resource_group_name         = "rg-robotics-dev"
    }
    "azurerm_network_security_group.private_endpoints" = {
      id                  = "${local.rg_id}/providers/Microsoft.Network/networkSecurityGroups/nsg-pe-robotics-dev"
      name                = "nsg-pe-robotics-dev"
      resource_group_name = "rg-robotics-dev"
      security_rule = [{
        name                   = "allow-aks-postgresql"
        access                 = "Allow"
        direction              = "Inbound"
        protocol               = "Tcp"
        source_address_prefix  = "10.0.5.0/24"
        destination_port_range = "5432"
      }]
    }
    "azurerm_subnet.aks" = {
      id         = "${local.vnet_id}/subnets/snet-aks-robotics-dev"
      name       = "snet-aks-robotics-dev"
      delegation = []
    }
    "azurerm_subnet.private_endpoints" = {
      id         = "${local.vnet_id}/subnets/snet-pe-robotics-dev"
      name       = "snet-pe-robotics-dev"
      delegation = []
    }
    "azurerm_subnet.gateway" = {
      id         = "${local.vnet_id}/subnets/GatewaySubnet"
      name       = "GatewaySubnet"
      delegation = []
    }
    "azurerm_subnet_network_security_group_association.aks" = {
      id                        = "${local.vnet_id}/subnets/snet-aks-robotics-dev"
      subnet_id                 = "${local.vnet_id}/subnets/snet-aks-robotics-dev"
      network_security_group_id = "${local.rg_id}/providers/Microsoft.Network/networkSecurityGroups/nsg-aks-robotics-dev"
    }
    "azurerm_subnet_network_security_group_association.private_endpoints" = {
      id                        = "${local.vnet_id}/subnets/snet-pe-robotics-dev"
      subnet_id                 = "${local.vnet_id}/subnets/snet-pe-robotics-dev"
      network_security_group_id = "${local.rg_id}/providers/Microsoft.Network/networkSecurityGroups/nsg-pe-robotics-dev"
    }
  }
}
