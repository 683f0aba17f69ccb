#include "plan/plan_builder.h"

#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>
#include <utility>
#include <vector>

#include "gtest/gtest.h"
#include "nlohmann/json.hpp"
#include "plan/raw_plan.h"

namespace threatmodel::plan::internal {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;
using rules::Reference;
using Kind = rules::Reference::Kind;

const fs::path kOwn = fs::path(THREATMODEL_SOURCE_DIR) / "tests/testdata/plans";

std::string ReadFile(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in),
                     std::istreambuf_iterator<char>());
}

absl::StatusOr<Plan> BuildText(const std::string& text) {
  absl::StatusOr<RawPlan> raw = ReadRawPlan(text, {});
  if (!raw.ok()) return raw.status();
  return BuildPlan(*raw);
}

// A plan with the given resource_changes and root module configuration.
absl::StatusOr<Plan> Build(const json& changes, const json& root_module,
                           std::string format = "1.2") {
  json doc = {{"format_version", format},
              {"resource_changes", changes},
              {"configuration", {{"root_module", root_module}}}};
  return BuildText(doc.dump());
}

json Change(std::string address, json actions, json after = json::object(),
            json unknown = json::object(), json sensitive = json::object()) {
  return {{"address", std::move(address)},
          {"change",
           {{"actions", std::move(actions)},
            {"after", std::move(after)},
            {"after_unknown", std::move(unknown)},
            {"after_sensitive", std::move(sensitive)}}}};
}

json Config(std::string type, std::string name, json expressions) {
  return {{"address", type + "." + name},
          {"mode", "managed"},
          {"type", type},
          {"name", name},
          {"expressions", std::move(expressions)}};
}

json Refs(std::vector<std::string> refs) { return {{"references", refs}}; }

const rules::Resource* Find(const Plan& plan, const std::string& address) {
  for (const rules::Resource& r : plan.resources) {
    if (r.address == address) return &r;
  }
  return nullptr;
}

Reference Res(std::string resource, std::string key, std::string attribute,
              std::string text) {
  Reference r;
  r.kind = Kind::kResource;
  r.resource = std::move(resource);
  r.key = std::move(key);
  r.attribute = std::move(attribute);
  r.text = std::move(text);
  return r;
}

Reference Other(Kind kind, std::string attribute, std::string text) {
  Reference r;
  r.kind = kind;
  r.attribute = std::move(attribute);
  r.text = std::move(text);
  return r;
}

void ExpectRefs(const rules::Resource& r, const std::string& path,
                const std::vector<Reference>& want) {
  SCOPED_TRACE(r.address + " " + path);
  auto it = r.references.find(path);
  ASSERT_NE(it, r.references.end());
  ASSERT_EQ(it->second.size(), want.size());
  for (std::size_t i = 0; i < want.size(); ++i) {
    SCOPED_TRACE(want[i].text);
    EXPECT_EQ(it->second[i].kind, want[i].kind);
    EXPECT_EQ(it->second[i].resource, want[i].resource);
    EXPECT_EQ(it->second[i].key, want[i].key);
    EXPECT_EQ(it->second[i].attribute, want[i].attribute);
    EXPECT_EQ(it->second[i].text, want[i].text);
  }
}

// The shared reference-architecture fixture: an Automation account whose
// system identity is granted two roles, in module.automation.
TEST(BuildPlan, AutomationRootGreenfield) {
  absl::StatusOr<Plan> plan =
      BuildText(ReadFile(kOwn / "automation-root-greenfield.json"));
  ASSERT_TRUE(plan.ok()) << plan.status();
  std::vector<std::string> addresses;
  for (const rules::Resource& r : plan->resources) {
    addresses.push_back(r.address);
  }
  EXPECT_EQ(addresses,
            (std::vector<std::string>{
                "module.automation.azurerm_automation_account.this",
                "module.automation.azurerm_role_assignment.aks_contributor",
                "module.automation.azurerm_role_assignment."
                "postgresql_contributor[0]"}));
  EXPECT_EQ(plan->summary.role_assignments, 2u);
  EXPECT_EQ(plan->summary.automation_accounts, 1u);

  const rules::Resource* account =
      Find(*plan, "module.automation.azurerm_automation_account.this");
  ASSERT_NE(account, nullptr);
  EXPECT_EQ(account->type, "azurerm_automation_account");
  EXPECT_EQ(account->action, rules::Action::kCreate);
  EXPECT_EQ(rules::StringAt(account->values, "identity[0].type"),
            rules::Maybe<std::string>("SystemAssigned"));
  EXPECT_TRUE(rules::StringAt(account->values, "identity[0].principal_id")
                  .is_unknown());
  EXPECT_TRUE(account->values.Find("dsc_primary_access_key")->is_sensitive());
  // `name` comes from a local, which plan JSON does not record.
  ExpectRefs(*account, "name",
             {Other(Kind::kLocal, "",
                    "module.automation.local.automation_account_name")});
  EXPECT_EQ(account->references.count("sku_name"), 0u);  // a constant
  // ... but set, unlike an attribute the configuration leaves out.
  ASSERT_TRUE(account->configured.has_value());
  EXPECT_EQ(account->configured->count("sku_name"), 1u);
  EXPECT_EQ(account->configured->count("name"), 1u);
  EXPECT_EQ(account->configured->count("public_network_access_enabled"), 0u);

  const rules::Resource* aks =
      Find(*plan, "module.automation.azurerm_role_assignment.aks_contributor");
  ASSERT_NE(aks, nullptr);
  EXPECT_EQ(aks->base_address, aks->address);
  EXPECT_EQ(aks->key, "");
  EXPECT_TRUE(aks->values.Find("principal_id")->is_unknown());
  ExpectRefs(*aks, "principal_id",
             {Res("module.automation.azurerm_automation_account.this", "",
                  "identity[0].principal_id",
                  "module.automation.azurerm_automation_account.this."
                  "identity[0].principal_id")});
  // Through the module variable into the root module's argument.
  ExpectRefs(*aks, "scope",
             {Res("data.azurerm_kubernetes_cluster.this", "", "id",
                  "data.azurerm_kubernetes_cluster.this.id")});

  const rules::Resource* pg = Find(
      *plan,
      "module.automation.azurerm_role_assignment.postgresql_contributor[0]");
  ASSERT_NE(pg, nullptr);
  EXPECT_EQ(pg->base_address,
            "module.automation.azurerm_role_assignment.postgresql_contributor");
  EXPECT_EQ(pg->key, "[0]");
  EXPECT_EQ(pg->name, "postgresql_contributor");
  ExpectRefs(
      *pg, "scope",
      {Other(Kind::kRootVariable, "id", "var.should_start_postgresql.id"),
       Res("data.azurerm_postgresql_flexible_server.this", "[0]", "id",
           "data.azurerm_postgresql_flexible_server.this[0].id")});

  ASSERT_EQ(plan->assertions.size(), 1u);
  EXPECT_EQ(plan->assertions[0].address,
            "module.automation.data.threatmodel_assertion.automation");
  EXPECT_TRUE(plan->assertions[0].data);
  EXPECT_EQ(plan->assertions[0].action, rules::Action::kRead);
  ASSERT_EQ(plan->deferred_assertions.size(), 1u);
  EXPECT_EQ(plan->deferred_assertions[0].reason, "read_because_config_unknown");
  EXPECT_EQ(plan->declarations.size(), 3u);
  EXPECT_EQ(plan->declarations.at(pg->address).module_calls,
            (std::vector<std::string>{"automation"}));
}

// References across module instances, through variables and outputs, and
// every kind of end.
TEST(BuildPlan, ReferenceShapes) {
  const json module = {
      {"resources",
       json::array(
           {Config("azurerm_role_assignment", "r",
                   {{"principal_id", Refs({"var.principal"})},
                    {"scope", Refs({"var.group.id", "var.group"})},
                    {"description", Refs({"each.key", "local.x.y"})},
                    {"condition", Refs({"path.module"})},
                    {"name", Refs({"var.missing"})}}),
            Config("azurerm_automation_account", "this",
                   {{"identity",
                     json::array({{{"type", {{"constant_value", "U"}}},
                                   {"identity_ids",
                                    Refs({"var.identity_ids"})}}})}})})},
      {"outputs",
       {{"principal",
         {{"expression",
           Refs({"azurerm_automation_account.this.identity[0].principal_id",
                 "azurerm_automation_account.this.identity[0]",
                 "azurerm_automation_account.this"})}}}}},
  };
  const json root = {
      {"resources",
       json::array(
           {Config("azurerm_role_assignment", "via_output",
                   {{"principal_id", Refs({"module.m[\"x\"].principal",
                                           "module.m[\"x\"]", "module.m"})},
                    {"scope", Refs({"var.scope"})}})})},
      {"module_calls",
       {{"m",
         {{"source", "./m"},
          {"expressions",
           {{"principal", Refs({"azurerm_user_assigned_identity.u[\"k\"]."
                                "principal_id",
                                "azurerm_user_assigned_identity.u[\"k\"]",
                                "azurerm_user_assigned_identity.u"})},
            {"group", Refs({"data.azurerm_resource_group.g"})},
            {"identity_ids", {{"constant_value", json::array({"id"})}}}}},
          {"module", module}}}}},
      {"outputs",
       {{"principal_of_x",
         {{"expression",
           Refs({"module.m[\"x\"].principal", "module.m[\"x\"]", "module.m"})},
          {"sensitive", true}}},
        {"constant", {{"expression", {{"constant_value", "c"}}}}}}},
  };
  absl::StatusOr<Plan> plan = Build(
      json::array(
          {Change("module.m[\"x\"].azurerm_role_assignment.r", {"create"}),
           Change("module.m[\"x\"].azurerm_automation_account.this",
                  {"create"}),
           Change("azurerm_role_assignment.via_output", {"create"})}),
      root);
  ASSERT_TRUE(plan.ok()) << plan.status();
  const rules::Resource* r =
      Find(*plan, "module.m[\"x\"].azurerm_role_assignment.r");
  ASSERT_NE(r, nullptr);
  EXPECT_EQ(r->base_address, r->address);
  ExpectRefs(*r, "principal_id",
             {Res("azurerm_user_assigned_identity.u", "[\"k\"]", "principal_id",
                  "azurerm_user_assigned_identity.u[\"k\"].principal_id")});
  ExpectRefs(*r, "scope",
             {Res("data.azurerm_resource_group.g", "", "id",
                  "data.azurerm_resource_group.g.id")});
  ExpectRefs(*r, "description",
             {Other(Kind::kInstance, "", "module.m[\"x\"].each.key"),
              Other(Kind::kLocal, "y", "module.m[\"x\"].local.x.y")});
  ExpectRefs(*r, "condition",
             {Other(Kind::kConstant, "", "module.m[\"x\"].path.module")});
  // Not passed by the call: the variable's default, a constant.
  ExpectRefs(*r, "name",
             {Other(Kind::kConstant, "", "module.m[\"x\"].var.missing")});

  const rules::Resource* account =
      Find(*plan, "module.m[\"x\"].azurerm_automation_account.this");
  ASSERT_NE(account, nullptr);
  // A nested block's attribute, fed a constant through the variable.
  ExpectRefs(*account, "identity[0].identity_ids",
             {Other(Kind::kConstant, "", "module.m[\"x\"].var.identity_ids")});

  const rules::Resource* via =
      Find(*plan, "azurerm_role_assignment.via_output");
  ASSERT_NE(via, nullptr);
  // Through the child module's output, in that module instance.
  ExpectRefs(*via, "principal_id",
             {Res("module.m[\"x\"].azurerm_automation_account.this", "",
                  "identity[0].principal_id",
                  "module.m[\"x\"].azurerm_automation_account.this.identity[0]"
                  ".principal_id")});
  ExpectRefs(*via, "scope", {Other(Kind::kRootVariable, "", "var.scope")});

  // Root outputs are kept with their references followed the same way; an
  // output without references is not.
  ASSERT_EQ(plan->outputs.size(), 1u);
  EXPECT_EQ(plan->outputs[0].name, "principal_of_x");
  EXPECT_EQ(plan->outputs[0].source, "output.principal_of_x");
  ASSERT_EQ(plan->outputs[0].references.size(), 1u);
  EXPECT_EQ(plan->outputs[0].references[0].resource,
            "module.m[\"x\"].azurerm_automation_account.this");
  EXPECT_EQ(plan->outputs[0].references[0].attribute,
            "identity[0].principal_id");
}

TEST(BuildPlan, ActionsAndDestroyedResources) {
  json deposed = Change("azurerm_role_assignment.d", {"delete"});
  deposed["deposed"] = "00000001";
  absl::StatusOr<Plan> plan = Build(
      json::array({Change("azurerm_role_assignment.c", {"create"}),
                   Change("azurerm_role_assignment.u", {"update"}),
                   Change("azurerm_role_assignment.rc", {"delete", "create"}),
                   Change("azurerm_role_assignment.cr", {"create", "delete"}),
                   Change("azurerm_role_assignment.n", {"no-op"}),
                   Change("azurerm_role_assignment.gone", {"delete"}),
                   Change("azurerm_role_assignment.forgotten", {"forget"}),
                   deposed, Change("azurerm_automation_account.a", {"delete"}),
                   Change("azurerm_dns_zone.not_relevant", {"create"}),
                   Change("threatmodel_assertion.managed", {"create"}),
                   Change("threatmodel_assertion.old", {"delete"})}),
      json::object());
  ASSERT_TRUE(plan.ok()) << plan.status();
  std::vector<std::pair<std::string, rules::Action>> got;
  for (const rules::Resource& r : plan->resources) {
    got.emplace_back(r.address, r.action);
  }
  using A = rules::Action;
  EXPECT_EQ(got, (std::vector<std::pair<std::string, rules::Action>>{
                     {"azurerm_role_assignment.c", A::kCreate},
                     {"azurerm_role_assignment.u", A::kUpdate},
                     {"azurerm_role_assignment.rc", A::kReplace},
                     {"azurerm_role_assignment.cr", A::kReplace},
                     {"azurerm_role_assignment.n", A::kNoOp}}));
  EXPECT_EQ(plan->summary.destroyed, 4u);
  ASSERT_EQ(plan->assertions.size(), 1u);
  EXPECT_EQ(plan->assertions[0].address, "threatmodel_assertion.managed");
  EXPECT_FALSE(plan->assertions[0].data);
  EXPECT_TRUE(plan->deferred_assertions.empty());
}

TEST(BuildPlan, SensitiveValuesAreWithheldWithANote) {
  absl::StatusOr<Plan> plan = Build(
      json::array(
          {Change("azurerm_role_assignment.r", {"create"},
                  {{"principal_id", "SECRET-1"},
                   {"scope", "/subscriptions/1/resourceGroups/SECRET-2"},
                   {"role_definition_name", "Owner"}},
                  json::object(), {{"principal_id", true}, {"scope", true}})}),
      json::object());
  ASSERT_TRUE(plan.ok()) << plan.status();
  const rules::Resource& r = plan->resources.at(0);
  EXPECT_TRUE(r.values.Find("principal_id")->is_sensitive());
  EXPECT_TRUE(r.values.Find("scope")->is_sensitive());
  EXPECT_EQ(rules::StringAt(r.values, "role_definition_name"),
            rules::Maybe<std::string>("Owner"));
  std::vector<std::string> notes;
  for (const Note& n : plan->notes) {
    EXPECT_EQ(n.text.find("SECRET"), std::string::npos);
    notes.push_back(n.text);
  }
  EXPECT_EQ(notes, (std::vector<std::string>{
                       "principal_id is sensitive: it is treated as unknown "
                       "and never shown",
                       "scope is sensitive: it is treated as unknown and "
                       "never shown"}));
}

TEST(BuildPlan, MissingConfigurationIsNoted) {
  absl::StatusOr<Plan> plan = BuildText(
      json({{"format_version", "1.2"},
            {"resource_changes",
             json::array({Change("azurerm_role_assignment.r", {"create"},
                                 json::object(), {{"principal_id", true}})})}})
          .dump());
  ASSERT_TRUE(plan.ok()) << plan.status();
  ASSERT_EQ(plan->resources.size(), 1u);
  EXPECT_TRUE(plan->resources[0].references.empty());
  EXPECT_FALSE(plan->resources[0].configured.has_value());
  ASSERT_EQ(plan->notes.size(), 1u);
  EXPECT_NE(plan->notes[0].text.find("the plan has no configuration"),
            std::string::npos);
}

TEST(BuildPlan, FormatVersions) {
  struct Case {
    std::string version;
    bool ok;
    bool note;
  };
  const std::vector<Case> cases = {
      {"0.1", true, false},  {"0.2", true, false},  {"1.0", true, false},
      {"1.1", true, false},  {"1.2", true, false},  {"1.3", true, true},
      {"0.3", false, false}, {"2.0", false, false}, {"1", false, false},
      {"1.x", false, false}, {"", false, false},    {"01.2x", false, false},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.version);
    absl::StatusOr<Plan> plan = Build(json::array(), json::object(), c.version);
    ASSERT_EQ(plan.ok(), c.ok) << plan.status();
    if (c.ok) {
      EXPECT_EQ(!plan->notes.empty(), c.note);
    } else {
      EXPECT_NE(std::string(plan.status().message())
                    .find("unsupported plan format_version"),
                std::string::npos);
    }
  }
}

}  // namespace
}  // namespace threatmodel::plan::internal
