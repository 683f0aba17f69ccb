#include "rules/assignment_facts.h"

#include <string>

#include "gtest/gtest.h"

namespace threatmodel::rules::internal {
namespace {

constexpr char kContributorId[] =
    "/subscriptions/s/providers/Microsoft.Authorization/roleDefinitions/"
    "b24988ac-6180-42a0-ab88-20f7382dd24c";

TEST(ResolveRole, States) {
  RoleAssignment a;
  EXPECT_EQ(ResolveRole(a).state, ValueState::kNull);
  a.role_definition_name = Maybe<std::string>::Unknown();
  EXPECT_EQ(ResolveRole(a).state, ValueState::kUnknown);
  a.role_definition_id = Maybe<std::string>::Unknown();
  EXPECT_EQ(ResolveRole(a).state, ValueState::kUnknown);
  a.role_definition_id = std::string(kContributorId);
  ResolvedRole r = ResolveRole(a);
  EXPECT_EQ(r.state, ValueState::kKnown);
  ASSERT_NE(r.builtin, nullptr);
  EXPECT_EQ(r.display, "Contributor");
  EXPECT_EQ(r.key, "guid:b24988ac-6180-42a0-ab88-20f7382dd24c");
}

TEST(ResolveRole, PrefersTheDefinitionIdWhenBothAreKnown) {
  RoleAssignment a;
  a.role_definition_name = "Reader";
  a.role_definition_id = std::string(kContributorId);
  EXPECT_EQ(ResolveRole(a).display, "Contributor");
  // An unusable ID falls back to the name.
  a.role_definition_id = std::string("garbage");
  EXPECT_EQ(ResolveRole(a).display, "Reader");
  // Only an unusable ID: kept as a non-catalogued role.
  a.role_definition_name = Maybe<std::string>::Null();
  ResolvedRole r = ResolveRole(a);
  EXPECT_EQ(r.state, ValueState::kKnown);
  EXPECT_EQ(r.builtin, nullptr);
  EXPECT_EQ(r.display, "garbage");
}

TEST(ResolveRole, ABuiltInNameBesideAnUncataloguedIdIsThatBuiltInRole) {
  RoleAssignment a;
  a.role_definition_name = "Contributor";
  a.role_definition_id = std::string(
      "/subscriptions/s/providers/Microsoft.Authorization/roleDefinitions/"
      "0b7e1c5a-0000-4000-8000-00000000c0de");
  ResolvedRole r = ResolveRole(a);
  EXPECT_EQ(r.state, ValueState::kKnown);
  ASSERT_NE(r.builtin, nullptr);
  EXPECT_EQ(r.display, "Contributor");
  // A custom name beside that ID stays a non-catalogued role.
  a.role_definition_name = "Robotics Runbook Start Stop";
  r = ResolveRole(a);
  EXPECT_EQ(r.builtin, nullptr);
  EXPECT_EQ(r.display, "Robotics Runbook Start Stop");
}

TEST(DescribeRole, Texts) {
  RoleAssignment a;
  a.role_definition_name = "contributor";
  EXPECT_EQ(DescribeRole(ResolveRole(a)),
            "\"Contributor\" (admin-level built-in role)");
  a.role_definition_name = "Start Stop";
  EXPECT_EQ(DescribeRole(ResolveRole(a)),
            "\"Start Stop\" (not a catalogued built-in role)");
  a.role_definition_name = Maybe<std::string>::Unknown();
  EXPECT_EQ(DescribeRole(ResolveRole(a)), "a role unknown at plan time");
}

TEST(ResolveScope, Texts) {
  RoleAssignment a;
  a.scope = std::string("/subscriptions/s/resourceGroups/rg");
  ResolvedScope s = ResolveScope(a);
  EXPECT_EQ(s.kind, ScopeKind::kResourceGroup);
  EXPECT_EQ(s.text,
            "at resource group \"rg\" (scope kind resource_group, ID "
            "/subscriptions/s/resourceGroups/rg)");
  a.scope = std::string("nonsense");
  s = ResolveScope(a);
  EXPECT_EQ(s.state, ValueState::kKnown);
  EXPECT_EQ(s.kind, ScopeKind::kUnknown);
  EXPECT_NE(s.text.find("unparseable"), std::string::npos);
  a.scope = Maybe<std::string>::Unknown();
  EXPECT_EQ(ResolveScope(a).text, "at a scope unknown at plan time");
  a.scope_kind_hint = ScopeKind::kSubscription;
  s = ResolveScope(a);
  EXPECT_EQ(s.kind, ScopeKind::kSubscription);
  EXPECT_EQ(s.text, "at a subscription scope whose ID is unknown at plan time");
  a.scope = Maybe<std::string>::Null();
  EXPECT_EQ(ResolveScope(a).text, "at no scope (scope is null)");
}

TEST(DescribePrincipal, Texts) {
  EXPECT_EQ(DescribePrincipal(std::string("p1")), "principal p1");
  EXPECT_EQ(DescribePrincipal(Maybe<std::string>::Unknown()),
            "principal unknown at plan time");
  EXPECT_EQ(DescribePrincipal(Maybe<std::string>()), "no principal");
}

}  // namespace
}  // namespace threatmodel::rules::internal
