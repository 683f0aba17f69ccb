// E-3 through the engine.

#include <string>
#include <vector>

#include "gtest/gtest.h"
#include "rules/test_util.h"
#include "threatmodel/rules/engine.h"

namespace threatmodel::rules {
namespace {

using testing::Aks;
using testing::Assign;
using testing::EvaluateOne;
using testing::InRg;
using testing::kRg;
using testing::OnboardingRoles;

constexpr char kAlice[] = "11111111-1111-1111-1111-111111111111";
constexpr char kBob[] = "22222222-2222-2222-2222-222222222222";

std::vector<Finding> E3(const Deployment& model,
                        const Policy& policy = Policy()) {
  return testing::Of(EvaluateOne(model, "E-3", policy), "E-3");
}

void ExpectContains(const std::string& text,
                    const std::vector<std::string>& fragments) {
  for (const std::string& f : fragments) {
    EXPECT_NE(text.find(f), std::string::npos)
        << "missing \"" << f << "\" in: " << text;
  }
}

User Declared(std::string subject, const std::string& principal,
              Maybe<std::string> tier, const std::vector<std::string>& roles) {
  User u;
  u.subject = std::move(subject);
  u.principal_id = principal;
  u.tier = std::move(tier);
  u.source = "users[\"" + u.subject + "\"]";
  for (const std::string& role : roles) {
    u.role_assignments.push_back(Assign(principal, PrincipalType::kUser, role,
                                        kRg,
                                        u.source + ".roles[\"" + role + "\"]"));
  }
  return u;
}

TEST(E3Users, OnboardingNineRolesPerUserViolates) {
  Deployment model;
  model.role_assignments = OnboardingRoles(kAlice, "alice");
  std::vector<RoleAssignment> bob = OnboardingRoles(kBob, "bob");
  model.role_assignments.insert(model.role_assignments.end(), bob.begin(),
                                bob.end());
  std::vector<Finding> f = E3(model);
  ASSERT_EQ(f.size(), 2u);
  for (const Finding& finding : f) {
    EXPECT_EQ(finding.status, Status::kViolation);
    EXPECT_EQ(finding.severity, Severity::kHigh);
    ExpectContains(
        finding.message,
        {"holds 9 role assignments, more than the limit of 5 (Azure "
         "Kubernetes Service Cluster Admin Role, Azure Kubernetes Service RBAC "
         "Cluster Admin, Key Vault Secrets Officer, Storage Blob Data "
         "Contributor, Grafana Admin, AcrPush, AcrPull, AzureML Data "
         "Scientist, Contributor)",
         "privileged roles outside an admin tier",
         "\"Azure Kubernetes Service Cluster Admin Role\" (admin-level",
         "\"Azure Kubernetes Service RBAC Cluster Admin\"",
         "\"Key Vault Secrets Officer\"", "\"Grafana Admin\"",
         "\"Contributor\" (admin-level built-in role) at resource group"});
    EXPECT_EQ(finding.related_sources.size(), 9u);
  }
  EXPECT_EQ(f[0].subject, kAlice);
  EXPECT_EQ(f[1].subject, kBob);
  EXPECT_EQ(f[0].source,
            "azurerm_role_assignment.user[\"alice/Azure Kubernetes Service "
            "Cluster Admin Role\"]");
}

TEST(E3Users, TieredFixedVariantPasses) {
  Deployment model;
  model.users = {
      Declared("alice", kAlice, std::string("contributor"),
               {"Azure Kubernetes Service Cluster User Role",
                "Storage Blob Data Contributor", "AcrPull",
                "AzureML Data Scientist"}),
      Declared("bob", kBob, std::string("admin"),
               {"Azure Kubernetes Service RBAC Cluster Admin",
                "Key Vault Secrets Officer", "Contributor"}),
      Declared("carol", "33333333-3333-3333-3333-333333333333",
               std::string("Reader"), {"Reader", "AcrPull"}),
  };
  std::vector<Finding> f = E3(model);
  ASSERT_EQ(f.size(), 3u);
  for (const Finding& finding : f) {
    EXPECT_EQ(finding.status, Status::kPass) << finding.message;
    EXPECT_TRUE(finding.related_sources.empty());
  }
  EXPECT_EQ(f[0].subject, "alice");
  ExpectContains(f[0].message, {"holds 4 role assignments (limit 5)",
                                "all within tier \"contributor\""});
  ExpectContains(f[1].message, {"in an admin tier"});
}

TEST(E3Users, LimitIsConfigurable) {
  Deployment model;
  model.users = {Declared("dana", kAlice, std::string("admin"),
                          {"Reader", "AcrPull", "AcrPush"})};
  Policy strict;
  strict.max_roles_per_user = 2;
  std::vector<Finding> f = E3(model, strict);
  ASSERT_EQ(f.size(), 1u);
  EXPECT_EQ(f[0].status, Status::kViolation);
  ExpectContains(f[0].message,
                 {"holds 3 role assignments, more than the limit of 2"});

  // Admin tier does not lift the limit.
  model.role_assignments = OnboardingRoles(kAlice, "dana");
  f = E3(model);
  ASSERT_EQ(f.size(), 1u);
  EXPECT_EQ(f[0].status, Status::kViolation);
  ExpectContains(f[0].message, {"holds 12 role assignments"});
  EXPECT_EQ(f[0].message.find("outside an admin tier"), std::string::npos);

  Policy loose;
  loose.max_roles_per_user = 20;
  f = E3(model, loose);
  ASSERT_EQ(f.size(), 1u);
  EXPECT_EQ(f[0].status, Status::kPass) << f[0].message;
}

TEST(E3Users, TierChecks) {
  struct Case {
    std::string name;
    Maybe<std::string> tier;
    std::vector<std::string> roles;
    Policy policy;
    Status status;
    std::vector<std::string> fragments;
  };
  Policy no_tiers;
  no_tiers.tiers.clear();
  Policy custom;
  custom.tiers = {{"ops", {"b24988ac-6180-42a0-ab88-20f7382dd24c"}, true}};
  const Case cases[] = {
      {"contributor with an admin role",
       std::string("contributor"),
       {"Key Vault Secrets Officer"},
       Policy(),
       Status::kViolation,
       {"privileged role outside an admin tier: \"Key Vault Secrets "
        "Officer\""}},
      {"reader with AcrPush",
       std::string("reader"),
       {"AcrPush"},
       Policy(),
       Status::kViolation,
       {"role beyond tier \"reader\": \"AcrPush\""}},
      {"undeclared tier",
       std::string("superuser"),
       {"Reader"},
       Policy(),
       Status::kViolation,
       {"declared tier \"superuser\" is not one of the policy's tiers "
        "(reader, contributor, admin)"}},
      {"no tier, admin role",
       Maybe<std::string>(),
       {"Grafana Admin"},
       Policy(),
       Status::kViolation,
       {"outside an admin tier"}},
      {"no tier, ordinary roles",
       Maybe<std::string>(),
       {"AcrPush", "Reader"},
       Policy(),
       Status::kPass,
       {"none privileged outside an admin tier"}},
      {"tiers disabled: nobody is admin",
       std::string("admin"),
       {"Contributor"},
       no_tiers,
       Status::kViolation,
       {"not one of the policy's tiers (none configured)",
        "outside an admin tier"}},
      {"tier unknown, privileged role",
       Maybe<std::string>::Unknown(),
       {"Contributor"},
       Policy(),
       Status::kUndecided,
       {"tier is unknown at plan time", "admin tier cannot be decided"}},
      {"tier unknown, ordinary role",
       Maybe<std::string>::Unknown(),
       {"Reader"},
       Policy(),
       Status::kUndecided,
       {"cannot be checked against a tier"}},
      {"custom tier list by GUID matches a role by name",
       std::string("OPS"),
       {"Contributor"},
       custom,
       Status::kPass,
       {"in an admin tier"}},
      {"custom tier rejects other roles",
       std::string("ops"),
       {"Reader"},
       custom,
       Status::kViolation,
       {"role beyond tier \"ops\": \"Reader\""}},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.name);
    Deployment model;
    model.users = {Declared("erin", kAlice, c.tier, c.roles)};
    std::vector<Finding> f = E3(model, c.policy);
    ASSERT_EQ(f.size(), 1u);
    EXPECT_EQ(f[0].status, c.status) << f[0].message;
    EXPECT_EQ(f[0].subject, "erin");
    EXPECT_EQ(f[0].source, "users[\"erin\"]");
    ExpectContains(f[0].message, c.fragments);
  }
}

TEST(E3Users, UnknownRoleIsUndecidedButCountStillDecides) {
  Deployment model;
  User u = Declared("fred", kAlice, std::string("contributor"), {"AcrPull"});
  RoleAssignment unknown =
      Assign(std::string(kAlice), PrincipalType::kUser, "", kRg, "unknown");
  unknown.role_definition_name = Maybe<std::string>::Unknown();
  u.role_assignments.push_back(unknown);
  model.users = {u};
  std::vector<Finding> f = E3(model);
  ASSERT_EQ(f.size(), 1u);
  EXPECT_EQ(f[0].status, Status::kUndecided);
  ExpectContains(f[0].message, {"1 role assignment has a role unknown"});

  Policy strict;
  strict.max_roles_per_user = 1;
  f = E3(model, strict);
  ASSERT_EQ(f.size(), 1u);
  EXPECT_EQ(f[0].status, Status::kViolation);
  ExpectContains(f[0].message, {"more than the limit of 1", "also undecided"});
}

TEST(E3Users, UnknownPrincipalsAreReportedNotDropped) {
  Deployment model;
  model.role_assignments = {
      Assign(Maybe<std::string>::Unknown(), PrincipalType::kUser,
             "Key Vault Secrets Officer", InRg("Microsoft.KeyVault/vaults/kv"),
             "ra-user"),
      Assign(Maybe<std::string>::Unknown(), Maybe<PrincipalType>::Unknown(),
             "AcrPush", kRg, "ra-untyped"),
      Assign(Maybe<std::string>::Unknown(), PrincipalType::kServicePrincipal,
             "Owner", kRg, "ra-sp"),
  };
  std::vector<Finding> f = E3(model);
  ASSERT_EQ(f.size(), 2u);
  EXPECT_EQ(f[0].subject, "ra-untyped");
  EXPECT_EQ(f[1].subject, "ra-user");
  for (const Finding& finding : f) {
    EXPECT_EQ(finding.status, Status::kUndecided);
    ExpectContains(finding.message,
                   {"principal unknown at plan time",
                    "cannot be counted towards any user's limit"});
  }
  ExpectContains(f[1].message,
                 {"\"Key Vault Secrets Officer\"", "(Key Vault)"});
}

TEST(E3Users, PrincipalTypeDecidesWhetherItIsAUser) {
  const std::string gina = "77777777-7777-7777-7777-777777777777";
  // Type unknown: would violate as a user, so undecided.
  Deployment untyped;
  for (RoleAssignment a : OnboardingRoles(gina, "gina")) {
    a.principal_type = Maybe<PrincipalType>::Unknown();
    untyped.role_assignments.push_back(a);
  }
  std::vector<Finding> f = E3(untyped);
  ASSERT_EQ(f.size(), 1u);
  EXPECT_EQ(f[0].status, Status::kUndecided);
  ExpectContains(f[0].message, {"principal type unknown at plan time",
                                "if it is a user", "holds 9 role assignments"});

  // A service principal is outside E-3 (E-1 covers automation identities).
  Deployment sp;
  for (RoleAssignment a : OnboardingRoles(gina, "gina")) {
    a.principal_type = PrincipalType::kServicePrincipal;
    sp.role_assignments.push_back(a);
  }
  f = E3(sp);
  ASSERT_EQ(f.size(), 1u);
  EXPECT_EQ(f[0].status, Status::kNotApplicable);

  // Groups are not users either.
  Deployment group;
  group.role_assignments = {
      Assign(gina, PrincipalType::kGroup, "Contributor", kRg, "g")};
  f = E3(group);
  ASSERT_EQ(f.size(), 1u);
  EXPECT_EQ(f[0].status, Status::kNotApplicable);
}

TEST(E3Users, DeclaredUsersCollectUnattributedAssignmentsById) {
  Deployment model;
  model.users = {
      Declared("hana", kAlice, std::string("contributor"), {"AcrPull"})};
  model.role_assignments = {
      Assign(std::string("11111111-1111-1111-1111-111111111111"),
             Maybe<PrincipalType>::Unknown(), "Contributor", kRg, "extra")};
  std::vector<Finding> f = E3(model);
  ASSERT_EQ(f.size(), 1u);
  EXPECT_EQ(f[0].status, Status::kViolation);
  EXPECT_EQ(f[0].subject, "hana");
  EXPECT_EQ(f[0].related_sources, std::vector<std::string>{"extra"});
}

TEST(E3Users, CountZeroVariantIsNotApplicable) {
  Deployment model;  // for_each over an empty user map: no assignments
  std::vector<Finding> f = E3(model);
  ASSERT_EQ(f.size(), 1u);
  EXPECT_EQ(f[0].status, Status::kNotApplicable);
}

TEST(E3Users, RolesByDefinitionIdCount) {
  Deployment model;
  RoleAssignment a =
      Assign(std::string(kAlice), PrincipalType::kUser, "", Aks(), "by-id");
  a.role_definition_name = Maybe<std::string>::Unknown();
  a.role_definition_id = std::string(
      "/subscriptions/s/providers/Microsoft.Authorization/roleDefinitions/"
      "0ab0b1a8-8aac-4efd-b8c2-3ee1fb270be8");
  model.role_assignments = {a};
  std::vector<Finding> f = E3(model);
  ASSERT_EQ(f.size(), 1u);
  EXPECT_EQ(f[0].status, Status::kViolation);
  ExpectContains(f[0].message,
                 {"\"Azure Kubernetes Service Cluster Admin Role\""});
}

}  // namespace
}  // namespace threatmodel::rules
