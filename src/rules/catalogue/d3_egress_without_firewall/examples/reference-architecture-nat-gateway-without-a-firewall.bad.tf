# The reference architecture: AKS nodes leave through a NAT gateway
# (outbound_type userAssignedNATGateway), the subnet's only NSG has no
# rules and there is no route to a firewall, so egress is unfiltered.
locals {
  rg_id     = "/subscriptions/00000000-0000-0000-0000-000000000001/resourceGroups/rg-robotics-dev"
  subnet_id = "${local.rg_id}/providers/Microsoft.Network/virtualNetworks/vnet-robotics-dev/subnets/snet-aks-robotics-dev"
  nsg_id    = "${local.rg_id}/providers/Microsoft.Network/networkSecurityGroups/nsg-robotics-dev"
  nat_id    = "${local.rg_id}/providers/Microsoft.Network/natGateways/nat-robotics-dev"
}

data "threatmodel_assertion" "d3" {
  threats = ["D-3"]
  resources = {
    "azurerm_kubernetes_cluster.main" = {
      id                = "${local.rg_id}/providers/Microsoft.ContainerService/managedClusters/aks-robotics-dev"
      default_node_pool = [{ name = "system", vnet_subnet_id = local.subnet_id }]
      network_profile   = [{ network_plugin = "azure", outbound_type = "userAssignedNATGateway" }]
    }
    "azurerm_subnet.aks" = {
      id   = local.subnet_id
      name = "snet-aks-robotics-dev"
    }
    "azurerm_network_security_group.main" = {
      id                  = local.nsg_id
      name                = "nsg-robotics-dev"
      resource_group_name = "rg-robotics-dev"
      security_rule       = []
    }
    "azurerm_subnet_network_security_group_association.aks" = {
      id                        = local.subnet_id
      subnet_id                 = local.subnet_id
      network_security_group_id = local.nsg_id
    }
    "azurerm_nat_gateway.main" = {
      id   = local.nat_id
      name = "nat-robotics-dev"
    }
    "azurerm_subnet_nat_gateway_association.aks" = {
      id             = local.subnet_id
      subnet_id      = local.subnet_id
      nat_gateway_id = local.nat_id
    }
  }
}
