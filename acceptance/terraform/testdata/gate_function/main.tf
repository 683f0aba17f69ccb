# provider::threatmodel::assert in a check block and in a precondition.
terraform {
  required_providers {
    threatmodel = {
      source = "example.com/threatmodel/threatmodel"
    }
  }
}

variable "role" {
  type = string
}

resource "terraform_data" "identity" {
  input = "aa"
}

locals {
  assertion = {
    discover_backend = false
    automation_accounts = {
      aa = {
        principal_id = terraform_data.identity.id
        role_assignments = [{
          role_definition_name = var.role
          scope                = "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg"
        }]
      }
    }
  }
}

check "threat_model" {
  assert {
    condition     = provider::threatmodel::assert(local.assertion)
    error_message = "The threat model is violated."
  }
}

resource "terraform_data" "guarded" {
  input = "guarded"
  lifecycle {
    precondition {
      condition     = provider::threatmodel::assert(local.assertion)
      error_message = "The threat model is violated."
    }
  }
}
