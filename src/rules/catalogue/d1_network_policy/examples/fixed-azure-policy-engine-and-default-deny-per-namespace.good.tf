# Azure network policies on the cluster and a default-deny policy in every
# namespace the configuration manages.
data "threatmodel_assertion" "d1" {
  threats = ["D-1"]
  resources = {
    "azurerm_kubernetes_cluster.main" = {
      id              = "/subscriptions/00000000-0000-0000-0000-000000000001/resourceGroups/rg-robotics-dev/providers/Microsoft.ContainerService/managedClusters/aks-robotics-dev"
      network_profile = [{ network_plugin = "azure", network_policy = "azure" }]
    }
    "kubernetes_namespace_v1.osmo" = {
      id       = "osmo"
      metadata = [{ name = "osmo" }]
    }
    "helm_release.gpu_operator" = {
      id        = "gpu-operator"
      name      = "gpu-operator"
      namespace = "gpu-operator"
    }
    "kubernetes_network_policy_v1.default_deny" = {
      for ns in ["osmo", "gpu-operator"] : ns => {
        id       = "${ns}/default-deny"
        metadata = [{ name = "default-deny", namespace = ns }]
        spec = [{
          pod_selector = [{}]
          policy_types = ["Ingress", "Egress"]
          ingress      = []
          egress       = []
        }]
      }
    }
  }
}
