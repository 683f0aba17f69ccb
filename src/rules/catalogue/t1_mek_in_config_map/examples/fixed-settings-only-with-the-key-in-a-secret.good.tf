# The ConfigMap holds ordinary settings only; the MEK is mounted from Key
# Vault through the Secrets Store CSI driver instead.
data "threatmodel_assertion" "t1" {
  threats = ["T-1"]
  resources = {
    "kubernetes_config_map_v1.osmo" = {
      id       = "osmo/osmo-config"
      metadata = [{ name = "osmo-config", namespace = "osmo" }]
      data = {
        log_level   = "INFO"
        service_url = "https://osmo.example.internal"
      }
    }
  }
}
