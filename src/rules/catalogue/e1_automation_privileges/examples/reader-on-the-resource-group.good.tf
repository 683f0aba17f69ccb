# Reader on the resource group is not privileged.
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
        rg_reader = {
          role_definition_name = "Reader"
          scope                = local.resource_group_id
        }
      }
    }
  }
}
