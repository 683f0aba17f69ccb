# Node egress goes through Azure Firewall: a route table sends 0.0.0.0/0 to
# the firewall's private IP and is associated with the node subnet.
locals {
  rg_id     = "/subscriptions/00000000-0000-0000-0000-000000000001/resourceGroups/rg-robotics-dev"
  subnet_id = "${local.rg_id}/providers/Microsoft.Network/virtualNetworks/vnet-robotics-dev/subnets/snet-aks-robotics-dev"
  rt_id     = "${local.rg_id}/providers/Microsoft.Network/routeTables/rt-aks-robotics-dev"
}

data "threatmodel_assertion" "d3" {
  threats = ["D-3"]
  resources = {
    "azurerm_kubernetes_cluster.main" = {
      id                = "${local.rg_id}/providers/Microsoft.ContainerService/managedClusters/aks-robotics-dev"
      default_node_pool = [{ name = "system", vnet_subnet_id = local.subnet_id }]
      network_profile   = [{ network_plugin = "azure", outbound_type = "userDefinedRouting" }]
    }
    "azurerm_subnet.aks" = {
      id   = local.subnet_id
      name = "snet-aks-robotics-dev"
    }
    "azurerm_route_table.aks" = {
      id                  = local.rt_id
      name                = "rt-aks-robotics-dev"
      resource_group_name = "rg-robotics-dev"
      route = [{
        name                   = "default-to-firewall"
        address_prefix         = "0.0.0.0/0"
        next_hop_type          = "VirtualAppliance"
        next_hop_in_ip_address = "10.0.9.4"
      }]
    }
    "azurerm_subnet_route_table_association.aks" = {
      id             = local.subnet_id
      subnet_id      = local.subnet_id
      route_table_id = local.rt_id
    }
  }
}
