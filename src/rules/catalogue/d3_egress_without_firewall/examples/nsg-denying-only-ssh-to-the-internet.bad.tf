# The node subnet's NSG denies only SSH to the Internet: every other port
# stays open through the cluster's load balancer.
locals {
  rg_id     = "/subscriptions/00000000-0000-0000-0000-000000000001/resourceGroups/rg-robotics-dev"
  subnet_id = "${local.rg_id}/providers/Microsoft.Network/virtualNetworks/vnet-robotics-dev/subnets/snet-aks-robotics-dev"
  nsg_id    = "${local.rg_id}/providers/Microsoft.Network/networkSecurityGroups/nsg-robotics-dev"
}

data "threatmodel_assertion" "d3" {
  threats = ["D-3"]
  resources = {
    "azurerm_kubernetes_cluster.main" = {
      id                = "${local.rg_id}/providers/Microsoft.ContainerService/managedClusters/aks-robotics-dev"
      default_node_pool = [{ name = "system", vnet_subnet_id = local.subnet_id }]
    }
    "azurerm_subnet.aks" = {
      id   = local.subnet_id
      name = "snet-aks-robotics-dev"
    }
    "azurerm_network_security_group.main" = {
      id                  = local.nsg_id
      name                = "nsg-robotics-dev"
      resource_group_name = "rg-robotics-dev"
      security_rule = [{
        name                       = "deny-ssh-out"
        priority                   = 4000
        direction                  = "Outbound"
        access                     = "Deny"
        protocol                   = "Tcp"
        destination_port_range     = "22"
        destination_address_prefix = "Internet"
      }]
    }
    "azurerm_subnet_network_security_group_association.aks" = {
      id                        = local.subnet_id
      subnet_id                 = local.subnet_id
      network_security_group_id = local.nsg_id
    }
  }
}
