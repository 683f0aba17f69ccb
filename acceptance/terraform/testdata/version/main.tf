terraform {
  required_providers {
    threatmodel = {
      source = "example.com/threatmodel/threatmodel"
    }
  }
}

provider "threatmodel" {}

data "threatmodel_version" "v" {}

output "version" {
  value = data.threatmodel_version.v.version
}

output "protocol_version" {
  value = data.threatmodel_version.v.protocol_version
}
