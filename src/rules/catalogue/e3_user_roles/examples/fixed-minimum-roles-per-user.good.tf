# Fixed: one user with the four roles the work needs, none admin-level.
locals {
  resource_group_id = "/subscriptions/00000000-0000-0000-0000-000000000001/resourceGroups/rg-robotics-dev"

  minimum_roles = {
    aks_user              = { role = "Azure Kubernetes Service Cluster User Role", scope = "${local.resource_group_id}/providers/Microsoft.ContainerService/managedClusters/aks-robotics" }
    blob_data_contributor = { role = "Storage Blob Data Contributor", scope = "${local.resource_group_id}/providers/Microsoft.Storage/storageAccounts/strobotics" }
    acr_pull              = { role = "AcrPull", scope = "${local.resource_group_id}/providers/Microsoft.ContainerRegistry/registries/acrrobotics" }
    ml_data_scientist     = { role = "AzureML Data Scientist", scope = "${local.resource_group_id}/providers/Microsoft.MachineLearningServices/workspaces/mlw-robotics" }
  }
}

data "threatmodel_assertion" "e3" {
  threats = ["E-3"]
  role_assignments = {
    for key, r in local.minimum_roles : "alice@contoso.com/${key}" => {
      principal_id         = "11111111-1111-1111-1111-111111111111"
      principal_type       = "User"
      role_definition_name = r.role
      scope                = r.scope
    }
  }
}
