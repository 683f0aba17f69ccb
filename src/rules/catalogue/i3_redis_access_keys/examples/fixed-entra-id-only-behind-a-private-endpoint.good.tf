# An azurerm 4.x cache with Entra ID authentication only, TLS only and no
# public network access.
data "threatmodel_assertion" "i3" {
  threats = ["I-3"]
  resources = {
    "azurerm_redis_cache.cache" = {
      id                                 = "/subscriptions/00000000-0000-0000-0000-000000000001/resourceGroups/rg-robotics-dev/providers/Microsoft.Cache/redis/redis-robotics-dev-001"
      access_keys_authentication_enabled = false
      non_ssl_port_enabled               = false
      public_network_access_enabled      = false
      redis_configuration = [{
        active_directory_authentication_enabled = true
      }]
    }
  }
}
