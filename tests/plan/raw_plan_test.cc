#include "plan/raw_plan.h"

#include <string>
#include <vector>

#include "gtest/gtest.h"
#include "nlohmann/json.hpp"
#include "threatmodel/rules/plan_value.h"
#include "threatmodel/rules/rule.h"

namespace threatmodel::plan::internal {
namespace {

constexpr char kPlan[] = R"({
  "format_version": "1.2",
  "terraform_version": "1.11.4",
  "planned_values": {"root_module": {"resources": [{"values": {"x": 1}}]}},
  "resource_changes": [
    {"address": "azurerm_virtual_network.v", "mode": "managed",
     "type": "azurerm_virtual_network", "name": "v",
     "change": {"actions": ["create"], "after": {"name": "vnet"},
                "after_unknown": {"id": true}}},
    {"address": "module.m[\"a\"].azurerm_role_assignment.r[0]",
     "module_address": "module.m[\"a\"]", "mode": "managed",
     "type": "azurerm_role_assignment", "name": "r", "index": 0,
     "change": {"actions": ["create"], "after": {"scope": "/subscriptions/1"},
                "after_unknown": {"principal_id": true},
                "after_sensitive": {}}},
    {"address": "data.threatmodel_assertion.t", "mode": "data",
     "type": "threatmodel_assertion", "name": "t",
     "change": {"actions": ["read"], "after": {"big": [1, 2, 3]}},
     "action_reason": "read_because_config_unknown"}
  ],
  "deferred_changes": [
    {"reason": "provider_config_unknown",
     "resource_change": {"address": "data.threatmodel_assertion.d",
                         "mode": "data", "type": "threatmodel_assertion",
                         "name": "d", "change": {"actions": ["read"]}}}
  ],
  "configuration": {
    "provider_config": {"azurerm": {"expressions": {"client_secret":
        {"constant_value": "not-kept"}}}},
    "root_module": {
      "resources": [
        {"address": "azurerm_virtual_network.v", "mode": "managed",
         "type": "azurerm_virtual_network", "name": "v",
         "expressions": {"name": {"constant_value": "vnet"}}}
      ],
      "module_calls": {"m": {
        "source": "./m",
        "for_each_expression": {"references": ["var.ms"]},
        "expressions": {"principal": {"references": ["azurerm_user_assigned_identity.i.principal_id",
                                                      "azurerm_user_assigned_identity.i"]},
                        "tags": {"constant_value": {"a": "b"}}},
        "module": {
          "outputs": {"o": {"expression": {"references": ["azurerm_role_assignment.r"]},
                            "sensitive": true}},
          "resources": [
            {"address": "azurerm_role_assignment.r", "mode": "managed",
             "type": "azurerm_role_assignment", "name": "r",
             "expressions": {"principal_id": {"references": ["var.principal"]},
                             "scope": {"constant_value": "/subscriptions/1"},
                             "timeouts": [{"create": {"constant_value": "5m"}}],
                             "condition": [{"a": {"references": ["var.a"]}},
                                           {"b": {"references": ["var.b"]},
                                            "inner": [{"c": {"references": ["var.c"]}}]}],
                             "single": {"d": {"references": ["var.d"]}}}}
          ]}}}
    }
  }
})";

TEST(ReadRawPlan, KeepsOnlyWhatTheRulesNeed) {
  absl::StatusOr<RawPlan> raw = ReadRawPlan(kPlan, {});
  ASSERT_TRUE(raw.ok()) << raw.status();
  EXPECT_EQ(raw->format_version, "1.2");
  EXPECT_EQ(raw->terraform_version, "1.11.4");
  EXPECT_EQ(raw->resource_change_count, 3u);
  ASSERT_EQ(raw->changes.size(), 3u);  // the VNet is not kept
  const RawChange& ra = raw->changes[0];
  EXPECT_EQ(ra.address, "module.m[\"a\"].azurerm_role_assignment.r[0]");
  EXPECT_EQ(ra.parsed.type, "azurerm_role_assignment");
  EXPECT_EQ(rules::StringAt(ra.values, "scope"),
            rules::Maybe<std::string>("/subscriptions/1"));
  ASSERT_NE(ra.values.Find("principal_id"), nullptr);
  EXPECT_TRUE(ra.values.Find("principal_id")->is_unknown());
  EXPECT_EQ(ra.json_path, "resource_changes[1]");
  const RawChange& assertion = raw->changes[1];
  EXPECT_EQ(assertion.action_reason, "read_because_config_unknown");
  // Assertions keep their planned inputs, numbers as written.
  ASSERT_NE(assertion.values.Find("big"), nullptr);
  ASSERT_EQ(assertion.values.Find("big")->elements().size(), 3u);
  EXPECT_EQ(assertion.values.Find("big")->At(2)->number_text(), "3");
  const RawChange& deferred = raw->changes[2];
  EXPECT_TRUE(deferred.from_deferred);
  EXPECT_EQ(deferred.action_reason, "deferred: provider_config_unknown");

  EXPECT_TRUE(raw->has_configuration);
  EXPECT_TRUE(raw->root.resources.empty());  // the VNet's config is not kept
  const RawModuleCall& call = raw->root.calls.at("m");
  EXPECT_EQ(call.source, "./m");
  EXPECT_EQ(call.expressions.at("principal").references.size(), 2u);
  EXPECT_TRUE(call.expressions.at("tags").constant);
  ASSERT_NE(call.module, nullptr);
  EXPECT_EQ(call.module->outputs.at("o").references[0],
            "azurerm_role_assignment.r");
  const RawResourceConfig& rc =
      call.module->resources.at("azurerm_role_assignment.r");
  EXPECT_EQ(rc.expressions.at("principal_id").references[0], "var.principal");
  // Constants keep only that they are set; nested blocks become attribute
  // paths and are no entries themselves.
  std::vector<std::string> paths;
  for (const auto& [path, expr] : rc.expressions) paths.push_back(path);
  EXPECT_EQ(paths,
            (std::vector<std::string>{
                "condition[0].a", "condition[1].b", "condition[1].inner[0].c",
                "principal_id", "scope", "single.d", "timeouts[0].create"}));
  EXPECT_EQ(rc.expressions.at("condition[1].inner[0].c").references[0],
            "var.c");
  EXPECT_TRUE(rc.expressions.at("scope").constant);
  EXPECT_TRUE(rc.expressions.at("scope").references.empty());
}

TEST(ReadRawPlan, KeySortedFilesAreReadTheSame) {
  // `jq -S` puts "change" before "mode" and "type": relevance comes from
  // the address, which sorts first.
  const std::string sorted = nlohmann::json::parse(kPlan).dump();
  absl::StatusOr<RawPlan> raw = ReadRawPlan(sorted, {});
  ASSERT_TRUE(raw.ok()) << raw.status();
  ASSERT_EQ(raw->changes.size(), 3u);
  // deferred_changes now sorts before resource_changes.
  EXPECT_TRUE(raw->changes[0].from_deferred);
  EXPECT_EQ(rules::StringAt(raw->changes[1].values, "scope"),
            rules::Maybe<std::string>("/subscriptions/1"));
}

TEST(ReadRawPlan, RecognisesOtherDocuments) {
  struct Case {
    std::string name, text, error;
  };
  const std::vector<Case> cases = {
      {"state", R"({"format_version":"1.0","values":{}})", "state JSON"},
      {"no format", R"({"resource_changes":[]})", "no format_version"},
      {"neither", R"({"format_version":"1.2"})", "no resource_changes"},
      {"array", "[]", "the document is an array"},
      {"text", "Terraform will perform the following actions:",
       "unexpected character 'T'"},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.name);
    absl::StatusOr<RawPlan> raw = ReadRawPlan(c.text, {});
    ASSERT_FALSE(raw.ok());
    EXPECT_NE(std::string(raw.status().message()).find(c.error),
              std::string::npos)
        << raw.status();
  }
}

// A key given twice must not let the last (or first) one win, in kept and
// skipped parts alike.
TEST(ReadRawPlan, DuplicateKeysAnywhereAreErrors) {
  struct Case {
    std::string name, text, key;
  };
  const std::string ra =
      R"({"address":"azurerm_role_assignment.a","mode":"managed",)"
      R"("type":"azurerm_role_assignment","name":"a","change":)";
  const std::vector<Case> cases = {
      {"in a kept after",
       R"({"format_version":"1.2","resource_changes":[)" + ra +
           R"({"actions":["create"],"after":{"role_definition_name":)"
           R"("contributor","scope":"/subscriptions/1",)"
           R"("role_definition_name":"Reader"}}}]})",
       "role_definition_name"},
      {"in a skipped resource",
       R"({"format_version":"1.2","resource_changes":[{"address":"x.y",)"
       R"("change":{"actions":["create"],"after":{"a":1,"a":2}}}]})",
       "a"},
      {"in planned_values",
       R"({"format_version":"1.2","planned_values":{"root_module":)"
       R"({"resources":[],"resources":[]}},"resource_changes":[]})",
       "resources"},
      {"at the top level",
       R"({"format_version":"1.2","resource_changes":[],)"
       R"("format_version":"1.1"})",
       "format_version"},
      {"in a change",
       R"({"format_version":"1.2","resource_changes":[)" + ra +
           R"({"actions":["create"],"actions":["delete"]}}]})",
       "actions"},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.name);
    absl::StatusOr<RawPlan> raw = ReadRawPlan(c.text, {});
    ASSERT_FALSE(raw.ok());
    EXPECT_NE(std::string(raw.status().message())
                  .find("duplicate object key \"" + c.key + "\" at line 1"),
              std::string::npos)
        << raw.status();
  }
}

// An action Terraform does not write (or none at all) must not be read as
// a deletion and skipped, nor as anything else.
TEST(ReadRawPlan, ActionsTerraformDoesNotWriteAreErrors) {
  const std::string head =
      R"({"format_version":"1.2","resource_changes":[{"address":)"
      R"("azurerm_role_assignment.a","mode":"managed","type":)"
      R"("azurerm_role_assignment","name":"a","change":{"actions":)";
  struct Case {
    std::string actions, error;
  };
  const std::vector<Case> cases = {
      {R"(["explode"])",
       "resource_changes[0].change.actions[0]: unknown action \"explode\""},
      {R"(["create","Create"])", "actions[1]: unknown action \"Create\""},
      {"[]", "resource_changes[0].change: no actions"},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.actions);
    absl::StatusOr<RawPlan> raw =
        ReadRawPlan(head + c.actions + R"(,"after":{}}}]})", {});
    ASSERT_FALSE(raw.ok());
    EXPECT_NE(std::string(raw.status().message()).find(c.error),
              std::string::npos)
        << raw.status();
  }
  for (const char* known :
       {R"(["no-op"])", R"(["create"])", R"(["read"])", R"(["update"])",
        R"(["delete"])", R"(["delete","create"])", R"(["create","delete"])",
        R"(["forget"])", R"(["create","forget"])"}) {
    SCOPED_TRACE(known);
    absl::StatusOr<RawPlan> raw =
        ReadRawPlan(head + known + R"(,"after":{}}}]})", {});
    EXPECT_TRUE(raw.ok()) << raw.status();
  }
}

TEST(ReadRawPlan, NoChangesIsAPlan) {
  // Terraform omits resource_changes when nothing changes.
  absl::StatusOr<RawPlan> raw = ReadRawPlan(
      R"({"format_version":"1.2","planned_values":{"root_module":{}}})", {});
  ASSERT_TRUE(raw.ok()) << raw.status();
  EXPECT_EQ(raw->resource_change_count, 0u);
}

TEST(ReadRawPlan, KeptTypes) {
  for (const std::string& type : rules::RelevantResourceTypes()) {
    const bool data = type.rfind("data.", 0) == 0;
    EXPECT_TRUE(IsKeptType(data, data ? type.substr(5) : type)) << type;
  }
  EXPECT_TRUE(IsKeptType(false, "azurerm_role_assignment"));
  EXPECT_TRUE(IsKeptType(true, "threatmodel_assertion"));
  EXPECT_TRUE(IsKeptType(false, "threatmodel_assertion"));
  EXPECT_FALSE(IsKeptType(true, "azurerm_role_assignment"));
  EXPECT_FALSE(IsKeptType(false, "azurerm_dns_zone"));
}

// Resources of types no rule reads that copy a key source's keys:
// directly, in a nested block, through a module output, or through a
// child module's variable.
constexpr char kKeyHolders[] = R"({
  "format_version": "1.2",
  "resource_changes": [
    {"address": "azurerm_function_app.api", "mode": "managed",
     "type": "azurerm_function_app", "name": "api",
     "change": {"actions": ["create"], "after": {"name": "secret-free"},
                "after_unknown": {"app_settings": true}}},
    {"address": "null_resource.old[0]", "mode": "managed",
     "type": "null_resource", "name": "old", "index": 0,
     "change": {"actions": ["delete"], "before": {}, "after": null}},
    {"address": "module.app[\"a\"].azurerm_container_app_job.j",
     "mode": "managed", "type": "azurerm_container_app_job", "name": "j",
     "change": {"actions": ["update"], "after": {}}},
    {"address": "azurerm_virtual_network.v", "mode": "managed",
     "type": "azurerm_virtual_network", "name": "v",
     "change": {"actions": ["create"], "after": {}}},
    {"address": "azurerm_storage_account.st", "mode": "managed",
     "type": "azurerm_storage_account", "name": "st",
     "change": {"actions": ["create"], "after": {}}}
  ],
  "configuration": {"root_module": {
    "resources": [
      {"address": "azurerm_function_app.api", "mode": "managed",
       "type": "azurerm_function_app", "name": "api",
       "expressions": {
         "name": {"constant_value": "x"},
         "app_settings": {"references": ["module.keys.cs"]},
         "site_config": [{"app_setting": {"references": [
             "azurerm_storage_account.st.primary_access_key",
             "azurerm_storage_account.st"]}}],
         "service_plan_id": {"references": ["module.keys.plan"]}}},
      {"address": "null_resource.old", "mode": "managed",
       "type": "null_resource", "name": "old",
       "expressions": {"triggers": {"references": ["azurerm_storage_account.st"]}}},
      {"address": "azurerm_virtual_network.v", "mode": "managed",
       "type": "azurerm_virtual_network", "name": "v",
       "expressions": {"name": {"references": ["module.keys.plan"]}}},
      {"address": "azurerm_storage_account.st", "mode": "managed",
       "type": "azurerm_storage_account", "name": "st",
       "expressions": {"name": {"constant_value": "st"}}}
    ],
    "module_calls": {
      "keys": {"source": "./keys", "module": {"outputs": {
        "cs": {"expression": {"references": ["var.account"]}},
        "plan": {"expression": {"references": ["var.plan_id"]}}}},
        "expressions": {"account": {"references": ["azurerm_storage_account.st"]},
                        "plan_id": {"constant_value": "p"}}},
      "app": {"source": "./app",
        "expressions": {"key": {"references": [
            "azurerm_storage_account.st.secondary_access_key",
            "azurerm_storage_account.st"]}},
        "module": {"resources": [
          {"address": "azurerm_container_app_job.j", "mode": "managed",
           "type": "azurerm_container_app_job", "name": "j",
           "expressions": {"secret": [{"value": {"references": ["var.key"]},
                                       "name": {"references": ["var.name"]}}]}}
        ]}}
    }
  }}
})";

TEST(ReadRawPlan, KeepsTheKeyCopiesOfResourcesOfAnyType) {
  for (const bool sorted : {false, true}) {
    SCOPED_TRACE(sorted ? "key-sorted" : "as written");
    const std::string text =
        sorted ? nlohmann::json::parse(kKeyHolders).dump() : kKeyHolders;
    absl::StatusOr<RawPlan> raw = ReadRawPlan(text, {});
    ASSERT_TRUE(raw.ok()) << raw.status();
    // Only the expressions that lead to the storage account are kept.
    const RawResourceConfig& app =
        raw->root.resources.at("azurerm_function_app.api");
    std::vector<std::string> paths;
    for (const auto& [path, expr] : app.expressions) paths.push_back(path);
    EXPECT_EQ(paths, (std::vector<std::string>{"app_settings",
                                               "site_config[0].app_setting"}));
    EXPECT_EQ(raw->root.resources.count("null_resource.old"), 1u);
    // A module output that is not a key source's: not a holder.
    EXPECT_EQ(raw->root.resources.count("azurerm_virtual_network.v"), 0u);
    const RawResourceConfig& job =
        raw->root.calls.at("app").module->resources.at(
            "azurerm_container_app_job.j");
    ASSERT_EQ(job.expressions.size(), 1u);
    EXPECT_EQ(job.expressions.begin()->first, "secret[0].value");

    // Their changes, with actions and no values, after the kept ones.
    std::vector<std::string> addresses;
    for (const RawChange& rc : raw->changes) addresses.push_back(rc.address);
    EXPECT_EQ(addresses, (std::vector<std::string>{
                             "azurerm_storage_account.st",
                             "azurerm_function_app.api", "null_resource.old[0]",
                             "module.app[\"a\"].azurerm_container_app_job.j"}));
    const RawChange& fa = raw->changes[1];
    EXPECT_EQ(fa.actions, (std::vector<std::string>{"create"}));
    EXPECT_TRUE(fa.values.is_null());
    EXPECT_EQ(fa.json_path, "resource_changes[0]");
    EXPECT_EQ(raw->changes[2].actions, (std::vector<std::string>{"delete"}));
    EXPECT_EQ(raw->changes[3].parsed.module.size(), 1u);
  }
}

TEST(ReadRawPlan, NoKeySourceNoKeyHolders) {
  // The same references without a storage account in the configuration.
  nlohmann::json plan = nlohmann::json::parse(kKeyHolders);
  auto& resources = plan["configuration"]["root_module"]["resources"];
  resources.erase(resources.end() - 1);
  absl::StatusOr<RawPlan> raw = ReadRawPlan(plan.dump(), {});
  ASSERT_TRUE(raw.ok()) << raw.status();
  EXPECT_TRUE(raw->root.resources.empty());
  ASSERT_EQ(raw->changes.size(), 1u);
  EXPECT_EQ(raw->changes[0].address, "azurerm_storage_account.st");
}

TEST(ReadRawPlan, AHolderChangeWithAnUnreadableAddressIsAnError) {
  nlohmann::json plan = nlohmann::json::parse(kKeyHolders);
  // A for_each key with an escape the address reader does not take.
  plan["resource_changes"][0]["address"] = "azurerm_function_app.api[\"\\q\"]";
  absl::StatusOr<RawPlan> raw = ReadRawPlan(plan.dump(), {});
  ASSERT_FALSE(raw.ok());
  EXPECT_NE(std::string(raw.status().message())
                .find("resource_changes[0].address: malformed address"),
            std::string::npos)
      << raw.status();
  // The same in a change that is no holder's is not the reader's concern.
  plan = nlohmann::json::parse(kKeyHolders);
  plan["resource_changes"][3]["address"] = "azurerm_virtual_network.v[\"\\q\"]";
  raw = ReadRawPlan(plan.dump(), {});
  EXPECT_TRUE(raw.ok()) << raw.status();
}

TEST(ReadRawPlan, SensitiveValuesDoNotOutliveTheReader) {
  absl::StatusOr<RawPlan> raw = ReadRawPlan(
      R"({"format_version":"1.2","resource_changes":[{
            "address":"azurerm_role_assignment.a",
            "change":{"actions":["create"],
                      "after_sensitive":{"condition":true},
                      "after":{"condition":"TOPSECRET","scope":"/s/1"}}}]})",
      {});
  ASSERT_TRUE(raw.ok()) << raw.status();
  ASSERT_EQ(raw->changes.size(), 1u);
  const RawChange& rc = raw->changes[0];
  EXPECT_TRUE(rc.values.Find("condition")->is_sensitive());
  EXPECT_EQ(rc.sensitive_paths, (std::vector<std::string>{"condition"}));
}

}  // namespace
}  // namespace threatmodel::plan::internal
