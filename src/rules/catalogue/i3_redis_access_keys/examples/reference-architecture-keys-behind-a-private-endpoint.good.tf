# The reference architecture with public network access off and a private
# endpoint: the access keys are the accepted condition, reported as an
# advisory warning (facet I-3/access-keys); the plan goes ahead.
locals {
  redis_id = "/subscriptions/00000000-0000-0000-0000-000000000001/resourceGroups/rg-robotics-dev/providers/Microsoft.Cache/redisEnterprise/redis-robotics-dev-001"
}

data "threatmodel_assertion" "i3" {
  threats = ["I-3"]
  resources = {
    "module.platform.azurerm_managed_redis.main" = [{
      id                    = local.redis_id
      public_network_access = "Disabled"
      default_database = [{
        access_keys_authentication_enabled = true
        client_protocol                    = "Encrypted"
      }]
    }]
    "module.platform.azurerm_private_endpoint.redis" = [{
      id = "/subscriptions/00000000-0000-0000-0000-000000000001/resourceGroups/rg-robotics-dev/providers/Microsoft.Network/privateEndpoints/pe-redis-robotics-dev-001"
      private_service_connection = [{
        private_connection_resource_id = local.redis_id
        subresource_names              = ["redisEnterprise"]
      }]
    }]
  }
}
