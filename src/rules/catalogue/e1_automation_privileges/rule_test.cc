// E-1 through the engine.

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
using testing::kRg;
using testing::kSub;
using testing::Psql;

std::vector<Finding> E1(const Deployment& model,
                        const Policy& policy = Policy()) {
  return testing::Of(EvaluateOne(model, "E-1", policy), "E-1");
}

void ExpectContains(const std::string& text,
                    const std::vector<std::string>& fragments) {
  for (const std::string& f : fragments) {
    EXPECT_NE(text.find(f), std::string::npos)
        << "missing \"" << f << "\" in: " << text;
  }
}

TEST(E1Automation, ReferenceArchitectureViolatesTwice) {
  Deployment model;
  model.automation_accounts.push_back(testing::ReferenceAutomationAccount());
  std::vector<Finding> f = E1(model);
  ASSERT_EQ(f.size(), 2u);
  for (const Finding& finding : f) {
    EXPECT_EQ(finding.status, Status::kViolation);
    EXPECT_EQ(finding.subject,
              "module.automation.azurerm_automation_account.this");
    EXPECT_EQ(finding.severity, Severity::kHigh);
    EXPECT_EQ(finding.enforcement, Enforcement::kMandatory);
    EXPECT_FALSE(finding.remediation.empty());
  }
  // Sorted by source: aks_contributor before postgresql_contributor.
  EXPECT_EQ(f[0].source,
            "module.automation.azurerm_role_assignment.aks_contributor");
  ExpectContains(f[0].message,
                 {("\"Azure Kubernetes Service Contributor Role\" (admin-level "
                   "built-in role)"),
                  "scope kind resource",
                  "Microsoft.ContainerService/managedClusters \"aks-robotics\"",
                  "(AKS cluster)", Aks(), "principal unknown at plan time"});
  ExpectContains(f[1].message, {"\"Contributor\" (admin-level built-in role)",
                                "(PostgreSQL flexible server)",
                                "scope kind resource", Psql()});
}

TEST(E1Automation, PrivilegedRolesByNameGuidAndDefinitionId) {
  struct Case {
    std::string name;
    std::string role_name;  // empty: use role_id
    std::string role_id;
    std::string scope;
    std::vector<std::string> fragments;
  };
  const std::string owner_guid = "8e3af657-a8ff-443c-a75c-2fe8c4bcb635";
  const Case cases[] = {
      {"Contributor on the resource group",
       "Contributor",
       "",
       kRg,
       {"\"Contributor\"", "scope kind resource_group",
        "resource group \"rg-robotics-dev\""}},
      {"Owner by bare GUID",
       "",
       owner_guid,
       kSub,
       {"\"Owner\" (privileged-escalation built-in role)",
        "scope kind subscription"}},
      {"Owner by full definition ID",
       "",
       std::string(kSub) +
           "/providers/Microsoft.Authorization/roleDefinitions/" + owner_guid,
       kSub,
       {"\"Owner\""}},
      {"User Access Administrator at a management group",
       "user access administrator",
       "",
       "/providers/Microsoft.Management/managementGroups/mg",
       {"\"User Access Administrator\"", "scope kind management_group"}},
      {"RBAC Administrator",
       "Role Based Access Control Administrator",
       "",
       kRg,
       {"privileged-escalation"}},
      {"Key Vault Administrator",
       "Key Vault Administrator",
       "",
       testing::InRg("Microsoft.KeyVault/vaults/kv"),
       {"(Key Vault)"}},
      {"Automation Contributor on itself",
       "Automation Contributor",
       "",
       testing::InRg("Microsoft.Automation/automationAccounts/aa"),
       {"(Automation account)"}},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.name);
    RoleAssignment a =
        Assign(Maybe<std::string>::Unknown(), PrincipalType::kServicePrincipal,
               c.role_name, c.scope, "ra");
    if (c.role_name.empty()) {
      a.role_definition_name = Maybe<std::string>::Unknown();
      a.role_definition_id = c.role_id;
    }
    AutomationAccount account;
    account.name = std::string("aa-1");
    account.role_assignments = {a};
    Deployment model;
    model.automation_accounts = {account};
    std::vector<Finding> f = E1(model);
    ASSERT_EQ(f.size(), 1u);
    EXPECT_EQ(f[0].status, Status::kViolation) << f[0].message;
    EXPECT_EQ(f[0].subject, "aa-1");
    EXPECT_EQ(f[0].source, "ra");
    ExpectContains(f[0].message, c.fragments);
  }
}

TEST(E1Automation, FixedVariantsPass) {
  for (const std::string& role :
       {std::string("Automation Runbook Start Stop (custom)"),
        std::string("Reader"), std::string("Automation Job Operator"),
        std::string("11111111-2222-3333-4444-555555555555")}) {
    SCOPED_TRACE(role);
    AutomationAccount account = testing::ReferenceAutomationAccount();
    for (RoleAssignment& a : account.role_assignments) {
      a.role_definition_name = role;
    }
    Deployment model;
    model.automation_accounts = {account};
    std::vector<Finding> f = E1(model);
    ASSERT_EQ(f.size(), 1u);
    EXPECT_EQ(f[0].status, Status::kPass) << f[0].message;
    EXPECT_EQ(f[0].source, "automation_accounts[0]");
    ExpectContains(f[0].message, {"holds no privileged role"});
  }
}

TEST(E1Automation, UnknownRoleIsUndecidedUnknownScopeStillViolates) {
  AutomationAccount account;
  account.subject = "aa";
  RoleAssignment unknown_role =
      Assign(Maybe<std::string>::Unknown(), PrincipalType::kServicePrincipal,
             "", Aks(), "unknown-role");
  unknown_role.role_definition_name = Maybe<std::string>::Unknown();
  RoleAssignment unknown_scope =
      Assign(Maybe<std::string>::Unknown(), PrincipalType::kServicePrincipal,
             "Contributor", Maybe<std::string>::Unknown(), "unknown-scope");
  unknown_scope.scope_kind_hint = ScopeKind::kResourceGroup;
  RoleAssignment no_role =
      Assign(Maybe<std::string>::Unknown(), PrincipalType::kServicePrincipal,
             "", kRg, "no-role");
  no_role.role_definition_name = Maybe<std::string>::Null();
  no_role.role_definition_id = Maybe<std::string>::Null();
  account.role_assignments = {unknown_role, unknown_scope, no_role};
  Deployment model;
  model.automation_accounts = {account};
  std::vector<Finding> f = E1(model);
  ASSERT_EQ(f.size(), 3u);
  // Ordered by source.
  EXPECT_EQ(f[0].source, "no-role");
  EXPECT_EQ(f[0].status, Status::kUndecided);
  ExpectContains(f[0].message, {"no role"});
  EXPECT_EQ(f[1].source, "unknown-role");
  EXPECT_EQ(f[1].status, Status::kUndecided);
  ExpectContains(f[1].message, {"a role unknown at plan time", "(AKS cluster)",
                                "decided at apply time"});
  EXPECT_EQ(f[2].source, "unknown-scope");
  EXPECT_EQ(f[2].status, Status::kViolation);
  ExpectContains(f[2].message,
                 {"\"Contributor\"",
                  "resource_group scope whose ID is unknown at plan time"});
}

TEST(E1Automation, UnattributedAssignmentsMatchByKnownPrincipal) {
  AutomationAccount account;
  account.name = std::string("aa-2");
  account.principal_id = std::string("AAAAAAAA-0000-0000-0000-000000000000");
  Deployment model;
  model.automation_accounts = {account};
  model.role_assignments = {
      Assign(std::string("aaaaaaaa-0000-0000-0000-000000000000"),
             PrincipalType::kServicePrincipal, "Owner", kSub, "mine"),
      Assign(std::string("bbbbbbbb-0000-0000-0000-000000000000"),
             PrincipalType::kServicePrincipal, "Owner", kSub, "not-mine"),
  };
  std::vector<Finding> f = E1(model);
  ASSERT_EQ(f.size(), 1u);
  EXPECT_EQ(f[0].status, Status::kViolation);
  EXPECT_EQ(f[0].source, "mine");
  ExpectContains(f[0].message,
                 {"principal AAAAAAAA-0000-0000-0000-000000000000"});
}

TEST(E1Automation, NoAccountsIsNotApplicableAndEmptyAccountPasses) {
  std::vector<Finding> f = E1(Deployment());
  ASSERT_EQ(f.size(), 1u);
  EXPECT_EQ(f[0].status, Status::kNotApplicable);
  EXPECT_EQ(f[0].subject, "deployment");

  Deployment model;
  model.automation_accounts.emplace_back();
  f = E1(model);
  ASSERT_EQ(f.size(), 1u);
  EXPECT_EQ(f[0].status, Status::kPass);
  EXPECT_EQ(f[0].subject, "automation_accounts[0]");
  ExpectContains(f[0].message, {"holds no role assignments"});
}

TEST(E1Automation, PolicyDecidesWhatIsPrivileged) {
  Deployment model;
  AutomationAccount account;
  account.subject = "aa";
  account.role_assignments = {
      Assign(Maybe<std::string>::Unknown(), PrincipalType::kServicePrincipal,
             "Network Contributor", kRg, "net"),
      Assign(Maybe<std::string>::Unknown(), PrincipalType::kServicePrincipal,
             "Contributor", kRg, "contrib"),
      Assign(Maybe<std::string>::Unknown(), PrincipalType::kServicePrincipal,
             "Runbook Power (custom)", kRg, "custom"),
  };
  model.automation_accounts = {account};

  // Default: only Contributor.
  std::vector<Finding> f = E1(model);
  ASSERT_EQ(f.size(), 1u);
  EXPECT_EQ(f[0].source, "contrib");

  // Additional roles add to the default set.
  Policy additional;
  additional.additional_privileged_roles = {"runbook power (CUSTOM)"};
  f = E1(model, additional);
  ASSERT_EQ(f.size(), 2u);
  EXPECT_EQ(f[0].source, "contrib");
  EXPECT_EQ(f[1].source, "custom");

  // An explicit list replaces the default set; GUIDs work.
  Policy replaced;
  replaced.privileged_roles =
      std::vector<std::string>{"4d97b98b-1d4f-4787-a291-c67834d212e7"};
  f = E1(model, replaced);
  ASSERT_EQ(f.size(), 1u);
  EXPECT_EQ(f[0].source, "net");
}

}  // namespace
}  // namespace threatmodel::rules
