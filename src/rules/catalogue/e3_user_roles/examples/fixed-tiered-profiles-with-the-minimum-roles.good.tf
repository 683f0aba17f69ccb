# Fixed: each user holds the minimum roles of one tier; admin-level roles
# only in the admin tier.
locals {
  resource_group_id = "/subscriptions/00000000-0000-0000-0000-000000000001/resourceGroups/rg-robotics-dev"
  aks_cluster_id    = "${local.resource_group_id}/providers/Microsoft.ContainerService/managedClusters/aks-robotics"
}

data "threatmodel_assertion" "e3" {
  threats = ["E-3"]
  users = {
    alice = {
      principal_id = "11111111-1111-1111-1111-111111111111"
      tier         = "contributor"
      role_assignments = {
        aks_user              = { role_definition_name = "Azure Kubernetes Service Cluster User Role", scope = local.aks_cluster_id }
        blob_data_contributor = { role_definition_name = "Storage Blob Data Contributor", scope = "${local.resource_group_id}/providers/Microsoft.Storage/storageAccounts/strobotics" }
        acr_pull              = { role_definition_name = "AcrPull", scope = "${local.resource_group_id}/providers/Microsoft.ContainerRegistry/registries/acrrobotics" }
        ml_data_scientist     = { role_definition_name = "AzureML Data Scientist", scope = "${local.resource_group_id}/providers/Microsoft.MachineLearningServices/workspaces/mlw-robotics" }
      }
    }
    bob = {
      principal_id = "22222222-2222-2222-2222-222222222222"
      tier         = "admin"
      role_assignments = {
        aks_rbac_cluster_admin = { role_definition_name = "Azure Kubernetes Service RBAC Cluster Admin", scope = local.aks_cluster_id }
        kv_secrets_officer     = { role_definition_name = "Key Vault Secrets Officer", scope = "${local.resource_group_id}/providers/Microsoft.KeyVault/vaults/kv-robotics" }
      }
    }
  }
}
