# An azurerm 3.x cache (enable_non_ssl_port, no access-key setting) with the
# non-TLS port open: keys and data cross the network in clear text.
data "threatmodel_assertion" "i3" {
  threats = ["I-3"]
  resources = {
    "azurerm_redis_cache.cache" = {
      id                            = "/subscriptions/00000000-0000-0000-0000-000000000001/resourceGroups/rg-robotics-dev/providers/Microsoft.Cache/redis/redis-robotics-dev-001"
      enable_non_ssl_port           = true
      public_network_access_enabled = false
    }
  }
}
