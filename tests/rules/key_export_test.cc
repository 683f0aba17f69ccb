// Key copies and KV_OK, over resources as the plan reader builds them.

#include "rules/key_export.h"

#include <string>
#include <vector>

#include "gtest/gtest.h"
#include "rules/test_util.h"

namespace threatmodel::rules::internal {
namespace {

using testing::Planned;
using testing::RefTo;

TEST(IsKeyAttribute, KeysAndConnectionStringsOnly) {
  EXPECT_TRUE(IsKeyAttribute("primary_access_key"));
  EXPECT_TRUE(IsKeyAttribute("secondary_access_key"));
  EXPECT_TRUE(IsKeyAttribute("default_database[0].primary_access_key"));
  EXPECT_TRUE(IsKeyAttribute("primary_blob_connection_string"));
  EXPECT_TRUE(IsKeyAttribute("secondary_connection_string"));
  EXPECT_FALSE(IsKeyAttribute(""));
  EXPECT_FALSE(IsKeyAttribute("id"));
  EXPECT_FALSE(IsKeyAttribute("primary_blob_endpoint"));
  EXPECT_FALSE(IsKeyAttribute("primary_access_key_hint"));
  // The whole object holds the keys too.
  EXPECT_TRUE(CarriesKeys(""));
  EXPECT_TRUE(CarriesKeys("primary_access_key"));
  EXPECT_FALSE(CarriesKeys("name"));
}

TEST(KeyVaultOk, EveryConditionDecides) {
  const auto vault = [](const std::string& json) {
    return KeyVaultOk(Planned("azurerm_key_vault.kv", json, "{}",
                              std::vector<std::string>{}));
  };
  EXPECT_TRUE(vault(R"({"rbac_authorization_enabled": true,
                        "purge_protection_enabled": true,
                        "public_network_access_enabled": false})")
                  .ok.value());
  // The pre-4.42 name counts as well.
  EXPECT_TRUE(vault(R"({"enable_rbac_authorization": true,
                        "purge_protection_enabled": true,
                        "public_network_access_enabled": false})")
                  .ok.value());
  // Defaults: access policies, no purge protection, public.
  const KeyVaultVerdict defaults = vault("{}");
  EXPECT_FALSE(defaults.ok.value());
  EXPECT_NE(defaults.text.find("provider's default"), std::string::npos);
  EXPECT_FALSE(vault(R"({"rbac_authorization_enabled": true,
                         "purge_protection_enabled": true,
                         "public_network_access_enabled": true,
                         "network_acls": [{"default_action": "Allow"}]})")
                   .ok.value());
  EXPECT_TRUE(vault(R"({"rbac_authorization_enabled": true,
                        "purge_protection_enabled": true,
                        "public_network_access_enabled": true,
                        "network_acls": [{"default_action": "Deny"}]})")
                  .ok.value());
}

TEST(KeyCopiesOf, PairsInstancesAndSkipsOtherAccounts) {
  Input input;
  input.resources = {
      Planned("azurerm_storage_account.st[\"a\"]", "{}", "{}",
              std::vector<std::string>{}),
      Planned("azurerm_storage_account.st[\"b\"]", "{}", "{}",
              std::vector<std::string>{}),
      Planned("kubernetes_secret_v1.s[\"a\"]", "{}", R"({"data": true})",
              std::vector<std::string>{"data"}),
  };
  // `azurerm_storage_account.st[each.key].primary_access_key`: the key is
  // dropped from plan JSON and paired with the holder's own.
  input.resources[2].references["data"] = {
      RefTo("azurerm_storage_account.st", "primary_access_key")};
  const Facts facts = BuildFacts(input);
  const std::vector<KeyCopy> a = KeyCopiesOf(facts, input.resources[0]);
  ASSERT_EQ(a.size(), 1u);
  EXPECT_EQ(a[0].holder, &input.resources[2]);
  EXPECT_EQ(a[0].path, "data");
  EXPECT_TRUE(KeyCopiesOf(facts, input.resources[1]).empty());
}

TEST(KeyCopiesOf, WholeObjectReferencesCarryTheKeys) {
  Input input;
  input.resources = {
      Planned("azurerm_storage_account.st", "{}", "{}",
              std::vector<std::string>{}),
      Planned("helm_release.app", "{}", R"({"values": true})",
              std::vector<std::string>{"values"}),
      Planned("kubernetes_config_map_v1.c", "{}", R"({"data": true})",
              std::vector<std::string>{"data"}),
  };
  // `values = [templatefile("v.yaml", { sa = azurerm_storage_account.st })]`
  input.resources[1].references["values"] = {
      RefTo("azurerm_storage_account.st", "")};
  // `data = { account = azurerm_storage_account.st.name }`
  input.resources[2].references["data"] = {
      RefTo("azurerm_storage_account.st", "name")};
  const Facts facts = BuildFacts(input);
  const std::vector<KeyCopy> copies = KeyCopiesOf(facts, input.resources[0]);
  ASSERT_EQ(copies.size(), 1u);
  EXPECT_EQ(copies[0].holder, &input.resources[1]);
  EXPECT_EQ(copies[0].where, "helm_release.app.values");
}

TEST(KeyExportFinding, ARootOutputExportsTheKey) {
  Input input;
  input.resources = {
      Planned("azurerm_managed_redis.r", "{}", "{}",
              std::vector<std::string>{}),
  };
  RootOutput output;
  output.name = "redis_key";
  output.source = "output.redis_key";
  output.references = {RefTo("azurerm_managed_redis.r",
                             "default_database[0].primary_access_key")};
  input.outputs.push_back(output);
  // An output that names the resource's endpoint only is no copy.
  RootOutput host;
  host.name = "redis_host";
  host.source = "output.redis_host";
  host.references = {RefTo("azurerm_managed_redis.r", "hostname")};
  input.outputs.push_back(host);
  const Facts facts = BuildFacts(input);
  const std::vector<KeyCopy> copies = KeyCopiesOf(facts, input.resources[0]);
  ASSERT_EQ(copies.size(), 1u);
  EXPECT_EQ(copies[0].holder, nullptr);
  EXPECT_EQ(copies[0].output, &input.outputs[0]);
  const Finding f = KeyExportFinding(facts, input.resources[0],
                                     "I-3/premise-key-vault", "I-3");
  EXPECT_EQ(f.status, Status::kViolation);
  EXPECT_NE(f.message.find("output.redis_key = "), std::string::npos)
      << f.message;
  EXPECT_EQ(f.message.find("redis_host"), std::string::npos) << f.message;
}

TEST(KeyExportFinding, AHolderWithoutPlannedValuesIsNamedByItsPath) {
  // A resource of a type no rule reads, as the plan reader keeps it: no
  // values, only the expressions that lead to a key source.
  Input input;
  input.resources = {
      Planned("azurerm_storage_account.st", "{}", "{}",
              std::vector<std::string>{}),
      Planned("azurerm_function_app.api", "{}", "{}",
              std::vector<std::string>{}),
  };
  input.resources[1].configured.emplace();
  input.resources[1].configured->insert("site_config[0].app_setting");
  input.resources[1].references["site_config[0].app_setting"] = {
      RefTo("azurerm_storage_account.st", "primary_connection_string"),
      RefTo("azurerm_storage_account.st", "primary_access_key")};
  const Facts facts = BuildFacts(input);
  const Finding f =
      KeyExportFinding(facts, input.resources[0], "premise-key-vault", "I-1");
  EXPECT_EQ(f.status, Status::kViolation);
  EXPECT_NE(f.message.find("azurerm_function_app.api.site_config[0]."
                           "app_setting = azurerm_storage_account.st."
                           "primary_connection_string; "),
            std::string::npos)
      << f.message;
  // Two copies in one holder name it once.
  EXPECT_EQ(f.related_sources,
            (std::vector<std::string>{"azurerm_function_app.api"}));
}

}  // namespace
}  // namespace threatmodel::rules::internal
