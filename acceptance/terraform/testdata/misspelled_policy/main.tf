# Issue 10, case 10: a misspelled policy key. Terraform's conversion to a
# fixed object type used to drop it, so alice (three roles, over the
# intended limit of two) passed and nobody was told. The provider must now
# fail the plan and name the key.
terraform {
  required_providers {
    threatmodel = {
      source = "example.com/threatmodel/threatmodel"
    }
  }
}

provider "threatmodel" {}

locals {
  rg = "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg-robotics-dev"
}

data "threatmodel_assertion" "users" {
  threats          = ["E-3"]
  discover_backend = false
  users = {
    "alice@contoso.com" = {
      principal_id = "11111111-1111-1111-1111-111111111111"
      role_assignments = {
        acr    = { role_definition_name = "AcrPull", scope = local.rg }
        reader = { role_definition_name = "Reader", scope = local.rg }
        logs   = { role_definition_name = "Log Analytics Reader", scope = local.rg }
      }
    }
  }
  policy = { max_role_per_user = 2 }
}
