# The plan-time gate over the OSMO release: resource "threatmodel_assertion"
# given the helm_release itself fails `terraform plan` with S-1 and D-4
# errors when the resolved values turn authentication or rate limiting off.
resource "threatmodel_assertion" "osmo" {
  threats = ["S-1", "D-4"]
  resources = {
    "helm_release.osmo_control_plane" = helm_release.osmo_control_plane
  }
}
