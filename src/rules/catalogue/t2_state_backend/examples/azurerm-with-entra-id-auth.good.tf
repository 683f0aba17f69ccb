# The module author states the backend: azurerm with Entra ID data-plane
# auth and OIDC, no credential in its configuration. Judged as stated
# (discover_backend = false); an observed backend always wins otherwise.
data "threatmodel_assertion" "t2" {
  threats          = ["T-2"]
  discover_backend = false
  backend = {
    type = "azurerm"
    settings = [
      "storage_account_name",
      "container_name",
      "key",
      "resource_group_name",
      "use_azuread_auth",
      "use_oidc",
    ]
  }
}
