# The reference values first, then an overrides document: Helm merges the
# documents in order, so the later one turns Envoy and rate limiting on.
data "threatmodel_assertion" "d4" {
  threats = ["D-4"]
  resources = {
    "helm_release.osmo_router" = {
      id         = "osmo-release"
      repository = "https://helm.ngc.nvidia.com/nvidia/osmo"
      chart      = "router"
      values = [
        yamlencode({ sidecars = { envoy = { enabled = false }, rateLimit = { enabled = false } } }),
        yamlencode({ sidecars = { envoy = { enabled = true }, rateLimit = { enabled = true } } }),
      ]
    }
  }
}
