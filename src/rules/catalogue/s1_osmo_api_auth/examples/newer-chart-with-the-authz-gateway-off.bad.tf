# The newer osmo chart (gateway section, no services.service.auth): the
# OAuth2 proxy is on, the authorization gateway off.
data "threatmodel_assertion" "s1" {
  threats = ["S-1"]
  resources = {
    "module.osmo.helm_release.osmo" = {
      id         = "osmo-release"
      repository = "https://helm.ngc.nvidia.com/nvidia/osmo"
      chart      = "osmo"
      values = [yamlencode({
        sidecars = { envoy = { enabled = true, osmoauth = { enabled = true } } }
        gateway = {
          oauth2Proxy = { enabled = true }
          authz       = { enabled = false }
        }
      })]
    }
  }
}
