# Every OSMO authentication layer is on, but the only cluster in the
# deployment, where the release runs, has a public API server with no
# authorized IP ranges: the premise-private-api facet.
locals {
  resource_group_id = "/subscriptions/00000000-0000-0000-0000-000000000001/resourceGroups/rg-robotics-dev"
}

data "threatmodel_assertion" "s1" {
  threats = ["S-1"]
  resources = {
    "helm_release.osmo_control_plane" = {
      id         = "osmo-release"
      name       = "osmo-control-plane"
      repository = "https://helm.ngc.nvidia.com/nvidia/osmo"
      chart      = "service"
      set = [
        { name = "services.service.auth.enabled", value = "true" },
        { name = "sidecars.envoy.osmoauth.enabled", value = "true" },
        { name = "sidecars.oauth2Proxy.enabled", value = "true" },
        { name = "sidecars.authz.enabled", value = "true" },
      ]
    }
    "azurerm_kubernetes_cluster.main" = [{
      id                        = "${local.resource_group_id}/providers/Microsoft.ContainerService/managedClusters/aks-robotics"
      name                      = "aks-robotics"
      private_cluster_enabled   = false
      api_server_access_profile = []
    }]
  }
}
