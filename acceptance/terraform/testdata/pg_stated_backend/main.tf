# T-2 when the assertion states a backend that contradicts the one the
# working directory is initialised with. The test runs `terraform init` on a
# `pg` backend first (with only a backend block present, as for the http
# cases), then adds this file, whose assertion claims `azurerm`. The
# observed backend wins and the contradiction is itself a violation.
terraform {
  required_providers {
    threatmodel = {
      source = "example.com/threatmodel/threatmodel"
    }
  }
  backend "pg" {}
}

provider "threatmodel" {
  accepted_backends = ["azurerm", "pg"]
}

data "threatmodel_assertion" "state" {
  threats = ["T-2"]

  backend = {
    type     = "azurerm"
    settings = ["use_azuread_auth", "storage_account_name", "container_name", "key"]
  }
}

output "passed" {
  value = data.threatmodel_assertion.state.passed
}
