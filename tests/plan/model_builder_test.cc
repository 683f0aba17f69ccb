#include "plan/model_builder.h"

#include <string>
#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"
#include "gtest/gtest.h"
#include "nlohmann/json.hpp"
#include "plan/plan_builder.h"

namespace threatmodel::plan::internal {
namespace {

using nlohmann::json;

Terminal Resource(const std::string& type, const std::vector<std::string>& rest,
                  bool data = false) {
  Terminal t;
  t.kind = Terminal::Kind::kResource;
  t.type = type;
  t.name = "x";
  t.data = data;
  for (const std::string& r : rest)
    t.rest.push_back({Step::Kind::kAttr, r, {}});
  t.text = absl::StrCat(data ? "data." : "", type, ".x");
  return t;
}

Terminal Other(Terminal::Kind kind, std::string text) {
  Terminal t;
  t.kind = kind;
  t.text = std::move(text);
  return t;
}

TEST(ModelBuilder, PrincipalTypeFromTerminals) {
  using PT = rules::PrincipalType;
  struct Case {
    std::string name;
    std::vector<Terminal> terminals;
    rules::Maybe<PT> want;
  };
  const std::vector<Case> cases = {
      {"none", {}, {}},
      {"user-assigned identity",
       {Resource("azurerm_user_assigned_identity", {"principal_id"})},
       PT::kServicePrincipal},
      {"system identity of any resource",
       {Resource("azurerm_linux_web_app", {"identity"})},
       PT::kServicePrincipal},
      {"kubelet identity",
       {Resource("azurerm_kubernetes_cluster", {"kubelet_identity"})},
       PT::kServicePrincipal},
      {"azuread user",
       {Resource("azuread_user", {"object_id"}, true)},
       PT::kUser},
      {"azuread group", {Resource("azuread_group", {"object_id"})}, PT::kGroup},
      {"two identities agree",
       {Resource("azurerm_user_assigned_identity", {}),
        Resource("azuread_service_principal", {})},
       PT::kServicePrincipal},
      {"user or identity",
       {Resource("azuread_user", {}),
        Resource("azurerm_user_assigned_identity", {})},
       {}},
      {"a local", {Other(Terminal::Kind::kLocal, "local.x")}, {}},
      {"unrelated resource", {Resource("random_uuid", {"result"})}, {}},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.name);
    EXPECT_EQ(PrincipalTypeFromTerminals(c.terminals), c.want);
  }
}

TEST(ModelBuilder, ScopeKindFromTerminals) {
  using SK = rules::ScopeKind;
  struct Case {
    std::string name;
    std::vector<Terminal> terminals;
    rules::Maybe<SK> want;
  };
  const std::vector<Case> cases = {
      {"resource group id",
       {Resource("azurerm_resource_group", {"id"})},
       SK::kResourceGroup},
      {"existing resource group",
       {Resource("azurerm_resource_group", {"id"}, true)},
       SK::kResourceGroup},
      {"subscription",
       {Resource("azurerm_subscription", {"id"}, true)},
       SK::kSubscription},
      {"management group",
       {Resource("azurerm_management_group", {"id"})},
       SK::kManagementGroup},
      {"aks cluster",
       {Resource("azurerm_kubernetes_cluster", {"id"})},
       SK::kResource},
      {"name, not id", {Resource("azurerm_resource_group", {"name"})}, {}},
      {"either rg",
       {Resource("azurerm_resource_group", {"id"}),
        Resource("azurerm_resource_group", {"id"}, true)},
       SK::kResourceGroup},
      {"rg or cluster",
       {Resource("azurerm_resource_group", {"id"}),
        Resource("azurerm_kubernetes_cluster", {"id"})},
       {}},
      {"local", {Other(Terminal::Kind::kLocal, "local.rg")}, {}},
      {"constant ignored",
       {Other(Terminal::Kind::kConstant, "path.module"),
        Resource("azurerm_resource_group", {})},
       SK::kResourceGroup},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.name);
    EXPECT_EQ(ScopeKindFromTerminals(c.terminals), c.want);
  }
}

TEST(ModelBuilder, PrincipalGroupKey) {
  EXPECT_EQ(PrincipalGroupKey(
                {Resource("azurerm_user_assigned_identity", {"principal_id"})}),
            "azurerm_user_assigned_identity.x");
  EXPECT_EQ(PrincipalGroupKey({Other(Terminal::Kind::kLocal, "local.b"),
                               Other(Terminal::Kind::kLocal, "local.a")}),
            "local.a + local.b");
  EXPECT_EQ(PrincipalGroupKey({Other(Terminal::Kind::kInstance, "each.key"),
                               Resource("azuread_user", {})}),
            "");
  EXPECT_EQ(PrincipalGroupKey({Other(Terminal::Kind::kUnresolved, "x")}), "");
  EXPECT_EQ(PrincipalGroupKey({}), "");
}

// A plan with the given resource_changes and root-module resources.
absl::StatusOr<Plan> Build(const json& changes, const json& resources,
                           std::string format = "1.2") {
  json doc = {{"format_version", format},
              {"resource_changes", changes},
              {"configuration", {{"root_module", {{"resources", resources}}}}}};
  absl::StatusOr<RawPlan> raw = ReadRawPlan(doc.dump(), {});
  if (!raw.ok()) return raw.status();
  absl::StatusOr<Plan> plan = BuildPlan(*raw);
  if (!plan.ok()) return plan.status();
  if (absl::Status s = AddDeployment(*raw, &*plan); !s.ok()) return s;
  return plan;
}

json Change(std::string address, std::string type, json actions, json after,
            json unknown = json::object(), json sensitive = json::object()) {
  return {{"address", address},
          {"mode", "managed"},
          {"type", type},
          {"change",
           {{"actions", actions},
            {"after", after},
            {"after_unknown", unknown},
            {"after_sensitive", sensitive}}}};
}

json Account(std::string address, json actions = {"create"}) {
  return Change(std::move(address), "azurerm_automation_account",
                std::move(actions),
                {{"name", "aa"}, {"identity", {{{"type", "SystemAssigned"}}}}},
                {{"identity", {{{"principal_id", true}}}}});
}

json Assignment(std::string address, json actions = {"create"},
                json after = {{"role_definition_name", "Contributor"},
                              {"scope", "/subscriptions/1"}}) {
  return Change(std::move(address), "azurerm_role_assignment",
                std::move(actions), std::move(after),
                {{"principal_id", true}, {"principal_type", true}});
}

json AssignmentConfig(std::string name, std::vector<std::string> principal) {
  return {{"address", "azurerm_role_assignment." + name},
          {"mode", "managed"},
          {"type", "azurerm_role_assignment"},
          {"name", name},
          {"expressions", {{"principal_id", {{"references", principal}}}}}};
}

TEST(ModelBuilder, AttributesAssignmentsToAccountsByReference) {
  absl::StatusOr<Plan> plan = Build(
      json::array({Account("azurerm_automation_account.a[\"x\"]"),
                   Account("azurerm_automation_account.a[\"y\"]"),
                   Assignment("azurerm_role_assignment.keyed[\"y\"]"),
                   Assignment("azurerm_role_assignment.explicit"),
                   Assignment("azurerm_role_assignment.other")}),
      json::array(
          {AssignmentConfig("keyed",
                            {"azurerm_automation_account.a", "each.key"}),
           AssignmentConfig("explicit",
                            {"azurerm_automation_account.a[\"x\"].identity[0]."
                             "principal_id"}),
           AssignmentConfig(
               "other", {"azurerm_user_assigned_identity.u.principal_id"})}));
  ASSERT_TRUE(plan.ok()) << plan.status();
  const rules::Deployment& d = plan->deployment;
  ASSERT_EQ(d.automation_accounts.size(), 2u);
  ASSERT_EQ(d.automation_accounts[0].role_assignments.size(), 1u);
  EXPECT_EQ(d.automation_accounts[0].role_assignments[0].source,
            "azurerm_role_assignment.explicit");
  ASSERT_EQ(d.automation_accounts[1].role_assignments.size(), 1u);
  EXPECT_EQ(d.automation_accounts[1].role_assignments[0].source,
            "azurerm_role_assignment.keyed[\"y\"]");
  ASSERT_EQ(d.role_assignments.size(), 1u);
  EXPECT_EQ(d.role_assignments[0].principal_type,
            rules::Maybe<rules::PrincipalType>(
                rules::PrincipalType::kServicePrincipal));
  EXPECT_EQ(plan->summary.role_assignments, 3u);
  EXPECT_EQ(plan->summary.automation_accounts, 2u);
  EXPECT_EQ(plan->declarations.count("azurerm_role_assignment.explicit"), 1u);
}

TEST(ModelBuilder, AttributesByKnownPrincipal) {
  json account = Change(
      "azurerm_automation_account.a", "azurerm_automation_account", {"no-op"},
      {{"identity",
        {{{"type", "SystemAssigned"}, {"principal_id", "ABC-1"}}}}});
  json assignment =
      Change("azurerm_role_assignment.r", "azurerm_role_assignment", {"no-op"},
             {{"principal_id", "abc-1"}, {"role_definition_name", "Reader"}});
  absl::StatusOr<Plan> plan =
      Build(json::array({assignment, account}), json::array());
  ASSERT_TRUE(plan.ok()) << plan.status();
  ASSERT_EQ(plan->deployment.automation_accounts.size(), 1u);
  EXPECT_EQ(plan->deployment.automation_accounts[0].role_assignments.size(),
            1u);
  EXPECT_TRUE(plan->deployment.role_assignments.empty());
}

TEST(ModelBuilder, AccountOutsideThePlanIsJudgedToo) {
  absl::StatusOr<Plan> plan =
      Build(json::array({Assignment("azurerm_role_assignment.r")}),
            json::array({AssignmentConfig(
                "r", {"data.azurerm_automation_account.existing.identity[0]."
                      "principal_id"})}));
  ASSERT_TRUE(plan.ok()) << plan.status();
  ASSERT_EQ(plan->deployment.automation_accounts.size(), 1u);
  EXPECT_EQ(plan->deployment.automation_accounts[0].subject,
            "data.azurerm_automation_account.existing");
  EXPECT_EQ(plan->deployment.automation_accounts[0].role_assignments.size(),
            1u);
}

TEST(ModelBuilder, SkipsDestroyedAndDeposed) {
  json deposed = Assignment("azurerm_role_assignment.d", {"delete"});
  deposed["deposed"] = "00000001";
  absl::StatusOr<Plan> plan = Build(
      json::array(
          {Assignment("azurerm_role_assignment.gone", {"delete"}),
           Assignment("azurerm_role_assignment.forgotten", {"forget"}),
           Assignment("azurerm_role_assignment.replaced", {"delete", "create"}),
           deposed, Account("azurerm_automation_account.a", {"delete"})}),
      json::array());
  ASSERT_TRUE(plan.ok()) << plan.status();
  ASSERT_EQ(plan->deployment.role_assignments.size(), 1u);
  EXPECT_EQ(plan->deployment.role_assignments[0].source,
            "azurerm_role_assignment.replaced");
  EXPECT_TRUE(plan->deployment.automation_accounts.empty());
  EXPECT_EQ(plan->summary.destroyed, 4u);
}

TEST(ModelBuilder, GroupsUsersByReference) {
  json user_after = {{"principal_type", "User"},
                     {"role_definition_name", "Reader"}};
  absl::StatusOr<Plan> plan = Build(
      json::array(
          {Assignment("azurerm_role_assignment.a", {"create"}, user_after),
           Assignment("azurerm_role_assignment.b", {"create"}, user_after),
           Assignment("azurerm_role_assignment.c", {"create"}, user_after)}),
      json::array({AssignmentConfig("a", {"azuread_user.alice.object_id"}),
                   AssignmentConfig("b", {"azuread_user.alice.object_id",
                                          "azuread_user.alice"}),
                   AssignmentConfig("c", {"each.value"})}));
  ASSERT_TRUE(plan.ok()) << plan.status();
  ASSERT_EQ(plan->deployment.users.size(), 1u);
  EXPECT_EQ(plan->deployment.users[0].subject, "azuread_user.alice.object_id");
  EXPECT_EQ(plan->deployment.users[0].role_assignments.size(), 2u);
  EXPECT_TRUE(plan->deployment.users[0].principal_id.is_unknown());
  ASSERT_EQ(plan->deployment.role_assignments.size(), 1u);  // each.value
}

TEST(ModelBuilder, SensitiveValuesBecomeUnknownWithANote) {
  json after = {{"principal_id", "SECRET-1"},
                {"scope", "/subscriptions/1/resourceGroups/SECRET-2"},
                {"role_definition_name", "Owner"}};
  absl::StatusOr<Plan> plan = Build(
      json::array({Change(
          "azurerm_role_assignment.r", "azurerm_role_assignment", {"create"},
          after, json::object(), {{"principal_id", true}, {"scope", true}})}),
      json::array());
  ASSERT_TRUE(plan.ok()) << plan.status();
  const rules::RoleAssignment& a = plan->deployment.role_assignments.at(0);
  EXPECT_TRUE(a.principal_id.is_unknown());
  EXPECT_TRUE(a.scope.is_unknown());
  // The reader drops sensitive values, so their kind is not derived.
  EXPECT_TRUE(a.scope_kind_hint.is_null());
  int sensitive_notes = 0;
  for (const Note& n : plan->notes) {
    EXPECT_EQ(n.text.find("SECRET"), std::string::npos);
    if (n.text.find("is sensitive") != std::string::npos) ++sensitive_notes;
  }
  EXPECT_EQ(sensitive_notes, 2);
}

}  // namespace
}  // namespace threatmodel::plan::internal
