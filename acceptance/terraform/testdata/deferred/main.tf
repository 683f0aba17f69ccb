# Two assertions that Terraform defers to apply, so a violation in them does
# not fail `terraform plan`:
#   - pending: its input refers to a managed resource with pending changes
#     (the value itself is known: terraform_data.input is set in config);
#   - unknown: its input is unknown until the resource is created.
# Both hold the same E-1 violation, which surfaces only during apply.
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
  runbook_role_assignments = {
    aks_contributor = {
      role_definition_name = "Azure Kubernetes Service Contributor Role"
      scope                = local.aks_cluster_id
    }
  }
}

resource "terraform_data" "runbook_identity" {
  input = "33333333-3333-3333-3333-333333333333"
}

data "threatmodel_assertion" "pending" {
  threats = ["E-1"]
  automation_accounts = {
    "aa-robotics-dev" = {
      principal_id     = terraform_data.runbook_identity.input
      role_assignments = local.runbook_role_assignments
    }
  }
}

data "threatmodel_assertion" "unknown" {
  threats = ["E-1"]
  automation_accounts = {
    "aa-robotics-dev" = {
      principal_id     = terraform_data.runbook_identity.output
      role_assignments = local.runbook_role_assignments
    }
  }
}
