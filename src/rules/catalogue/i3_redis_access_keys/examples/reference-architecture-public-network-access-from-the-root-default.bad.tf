# The reference architecture's managed Redis with the root module's default
# should_enable_public_network_access = true: the access keys work from the
# internet, so the private-endpoint premise of accepting I-3 does not hold.
data "threatmodel_assertion" "i3" {
  threats = ["I-3"]
  resources = {
    "module.platform.azurerm_managed_redis.main" = [{
      id                    = "/subscriptions/00000000-0000-0000-0000-000000000001/resourceGroups/rg-robotics-dev/providers/Microsoft.Cache/redisEnterprise/redis-robotics-dev-001"
      public_network_access = "Enabled"
      default_database = [{
        access_keys_authentication_enabled = true
        client_protocol                    = "Encrypted"
      }]
    }]
  }
}
