# The reference architecture: Azure CNI without a network policy engine, so
# NetworkPolicy objects would be ignored and every pod reaches every other.
data "threatmodel_assertion" "d1" {
  threats = ["D-1"]
  resources = {
    "azurerm_kubernetes_cluster.main" = {
      id = "/subscriptions/00000000-0000-0000-0000-000000000001/resourceGroups/rg-robotics-dev/providers/Microsoft.ContainerService/managedClusters/aks-robotics-dev"
      network_profile = [{
        network_plugin     = "azure"
        network_policy     = null
        network_data_plane = "azure"
      }]
    }
  }
}
