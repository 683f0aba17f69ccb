# The deferred example with the value routed through a local: the resource
# and the assertion read the same local, the assertion no longer depends on
# the resource, and Terraform reads it at plan time.
terraform {
  required_providers {
    threatmodel = {
      source = "example.com/threatmodel/threatmodel"
    }
  }
}

provider "threatmodel" {}

locals {
  aks_cluster_id       = "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg-robotics-dev/providers/Microsoft.ContainerService/managedClusters/aks-robotics-dev"
  runbook_principal_id = "33333333-3333-3333-3333-333333333333"
  runbook_role_assignments = {
    aks_contributor = {
      role_definition_name = "Azure Kubernetes Service Contributor Role"
      scope                = local.aks_cluster_id
    }
  }
}

resource "terraform_data" "runbook_identity" {
  input = local.runbook_principal_id
}

data "threatmodel_assertion" "runbook" {
  threats = ["E-1"]
  automation_accounts = {
    "aa-robotics-dev" = {
      principal_id     = local.runbook_principal_id
      role_assignments = local.runbook_role_assignments
    }
  }
}
