# T-2 against a real `http` backend. The test writes backend.tf next to this
# file (the state server's port is only known at run time), runs
# `terraform init` with only backend.tf present, then adds this file: the
# backend is read back by the provider from .terraform/terraform.tfstate.
terraform {
  required_providers {
    threatmodel = {
      source = "example.com/threatmodel/threatmodel"
    }
  }
}

variable "accepted_backends" {
  type = list(string)
}

provider "threatmodel" {
  accepted_backends = var.accepted_backends
}

data "threatmodel_assertion" "state" {
  threats = ["T-2"]
}

output "passed" {
  value = data.threatmodel_assertion.state.passed
}

output "t2_status" {
  value = data.threatmodel_assertion.state.findings[0].status
}
