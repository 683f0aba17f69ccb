// I-1 through the engine, over planned resources as the plan reader builds
// them.

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

std::vector<Finding> I1(std::vector<Resource> resources,
                        bool* passed = nullptr) {
  return testing::FindingsOver(std::move(resources), "I-1", Policy(), passed);
}

// The reference architecture's account: shared key from a module variable
// (true here), public access off.
Resource Account(const std::string& shared_key, const std::string& pub) {
  return Planned("module.platform.azurerm_storage_account.main",
                 R"({"name": "strobotics", "shared_access_key_enabled": )" +
                     shared_key + R"(, "public_network_access_enabled": )" +
                     pub + "}",
                 R"({"id": true, "primary_access_key": true,
                     "primary_connection_string": true})",
                 std::vector<std::string>{"name", "shared_access_key_enabled",
                                          "public_network_access_enabled"});
}

// A secret holding the account's primary key, in `vault`.
Resource Secret(const std::string& attribute) {
  Resource s = Planned(
      "azurerm_key_vault_secret.storage_key", R"({"name": "storage-key"})",
      R"({"value": true, "key_vault_id": true, "id": true})",
      std::vector<std::string>{"name", "value", "key_vault_id"});
  s.references["value"] = {
      RefTo("module.platform.azurerm_storage_account.main", attribute)};
  s.references["key_vault_id"] = {RefTo("azurerm_key_vault.kv", "id")};
  return s;
}

Resource Vault(bool rbac_new_name, bool purge, const std::string& pub) {
  return Planned(
      "azurerm_key_vault.kv",
      std::string(R"({"name": "kv-robotics", )") +
          (rbac_new_name ? R"("rbac_authorization_enabled": true, )"
                         : R"("enable_rbac_authorization": false, )") +
          R"("purge_protection_enabled": )" + (purge ? "true" : "false") +
          R"(, "public_network_access_enabled": )" + pub + "}",
      R"({"id": true})", std::vector<std::string>{"name"});
}

TEST(I1Storage, SharedKeyIsAdvisoryAndPublicAccessBreaksThePremise) {
  bool passed = true;
  std::vector<Finding> f = I1({Account("true", "true")}, &passed);
  ASSERT_EQ(f.size(), 3u);
  EXPECT_EQ(WithFacet(f, "shared-key")->status, Status::kViolation);
  EXPECT_EQ(WithFacet(f, "shared-key")->enforcement, Enforcement::kAdvisory);
  ExpectContains(WithFacet(f, "shared-key")->message,
                 "shared_access_key_enabled = true");
  EXPECT_EQ(WithFacet(f, "premise-private")->status, Status::kViolation);
  EXPECT_EQ(WithFacet(f, "premise-private")->enforcement,
            Enforcement::kMandatory);
  EXPECT_EQ(WithFacet(f, "premise-key-vault")->status, Status::kPass);
  EXPECT_FALSE(passed);
}

TEST(I1Storage, PrivateAccountWithSharedKeyOnlyWarns) {
  bool passed = false;
  std::vector<Finding> f = I1({Account("true", "false")}, &passed);
  EXPECT_EQ(WithFacet(f, "shared-key")->status, Status::kViolation);
  EXPECT_EQ(WithFacet(f, "premise-private")->status, Status::kPass);
  EXPECT_TRUE(passed);
}

TEST(I1Storage, DefaultsWhenTheConfigurationLeavesThemOut) {
  Resource r = Planned("azurerm_storage_account.st", R"({"name": "st"})",
                       R"({"shared_access_key_enabled": true,
                           "public_network_access_enabled": true})",
                       std::vector<std::string>{"name"});
  std::vector<Finding> f = I1({r});
  EXPECT_EQ(WithFacet(f, "shared-key")->status, Status::kViolation);
  ExpectContains(WithFacet(f, "shared-key")->message, "provider's default");
  EXPECT_EQ(WithFacet(f, "premise-private")->status, Status::kViolation);
  // Set by reference to something decided at apply: undecided.
  r.configured->insert("shared_access_key_enabled");
  r.references["shared_access_key_enabled"] = {
      RefTo("terraform_data.flags", "output")};
  f = I1({r});
  EXPECT_EQ(WithFacet(f, "shared-key")->status, Status::kUndecided);
  ExpectContains(WithFacet(f, "shared-key")->message,
                 "terraform_data.flags.output");
}

TEST(I1Storage, KeyCopiedIntoAKubernetesSecretBreaksTheKeyVaultPremise) {
  Resource k8s = Planned("kubernetes_secret_v1.storage", "{}",
                         R"({"data": true})", std::vector<std::string>{"data"});
  k8s.references["data"] = {RefTo(
      "module.platform.azurerm_storage_account.main", "primary_access_key")};
  bool passed = true;
  std::vector<Finding> f = I1({Account("true", "false"), k8s}, &passed);
  const auto kv = WithFacet(f, "premise-key-vault");
  EXPECT_EQ(kv->status, Status::kViolation);
  EXPECT_EQ(kv->enforcement, Enforcement::kMandatory);
  ExpectContains(kv->message, "kubernetes_secret_v1.storage.data = ");
  ExpectContains(kv->message, "primary_access_key");
  EXPECT_FALSE(passed);
}

TEST(I1Storage, ConnectionStringCountsAsTheKey) {
  Resource app =
      Planned("azurerm_linux_web_app.app", "{}", R"({"app_settings": true})",
              std::vector<std::string>{"app_settings"});
  app.references["app_settings"] = {
      RefTo("module.platform.azurerm_storage_account.main",
            "primary_blob_connection_string")};
  EXPECT_EQ(WithFacet(I1({Account("false", "false"), app}), "premise-key-vault")
                ->status,
            Status::kViolation);
  // The account's name or ID is no key.
  app.references["app_settings"] = {
      RefTo("module.platform.azurerm_storage_account.main", "name")};
  EXPECT_EQ(WithFacet(I1({Account("false", "false"), app}), "premise-key-vault")
                ->status,
            Status::kPass);
}

TEST(I1Storage, KeyInASoundKeyVaultIsAllowed) {
  bool passed = false;
  std::vector<Finding> f =
      I1({Account("true", "false"), Secret("secondary_access_key"),
          Vault(/*rbac_new_name=*/true, /*purge=*/true, "false")},
         &passed);
  const auto kv = WithFacet(f, "premise-key-vault");
  EXPECT_EQ(kv->status, Status::kPass) << kv->message;
  ExpectContains(kv->message, "in azurerm_key_vault.kv");
  ExpectContains(kv->message, "rbac_authorization_enabled = true");
  EXPECT_TRUE(passed);
}

TEST(I1Storage, KeyInAWeakKeyVaultBreaksThePremise) {
  // Access policies instead of RBAC.
  std::vector<Finding> f =
      I1({Account("true", "false"), Secret("primary_access_key"),
          Vault(/*rbac_new_name=*/false, /*purge=*/true, "false")});
  EXPECT_EQ(WithFacet(f, "premise-key-vault")->status, Status::kViolation);
  ExpectContains(WithFacet(f, "premise-key-vault")->message,
                 "enable_rbac_authorization = false");
  // No purge protection.
  f = I1({Account("true", "false"), Secret("primary_access_key"),
          Vault(true, /*purge=*/false, "false")});
  EXPECT_EQ(WithFacet(f, "premise-key-vault")->status, Status::kViolation);
  // Public, but the firewall denies by default: sound.
  Resource open = Vault(true, true, "true");
  open.values.mutable_members()["network_acls"] = PlanValue::List(
      {PlanValue::Object({{"default_action", PlanValue::String("Deny")}})});
  f = I1({Account("true", "false"), Secret("primary_access_key"), open});
  EXPECT_EQ(WithFacet(f, "premise-key-vault")->status, Status::kPass);
  // Public without a firewall: not sound.
  f = I1({Account("true", "false"), Secret("primary_access_key"),
          Vault(true, true, "true")});
  EXPECT_EQ(WithFacet(f, "premise-key-vault")->status, Status::kViolation);
}

TEST(I1Storage, KeyInAVaultOutsideThePlanIsUndecided) {
  Resource s = Secret("primary_access_key");
  s.references["key_vault_id"] = {RefTo("data.azurerm_key_vault.kv", "id")};
  const auto kv =
      WithFacet(I1({Account("true", "false"), s}), "premise-key-vault");
  EXPECT_EQ(kv->status, Status::kUndecided);
  ExpectContains(kv->message, "not planned here");
}

TEST(I1Storage, WithoutConfigurationKeyCopiesAreNotJudged) {
  Resource r = Planned("azurerm_storage_account.st",
                       R"({"shared_access_key_enabled": false,
                           "public_network_access_enabled": false})");
  bool passed = false;
  std::vector<Finding> f = I1({r}, &passed);
  EXPECT_EQ(WithFacet(f, "premise-key-vault")->status, Status::kNotApplicable);
  EXPECT_TRUE(passed);
}

TEST(I1Storage, NoStorageIsNotApplicable) {
  std::vector<Finding> f = I1({});
  ASSERT_EQ(f.size(), 1u);
  EXPECT_EQ(f[0].status, Status::kNotApplicable);
}

}  // namespace
}  // namespace threatmodel::rules
