# An assertion scoped to a check block: Terraform turns the data source's
# error diagnostics into warnings, and the plan succeeds.
terraform {
  required_providers {
    threatmodel = {
      source = "example.com/threatmodel/threatmodel"
    }
  }
}

provider "threatmodel" {}

locals {
  aks_cluster_id = "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg-robotics-dev/providers/Microsoft.ContainerService/managedClusters/aks-robotics-dev"
}

check "threat_model" {
  data "threatmodel_assertion" "runbook" {
    threats = ["E-1"]
    automation_accounts = {
      "aa-robotics-dev" = {
        principal_id = "33333333-3333-3333-3333-333333333333"
        role_assignments = {
          aks_contributor = {
            role_definition_name = "Azure Kubernetes Service Contributor Role"
            scope                = local.aks_cluster_id
          }
        }
      }
    }
  }

  assert {
    condition     = data.threatmodel_assertion.runbook.passed
    error_message = "The threat model assertion did not pass."
  }
}
