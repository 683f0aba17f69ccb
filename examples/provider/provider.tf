terraform {
  required_providers {
    threatmodel = {
      source = "threatmodel/threatmodel"
    }
  }
}

provider "threatmodel" {}
