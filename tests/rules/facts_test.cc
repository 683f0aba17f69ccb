// The facts stage, through the engine's entry point: planned resources in,
// findings out.

#include "rules/facts.h"

#include <string>
#include <utility>
#include <vector>

#include "gtest/gtest.h"
#include "rules/test_util.h"
#include "threatmodel/rules/engine.h"
#include "threatmodel/rules/resource.h"
#include "threatmodel/rules/rule.h"

namespace threatmodel::rules {
namespace {

constexpr char kSubscription[] =
    "/subscriptions/00000000-0000-0000-0000-000000000001";

Resource Make(std::string type, std::string name, PlanValue::Members values) {
  Resource r;
  r.type = std::move(type);
  r.name = std::move(name);
  r.base_address = r.type + "." + r.name;
  r.address = r.base_address;
  r.source = r.address;
  r.values = PlanValue::Object(std::move(values));
  return r;
}

Reference ToResource(std::string resource, std::string attribute) {
  Reference ref;
  ref.kind = Reference::Kind::kResource;
  ref.resource = std::move(resource);
  ref.attribute = std::move(attribute);
  ref.text = ref.resource + (ref.attribute.empty() ? "" : ".") + ref.attribute;
  return ref;
}

Reference ToLocal(const std::string& name) {
  Reference ref;
  ref.kind = Reference::Kind::kLocal;
  ref.text = "local." + name;
  return ref;
}

PlanValue Identity(PlanValue::Members members) {
  return PlanValue::List({PlanValue::Object(std::move(members))});
}

Resource Account(PlanValue identity) {
  return Make("azurerm_automation_account", "aa",
              {{"name", PlanValue::String("aa-robotics-dev")},
               {"identity", std::move(identity)}});
}

Resource Grant(std::string name, PlanValue principal, std::string role,
               std::string scope) {
  return Make("azurerm_role_assignment", std::move(name),
              {{"principal_id", std::move(principal)},
               {"principal_type", PlanValue::Unknown()},
               {"role_definition_name", PlanValue::String(std::move(role))},
               {"role_definition_id", PlanValue::Unknown()},
               {"scope", PlanValue::String(std::move(scope))}});
}

// The threat's findings about the threat as a whole: E-1's role findings,
// without the facets it adds on a privileged account's own settings.
std::vector<Finding> Judge(const Input& input, const std::string& threat) {
  absl::StatusOr<Report> report =
      Evaluate(input, Policy(), {threat}, testing::Today());
  EXPECT_TRUE(report.ok()) << report.status();
  if (!report.ok()) return {};
  std::vector<Finding> out;
  for (Finding& f : testing::Of(*report, threat)) {
    if (f.facet.empty()) out.push_back(std::move(f));
  }
  return out;
}

int CountStatus(const std::vector<Finding>& findings, Status status) {
  int n = 0;
  for (const Finding& f : findings) n += f.status == status ? 1 : 0;
  return n;
}

// Case 1 of the resource-model issue: an account that runs as a
// user-assigned identity whose principal holds Owner.
TEST(Facts, UserAssignedIdentityByReferenceCountsForTheAccount) {
  Input input;
  Resource identity = Make(
      "azurerm_user_assigned_identity", "runbooks",
      {{"id", PlanValue::Unknown()}, {"principal_id", PlanValue::Unknown()}});
  Resource account =
      Account(Identity({{"type", PlanValue::String("UserAssigned")},
                        {"identity_ids", PlanValue::Unknown()},
                        {"principal_id", PlanValue::Null()}}));
  account.references["identity[0].identity_ids"] = {
      ToResource("azurerm_user_assigned_identity.runbooks", "id")};
  Resource owner = Grant("owner", PlanValue::Unknown(), "Owner", kSubscription);
  owner.references["principal_id"] = {
      ToResource("azurerm_user_assigned_identity.runbooks", "principal_id")};
  input.resources = {identity, account, owner};
  std::vector<Finding> e1 = Judge(input, "E-1");
  ASSERT_EQ(CountStatus(e1, Status::kViolation), 1);
  EXPECT_NE(e1[0].message.find("Owner"), std::string::npos);
  EXPECT_NE(e1[0].message.find("azurerm_user_assigned_identity.runbooks"),
            std::string::npos);
  EXPECT_EQ(e1[0].source, "azurerm_role_assignment.owner");
}

TEST(Facts, UserAssignedIdentityByKnownIdAndPrincipal) {
  Input input;
  const std::string id = std::string(kSubscription) +
                         "/resourceGroups/rg/providers/"
                         "Microsoft.ManagedIdentity/userAssignedIdentities/uai";
  Resource identity =
      Make("azurerm_user_assigned_identity", "runbooks",
           {{"id", PlanValue::String(id)},
            {"principal_id",
             PlanValue::String("33333333-3333-3333-3333-333333333333")}});
  Resource account = Account(
      Identity({{"type", PlanValue::String("UserAssigned")},
                {"identity_ids", PlanValue::List({PlanValue::String(id)})}}));
  Resource owner =
      Grant("owner", PlanValue::String("33333333-3333-3333-3333-333333333333"),
            "Owner", kSubscription);
  input.resources = {identity, account, owner};
  std::vector<Finding> e1 = Judge(input, "E-1");
  EXPECT_EQ(CountStatus(e1, Status::kViolation), 1);
}

// Case 2: Contributor to `principal_id = local.x` while the account's own
// principal is unknown is never a pass, with or without principal_type.
TEST(Facts, PrivilegedGrantToUnattributablePrincipalIsUndecided) {
  for (bool typed : {true, false}) {
    SCOPED_TRACE(typed ? "principal_type ServicePrincipal" : "untyped");
    Input input;
    input.resources.push_back(
        Account(Identity({{"type", PlanValue::String("SystemAssigned")},
                          {"principal_id", PlanValue::Unknown()}})));
    Resource grant = Grant("contributor", PlanValue::Unknown(), "Contributor",
                           kSubscription);
    if (typed) {
      grant.values.mutable_members()["principal_type"] =
          PlanValue::String("ServicePrincipal");
    }
    grant.references["principal_id"] = {ToLocal("x")};
    input.resources.push_back(grant);
    std::vector<Finding> e1 = Judge(input, "E-1");
    EXPECT_EQ(CountStatus(e1, Status::kUndecided), 1);
    bool named = false;
    for (const Finding& f : e1) {
      if (f.status == Status::kUndecided) {
        named = f.message.find("local.x") != std::string::npos;
        EXPECT_EQ(f.source, "azurerm_role_assignment.contributor");
      }
    }
    EXPECT_TRUE(named);
  }
}

TEST(Facts, HarmlessGrantToUnattributablePrincipalStaysOpenOnlyIfPrivileged) {
  Input input;
  input.resources.push_back(
      Account(Identity({{"type", PlanValue::String("SystemAssigned")},
                        {"principal_id", PlanValue::Unknown()}})));
  Resource grant =
      Grant("reader", PlanValue::Unknown(), "Reader", kSubscription);
  grant.references["principal_id"] = {ToLocal("x")};
  input.resources.push_back(grant);
  std::vector<Finding> e1 = Judge(input, "E-1");
  EXPECT_EQ(CountStatus(e1, Status::kUndecided), 0);
  EXPECT_EQ(CountStatus(e1, Status::kPass), 1);
}

TEST(Facts, SystemIdentityByReferenceAndByValue) {
  Input input;
  input.resources.push_back(Account(
      Identity({{"type", PlanValue::String("SystemAssigned")},
                {"principal_id",
                 PlanValue::String("44444444-4444-4444-4444-444444444444")}})));
  Resource by_ref =
      Grant("by_ref", PlanValue::Unknown(), "Contributor", kSubscription);
  by_ref.references["principal_id"] = {
      ToResource("azurerm_automation_account.aa", "identity[0].principal_id")};
  Resource by_value = Grant(
      "by_value", PlanValue::String("44444444-4444-4444-4444-444444444444"),
      "Owner", kSubscription);
  input.resources = {input.resources[0], by_ref, by_value};
  std::vector<Finding> e1 = Judge(input, "E-1");
  EXPECT_EQ(CountStatus(e1, Status::kViolation), 2);
  // Neither grant is left for E-3 as a principal of unknown type.
  std::vector<Finding> e3 = Judge(input, "E-3");
  EXPECT_EQ(CountStatus(e3, Status::kUndecided), 0);
}

TEST(Facts, DeletedResourcesAreNotJudged) {
  Input input;
  input.resources.push_back(
      Account(Identity({{"type", PlanValue::String("SystemAssigned")},
                        {"principal_id", PlanValue::Unknown()}})));
  Resource grant = Grant("old", PlanValue::Unknown(), "Owner", kSubscription);
  grant.action = Action::kDelete;
  grant.references["principal_id"] = {
      ToResource("azurerm_automation_account.aa", "identity[0].principal_id")};
  input.resources.push_back(grant);
  std::vector<Finding> e1 = Judge(input, "E-1");
  EXPECT_EQ(CountStatus(e1, Status::kViolation), 0);
  EXPECT_EQ(CountStatus(e1, Status::kPass), 1);
}

Backend Observed(std::string type) {
  Backend b;
  b.type = std::move(type);
  b.origin = BackendOrigin::kBackendFile;
  b.source = ".terraform/terraform.tfstate";
  return b;
}

TEST(Facts, ObservedBackendWinsOverAContradictingStatement) {
  Input input;
  input.observed_backend.state = BackendObservation::State::kObserved;
  input.observed_backend.backend = Observed("local");
  Backend stated;
  stated.type = std::string("azurerm");
  stated.settings = {{"use_azuread_auth", SettingState::kSet, {}}};
  input.stated_backend = stated;
  std::vector<Finding> t2 = Judge(input, "T-2");
  ASSERT_GE(CountStatus(t2, Status::kViolation), 1);
  bool both = false;
  for (const Finding& f : t2) {
    both = both || (f.message.find("\"azurerm\"") != std::string::npos &&
                    f.message.find("\"local\"") != std::string::npos);
  }
  EXPECT_TRUE(both);
}

TEST(Facts, UnavailableBackendIsUndecided) {
  Input input;
  input.observed_backend.state = BackendObservation::State::kUnavailable;
  input.observed_backend.reason = "no working directory";
  std::vector<Finding> t2 = Judge(input, "T-2");
  ASSERT_EQ(t2.size(), 1u);
  EXPECT_EQ(t2[0].status, Status::kUndecided);
  EXPECT_NE(t2[0].message.find("no working directory"), std::string::npos);
}

TEST(Facts, StatedBackendIsJudgedWhenNothingIsObserved) {
  Input input;
  Backend stated;
  stated.type = std::string("local");
  input.stated_backend = stated;
  EXPECT_EQ(CountStatus(Judge(input, "T-2"), Status::kViolation), 1);
  EXPECT_EQ(Judge(Input(), "T-2")[0].status, Status::kNotApplicable);
}

TEST(Facts, RelevantTypesComeFromTheRulesAndTheFacts) {
  EXPECT_TRUE(IsRelevantResourceType(false, "azurerm_role_assignment"));
  EXPECT_TRUE(IsRelevantResourceType(false, "azurerm_user_assigned_identity"));
  EXPECT_FALSE(IsRelevantResourceType(false, "azurerm_virtual_network"));
  EXPECT_FALSE(IsRelevantResourceType(true, "azurerm_role_assignment"));
}

}  // namespace
}  // namespace threatmodel::rules
