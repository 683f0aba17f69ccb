# A reader-tier user holding AcrPush, which is not among the reader tier's
# roles.
data "threatmodel_assertion" "e3" {
  threats = ["E-3"]
  users = {
    dave = {
      principal_id = "44444444-4444-4444-4444-444444444444"
      tier         = "reader"
      role_assignments = {
        acr_push = {
          role_definition_name = "AcrPush"
          scope                = "/subscriptions/00000000-0000-0000-0000-000000000001/resourceGroups/rg-robotics-dev/providers/Microsoft.ContainerRegistry/registries/acrrobotics"
        }
      }
    }
  }
}
