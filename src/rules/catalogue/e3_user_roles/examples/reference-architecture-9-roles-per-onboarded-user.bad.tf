# add-user-to-platform.sh in Terraform: nine roles, most of them admin-level,
# for every onboarded user.
locals {
  resource_group_id = "/subscriptions/00000000-0000-0000-0000-000000000001/resourceGroups/rg-robotics-dev"

  onboarding_roles = {
    aks_cluster_admin      = { role = "Azure Kubernetes Service Cluster Admin Role", scope = "${local.resource_group_id}/providers/Microsoft.ContainerService/managedClusters/aks-robotics" }
    aks_rbac_cluster_admin = { role = "Azure Kubernetes Service RBAC Cluster Admin", scope = "${local.resource_group_id}/providers/Microsoft.ContainerService/managedClusters/aks-robotics" }
    kv_secrets_officer     = { role = "Key Vault Secrets Officer", scope = "${local.resource_group_id}/providers/Microsoft.KeyVault/vaults/kv-robotics" }
    blob_data_contributor  = { role = "Storage Blob Data Contributor", scope = "${local.resource_group_id}/providers/Microsoft.Storage/storageAccounts/strobotics" }
    grafana_admin          = { role = "Grafana Admin", scope = "${local.resource_group_id}/providers/Microsoft.Dashboard/grafana/graf-robotics" }
    acr_push               = { role = "AcrPush", scope = "${local.resource_group_id}/providers/Microsoft.ContainerRegistry/registries/acrrobotics" }
    acr_pull               = { role = "AcrPull", scope = "${local.resource_group_id}/providers/Microsoft.ContainerRegistry/registries/acrrobotics" }
    ml_data_scientist      = { role = "AzureML Data Scientist", scope = "${local.resource_group_id}/providers/Microsoft.MachineLearningServices/workspaces/mlw-robotics" }
    rg_contributor         = { role = "Contributor", scope = local.resource_group_id }
  }

  user_role_assignments = {
    for key, r in local.onboarding_roles : "alice@contoso.com/${key}" => {
      principal_id         = "11111111-1111-1111-1111-111111111111"
      principal_type       = "User"
      role_definition_name = r.role
      scope                = r.scope
    }
  }
}

data "threatmodel_assertion" "e3" {
  threats          = ["E-3"]
  role_assignments = local.user_role_assignments
}
