# The robotics platform's access model with the threat model's remediations
# applied. `terraform plan` passes once `terraform init` has put its state
# in a PostgreSQL backend (see README.md).
terraform {
  required_providers {
    threatmodel = {
      source = "threatmodel/threatmodel"
    }
  }
  # T-2: state in a remote backend that locks it, with no credential in
  # the configuration. The real root uses azurerm with Entra ID auth
  # (use_azuread_auth = true); this example runs on PostgreSQL, which the
  # same machine can serve (README.md). conn_str comes from PG_CONN_STR.
  backend "pg" {}
}

# The assertion observes the backend that `terraform init` recorded in
# .terraform/terraform.tfstate; the policy accepts pg besides azurerm.
provider "threatmodel" {
  accepted_backends = ["azurerm", "pg"]
}

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

  # E-1: a custom role with only the runbook's start/stop operations
  # (azurerm_role_definition "runbook_start_stop"), on each resource.
  automation_role_assignments = {
    aks_start_stop = {
      role_definition_name = "Robotics Runbook Start Stop"
      scope                = local.aks_cluster_id
    }
    postgresql_start_stop = {
      role_definition_name = "Robotics Runbook Start Stop"
      scope                = local.postgresql_server_id
    }
  }

  # The platform's users; the same map drives azurerm_role_assignment
  # resources with for_each = local.user_role_assignments.
  # E-3: every user belongs to one tier and gets that tier's roles only.
  users = {
    "alice@contoso.com" = { principal_id = "11111111-1111-1111-1111-111111111111", tier = "contributor" }
    "bob@contoso.com"   = { principal_id = "22222222-2222-2222-2222-222222222222", tier = "reader" }
  }

  tier_roles = {
    reader = {
      acr_pull    = { role = "AcrPull", scope = local.container_registry_id }
      aks_user    = { role = "Azure Kubernetes Service Cluster User Role", scope = local.aks_cluster_id }
      blob_reader = { role = "Storage Blob Data Reader", scope = local.storage_account_id }
    }
    contributor = {
      acr_push          = { role = "AcrPush", scope = local.container_registry_id }
      aks_user          = { role = "Azure Kubernetes Service Cluster User Role", scope = local.aks_cluster_id }
      blob_contributor  = { role = "Storage Blob Data Contributor", scope = local.storage_account_id }
      ml_data_scientist = { role = "AzureML Data Scientist", scope = local.ml_workspace_id }
    }
  }

  user_role_assignments = merge([
    for user, u in local.users : {
      for key, r in local.tier_roles[u.tier] : "${user}/${key}" => {
        principal_id         = u.principal_id
        principal_type       = "User"
        role_definition_name = r.role
        scope                = r.scope
      }
    }
  ]...)
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
