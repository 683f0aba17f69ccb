# The same shape of plan without any external provider, to compare timings.
locals {
  version = "0.0.0"
}

resource "terraform_data" "v" {
  input = local.version
}

output "version" {
  value = local.version
}
