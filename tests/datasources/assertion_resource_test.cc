#include "threatmodel/datasources/assertion_resource.h"

#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "threatmodel/datasources/threatmodel_provider.h"
#include "threatmodel/provider/provider.h"
#include "threatmodel/rules/rule.h"

namespace threatmodel::datasources {
namespace {

using cty::Type;
using cty::Value;
using ::testing::HasSubstr;
using ::testing::Not;

constexpr char kRg[] =
    "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg";
constexpr char kContributor[] = "Contributor";
constexpr char kCanary[] = "canary-Pa55w0rd-never-stored";

Value Str(std::string s) { return Value::String(std::move(s)); }
Value UnknownStr() { return Value::Unknown(Type::String()); }

// An azurerm_automation_account as Terraform plans it on create: the
// identity block is known, its principal ID is not.
Value PlannedAutomationAccount() {
  Value identity = Value::Tuple({Value::Object({
      {"type", Str("SystemAssigned")},
      {"identity_ids", Value::Null(Type::Set(Type::String()))},
      {"principal_id", UnknownStr()},
      {"tenant_id", UnknownStr()},
  })});
  return Value::Object({{"id", UnknownStr()},
                        {"name", Str("aa-robotics")},
                        {"identity", identity}});
}

// An azurerm_role_assignment as planned on create, granting `role` to
// `principal` on `scope`.
Value PlannedAssignment(Value role, Value scope, Value principal) {
  return Value::Object({{"id", UnknownStr()},
                        {"role_definition_name", std::move(role)},
                        {"role_definition_id", UnknownStr()},
                        {"scope", std::move(scope)},
                        {"principal_id", std::move(principal)},
                        {"principal_type", UnknownStr()}});
}

// A PostgreSQL server carrying a secret, to show it is never kept.
Value PlannedServer() {
  return Value::Object({{"id", UnknownStr()},
                        {"name", Str("pg-robotics")},
                        {"administrator_password", Str(kCanary)},
                        {"public_network_access_enabled", Value::Bool(false)}});
}

class AssertionResourceTest : public ::testing::Test {
 protected:
  AssertionResourceTest()
      : resource_(NewAssertionResource([this] { return today_; })) {}

  Type ConfigType() const {
    return provider::ImpliedType(resource_->GetSchema().block);
  }

  Value Config(std::map<std::string, Value> attrs) const {
    if (!attrs.contains("backend") && !attrs.contains("working_dir") &&
        !attrs.contains("discover_backend")) {
      // State kept remotely, so that the server's password (I-2) is only
      // an issue where a test says so.
      attrs["discover_backend"] = Value::Bool(false);
      attrs["backend"] = Value::Object(
          {{"type", Str("azurerm")},
           {"settings",
            Value::Tuple({Str("storage_account_name"), Str("container_name"),
                          Str("key"), Str("use_azuread_auth")})}});
    }
    return Value::ObjectOf(ConfigType(), std::move(attrs));
  }

  // The greenfield platform: a new Automation account, a grant whose
  // principal is the account's (unknown) principal ID, and a server.
  Value Greenfield(Value role, Value scope) const {
    Value principal = UnknownStr();
    return Config({
        {"resources",
         Value::Object({
             {"azurerm_automation_account.aa", PlannedAutomationAccount()},
             {"azurerm_postgresql_flexible_server.pg", PlannedServer()},
         })},
        {"automation_accounts",
         Value::Object(
             {{"aa", Value::Object({{"role_assignments",
                                     Value::Tuple({PlannedAssignment(
                                         std::move(role), std::move(scope),
                                         principal)})}})}})},
    });
  }

  struct Planned {
    Value state;
    diag::Diagnostics diags;
  };
  Planned Plan(const Value& config,
               std::optional<Value> prior = std::nullopt) const {
    Planned p;
    provider::ClientCapabilities caps;
    caps.write_only_attributes_allowed = true;
    resource_->Validate(config, caps, p.diags);
    if (p.diags.HasError()) return p;
    provider::RequestContext ctx;
    ctx.provider_config = Value::Null(Type::Dynamic());
    ctx.capabilities = caps;
    provider::PlanRequest request;
    request.prior_state =
        prior.has_value() ? *std::move(prior) : Value::Null(ConfigType());
    request.proposed_new_state = config;
    request.config = config;
    provider::PlanResponse response;
    resource_->Plan(ctx, request, response, p.diags);
    p.state = response.planned_state;
    return p;
  }

  static std::string AllText(const diag::Diagnostics& d) {
    std::string out;
    for (const auto& item : d.items()) {
      out += item.summary + "\n" + item.detail + "\n";
    }
    return out;
  }

  absl::CivilDay today_{2026, 6, 1};
  std::unique_ptr<provider::ManagedResource> resource_;
};

TEST_F(AssertionResourceTest, SchemaIsValidAndResourceInputsAreWriteOnly) {
  const provider::Block& block = resource_->GetSchema().block;
  EXPECT_TRUE(provider::ValidateSchema(block).ok());
  int write_only = 0;
  for (const provider::Attribute& a : block.attributes) {
    const bool input = a.name == "resources" ||
                       a.name == "automation_accounts" || a.name == "users" ||
                       a.name == "role_assignments";
    EXPECT_EQ(a.write_only, input) << a.name;
    write_only += a.write_only ? 1 : 0;
  }
  EXPECT_EQ(write_only, 4);
}

TEST_F(AssertionResourceTest, GreenfieldContributorFailsThePlanWithE1) {
  Planned p = Plan(Greenfield(Str(kContributor), Str(kRg)));
  ASSERT_TRUE(p.diags.HasError()) << AllText(p.diags);
  EXPECT_THAT(AllText(p.diags), HasSubstr("E-1"));
}

TEST_F(AssertionResourceTest, KnownRoleWithUnknownScopeIsStillAViolation) {
  Planned p = Plan(Greenfield(Str(kContributor), UnknownStr()));
  ASSERT_TRUE(p.diags.HasError()) << AllText(p.diags);
  EXPECT_THAT(AllText(p.diags), HasSubstr("E-1"));
}

TEST_F(AssertionResourceTest, UnknownRoleIsUndecidedAndFailsClosed) {
  Planned p = Plan(Greenfield(UnknownStr(), Str(kRg)));
  ASSERT_TRUE(p.diags.HasError()) << AllText(p.diags);
  EXPECT_THAT(AllText(p.diags), HasSubstr("E-1"));
  EXPECT_THAT(AllText(p.diags), HasSubstr("nknown"));
}

TEST_F(AssertionResourceTest,
       NarrowRoleWithUnknownScopePlansWithFindingsLater) {
  Planned p = Plan(Greenfield(Str("Automation Job Operator"), UnknownStr()));
  EXPECT_FALSE(p.diags.HasError()) << AllText(p.diags);
  ASSERT_FALSE(p.state.IsNull());
  EXPECT_FALSE(p.state.GetAttr("findings")->IsKnown());
  EXPECT_FALSE(p.state.GetAttr("passed")->IsKnown());
  EXPECT_EQ(p.state.GetAttr("id")->AsString(), "threatmodel-assertion");
}

TEST_F(AssertionResourceTest, WhollyKnownInputsGiveFindingsAtPlanTime) {
  Value config = Config(
      {{"automation_accounts", Value::Object({{"aa", Value::Object({})}})}});
  Planned p = Plan(config);
  EXPECT_FALSE(p.diags.HasError()) << AllText(p.diags);
  ASSERT_TRUE(p.state.GetAttr("findings")->IsWhollyKnown());
  EXPECT_TRUE(p.state.GetAttr("passed")->AsBool());
}

TEST_F(AssertionResourceTest, AssignmentToAnUnknownPrincipalIsUndecided) {
  // Contributor to a principal nobody can attribute yet, in `resources`:
  // it may be the Automation account's, so E-1 cannot pass.
  Value config = Config({
      {"resources",
       Value::Object({
           {"azurerm_automation_account.aa", PlannedAutomationAccount()},
           {"azurerm_role_assignment.grant",
            PlannedAssignment(Str(kContributor), Str(kRg), UnknownStr())},
       })},
  });
  Planned p = Plan(config);
  ASSERT_TRUE(p.diags.HasError()) << AllText(p.diags);
  EXPECT_THAT(AllText(p.diags), HasSubstr("E-1"));
  EXPECT_THAT(AllText(p.diags), HasSubstr("azurerm_role_assignment.grant"));
}

TEST_F(AssertionResourceTest, ForEachAndCountShapesCarryTheirAddresses) {
  Value grants = Value::Object({
      {"alice", PlannedAssignment(Str("Owner"), Str(kRg),
                                  Str("11111111-1111-1111-1111-111111111111"))},
  });
  Value config = Config({
      {"resources", Value::Object({
                        {"azurerm_automation_account.aa",
                         Value::Tuple({PlannedAutomationAccount()})},
                        {"azurerm_role_assignment.users", grants},
                    })},
  });
  Planned p = Plan(config);
  ASSERT_TRUE(p.diags.HasError()) << AllText(p.diags);
  EXPECT_THAT(AllText(p.diags),
              HasSubstr("azurerm_role_assignment.users[\"alice\"]"));
}

TEST_F(AssertionResourceTest, ResourcesOfUntellableTypeAreClearErrors) {
  Value config =
      Config({{"resources", Value::Object({{"not an address", PlannedServer()},
                                           {"aws_s3_bucket.b", PlannedServer()},
                                           {"azurerm_role_assignment.x",
                                            Value::Tuple({Str("oops")})}})}});
  Planned p = Plan(config);
  ASSERT_TRUE(p.diags.HasError());
  const std::string text = AllText(p.diags);
  EXPECT_THAT(text, HasSubstr("Invalid resource address"));
  EXPECT_THAT(text, HasSubstr("aws_s3_bucket"));
  EXPECT_THAT(text, HasSubstr("azurerm_role_assignment.x"));
}

// The resource types accepted among `resources` come from the rule
// registry: every type a rule judges, and the threat model's other types
// (the rules' context types), which are accepted and not judged. The list
// below is what the data source accepted before the registry held it.
TEST_F(AssertionResourceTest, ResourceTypesAcceptedAreTheRegistrysAndNoMore) {
  auto types_of = [](std::vector<std::string> types) {
    std::map<std::string, Value> resources;
    for (const std::string& type : types) {
      resources[type + ".x"] = Value::Object({{"id", UnknownStr()}});
    }
    return Value::Object(std::move(resources));
  };
  const std::vector<std::string> context = {
      "azurerm_firewall",
      "azurerm_firewall_policy",
      "azurerm_machine_learning_workspace",
      "azurerm_nat_gateway_public_ip_association",
      "azurerm_public_ip",
      "azurerm_resource_group",
      "azurerm_role_definition",
      "azurerm_virtual_network",
  };
  EXPECT_EQ(rules::ContextResourceTypes(), context);

  // Context types: accepted, and nothing in them is judged.
  Planned p = Plan(Config({{"resources", types_of(context)}}));
  EXPECT_FALSE(p.diags.HasError()) << AllText(p.diags);
  for (const std::string& type : context) {
    EXPECT_THAT(AllText(p.diags), Not(HasSubstr(type)));
  }

  // Every type the data source accepted before, and every type a rule or
  // the facts stage reads, is accepted.
  std::vector<std::string> accepted = {
      "azurerm_kubernetes_cluster",
      "azurerm_kubernetes_cluster_node_pool",
      "azurerm_kubernetes_cluster_extension",
      "azurerm_nat_gateway",
      "azurerm_subnet_nat_gateway_association",
      "azurerm_route_table",
      "azurerm_route",
      "azurerm_subnet_route_table_association",
      "azurerm_automation_webhook",
      "azurerm_key_vault",
      "azurerm_key_vault_secret",
      "azurerm_storage_account",
      "helm_release",
      "kubernetes_config_map",
      "kubernetes_config_map_v1",
      "kubernetes_network_policy",
      "kubernetes_network_policy_v1",
      "kubernetes_namespace",
      "kubernetes_namespace_v1",
      "kubernetes_manifest",
  };
  accepted.insert(accepted.end(), context.begin(), context.end());
  for (const std::string& type : rules::RelevantResourceTypes()) {
    if (type.rfind("data.", 0) != 0) accepted.push_back(type);
  }
  p = Plan(Config({{"resources", types_of(accepted)}}));
  EXPECT_THAT(AllText(p.diags), Not(HasSubstr("Resource type not judged")));

  // A type no rule reads, even for context, is an error that says so.
  p = Plan(Config({{"resources", types_of({"azurerm_dns_zone"})}}));
  ASSERT_TRUE(p.diags.HasError());
  EXPECT_THAT(AllText(p.diags), HasSubstr("Resource type not judged"));
  EXPECT_THAT(AllText(p.diags), HasSubstr("\"azurerm_dns_zone\""));
}

TEST_F(AssertionResourceTest, SecretsNeverReachPlannedStateOrDiagnostics) {
  Planned p = Plan(Greenfield(Str(kContributor), Str(kRg)));
  EXPECT_THAT(AllText(p.diags), ::testing::Not(HasSubstr(kCanary)));

  // Through the provider core, which nulls write-only attributes.
  std::unique_ptr<provider::Provider> provider = NewThreatmodelProvider();
  provider::ClientCapabilities caps;
  caps.write_only_attributes_allowed = true;
  Value config = Config(
      {{"resources", Value::Object({{"azurerm_postgresql_flexible_server.pg",
                                     PlannedServer()}})}});
  provider::PlanRequest request;
  request.prior_state = Value::Null(ConfigType());
  request.proposed_new_state = config;
  request.config = config;
  provider::PlanResourceChangeResult planned =
      provider->PlanResourceChange("threatmodel_assertion", request, caps);
  EXPECT_FALSE(planned.diagnostics.HasError()) << AllText(planned.diagnostics);
  ASSERT_FALSE(planned.planned_state.IsNull());
  EXPECT_TRUE(planned.planned_state.GetAttr("resources")->IsNull());

  provider::ApplyRequest apply{Value::Null(ConfigType()), planned.planned_state,
                               config};
  provider::ResourceStateResult applied =
      provider->ApplyResourceChange("threatmodel_assertion", apply, caps);
  EXPECT_FALSE(applied.diagnostics.HasError()) << AllText(applied.diagnostics);
  ASSERT_TRUE(applied.state.IsWhollyKnown());
  EXPECT_TRUE(applied.state.GetAttr("resources")->IsNull());
  EXPECT_TRUE(applied.state.GetAttr("passed")->AsBool());
}

TEST_F(AssertionResourceTest, ApplyComputesFindingsThePlanLeftUnknown) {
  Value planned_config = Greenfield(Str("Reader"), UnknownStr());
  Planned p = Plan(planned_config);
  ASSERT_FALSE(p.diags.HasError()) << AllText(p.diags);
  ASSERT_FALSE(p.state.GetAttr("findings")->IsKnown());

  // At apply the scope is known, and it is the subscription: Reader there
  // is still no write role, so the assertion passes.
  Value config =
      Greenfield(Str("Reader"),
                 Str("/subscriptions/00000000-0000-0000-0000-000000000000"));
  provider::RequestContext ctx;
  ctx.provider_config = Value::Null(Type::Dynamic());
  provider::ApplyRequest request{Value::Null(ConfigType()), p.state, config};
  Value state;
  diag::Diagnostics diags;
  resource_->Apply(ctx, request, state, diags);
  EXPECT_FALSE(diags.HasError()) << AllText(diags);
  ASSERT_FALSE(state.IsNull());
  EXPECT_TRUE(state.GetAttr("findings")->IsWhollyKnown());
  EXPECT_TRUE(state.GetAttr("passed")->IsKnown());
}

TEST_F(AssertionResourceTest, WaiverExpiryFailsTheNextPlanOfTheSameConfig) {
  Value config = Config({
      {"automation_accounts",
       Value::Object({{"aa", Value::Object({{"role_assignments",
                                             Value::Tuple({PlannedAssignment(
                                                 Str("Owner"), Str(kRg),
                                                 UnknownStr())})}})}})},
      {"waivers",
       Value::Tuple({Value::Object({{"threat", Str("E-1")},
                                    {"subject", Str("aa")},
                                    {"justification", Str("pilot")},
                                    {"expires", Str("2026-06-30")},
                                    {"approver", Str("ciso@contoso.com")}})})},
  });
  Planned before = Plan(config);
  EXPECT_FALSE(before.diags.HasError()) << AllText(before.diags);

  today_ = absl::CivilDay(2026, 7, 1);
  Planned after = Plan(config, before.state);
  ASSERT_TRUE(after.diags.HasError());
  EXPECT_THAT(AllText(after.diags), HasSubstr("E-1"));
}

TEST_F(AssertionResourceTest, OlderTerraformWithoutWriteOnlyIsToldWhy) {
  diag::Diagnostics diags;
  resource_->Validate(Greenfield(Str("Reader"), Str(kRg)),
                      provider::ClientCapabilities{}, diags);
  ASSERT_TRUE(diags.HasError());
  EXPECT_THAT(AllText(diags), HasSubstr("Terraform 1.11"));

  // Controls alone are fine with any client.
  diag::Diagnostics controls;
  resource_->Validate(Config({}), provider::ClientCapabilities{}, controls);
  EXPECT_FALSE(controls.HasError()) << AllText(controls);
}

TEST_F(AssertionResourceTest, ValidateAcceptsUnknownEverything) {
  diag::Diagnostics diags;
  provider::ClientCapabilities caps;
  caps.write_only_attributes_allowed = true;
  resource_->Validate(Value::Unknown(ConfigType()), caps, diags);
  EXPECT_FALSE(diags.HasError()) << AllText(diags);
  diag::Diagnostics partial;
  resource_->Validate(
      Config({{"resources", Value::Unknown(Type::Dynamic())},
              {"automation_accounts", Value::Unknown(Type::Dynamic())}}),
      caps, partial);
  EXPECT_FALSE(partial.HasError()) << AllText(partial);
}

TEST_F(AssertionResourceTest, DestroyAndImportThroughTheProviderCore) {
  std::unique_ptr<provider::Provider> provider = NewThreatmodelProvider();
  provider::ClientCapabilities caps;
  caps.write_only_attributes_allowed = true;

  provider::ResourceStateResult imported =
      provider->ImportResourceState("threatmodel_assertion", "anything", caps);
  EXPECT_FALSE(imported.diagnostics.HasError())
      << AllText(imported.diagnostics);
  ASSERT_TRUE(imported.state.IsWhollyKnown());
  EXPECT_FALSE(imported.state.GetAttr("passed")->AsBool());

  // Destroy: a null config and proposed state never evaluate, even when
  // the prior findings were failing.
  provider::PlanRequest destroy;
  destroy.prior_state = imported.state;
  destroy.proposed_new_state = Value::Null(ConfigType());
  destroy.config = Value::Null(ConfigType());
  provider::PlanResourceChangeResult planned =
      provider->PlanResourceChange("threatmodel_assertion", destroy, caps);
  EXPECT_FALSE(planned.diagnostics.HasError()) << AllText(planned.diagnostics);
  EXPECT_TRUE(planned.planned_state.IsNull());
}

TEST_F(AssertionResourceTest, StoredStatesUpgradeAcrossSchemaChanges) {
  std::unique_ptr<provider::Provider> provider = NewThreatmodelProvider();
  // A state stored before `resources` existed, with an attribute a later
  // schema dropped: both must load, and write-only inputs stay null.
  provider::ResourceStateResult upgraded = provider->UpgradeResourceState(
      "threatmodel_assertion", 0,
      R"({"id":"threatmodel-assertion","passed":true,"findings":[],)"
      R"("threats":["E-1"],"retired_attribute":"x"})");
  ASSERT_FALSE(upgraded.diagnostics.HasError())
      << AllText(upgraded.diagnostics);
  EXPECT_TRUE(upgraded.state.GetAttr("passed")->AsBool());
  EXPECT_TRUE(upgraded.state.GetAttr("resources")->IsNull());
  EXPECT_EQ(upgraded.state.GetAttr("threats")->elements().size(), 1u);

  provider::ResourceStateResult newer = provider->UpgradeResourceState(
      "threatmodel_assertion", 7, R"({"id":"threatmodel-assertion"})");
  EXPECT_TRUE(newer.diagnostics.HasError());
  provider::ResourceStateResult garbage =
      provider->UpgradeResourceState("threatmodel_assertion", 0, "[1,2");
  EXPECT_TRUE(garbage.diagnostics.HasError());
}

TEST_F(AssertionResourceTest, ViolationsAsWarningsKeepTheVerdictForTests) {
  // What `terraform test` needs: no error diagnostic, but `passed` false
  // and known at plan time even on a greenfield plan, and `blocking` with
  // the threat, the subject and the remediation for the postcondition.
  Value config = Greenfield(Str(kContributor), UnknownStr());
  provider::ClientCapabilities caps;
  caps.write_only_attributes_allowed = true;
  provider::RequestContext ctx;
  ctx.provider_config =
      Value::Object({{"violations_as_warnings", Value::Bool(true)}});
  ctx.capabilities = caps;
  provider::PlanRequest request;
  request.prior_state = Value::Null(ConfigType());
  request.proposed_new_state = config;
  request.config = config;
  provider::PlanResponse response;
  diag::Diagnostics diags;
  resource_->Plan(ctx, request, response, diags);
  EXPECT_FALSE(diags.HasError()) << AllText(diags);
  bool warned = false;
  for (const auto& d : diags.items()) {
    warned = warned || (d.severity == diag::Severity::kWarning &&
                        d.summary.find("E-1") != std::string::npos);
  }
  EXPECT_TRUE(warned);
  ASSERT_TRUE(response.planned_state.GetAttr("passed")->IsKnown());
  EXPECT_FALSE(response.planned_state.GetAttr("passed")->AsBool());
  const Value& blocking = *response.planned_state.GetAttr("blocking");
  ASSERT_TRUE(blocking.IsWhollyKnown());
  ASSERT_FALSE(blocking.elements().empty());
  const std::string& line = blocking.elements()[0].AsString();
  EXPECT_THAT(line, HasSubstr("E-1"));
  EXPECT_THAT(line, HasSubstr("aa"));
  EXPECT_THAT(line, HasSubstr("Remediation:"));

  // Without the setting the same plan fails, and a passing one has an
  // empty `blocking`.
  Planned strict = Plan(config);
  EXPECT_TRUE(strict.diags.HasError());
  Planned clean = Plan(Config({}));
  ASSERT_FALSE(clean.diags.HasError()) << AllText(clean.diags);
  EXPECT_TRUE(clean.state.GetAttr("blocking")->elements().empty());
}

}  // namespace
}  // namespace threatmodel::datasources
