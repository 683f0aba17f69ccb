# OSMO's MEK file in a ConfigMap, as the reference deployment writes it:
# ConfigMaps are not encrypted at rest as Secrets are. The key below is a
# placeholder; the finding names the data key, never its value.
data "threatmodel_assertion" "t1" {
  threats = ["T-1"]
  resources = {
    "kubernetes_config_map_v1.osmo_mek" = {
      id       = "osmo/osmo-mek"
      metadata = [{ name = "osmo-mek", namespace = "osmo" }]
      data = {
        "mek.yaml" = <<-YAML
          currentMek: key1
          meks:
            key1: placeholder-not-a-real-key
        YAML
      }
    }
  }
}
