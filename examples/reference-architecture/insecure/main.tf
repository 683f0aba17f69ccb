# The robotics platform's access model as the reference architecture ships
# it. `terraform plan` fails with T-2, E-1 and E-3.
terraform {
  required_providers {
    threatmodel = {
      source = "threatmodel/threatmodel"
    }
  }
  # No backend block: state, with its database passwords, storage keys and
  # VPN shared keys, stays in a local terraform.tfstate (T-2).
}

provider "threatmodel" {}

locals {
  subscription_id   = "00000000-0000-0000-0000-000000000000"
  resource_group_id = "/subscriptions/${local.subscription_id}/resourceGroups/rg-robotics-dev"

  aks_cluster_id        = "${local.resource_group_id}/providers/Microsoft.ContainerService/managedClusters/aks-robotics-dev"
  postgresql_server_id  = "${local.resource_group_id}/providers/Microsoft.DBforPostgreSQL/flexibleServers/psql-robotics-dev"
  key_vault_id          = "${local.resource_group_id}/providers/Microsoft.KeyVault/vaults/kv-robotics-dev"
  storage_account_id    = "${local.resource_group_id}/providers/Microsoft.Storage/storageAccounts/strobotics"
  grafana_id            = "${local.resource_group_id}/providers/Microsoft.Dashboard/grafana/graf-robotics-dev"
  container_registry_id = "${local.resource_group_id}/providers/Microsoft.ContainerRegistry/registries/acrrobotics"
  ml_workspace_id       = "${local.resource_group_id}/providers/Microsoft.MachineLearningServices/workspaces/mlw-robotics-dev"

  # What modules/automation grants the runbook's managed identity.
  automation_role_assignments = {
    aks_contributor = {
      role_definition_name = "Azure Kubernetes Service Contributor Role"
      scope                = local.aks_cluster_id
    }
    postgresql_contributor = {
      role_definition_name = "Contributor"
      scope                = local.postgresql_server_id
    }
  }

  # The platform's users; the same map drives azurerm_role_assignment
  # resources with for_each = local.user_role_assignments.
  users = {
    "alice@contoso.com" = { principal_id = "11111111-1111-1111-1111-111111111111" }
    "bob@contoso.com"   = { principal_id = "22222222-2222-2222-2222-222222222222" }
  }

  # add-user-to-platform.sh: nine admin-level roles for every user.
  onboarding_roles = {
    aks_cluster_admin      = { role = "Azure Kubernetes Service Cluster Admin Role", scope = local.aks_cluster_id }
    aks_rbac_cluster_admin = { role = "Azure Kubernetes Service RBAC Cluster Admin", scope = local.aks_cluster_id }
    kv_secrets_officer     = { role = "Key Vault Secrets Officer", scope = local.key_vault_id }
    blob_data_contributor  = { role = "Storage Blob Data Contributor", scope = local.storage_account_id }
    grafana_admin          = { role = "Grafana Admin", scope = local.grafana_id }
    acr_push               = { role = "AcrPush", scope = local.container_registry_id }
    acr_pull               = { role = "AcrPull", scope = local.container_registry_id }
    ml_data_scientist      = { role = "AzureML Data Scientist", scope = local.ml_workspace_id }
    rg_contributor         = { role = "Contributor", scope = local.resource_group_id }
  }

  user_role_assignments = {
    for pair in setproduct(keys(local.users), keys(local.onboarding_roles)) :
    "${pair[0]}/${pair[1]}" => {
      principal_id         = local.users[pair[0]].principal_id
      principal_type       = "User"
      role_definition_name = local.onboarding_roles[pair[1]].role
      scope                = local.onboarding_roles[pair[1]].scope
    }
  }
}

# Which threats to check; all by default. The tests in tests/ check one at a
# time.
variable "threats" {
  type    = list(string)
  default = null
}

data "threatmodel_assertion" "platform" {
  threats = var.threats
  automation_accounts = {
    "aa-robotics-dev" = {
      principal_id     = "33333333-3333-3333-3333-333333333333"
      role_assignments = local.automation_role_assignments
    }
  }
  users            = local.users
  role_assignments = local.user_role_assignments

  # A failed condition is what `terraform test` can expect (see
  # tests/*.tftest.hcl and docs/testing.md); in a plan the provider's own
  # errors come first.
  lifecycle {
    postcondition {
      condition     = self.passed
      error_message = join("\n", self.blocking)
    }
  }
}

output "threat_model_passed" {
  value = data.threatmodel_assertion.platform.passed
}
