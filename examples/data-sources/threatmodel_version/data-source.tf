terraform {
  required_providers {
    threatmodel = {
      source = "threatmodel/threatmodel"
    }
  }
}

data "threatmodel_version" "current" {}

output "provider_version" {
  value = data.threatmodel_version.current.version
}
