// I-3 through the engine, over planned resources as the plan reader builds
// them.

#include <optional>
#include <string>
#include <vector>

#include "gtest/gtest.h"
#include "rules/test_util.h"
#include "threatmodel/rules/engine.h"

namespace threatmodel::rules {
namespace {

using testing::ExpectContains;
using testing::Planned;
using testing::RefTo;
using testing::WithFacet;

std::vector<Finding> I3(std::vector<Resource> resources,
                        const Policy& policy = Policy(),
                        bool* passed = nullptr) {
  return testing::FindingsOver(std::move(resources), "I-3", policy, passed);
}

// The reference architecture's Redis (Azure-Samples 236f5d5): managed Redis
// with access keys on, TLS, public access from the root default.
Resource ManagedRedis(const std::string& public_access) {
  return Planned("module.platform.azurerm_managed_redis.main[0]",
                 R"({"name": "redis-robotics-dev", "sku_name": "Balanced_B10",
          "public_network_access": ")" +
                     public_access + R"(",
          "default_database": [{"access_keys_authentication_enabled": true,
                                "client_protocol": "Encrypted",
                                "clustering_policy": "EnterpriseCluster",
                                "eviction_policy": "VolatileLRU"}]})",
                 R"({"id": true, "hostname": true,
          "default_database": [{"primary_access_key": true,
                                "secondary_access_key": true}]})",
                 std::vector<std::string>{
                     "name", "sku_name", "public_network_access",
                     "default_database[0].access_keys_authentication_enabled",
                     "default_database[0].client_protocol"});
}

// An azurerm 3.x cache: no access_keys_authentication_enabled, the old
// name of the non-TLS port setting, public access left to the default.
Resource Cache3x(const std::string& non_ssl) {
  return Planned("azurerm_redis_cache.cache",
                 R"({"name": "redis-robotics", "enable_non_ssl_port": )" +
                     non_ssl +
                     R"(, "minimum_tls_version": "1.2",
                       "public_network_access_enabled": true,
                       "subnet_id": null})",
                 R"({"id": true, "primary_access_key": true})",
                 std::vector<std::string>{"name", "enable_non_ssl_port"});
}

TEST(I3Redis, ReferenceArchitectureWithPublicAccessOnBreaksThePremise) {
  bool passed = true;
  std::vector<Finding> f = I3({ManagedRedis("Enabled")}, Policy(), &passed);
  ASSERT_EQ(f.size(), 4u);
  EXPECT_EQ(WithFacet(f, "access-keys")->status, Status::kViolation);
  EXPECT_EQ(WithFacet(f, "access-keys")->enforcement, Enforcement::kAdvisory);
  ExpectContains(WithFacet(f, "access-keys")->message,
                 "default_database[0].access_keys_authentication_enabled = "
                 "true");
  EXPECT_EQ(WithFacet(f, "non-tls")->status, Status::kPass);
  EXPECT_EQ(WithFacet(f, "premise-private")->status, Status::kViolation);
  EXPECT_EQ(WithFacet(f, "premise-private")->enforcement,
            Enforcement::kMandatory);
  ExpectContains(WithFacet(f, "premise-private")->message,
                 "public_network_access = \"Enabled\"");
  EXPECT_FALSE(passed);
}

TEST(I3Redis, PrivateManagedRedisOnlyWarnsAboutTheKeys) {
  Resource pe = Planned(
      "module.platform.azurerm_private_endpoint.redis[0]", "{}",
      R"({"private_service_connection": [{"private_connection_resource_id": true}]})",
      std::vector<std::string>{
          "private_service_connection[0].private_connection_resource_id"});
  pe.references
      ["private_service_connection[0].private_connection_resource_id"] = {
      RefTo("module.platform.azurerm_managed_redis.main", "id")};
  pe.references["private_service_connection[0].private_connection_resource_id"]
               [0]
                   .key = "[0]";
  bool passed = false;
  std::vector<Finding> f =
      I3({ManagedRedis("Disabled"), pe}, Policy(), &passed);
  EXPECT_EQ(WithFacet(f, "premise-private")->status, Status::kPass);
  ExpectContains(WithFacet(f, "premise-private")->message,
                 "reachable only through private endpoint "
                 "module.platform.azurerm_private_endpoint.redis[0]");
  EXPECT_TRUE(passed);
}

TEST(I3Redis, ProviderDefaultsOfAManagedRedisDatabase) {
  // default_database omitted: unknown on create, not configured.
  Resource r = Planned("azurerm_managed_redis.r",
                       R"({"public_network_access": "Disabled"})",
                       R"({"default_database": true, "id": true})",
                       std::vector<std::string>{"public_network_access"});
  std::vector<Finding> f = I3({r});
  EXPECT_EQ(WithFacet(f, "access-keys")->status, Status::kPass);
  EXPECT_EQ(WithFacet(f, "non-tls")->status, Status::kPass);
  // Set by reference instead: undecided.
  r.configured->insert("default_database[0].client_protocol");
  r.references["default_database[0].client_protocol"] = {
      RefTo("terraform_data.redis", "output")};
  f = I3({r});
  EXPECT_EQ(WithFacet(f, "non-tls")->status, Status::kUndecided);
  ExpectContains(WithFacet(f, "non-tls")->message,
                 "default_database is unknown; set from "
                 "terraform_data.redis.output");
}

TEST(I3Redis, PlaintextManagedRedisIsAViolation) {
  Resource r = ManagedRedis("Disabled");
  r.values.mutable_members()["default_database"] =
      PlanValue::List({PlanValue::Object(
          {{"client_protocol", PlanValue::String("Plaintext")}})});
  const std::vector<Finding> f = I3({r});
  EXPECT_EQ(WithFacet(f, "non-tls")->status, Status::kViolation);
  EXPECT_EQ(WithFacet(f, "non-tls")->enforcement, Enforcement::kMandatory);
}

TEST(I3Redis, CacheSettingsUnderEitherProviderGeneration) {
  // 3.x: access keys always on (no setting), old non-TLS port name.
  std::vector<Finding> f = I3({Cache3x("true")});
  EXPECT_EQ(WithFacet(f, "access-keys")->status, Status::kViolation);
  ExpectContains(WithFacet(f, "access-keys")->message,
                 "access_keys_authentication_enabled = true (not set: the "
                 "provider's default)");
  EXPECT_EQ(WithFacet(f, "non-tls")->status, Status::kViolation);
  ExpectContains(WithFacet(f, "non-tls")->message,
                 "enable_non_ssl_port = true");
  EXPECT_EQ(WithFacet(f, "premise-private")->status, Status::kViolation);

  // 4.x: the new name, access keys off.
  Resource v4 =
      Planned("azurerm_redis_cache.cache",
              R"({"name": "redis-robotics", "non_ssl_port_enabled": false,
          "access_keys_authentication_enabled": false,
          "public_network_access_enabled": false})",
              R"({"id": true})", std::vector<std::string>{"name"});
  f = I3({v4});
  for (const Finding& finding : f) {
    EXPECT_EQ(finding.status, Status::kPass) << finding.message;
  }
  ExpectContains(WithFacet(f, "non-tls")->message,
                 "non_ssl_port_enabled = false");
}

// The reference architecture's secret holding the managed Redis key, in
// a vault configured by `vault_settings`.
std::vector<Resource> KeyInVault(const std::string& vault_settings) {
  Resource secret =
      Planned("module.platform.azurerm_key_vault_secret.redis_primary_key[0]",
              R"({"name": "redis-primary-key"})",
              R"({"value": true, "key_vault_id": true, "id": true})",
              std::vector<std::string>{"name", "value", "key_vault_id"});
  secret.references["value"] = {
      RefTo("module.platform.azurerm_managed_redis.main",
            "default_database[0].primary_access_key")};
  secret.references["value"][0].key = "[0]";
  secret.references["key_vault_id"] = {
      RefTo("module.platform.azurerm_key_vault.main", "id")};
  Resource vault =
      Planned("module.platform.azurerm_key_vault.main", vault_settings,
              R"({"id": true})", std::vector<std::string>{"name"});
  return {ManagedRedis("Disabled"), secret, vault};
}

TEST(I3Redis, KeyInASoundKeyVaultKeepsThePremise) {
  bool passed = false;
  std::vector<Finding> f =
      I3(KeyInVault(R"({"name": "kv", "rbac_authorization_enabled": true,
                     "purge_protection_enabled": true,
                     "public_network_access_enabled": false})"),
         Policy(), &passed);
  const auto kv = WithFacet(f, "premise-key-vault");
  EXPECT_EQ(kv->status, Status::kPass) << kv->message;
  ExpectContains(kv->message,
                 "module.platform.azurerm_key_vault_secret.redis_primary_key"
                 "[0].value = ");
  EXPECT_TRUE(passed);
}

TEST(I3Redis, KeyInAKeyVaultWithoutPurgeProtectionBreaksThePremise) {
  bool passed = true;
  std::vector<Finding> f =
      I3(KeyInVault(R"({"name": "kv", "enable_rbac_authorization": true,
                     "purge_protection_enabled": false,
                     "public_network_access_enabled": false})"),
         Policy(), &passed);
  const auto kv = WithFacet(f, "premise-key-vault");
  EXPECT_EQ(kv->status, Status::kViolation);
  EXPECT_EQ(kv->enforcement, Enforcement::kMandatory);
  ExpectContains(kv->message, "purge_protection_enabled = false");
  ExpectContains(kv->message, "Key Vault-stored premise of accepting I-3");
  EXPECT_FALSE(passed);
  // Purge protection unknown at plan time and set by reference: undecided.
  std::vector<Resource> rs =
      KeyInVault(R"({"name": "kv", "rbac_authorization_enabled": true,
                     "public_network_access_enabled": false})");
  rs[2].values.mutable_members()["purge_protection_enabled"] =
      PlanValue::Unknown();
  rs[2].configured->insert("purge_protection_enabled");
  rs[2].references["purge_protection_enabled"] = {
      RefTo("terraform_data.kv", "output")};
  EXPECT_EQ(WithFacet(I3(rs), "premise-key-vault")->status, Status::kUndecided);
}

TEST(I3Redis, CacheKeyInAConfigMapBreaksThePremise) {
  Resource cache = Cache3x("false");
  cache.configured.emplace();
  Resource cm = Planned("kubernetes_config_map_v1.redis", "{}",
                        R"({"data": true})", std::vector<std::string>{"data"});
  cm.references["data"] = {
      RefTo("azurerm_redis_cache.cache", "primary_connection_string")};
  EXPECT_EQ(WithFacet(I3({cache, cm}), "premise-key-vault")->status,
            Status::kViolation);
}

TEST(I3Redis, VnetInjectedCacheIsPrivate) {
  Resource r = Cache3x("false");
  r.values.mutable_members()["subnet_id"] = PlanValue::Unknown();
  EXPECT_EQ(WithFacet(I3({r}), "premise-private")->status, Status::kPass);
}

TEST(I3Redis, NoRedisIsNotApplicable) {
  std::vector<Finding> f = I3({});
  ASSERT_EQ(f.size(), 1u);
  EXPECT_EQ(f[0].status, Status::kNotApplicable);
}

}  // namespace
}  // namespace threatmodel::rules
