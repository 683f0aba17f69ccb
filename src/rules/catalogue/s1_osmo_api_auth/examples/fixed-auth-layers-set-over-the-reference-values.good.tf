# The reference architecture's values file kept as it is, with set entries
# (which Helm applies after every values document) turning each
# authentication layer on.
data "threatmodel_assertion" "s1" {
  threats = ["S-1"]
  resources = {
    "helm_release.osmo_control_plane" = {
      id         = "osmo-release"
      name       = "osmo-control-plane"
      repository = "https://helm.ngc.nvidia.com/nvidia/osmo"
      chart      = "service"
      values = [<<-YAML
        services:
          service:
            auth: { enabled: false }
        sidecars:
          envoy: { enabled: false, osmoauth: { enabled: false } }
          oauth2Proxy: { enabled: false }
          authz: { enabled: false }
        YAML
      ]
      set = [
        { name = "services.service.auth.enabled", value = "true" },
        { name = "sidecars.envoy.osmoauth.enabled", value = "true" },
        { name = "sidecars.oauth2Proxy.enabled", value = "true" },
        { name = "sidecars.authz.enabled", value = "true" },
      ]
    }
  }
}
