# The cluster enforces policies, but the GPU operator's namespace has no
# default-deny NetworkPolicy.
data "threatmodel_assertion" "d1" {
  threats = ["D-1"]
  resources = {
    "azurerm_kubernetes_cluster.main" = {
      id              = "/subscriptions/00000000-0000-0000-0000-000000000001/resourceGroups/rg-robotics-dev/providers/Microsoft.ContainerService/managedClusters/aks-robotics-dev"
      network_profile = [{ network_plugin = "azure", network_policy = "azure" }]
    }
    "helm_release.gpu_operator" = {
      id        = "gpu-operator"
      name      = "gpu-operator"
      namespace = "gpu-operator"
    }
  }
}
