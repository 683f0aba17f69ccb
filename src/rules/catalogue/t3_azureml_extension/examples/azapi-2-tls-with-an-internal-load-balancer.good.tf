# The AzureML extension deployed with the AzAPI provider 2.x, whose body is
# an object: TLS required and the inference router on an internal load
# balancer.
data "threatmodel_assertion" "t3" {
  threats = ["T-3"]
  resources = {
    "azapi_resource.azureml" = {
      id        = "/subscriptions/00000000-0000-0000-0000-000000000001/resourceGroups/rg-robotics-dev/providers/Microsoft.ContainerService/managedClusters/aks-robotics-dev/providers/Microsoft.KubernetesConfiguration/extensions/azureml"
      type      = "Microsoft.KubernetesConfiguration/extensions@2023-05-01"
      name      = "azureml"
      parent_id = "/subscriptions/00000000-0000-0000-0000-000000000001/resourceGroups/rg-robotics-dev/providers/Microsoft.ContainerService/managedClusters/aks-robotics-dev"
      body = {
        properties = {
          extensionType = "Microsoft.AzureML.Kubernetes"
          configurationSettings = {
            allowInsecureConnections     = "False"
            inferenceRouterServiceType   = "LoadBalancer"
            internalLoadBalancerProvider = "azure"
          }
        }
      }
    }
  }
}
