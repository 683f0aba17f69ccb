# The reference architecture's deployment script (allow_insecure="true")
# with the inference router on a public load balancer: traffic is no
# longer cluster-internal, so the premise of accepting T-3 does not hold.
data "threatmodel_assertion" "t3" {
  threats = ["T-3"]
  resources = {
    "azurerm_kubernetes_cluster_extension.azureml" = {
      id             = "/subscriptions/00000000-0000-0000-0000-000000000001/resourceGroups/rg-robotics-dev/providers/Microsoft.ContainerService/managedClusters/aks-robotics-dev/providers/Microsoft.KubernetesConfiguration/extensions/azureml"
      extension_type = "Microsoft.AzureML.Kubernetes"
      configuration_settings = {
        enableInference            = "True"
        allowInsecureConnections   = "True"
        inferenceRouterServiceType = "LoadBalancer"
      }
    }
  }
}
