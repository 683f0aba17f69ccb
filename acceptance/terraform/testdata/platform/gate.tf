# Added to main.tf by platform_plans.sh: the plan-time gate over every
# planned resource of the platform, keyed by address (count lists and
# for_each maps as they are).
resource "threatmodel_assertion" "platform" {
  # T-2 belongs to the working directory's own tests; I-2 follows T-2, so
  # without a backend it is undecided and only warns here.
  discover_backend = false
  policy = {
    enforcement = { "I-2" = "advisory" }
  }

  resources = {
    "azurerm_resource_group.main"                                           = azurerm_resource_group.main
    "azurerm_virtual_network.main"                                          = azurerm_virtual_network.main
    "azurerm_subnet.main"                                                   = azurerm_subnet.main
    "azurerm_subnet.private_endpoints"                                      = azurerm_subnet.private_endpoints
    "azurerm_subnet.aks"                                                    = azurerm_subnet.aks
    "azurerm_subnet.gpu"                                                    = azurerm_subnet.gpu
    "azurerm_subnet.firewall"                                               = azurerm_subnet.firewall
    "azurerm_network_security_group.main"                                   = azurerm_network_security_group.main
    "azurerm_network_security_rule.deny_internet_outbound"                  = azurerm_network_security_rule.deny_internet_outbound
    "azurerm_subnet_network_security_group_association.main"                = azurerm_subnet_network_security_group_association.main
    "azurerm_subnet_network_security_group_association.private_endpoints"   = azurerm_subnet_network_security_group_association.private_endpoints
    "azurerm_subnet_network_security_group_association.aks"                 = azurerm_subnet_network_security_group_association.aks
    "azurerm_subnet_network_security_group_association.gpu"                 = azurerm_subnet_network_security_group_association.gpu
    "azurerm_public_ip.egress"                                              = azurerm_public_ip.egress
    "azurerm_nat_gateway.main"                                              = azurerm_nat_gateway.main
    "azurerm_nat_gateway_public_ip_association.main"                        = azurerm_nat_gateway_public_ip_association.main
    "azurerm_subnet_nat_gateway_association.aks"                            = azurerm_subnet_nat_gateway_association.aks
    "azurerm_subnet_nat_gateway_association.gpu"                            = azurerm_subnet_nat_gateway_association.gpu
    "azurerm_firewall.egress"                                               = azurerm_firewall.egress
    "azurerm_route_table.egress"                                            = azurerm_route_table.egress
    "azurerm_subnet_route_table_association.aks"                            = azurerm_subnet_route_table_association.aks
    "azurerm_subnet_route_table_association.gpu"                            = azurerm_subnet_route_table_association.gpu
    "azurerm_user_assigned_identity.aks"                                    = azurerm_user_assigned_identity.aks
    "azurerm_kubernetes_cluster.main"                                       = azurerm_kubernetes_cluster.main
    "azurerm_kubernetes_cluster_node_pool.gpu"                              = azurerm_kubernetes_cluster_node_pool.gpu
    "azurerm_kubernetes_cluster_extension.azureml"                          = azurerm_kubernetes_cluster_extension.azureml
    "azurerm_key_vault.main"                                                = azurerm_key_vault.main
    "azurerm_postgresql_flexible_server.main"                               = azurerm_postgresql_flexible_server.main
    "azurerm_postgresql_flexible_server_firewall_rule.allow_azure_services" = azurerm_postgresql_flexible_server_firewall_rule.allow_azure_services
    "azurerm_managed_redis.main"                                            = azurerm_managed_redis.main
    "azurerm_key_vault_secret.redis_primary_key"                            = azurerm_key_vault_secret.redis_primary_key
    "azurerm_storage_account.main"                                          = azurerm_storage_account.main
    "azurerm_private_endpoint.data"                                         = azurerm_private_endpoint.data
    "azurerm_automation_account.main"                                       = azurerm_automation_account.main
    "azurerm_role_definition.start_stop"                                    = azurerm_role_definition.start_stop
    "azurerm_role_assignment.runbook"                                       = azurerm_role_assignment.runbook
    "azurerm_role_assignment.users"                                         = azurerm_role_assignment.users
  }
}
