# The reference architecture's OSMO router values: no Envoy proxy and no
# rate limiting in front of the API.
data "threatmodel_assertion" "d4" {
  threats = ["D-4"]
  resources = {
    "helm_release.osmo_router" = {
      id         = "osmo-release"
      repository = "https://helm.ngc.nvidia.com/nvidia/osmo"
      chart      = "router"
      values = [yamlencode({
        sidecars = {
          envoy     = { enabled = false }
          rateLimit = { enabled = false }
        }
      })]
    }
  }
}
