# The reference architecture's versions.tf has no backend block: Terraform
# keeps state, with every secret in it, in a local terraform.tfstate.
data "threatmodel_assertion" "t2" {
  threats = ["T-2"]
}
