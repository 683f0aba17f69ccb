# The AzureML extension serving inference over TLS behind an internal
# load balancer.
data "threatmodel_assertion" "t3" {
  threats = ["T-3"]
  resources = {
    "azurerm_kubernetes_cluster_extension.azureml" = {
      id             = "/subscriptions/00000000-0000-0000-0000-000000000001/resourceGroups/rg-robotics-dev/providers/Microsoft.ContainerService/managedClusters/aks-robotics-dev/providers/Microsoft.KubernetesConfiguration/extensions/azureml"
      extension_type = "Microsoft.AzureML.Kubernetes"
      configuration_settings = {
        enableInference              = "True"
        allowInsecureConnections     = "False"
        inferenceRouterServiceType   = "LoadBalancer"
        internalLoadBalancerProvider = "azure"
      }
    }
  }
}
