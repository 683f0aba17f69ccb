# A contributor-tier user holding an admin-level role.
data "threatmodel_assertion" "e3" {
  threats = ["E-3"]
  users = {
    carol = {
      principal_id = "33333333-3333-3333-3333-333333333333"
      tier         = "contributor"
      role_assignments = {
        kv_secrets_officer = {
          role_definition_name = "Key Vault Secrets Officer"
          scope                = "/subscriptions/00000000-0000-0000-0000-000000000001/resourceGroups/rg-robotics-dev/providers/Microsoft.KeyVault/vaults/kv-robotics"
        }
      }
    }
  }
}
