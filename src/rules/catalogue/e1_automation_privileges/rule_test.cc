// E-1 through the engine.

#include <optional>
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
using testing::Planned;
using testing::Psql;
using testing::RefTo;
using testing::WithFacet;

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

// The facets, over planned resources as the plan reader builds them.

constexpr char kAccount[] = "azurerm_automation_account.aa";

// The reference architecture's account: principal unknown on create, local
// authentication and public access as `flags` says (JSON members, may be
// empty: the provider defaults).
Resource PlannedAccount(const std::string& flags,
                        std::vector<std::string> configured = {"name"}) {
  return Planned(kAccount,
                 R"({"name": "aa-robotics-dev", "sku_name": "Basic",
                     "resource_group_name": "rg-robotics-dev",)" +
                     flags + R"( "identity": [{"type": "SystemAssigned"}]})",
                 R"({"id": true, "identity": [{"principal_id": true}]})",
                 std::move(configured));
}

Resource Grant(const std::string& name, const std::string& role) {
  Resource r =
      Planned("azurerm_role_assignment." + name,
              R"({"scope": ")" + Aks() + R"(", "role_definition_name": ")" +
                  role + R"(", "principal_type": "ServicePrincipal"})",
              R"({"id": true, "principal_id": true,
                           "role_definition_id": true})",
              std::vector<std::string>{"scope", "principal_id",
                                       "role_definition_name"});
  r.references["principal_id"] = {RefTo(kAccount, "identity[0].principal_id")};
  return r;
}

Resource Webhook(const std::string& name, bool by_reference) {
  Resource r = Planned(
      "azurerm_automation_webhook." + name,
      by_reference
          ? R"({"name": "start", "resource_group_name": "rg-robotics-dev",
                        "runbook_name": "Start-AzureResources",
                        "expiry_time": "2027-01-01T00:00:00Z"})"
          : R"({"name": "start", "resource_group_name": "rg-robotics-dev",
                        "automation_account_name": "aa-robotics-dev",
                        "runbook_name": "Start-AzureResources",
                        "expiry_time": "2027-01-01T00:00:00Z"})",
      by_reference ? R"({"id": true, "automation_account_name": true,
                         "uri": true})"
                   : R"({"id": true, "uri": true})",
      std::vector<std::string>{"name", "automation_account_name",
                               "runbook_name", "expiry_time"});
  if (by_reference) {
    r.references["automation_account_name"] = {RefTo(kAccount, "name")};
  }
  return r;
}

Resource Variable(const std::string& type, const std::string& encrypted) {
  return Planned("azurerm_automation_variable_" + type + ".v",
                 R"({"name": "v", "resource_group_name": "rg-robotics-dev",
          "automation_account_name": "aa-robotics-dev")" +
                     (encrypted.empty() ? std::string()
                                        : R"(, "encrypted": )" + encrypted) +
                     "}",
                 R"({"id": true})", std::vector<std::string>{"name"});
}

// A webhook of an account outside the plan.
Resource ForeignWebhook() {
  Resource other = Webhook("other", false);
  other.values = PlanValue::Object(
      {{"name", PlanValue::String("start")},
       {"resource_group_name", PlanValue::String("rg-robotics-dev")},
       {"automation_account_name", PlanValue::String("aa-elsewhere")}});
  return other;
}

std::vector<Finding> E1Over(std::vector<Resource> resources,
                            const Policy& policy = Policy()) {
  return testing::FindingsOver(std::move(resources), "E-1", policy);
}

// As azurerm plans an account whose configuration leaves both flags out.
constexpr char kDefaults[] = R"("local_authentication_enabled": true,
                                "public_network_access_enabled": true,)";

TEST(E1AutomationFacets, ProviderDefaultsViolateOnAPrivilegedAccount) {
  std::vector<Finding> f =
      E1Over({PlannedAccount(kDefaults), Grant("aks", "Contributor"),
              Variable("string", "true")});
  // The role finding keeps no facet; each facet judged has one finding.
  ASSERT_EQ(f.size(), 4u);
  std::optional<Finding> role = WithFacet(f, "");
  ASSERT_TRUE(role.has_value());
  EXPECT_EQ(role->status, Status::kViolation);
  std::optional<Finding> local = WithFacet(f, "local-auth");
  ASSERT_TRUE(local.has_value());
  EXPECT_EQ(local->status, Status::kViolation);
  EXPECT_EQ(local->subject, kAccount);
  EXPECT_EQ(local->enforcement, Enforcement::kMandatory);
  testing::ExpectContains(local->message,
                          "local_authentication_enabled = true: webhooks");
  std::optional<Finding> pub = WithFacet(f, "public-network");
  ASSERT_TRUE(pub.has_value());
  EXPECT_EQ(pub->status, Status::kViolation);
  testing::ExpectContains(pub->message, "public_network_access_enabled");
  // No webhook in the deployment: that facet is not judged.
  EXPECT_FALSE(WithFacet(f, "premise-no-webhook").has_value());
  std::optional<Finding> vars = WithFacet(f, "plain-variable");
  ASSERT_TRUE(vars.has_value());
  EXPECT_EQ(vars->status, Status::kPass);
  EXPECT_EQ(vars->enforcement, Enforcement::kAdvisory);
}

TEST(E1AutomationFacets, FlagsLeftUnknownAndUnconfiguredTakeTheDefault) {
  Resource account = Planned(
      kAccount,
      R"({"name": "aa-robotics-dev", "resource_group_name": "rg-robotics-dev",
          "identity": [{"type": "SystemAssigned"}]})",
      R"({"id": true, "local_authentication_enabled": true,
          "public_network_access_enabled": true,
          "identity": [{"principal_id": true}]})",
      std::vector<std::string>{"name"});
  std::vector<Finding> f =
      E1Over({std::move(account), Grant("aks", "Contributor")});
  std::optional<Finding> local = WithFacet(f, "local-auth");
  ASSERT_TRUE(local.has_value());
  EXPECT_EQ(local->status, Status::kViolation);
  testing::ExpectContains(local->message,
                          "local_authentication_enabled = true (unknown in the "
                          "plan and not set in the configuration: the "
                          "provider's default)");
}

TEST(E1AutomationFacets, AnAccountThatStatesNoFlagsIsNotJudgedOnThem) {
  // The data source's automation_accounts: an identity and its roles only.
  std::vector<Finding> f =
      E1Over({PlannedAccount(""), Grant("aks", "Contributor")});
  ASSERT_EQ(f.size(), 1u);
  EXPECT_EQ(f[0].status, Status::kViolation);
  EXPECT_TRUE(f[0].facet.empty());
}

TEST(E1AutomationFacets, HardenedAccountPassesEveryFacet) {
  std::vector<Finding> f = E1Over(
      {PlannedAccount(R"("local_authentication_enabled": false,
                         "public_network_access_enabled": false,)"),
       Grant("aks", "Owner"), Variable("string", "true"), ForeignWebhook()});
  for (const char* facet : {"local-auth", "public-network",
                            "premise-no-webhook", "plain-variable"}) {
    std::optional<Finding> x = WithFacet(f, facet);
    ASSERT_TRUE(x.has_value()) << facet;
    EXPECT_EQ(x->status, Status::kPass) << facet << ": " << x->message;
  }
}

TEST(E1AutomationFacets, WebhookByValueOrReferenceBreaksThePremise) {
  for (bool by_reference : {false, true}) {
    std::vector<Finding> f =
        E1Over({PlannedAccount(R"("local_authentication_enabled": false,
                                  "public_network_access_enabled": false,)"),
                Grant("aks", "Contributor"), Webhook("start", by_reference)});
    std::optional<Finding> hook = WithFacet(f, "premise-no-webhook");
    ASSERT_TRUE(hook.has_value());
    EXPECT_EQ(hook->status, Status::kViolation) << by_reference;
    EXPECT_EQ(hook->enforcement, Enforcement::kMandatory);
    testing::ExpectContains(hook->message,
                            "webhook azurerm_automation_webhook.start");
    testing::ExpectContains(hook->message, "no external triggers");
    ASSERT_EQ(hook->related_sources.size(), 1u);
    EXPECT_EQ(hook->related_sources[0], "azurerm_automation_webhook.start");
  }
}

TEST(E1AutomationFacets, WebhookOfAnotherAccountDoesNotCount) {
  std::vector<Finding> f =
      E1Over({PlannedAccount(kDefaults), Grant("aks", "Contributor"),
              ForeignWebhook()});
  std::optional<Finding> hook = WithFacet(f, "premise-no-webhook");
  ASSERT_TRUE(hook.has_value());
  EXPECT_EQ(hook->status, Status::kPass);
}

TEST(E1AutomationFacets, UnencryptedVariablesAreAdvisory) {
  for (const std::string& encrypted : {std::string(""), std::string("false")}) {
    std::vector<Finding> f =
        E1Over({PlannedAccount(R"("local_authentication_enabled": false,
                                  "public_network_access_enabled": false,)"),
                Grant("aks", "Contributor"), Variable("string", encrypted),
                Variable("int", "true")});
    std::optional<Finding> vars = WithFacet(f, "plain-variable");
    ASSERT_TRUE(vars.has_value());
    EXPECT_EQ(vars->status, Status::kViolation) << encrypted;
    EXPECT_EQ(vars->enforcement, Enforcement::kAdvisory);
    testing::ExpectContains(vars->message,
                            "azurerm_automation_variable_string.v");
    EXPECT_EQ(vars->message.find("azurerm_automation_variable_int"),
              std::string::npos);
  }
}

TEST(E1AutomationFacets, FlagSetByReferenceAndUnknownIsUndecided) {
  Resource with_unknown = Planned(
      kAccount,
      R"({"name": "aa-robotics-dev", "resource_group_name": "rg-robotics-dev",
          "public_network_access_enabled": false,
          "identity": [{"type": "SystemAssigned"}]})",
      R"({"id": true, "local_authentication_enabled": true,
          "identity": [{"principal_id": true}]})",
      std::vector<std::string>{"name", "local_authentication_enabled"});
  with_unknown.references["local_authentication_enabled"] = {
      RefTo("terraform_data.flags", "output")};
  std::vector<Finding> f =
      E1Over({std::move(with_unknown), Grant("aks", "Contributor")});
  std::optional<Finding> local = WithFacet(f, "local-auth");
  ASSERT_TRUE(local.has_value());
  EXPECT_EQ(local->status, Status::kUndecided);
  testing::ExpectContains(local->message,
                          "local_authentication_enabled is unknown");
}

TEST(E1AutomationFacets, UnknownRoleMakesABadFacetUndecided) {
  Resource grant = Grant("aks", "Contributor");
  grant.values = PlanValue::Object(
      {{"scope", PlanValue::String(Aks())},
       {"role_definition_name", PlanValue::Unknown()},
       {"role_definition_id", PlanValue::Unknown()},
       {"principal_id", PlanValue::Unknown()},
       {"principal_type", PlanValue::String("ServicePrincipal")}});
  std::vector<Finding> f =
      E1Over({PlannedAccount(kDefaults), std::move(grant)});
  std::optional<Finding> local = WithFacet(f, "local-auth");
  ASSERT_TRUE(local.has_value());
  EXPECT_EQ(local->status, Status::kUndecided);
  testing::ExpectContains(local->message, "decided at apply time");
}

TEST(E1AutomationFacets, AnUnattributablePrivilegedGrantMayBeTheAccounts) {
  Resource grant = Grant("somebody", "Owner");
  grant.references.clear();  // principal unknown, linked to nobody
  std::vector<Finding> f = E1Over({PlannedAccount(kDefaults), grant});
  std::optional<Finding> local = WithFacet(f, "local-auth");
  ASSERT_TRUE(local.has_value());
  EXPECT_EQ(local->status, Status::kUndecided);
  testing::ExpectContains(local->message, "decided at apply time");
}

TEST(E1AutomationFacets, NoPrivilegedRoleMeansNoFacets) {
  std::vector<Finding> f =
      E1Over({PlannedAccount(kDefaults), Grant("aks", "Reader"),
              Webhook("start", true)});
  ASSERT_EQ(f.size(), 1u);
  EXPECT_EQ(f[0].status, Status::kPass);
  EXPECT_TRUE(f[0].facet.empty());
}

TEST(E1AutomationFacets, FacetsAreEnforcedOneByOne) {
  Policy policy;
  policy.enforcement["E-1/local-auth"] = Enforcement::kAdvisory;
  std::vector<Finding> f =
      E1Over({PlannedAccount(kDefaults), Grant("aks", "Contributor")}, policy);
  EXPECT_EQ(WithFacet(f, "local-auth")->enforcement, Enforcement::kAdvisory);
  EXPECT_EQ(WithFacet(f, "public-network")->enforcement,
            Enforcement::kMandatory);
}

}  // namespace
}  // namespace threatmodel::rules
