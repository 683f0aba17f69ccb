# A greenfield plan: the Automation identity and the scope are created in
# the same apply, so their IDs are unknown while Terraform plans. The
# resource threatmodel_assertion is still judged at plan time.
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

# The role of a second grant whose principal nobody can attribute yet;
# null leaves it out.
variable "unattributed_role" {
  type    = string
  default = null
}

# The last day of a waiver for E-1 on "aa"; null means no waiver.
variable "waiver_expires" {
  type    = string
  default = null
}

# A directory whose .terraform/terraform.tfstate is read as the observed
# backend (T-2); null leaves T-2 out.
variable "observed_dir" {
  type    = string
  default = null
}

# A sensitive value passed in the write-only inputs (TF_VAR_canary).
variable "canary" {
  type      = string
  sensitive = true
}

resource "terraform_data" "identity" {
  input = "aa"
}

resource "terraform_data" "resource_group" {
  input = "rg"
}

resource "terraform_data" "other_identity" {
  input = "other"
}

locals {
  scope = "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/${terraform_data.resource_group.id}"
}

resource "threatmodel_assertion" "platform" {
  discover_backend = var.observed_dir != null
  working_dir      = var.observed_dir
  automation_accounts = {
    aa = {
      principal_id = terraform_data.identity.id
      role_assignments = [{
        role_definition_name = var.role
        scope                = local.scope
        description          = var.canary
      }]
    }
  }
  role_assignments = var.unattributed_role == null ? {} : {
    unattributed = {
      principal_id         = terraform_data.other_identity.id
      role_definition_name = var.unattributed_role
      scope                = local.scope
    }
  }
  waivers = var.waiver_expires == null ? [] : [{
    threat        = "E-1"
    subject       = "aa"
    justification = "pilot"
    expires       = var.waiver_expires
    approver      = "ciso@contoso.com"
  }]
}

output "passed" {
  value = threatmodel_assertion.platform.passed
}
