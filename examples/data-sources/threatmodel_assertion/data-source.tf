locals {
  aks_cluster_id = "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg-robotics-dev/providers/Microsoft.ContainerService/managedClusters/aks-robotics-dev"

  # The same maps drive the azurerm_role_assignment resources (for_each),
  # so the assertion sees exactly what will be deployed, at plan time.
  users = {
    "alice@contoso.com" = { principal_id = "11111111-1111-1111-1111-111111111111", tier = "contributor" }
  }
  user_role_assignments = {
    "alice@contoso.com/aks_user" = {
      principal_id         = "11111111-1111-1111-1111-111111111111"
      principal_type       = "User"
      role_definition_name = "Azure Kubernetes Service Cluster User Role"
      scope                = local.aks_cluster_id
    }
  }
}

data "threatmodel_assertion" "platform" {
  # T-2 reads the backend from .terraform/terraform.tfstate after
  # `terraform init`; E-1 and E-3 check the inputs below.
  automation_accounts = {
    "aa-robotics-dev" = {
      principal_id = "33333333-3333-3333-3333-333333333333"
      role_assignments = {
        aks_start_stop = {
          role_definition_name = "Robotics Runbook Start Stop"
          scope                = local.aks_cluster_id
        }
      }
    }
  }
  users            = local.users
  role_assignments = local.user_role_assignments
}

output "threat_model_findings" {
  value = [for f in data.threatmodel_assertion.platform.findings : "${f.threat} ${f.subject}: ${f.status}"]
}
