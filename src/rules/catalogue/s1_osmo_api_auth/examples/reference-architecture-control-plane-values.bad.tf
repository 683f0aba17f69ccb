# The reference architecture's OSMO control-plane values, installed with
# helm_release: every authentication layer is off.
data "threatmodel_assertion" "s1" {
  threats = ["S-1"]
  resources = {
    "helm_release.osmo_control_plane" = {
      id         = "osmo-release"
      name       = "osmo-control-plane"
      repository = "https://helm.ngc.nvidia.com/nvidia/osmo"
      chart      = "service"
      values = [<<-YAML
        global:
          logs: { enabled: true, logLevel: DEBUG }
        services:
          postgres: { enabled: false, db: osmo, user: pgadmin }
          service:
            auth: { enabled: false }
        sidecars:
          envoy: { enabled: false, osmoauth: { enabled: false } }
          oauth2Proxy: { enabled: false }
          authz: { enabled: false }
          rateLimit: { enabled: false }
        YAML
      ]
    }
  }
}
