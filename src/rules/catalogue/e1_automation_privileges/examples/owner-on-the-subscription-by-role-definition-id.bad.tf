# Owner on the subscription, given by role definition ID only.
locals {
  resource_group_id    = "/subscriptions/00000000-0000-0000-0000-000000000001/resourceGroups/rg-robotics-dev"
  aks_cluster_id       = "${local.resource_group_id}/providers/Microsoft.ContainerService/managedClusters/aks-robotics"
  postgresql_server_id = "${local.resource_group_id}/providers/Microsoft.DBforPostgreSQL/flexibleServers/psql-robotics-dev"
}

data "threatmodel_assertion" "e1" {
  threats = ["E-1"]
  automation_accounts = {
    "aa-robotics-dev-001" = {
      principal_id = "33333333-3333-3333-3333-333333333333"
      role_assignments = {
        subscription_owner = {
          role_definition_id = "/subscriptions/00000000-0000-0000-0000-000000000001/providers/Microsoft.Authorization/roleDefinitions/8e3af657-a8ff-443c-a75c-2fe8c4bcb635"
          scope              = "/subscriptions/00000000-0000-0000-0000-000000000001"
        }
      }
    }
  }
}
