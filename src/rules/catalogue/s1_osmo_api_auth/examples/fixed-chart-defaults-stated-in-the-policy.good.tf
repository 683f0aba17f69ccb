# The web UI release sets only the OAuth2 proxy; the policy states the
# chart's defaults for the keys the release leaves alone, which the plan
# cannot show.
data "threatmodel_assertion" "s1" {
  threats = ["S-1"]
  policy = {
    osmo_chart_defaults = {
      "services.service.auth.enabled"   = true
      "sidecars.envoy.osmoauth.enabled" = true
      "sidecars.authz.enabled"          = true
    }
  }
  resources = {
    "helm_release.osmo_ui" = {
      id         = "osmo-ui"
      repository = "https://helm.ngc.nvidia.com/nvidia/osmo"
      chart      = "web-ui"
      values = [yamlencode({
        sidecars = { oauth2Proxy = { enabled = true } }
      })]
    }
  }
}
