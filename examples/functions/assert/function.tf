locals {
  automation_accounts = {
    "aa-robotics-dev" = {
      principal_id = "33333333-3333-3333-3333-333333333333"
      role_assignments = {
        aks_start_stop = {
          role_definition_name = "Automation Job Operator"
          scope                = "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg-robotics-dev"
        }
      }
    }
  }
}

# A function error fails the plan even inside a check block, where a false
# assert condition would only warn.
check "threat_model" {
  assert {
    condition = provider::threatmodel::assert({
      automation_accounts = local.automation_accounts
      discover_backend    = false
    })
    error_message = "The threat model is violated."
  }
}
