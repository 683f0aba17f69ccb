#include "threatmodel/datasources/assertion_data_source.h"

#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>

#include "absl/strings/str_cat.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "threatmodel/datasources/threatmodel_provider.h"
#include "threatmodel/rules/rule.h"

namespace threatmodel::datasources {
namespace {

using cty::Path;
using cty::Type;
using cty::Value;
using ::testing::HasSubstr;
using ::testing::Not;

constexpr char kRg[] =
    "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg";

Value Str(std::string s) { return Value::String(std::move(s)); }

Value Assignment(std::string role, std::string scope,
                 std::string principal = "", std::string type = "") {
  std::map<std::string, Value> attrs = {
      {"role_definition_name", Str(std::move(role))},
      {"scope", Str(std::move(scope))}};
  if (!principal.empty()) attrs["principal_id"] = Str(std::move(principal));
  if (!type.empty()) attrs["principal_type"] = Str(std::move(type));
  return Value::Object(std::move(attrs));
}

class AssertionTest : public ::testing::Test {
 protected:
  AssertionTest()
      : provider_(NewThreatmodelProvider()),
        ds_(NewAssertionDataSource([] { return absl::CivilDay(2026, 6, 1); })) {
    dir_ = std::filesystem::temp_directory_path() /
           ("assertion_test_" + std::to_string(getpid()));
    std::filesystem::create_directories(dir_);
  }
  ~AssertionTest() override { std::filesystem::remove_all(dir_); }

  Type ConfigType() const {
    return provider::ImpliedType(ds_->GetSchema().block);
  }

  // Builds a configuration from the given attributes; by default the
  // backend is discovered in an empty temporary directory (local state).
  Value Config(std::map<std::string, Value> attrs) const {
    if (!attrs.contains("working_dir") && !attrs.contains("backend") &&
        !attrs.contains("discover_backend")) {
      attrs["discover_backend"] = Value::Bool(false);
    }
    // Dynamic inputs carry their own type; the rest must match the schema.
    return Value::ObjectOf(ConfigType(), std::move(attrs));
  }

  struct Result {
    Value state;
    diag::Diagnostics diags;
  };
  Result Read(const Value& config,
              Value provider_config = Value::Null(Type::Dynamic())) const {
    provider::RequestContext ctx;
    ctx.provider_config = std::move(provider_config);
    Result r;
    ds_->Validate(config, r.diags);
    if (r.diags.HasError()) return r;
    ds_->Read(ctx, config, r.state, r.diags);
    return r;
  }

  static std::vector<std::string> Summaries(const diag::Diagnostics& d) {
    std::vector<std::string> out;
    for (const auto& item : d.items()) out.push_back(item.summary);
    return out;
  }

  std::unique_ptr<provider::Provider> provider_;
  std::unique_ptr<provider::DataSource> ds_;
  std::filesystem::path dir_;
};

TEST_F(AssertionTest, SchemaIsValid) {
  EXPECT_TRUE(provider::ValidateSchema(ds_->GetSchema().block).ok());
  EXPECT_TRUE(
      provider::ValidateSchema(provider_->provider_schema().block).ok());
}

TEST_F(AssertionTest, EmptyConfigPassesWithEverythingNotApplicable) {
  Result r = Read(Config({}));
  EXPECT_FALSE(r.diags.HasError())
      << ::testing::PrintToString(Summaries(r.diags));
  ASSERT_TRUE(r.state.IsWhollyKnown());
  EXPECT_TRUE(r.state.GetAttr("passed")->AsBool());
  for (const Value& f : r.state.GetAttr("findings")->elements()) {
    EXPECT_EQ(f.GetAttr("status")->AsString(), "not_applicable");
    // About the threat as a whole, not one of its facets.
    ASSERT_NE(f.GetAttr("facet"), nullptr);
    EXPECT_TRUE(f.GetAttr("facet")->IsNull());
  }
}

TEST_F(AssertionTest, LocalStateInWorkingDirectoryFailsT2) {
  Result r =
      Read(Config({{"working_dir", Str(dir_.string())},
                   {"threats", Value::List(Type::String(), {Str("T-2")})}}));
  ASSERT_TRUE(r.diags.HasError());
  EXPECT_THAT(r.diags.items()[0].summary, HasSubstr("T-2"));
  EXPECT_FALSE(r.diags.items()[0].attribute.has_value());
}

TEST_F(AssertionTest, BackendFileWithSecretNeverLeaks) {
  const std::string secret = "c2VjcmV0LWNhbmFyeS1rZXktZG8tbm90LWxlYWs=";
  std::filesystem::create_directories(dir_ / ".terraform");
  std::ofstream(dir_ / ".terraform" / "terraform.tfstate")
      << R"({"version":3,"backend":{"type":"azurerm","config":{"access_key":")"
      << secret
      << R"(","storage_account_name":"st","container_name":"c","key":"k"},"hash":1}})";
  unsetenv("TF_DATA_DIR");
  Result r = Read(Config({{"working_dir", Str(dir_.string())}}));
  ASSERT_TRUE(r.diags.HasError());
  bool names_setting = false;
  for (const auto& d : r.diags.items()) {
    EXPECT_THAT(d.summary, Not(HasSubstr(secret)));
    EXPECT_THAT(d.detail, Not(HasSubstr(secret)));
    if (d.detail.find("access_key") != std::string::npos) names_setting = true;
  }
  EXPECT_TRUE(names_setting);
  ASSERT_FALSE(r.state.IsNull());
  EXPECT_THAT(r.state.DebugString(), Not(HasSubstr(secret)));
}

TEST_F(AssertionTest, StatedAzurermWithEntraIdPasses) {
  Value backend = Value::Object(
      {{"type", Str("azurerm")},
       {"settings", Value::List(Type::String(), {Str("use_azuread_auth")})}});
  Result r = Read(
      Config({{"backend", backend}, {"discover_backend", Value::Bool(false)}}));
  EXPECT_FALSE(r.diags.HasError())
      << ::testing::PrintToString(Summaries(r.diags));
  EXPECT_TRUE(r.state.GetAttr("passed")->AsBool());
}

// The observed backend wins: a statement cannot make local state pass.
TEST_F(AssertionTest, StatedBackendContradictingTheObservedOneFailsT2) {
  Value backend = Value::Object(
      {{"type", Str("azurerm")},
       {"settings", Value::List(Type::String(), {Str("use_azuread_auth")})}});
  Result r =
      Read(Config({{"backend", backend}, {"working_dir", Str(dir_.string())}}));
  ASSERT_TRUE(r.diags.HasError());
  bool named_both = false;
  for (const diag::Diagnostic& d : r.diags.items()) {
    if (d.detail.find("contradicts") != std::string::npos) {
      EXPECT_THAT(d.detail, HasSubstr("\"azurerm\""));
      EXPECT_THAT(d.detail, HasSubstr("\"local\""));
      named_both = true;
      ASSERT_TRUE(d.attribute.has_value());
      EXPECT_EQ(d.attribute->ToString(),
                cty::Path().Attr("backend").ToString());
    }
  }
  EXPECT_TRUE(named_both) << ::testing::PrintToString(Summaries(r.diags));
  EXPECT_FALSE(r.state.GetAttr("passed")->AsBool());
}

// A top-level assignment to the account's own (known) principal belongs to
// the account: E-1 judges it, E-3 does not call it a possible user.
TEST_F(AssertionTest, TopLevelAssignmentToTheAccountsPrincipalIsTheAccounts) {
  Value accounts = Value::Object(
      {{"aa-robotics",
        Value::Object(
            {{"principal_id", Str("33333333-3333-3333-3333-333333333333")}})}});
  Value assignments = Value::Tuple(
      {Assignment("Contributor", kRg, "33333333-3333-3333-3333-333333333333")});
  Result r = Read(Config(
      {{"automation_accounts", accounts}, {"role_assignments", assignments}}));
  ASSERT_TRUE(r.diags.HasError());
  bool e1 = false;
  for (const diag::Diagnostic& d : r.diags.items()) {
    EXPECT_THAT(d.summary, Not(HasSubstr("E-3")));
    if (d.summary.find("E-1") != std::string::npos) {
      e1 = true;
      ASSERT_TRUE(d.attribute.has_value());
      EXPECT_EQ(d.attribute->ToString(),
                cty::Path().Attr("role_assignments").Index(0).ToString());
    }
  }
  EXPECT_TRUE(e1);
}

TEST_F(AssertionTest, AutomationAccountAsMapPointsAtTheAccount) {
  Value accounts = Value::Object(
      {{"aa-robotics",
        Value::Object({
            {"principal_id", Str("33333333-3333-3333-3333-333333333333")},
            {"role_assignments",
             Value::Object({{"rg", Assignment("Contributor", kRg)}})},
        })}});
  Result r = Read(Config({{"automation_accounts", accounts}}));
  ASSERT_TRUE(r.diags.HasError());
  const diag::Diagnostic& d = r.diags.items()[0];
  EXPECT_THAT(d.summary, HasSubstr("E-1"));
  EXPECT_THAT(d.detail, HasSubstr("Contributor"));
  EXPECT_THAT(d.detail, HasSubstr("resource_group"));
  EXPECT_THAT(d.detail, HasSubstr("Remediation"));
  ASSERT_TRUE(d.attribute.has_value());
  EXPECT_EQ(d.attribute->ToString(),
            R"(.automation_accounts["aa-robotics"].role_assignments["rg"])");
}

TEST_F(AssertionTest, AutomationAccountResourceObjectWithIdentityBlock) {
  // The shape of an azurerm_automation_account resource: identity is a
  // list of one object.
  Value identity = Value::Tuple({Value::Object(
      {{"type", Str("SystemAssigned")},
       {"principal_id", Str("44444444-4444-4444-4444-444444444444")}})});
  Value account =
      Value::Object({{"name", Str("aa-x")}, {"identity", identity}});
  Value assignments =
      Value::Tuple({Assignment("b24988ac-6180-42a0-ab88-20f7382dd24c", kRg,
                               "44444444-4444-4444-4444-444444444444")});
  // Role given by GUID in role_definition_name is not a name; use the ID.
  Value by_id = Value::Tuple({Value::Object(
      {{"role_definition_id",
        Str("/subscriptions/00000000-0000-0000-0000-000000000000/providers/"
            "Microsoft.Authorization/roleDefinitions/"
            "b24988ac-6180-42a0-ab88-20f7382dd24c")},
       {"scope", Str(kRg)},
       {"principal_id", Str("44444444-4444-4444-4444-444444444444")}})});
  Result r = Read(Config({{"automation_accounts", Value::Tuple({account})},
                          {"role_assignments", by_id}}));
  ASSERT_TRUE(r.diags.HasError())
      << ::testing::PrintToString(Summaries(r.diags));
  EXPECT_THAT(r.diags.items()[0].summary, HasSubstr("E-1"));
  (void)assignments;
}

TEST_F(AssertionTest, OnboardingNineRolesFailsE3PerUser) {
  std::map<std::string, Value> assignments;
  const std::vector<std::string> roles = {
      "Azure Kubernetes Service Cluster Admin Role",
      "Azure Kubernetes Service RBAC Cluster Admin",
      "Key Vault Secrets Officer",
      "Storage Blob Data Contributor",
      "Grafana Admin",
      "AcrPush",
      "AcrPull",
      "AzureML Data Scientist",
      "Contributor"};
  for (const char* user : {"u1", "u2"}) {
    for (size_t i = 0; i < roles.size(); ++i) {
      assignments[std::string(user) + "/" + std::to_string(i)] = Assignment(
          roles[i], kRg, std::string(user) == "u1" ? "p1" : "p2", "User");
    }
  }
  Value users = Value::Object(
      {{"alice@contoso.com", Value::Object({{"principal_id", Str("p1")}})},
       {"bob@contoso.com", Value::Object({{"principal_id", Str("p2")}})}});
  Result r = Read(Config(
      {{"users", users}, {"role_assignments", Value::Object(assignments)}}));
  int e3 = 0;
  for (const auto& d : r.diags.items()) {
    if (d.summary.rfind("E-3", 0) == 0) {
      ++e3;
      EXPECT_THAT(d.detail, HasSubstr("9"));
      ASSERT_TRUE(d.attribute.has_value());
      EXPECT_EQ(d.attribute->steps()[0].name, "users");
    }
  }
  EXPECT_EQ(e3, 2);
  EXPECT_FALSE(r.state.GetAttr("passed")->AsBool());
}

TEST_F(AssertionTest, AdvisoryEnforcementIsAWarning) {
  Value policy =
      Value::Object({{"enforcement",
                      Value::Map(Type::String(), {{"E-1", Str("advisory")}})}});
  Value accounts = Value::Object(
      {{"aa", Value::Object({{"role_assignments",
                              Value::Tuple({Assignment("Owner", kRg)})}})}});
  Result r =
      Read(Config({{"automation_accounts", accounts}, {"policy", policy}}));
  EXPECT_FALSE(r.diags.HasError())
      << ::testing::PrintToString(Summaries(r.diags));
  ASSERT_FALSE(r.diags.empty());
  EXPECT_EQ(r.diags.items()[0].severity, diag::Severity::kWarning);
}

Value Waiver(std::string threat, std::string subject, std::string expires,
             std::string approver = "ciso@contoso.com") {
  return Value::Object({{"threat", Str(std::move(threat))},
                        {"subject", Str(std::move(subject))},
                        {"justification", Str("accepted for the pilot")},
                        {"expires", Str(std::move(expires))},
                        {"approver", Str(std::move(approver))}});
}

class WaiverTest : public AssertionTest {
 protected:
  Value Accounts() const {
    return Value::Object(
        {{"aa", Value::Object({{"role_assignments",
                                Value::Tuple({Assignment("Owner", kRg)})}})}});
  }
  // As HCL gives a list literal: a tuple of objects.
  static Value Waivers(std::vector<Value> waivers) {
    return Value::Tuple(std::move(waivers));
  }
};

TEST_F(WaiverTest, ValidWaiverTurnsViolationIntoWaived) {
  Result r =
      Read(Config({{"automation_accounts", Accounts()},
                   {"waivers", Waivers({Waiver("E-1", "aa", "2026-12-31")})}}));
  EXPECT_FALSE(r.diags.HasError())
      << ::testing::PrintToString(Summaries(r.diags));
  bool waived = false;
  for (const Value& f : r.state.GetAttr("findings")->elements()) {
    if (f.GetAttr("status")->AsString() == "waived") {
      waived = true;
      EXPECT_EQ(f.GetAttr("waiver")->GetAttr("approver")->AsString(),
                "ciso@contoso.com");
    }
  }
  EXPECT_TRUE(waived);
  EXPECT_TRUE(r.state.GetAttr("passed")->AsBool());
}

TEST_F(WaiverTest, ExpiredWaiverFailsClosedAtItsPath) {
  Result r =
      Read(Config({{"automation_accounts", Accounts()},
                   {"waivers", Waivers({Waiver("E-1", "aa", "2026-05-31")})}}));
  ASSERT_TRUE(r.diags.HasError());
  bool expired = false;
  for (const auto& d : r.diags.items()) {
    if (d.summary == "Expired waiver") {
      expired = true;
      ASSERT_TRUE(d.attribute.has_value());
      EXPECT_EQ(d.attribute->ToString(), ".waivers[0]");
    }
  }
  EXPECT_TRUE(expired);
  EXPECT_THAT(Summaries(r.diags), ::testing::Contains(HasSubstr("E-1")));
}

TEST_F(WaiverTest, MalformedWaiverFailsClosed) {
  Result r = Read(
      Config({{"automation_accounts", Accounts()},
              {"waivers", Waivers({Waiver("E-1", "aa", "31/12/2026", "")})}}));
  EXPECT_THAT(Summaries(r.diags), ::testing::Contains("Malformed waiver"));
  EXPECT_THAT(Summaries(r.diags), ::testing::Contains(HasSubstr("E-1")));
}

TEST_F(AssertionTest, UnknownThreatIdIsRejectedAtItsIndex) {
  diag::Diagnostics diags;
  ds_->Validate(Config({{"threats", Value::List(Type::String(),
                                                {Str("T-2"), Str("X-9")})}}),
                diags);
  ASSERT_TRUE(diags.HasError());
  EXPECT_EQ(diags.items()[0].attribute->ToString(), ".threats[1]");
}

TEST_F(AssertionTest, ValidateAcceptsUnknownsEverywhere) {
  diag::Diagnostics diags;
  std::map<std::string, Value> attrs;
  const Type config_type = ConfigType();
  for (const auto& [name, type] : config_type.attribute_types()) {
    attrs[name] = Value::Unknown(type);
  }
  ds_->Validate(Value::ObjectOf(ConfigType(), attrs), diags);
  EXPECT_TRUE(diags.empty());
  diag::Diagnostics whole;
  ds_->Validate(Value::Unknown(ConfigType()), whole);
  EXPECT_TRUE(whole.empty());
}

TEST_F(AssertionTest, ValidateAcceptsUnknownsInsideDynamicInputs) {
  Value users = Value::Object(
      {{"alice",
        Value::Object(
            {{"principal_id", Value::Unknown(Type::String())},
             {"role_assignments", Value::Unknown(Type::Dynamic())}})}});
  diag::Diagnostics diags;
  ds_->Validate(Config({{"users", users}}), diags);
  EXPECT_TRUE(diags.empty());
}

TEST_F(AssertionTest, WrongShapesAreClearErrors) {
  struct Case {
    const char* name;
    std::string attribute;
    Value value;
    std::string want_path;
  };
  std::vector<Case> cases = {
      {"users is a string", "users", Str("alice"), ".users"},
      {"user is a number", "users", Value::Tuple({Value::Int(3)}), ".users[0]"},
      {"role assignments is a bool", "role_assignments", Value::Bool(true),
       ".role_assignments"},
      {"scope is a list", "role_assignments",
       Value::Tuple({Value::Object({{"scope", Value::Tuple({})}})}),
       ".role_assignments[0]"},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.name);
    diag::Diagnostics diags;
    ds_->Validate(Config({{c.attribute, c.value}}), diags);
    ASSERT_TRUE(diags.HasError());
    ASSERT_TRUE(diags.items()[0].attribute.has_value());
    EXPECT_EQ(provider::AddressablePath(ds_->GetSchema().block,
                                        *diags.items()[0].attribute)
                  .ToString(),
              c.want_path);
  }
}

TEST_F(AssertionTest, ProviderPolicyAppliesAndAssertionOverrides) {
  Value users = Value::Object(
      {{"alice",
        Value::Object({{"principal_id", Str("p1")},
                       {"role_assignments",
                        Value::Tuple({Assignment("AcrPull", kRg),
                                      Assignment("Reader", kRg)})}})}});
  const Type provider_type =
      provider::ImpliedType(provider_->provider_schema().block);
  Value strict =
      Value::ObjectOf(provider_type, {{"max_roles_per_user", Value::Int(1)}});
  Result r = Read(Config({{"users", users}}), strict);
  EXPECT_THAT(Summaries(r.diags), ::testing::Contains(HasSubstr("E-3")));

  Value relax = Value::Object({{"max_roles_per_user", Value::Int(2)}});
  Result r2 = Read(Config({{"users", users}, {"policy", relax}}), strict);
  EXPECT_FALSE(r2.diags.HasError())
      << ::testing::PrintToString(Summaries(r2.diags));
}

TEST_F(AssertionTest, InvalidPolicyValuesPointAtTheSetting) {
  Value policy = Value::Object(
      {{"max_roles_per_user", Value::Int(-1)},
       {"shared_nsg_min_subnets", Value::Int(0)},
       {"enforcement",
        Value::Map(Type::String(), {{"E-1", Str("sometimes")},
                                    {"S-2/no-such-facet", Str("advisory")}})}});
  diag::Diagnostics diags;
  ds_->Validate(Config({{"policy", policy}}), diags);
  std::vector<std::string> paths;
  for (const auto& d : diags.items()) paths.push_back(d.attribute->ToString());
  EXPECT_THAT(
      paths, ::testing::UnorderedElementsAre(
                 ".policy.max_roles_per_user", ".policy.shared_nsg_min_subnets",
                 R"(.policy.enforcement["E-1"])",
                 R"(.policy.enforcement["S-2/no-such-facet"])"));
}

TEST_F(AssertionTest, ProviderCoreRoundTripKeepsEveryAttribute) {
  Result r = Read(Config({}));
  ASSERT_FALSE(r.diags.HasError());
  EXPECT_TRUE(cty::Conforms(r.state, ConfigType()));
}

// Issue 10, case 10: a misspelled key in an object-typed input was dropped
// by Terraform's conversion before the provider saw it, so a user over the
// intended limit passed and nobody was told.
TEST_F(AssertionTest, MisspelledPolicyKeyIsRejectedWithSuggestion) {
  Value policy = Value::Object({{"max_role_per_user", Value::Int(2)}});
  diag::Diagnostics diags;
  ds_->Validate(Config({{"policy", policy}}), diags);
  ASSERT_EQ(diags.items().size(), 1u)
      << ::testing::PrintToString(Summaries(diags));
  const diag::Diagnostic& d = diags.items()[0];
  EXPECT_EQ(d.severity, diag::Severity::kError);
  ASSERT_TRUE(d.attribute.has_value());
  EXPECT_EQ(d.attribute->ToString(), ".policy.max_role_per_user");
  EXPECT_THAT(d.summary, HasSubstr("max_role_per_user"));
  EXPECT_THAT(d.detail, HasSubstr(R"(Did you mean "max_roles_per_user"?)"));
  for (const rules::RuleInfo& rule : rules::Rules()) {
    for (const rules::RuleParameter& p : rule.parameters) {
      EXPECT_THAT(d.detail, HasSubstr(std::string(p.name)));
    }
  }
  EXPECT_THAT(d.detail, HasSubstr("enforcement"));

  // Read fails closed on its own too, and the provider core keeps the
  // path Terraform can point at.
  Result r = Read(Config({{"policy", policy}}));
  EXPECT_TRUE(r.diags.HasError());
  diag::Diagnostics core = provider_->ValidateDataResourceConfig(
      "threatmodel_assertion", Config({{"policy", policy}}));
  ASSERT_TRUE(core.HasError());
  EXPECT_EQ(core.items()[0].attribute->ToString(), ".policy");
  diag::Diagnostics read_only;
  Value state;
  ds_->Read(provider::RequestContext{}, Config({{"policy", policy}}), state,
            read_only);
  EXPECT_TRUE(read_only.HasError());
}

TEST_F(AssertionTest, PolicyKeyFarFromAnySettingGetsNoSuggestion) {
  diag::Diagnostics diags;
  ds_->Validate(Config({{"policy", Value::Object({{"colour", Str("blue")}})}}),
                diags);
  ASSERT_TRUE(diags.HasError());
  EXPECT_THAT(diags.items()[0].detail, Not(HasSubstr("Did you mean")));
  EXPECT_THAT(diags.items()[0].detail, HasSubstr("Accepted keys:"));
}

TEST_F(AssertionTest, WaiversInsidePolicyPointAtTheWaiversAttribute) {
  diag::Diagnostics diags;
  ds_->Validate(
      Config({{"policy", Value::Object({{"waivers", Value::Tuple({})}})}}),
      diags);
  ASSERT_TRUE(diags.HasError());
  EXPECT_EQ(diags.items()[0].attribute->ToString(), ".policy.waivers");
}

TEST_F(AssertionTest, MisspelledTierKeyIsRejected) {
  Value tiers = Value::Object(
      {{"ops", Value::Object({{"roles", Value::Tuple({Str("Reader")})},
                              {"admn", Value::Bool(true)}})}});
  diag::Diagnostics diags;
  ds_->Validate(Config({{"policy", Value::Object({{"tiers", tiers}})}}), diags);
  ASSERT_TRUE(diags.HasError());
  EXPECT_EQ(diags.items()[0].attribute->ToString(),
            R"(.policy.tiers["ops"].admn)");
  EXPECT_THAT(diags.items()[0].detail, HasSubstr(R"(Did you mean "admin"?)"));
}

TEST_F(WaiverTest, MisspelledWaiverKeyIsRejected) {
  Value waiver = Value::Object({{"threat", Str("E-1")},
                                {"subject", Str("aa")},
                                {"justification", Str("accepted")},
                                {"expire", Str("2026-12-31")},
                                {"approver", Str("ciso@contoso.com")}});
  diag::Diagnostics diags;
  ds_->Validate(Config({{"automation_accounts", Accounts()},
                        {"waivers", Waivers({waiver})}}),
                diags);
  ASSERT_TRUE(diags.HasError());
  std::vector<std::string> paths;
  for (const auto& d : diags.items()) paths.push_back(d.attribute->ToString());
  EXPECT_THAT(paths, ::testing::UnorderedElementsAre(".waivers[0].expire",
                                                     ".waivers[0]"));
  EXPECT_THAT(diags.items()[0].detail, HasSubstr(R"(Did you mean "expires"?)"));
  EXPECT_THAT(Summaries(diags), ::testing::Contains("Missing required key"));
}

TEST_F(AssertionTest, MisspelledBackendKeyIsRejected) {
  Value backend =
      Value::Object({{"type", Str("azurerm")},
                     {"setting", Value::Tuple({Str("use_azuread_auth")})}});
  diag::Diagnostics diags;
  ds_->Validate(Config({{"backend", backend}}), diags);
  ASSERT_EQ(diags.items().size(), 1u);
  EXPECT_EQ(diags.items()[0].attribute->ToString(), ".backend.setting");
  EXPECT_THAT(diags.items()[0].detail,
              HasSubstr(R"(Did you mean "settings"?)"));

  diag::Diagnostics untyped;
  ds_->Validate(
      Config({{"backend", Value::Object({{"settings", Value::Tuple({})}})}}),
      untyped);
  ASSERT_TRUE(untyped.HasError());
  EXPECT_EQ(untyped.items()[0].summary, "Missing required key");
}

TEST_F(AssertionTest, ProviderBlockRejectsMisspelledKeysInTiersAndWaivers) {
  const Type provider_type =
      provider::ImpliedType(provider_->provider_schema().block);
  Value tiers = Value::Object(
      {{"ops", Value::Object({{"role", Value::Tuple({Str("Reader")})}})}});
  diag::Diagnostics diags = provider_->ValidateProviderConfig(Value::ObjectOf(
      provider_type,
      {{"tiers", tiers},
       {"waivers", Value::Tuple({Value::Object(
                       {{"threat", Str("E-1")}, {"subjet", Str("aa")}})})}}));
  std::vector<std::string> details;
  for (const auto& d : diags.items()) details.push_back(d.detail);
  EXPECT_THAT(details,
              ::testing::Contains(HasSubstr(R"(Did you mean "roles"?)")));
  EXPECT_THAT(details,
              ::testing::Contains(HasSubstr(R"(Did you mean "subject"?)")));
  diag::Diagnostics configured = provider_->ConfigureProvider(
      Value::ObjectOf(provider_type, {{"tiers", tiers}}), "1.11.4");
  EXPECT_TRUE(configured.HasError());
}

TEST_F(AssertionTest, EveryAcceptedFormStillWorks) {
  Value users = Value::Object(
      {{"alice",
        Value::Object({{"principal_id", Str("p1")},
                       {"role_assignments",
                        Value::Tuple({Assignment("AcrPull", kRg),
                                      Assignment("Reader", kRg)})}})}});
  // Objects or maps, tuples or lists, numbers as strings: what HCL
  // literals, variables and locals give.
  std::vector<Value> policies = {
      Value::Object(
          {{"max_roles_per_user", Value::Int(2)},
           {"tiers",
            Value::Object(
                {{"ops", Value::Object({{"roles", Value::Tuple({Str("*")})},
                                        {"admin", Value::Bool(false)}})}})},
           {"accepted_backends", Value::Tuple({Str("AzureRM")})},
           {"enforcement", Value::Object({{"T-2", Str("advisory")}})}}),
      Value::Map(Type::String(), {{"max_roles_per_user", Str("2")}}),
      Value::Object(
          {{"max_roles_per_user", Str("2")},
           {"privileged_roles", Value::List(Type::String(), {Str("Owner")})},
           {"additional_privileged_roles", Value::Tuple({})},
           {"tiers",
            Value::Map(Type::Object({{"roles", Type::List(Type::String())}}),
                       {{"ops", Value::Object(
                                    {{"roles", Value::List(Type::String(),
                                                           {Str("*")})}})}})}}),
  };
  for (size_t i = 0; i < policies.size(); ++i) {
    SCOPED_TRACE(i);
    Result r = Read(Config({{"users", users}, {"policy", policies[i]}}));
    EXPECT_FALSE(r.diags.HasError())
        << ::testing::PrintToString(Summaries(r.diags));
    EXPECT_TRUE(r.state.IsWhollyKnown());
  }
  Result over = Read(Config(
      {{"users", users},
       {"policy", Value::Object({{"max_roles_per_user", Value::Int(1)}})}}));
  EXPECT_THAT(Summaries(over.diags), ::testing::Contains(HasSubstr("E-3")));

  Value backend = Value::Map(
      Type::Dynamic(),
      {{"type", Str("azurerm")},
       {"settings", Value::Tuple({Str("use_azuread_auth"), Str("use_oidc")})}});
  Result stated = Read(
      Config({{"backend", backend}, {"discover_backend", Value::Bool(false)}}));
  EXPECT_FALSE(stated.diags.HasError())
      << ::testing::PrintToString(Summaries(stated.diags));
}

TEST_F(AssertionTest, ValidateAcceptsUnknownValuesInPolicyWaiversAndBackend) {
  Value policy = Value::Object(
      {{"max_roles_per_user", Value::Unknown(Type::Number())},
       {"tiers", Value::Unknown(Type::Dynamic())},
       {"enforcement",
        Value::Object({{"E-3", Value::Unknown(Type::String())}})}});
  Value waivers =
      Value::Tuple({Value::Object({{"threat", Str("E-1")},
                                   {"subject", Value::Unknown(Type::String())},
                                   {"justification", Str("x")},
                                   {"expires", Value::Unknown(Type::String())},
                                   {"approver", Str("y")}}),
                    Value::Unknown(Type::Dynamic())});
  Value backend = Value::Object({{"type", Value::Unknown(Type::String())}});
  diag::Diagnostics diags;
  ds_->Validate(
      Config({{"policy", policy}, {"waivers", waivers}, {"backend", backend}}),
      diags);
  EXPECT_TRUE(diags.empty()) << ::testing::PrintToString(Summaries(diags));

  // Keys are known even when values are not.
  diag::Diagnostics misspelled;
  ds_->Validate(
      Config({{"policy", Value::Object({{"max_role_per_user",
                                         Value::Unknown(Type::Number())}})}}),
      misspelled);
  EXPECT_TRUE(misspelled.HasError());
}

TEST_F(AssertionTest, WrongValueTypesAreFriendlyErrors) {
  Value policy = Value::Object({{"max_roles_per_user", Value::Bool(true)},
                                {"accepted_backends", Str("azurerm")},
                                {"max_roles_per_user_", Value::Int(1)}});
  diag::Diagnostics diags;
  ds_->Validate(Config({{"policy", policy}}), diags);
  std::vector<std::string> details;
  for (const auto& d : diags.items()) details.push_back(d.detail);
  EXPECT_THAT(details,
              ::testing::Contains("policy.max_roles_per_user must be a "
                                  "number, not bool."));
  EXPECT_THAT(details,
              ::testing::Contains("policy.accepted_backends must be a list "
                                  "of strings, not string."));
  diag::Diagnostics fraction;
  ds_->Validate(
      Config({{"policy", Value::Object({{"max_roles_per_user", Str("2.5")}})}}),
      fraction);
  ASSERT_TRUE(fraction.HasError());
  EXPECT_THAT(fraction.items()[0].detail,
              HasSubstr("max_roles_per_user must be a whole number"));
}

TEST_F(AssertionTest, DescriptionsListTheRegistrysThreatsAndSettings) {
  const provider::Block& block = ds_->GetSchema().block;
  for (const std::string& id : rules::RuleIds()) {
    EXPECT_THAT(block.description, HasSubstr(id));
    EXPECT_THAT(block.FindAttribute("threats")->description, HasSubstr(id));
    EXPECT_THAT(block.FindAttribute("waivers")->description, HasSubstr(id));
  }
  const provider::Block& provider_block = provider_->provider_schema().block;
  for (const rules::RuleInfo& rule : rules::Rules()) {
    for (const rules::RuleParameter& p : rule.parameters) {
      EXPECT_THAT(block.FindAttribute("policy")->description,
                  HasSubstr(absl::StrCat("`", std::string(p.name), "`")));
      EXPECT_NE(provider_block.FindAttribute(std::string(p.name)), nullptr)
          << p.name;
    }
  }
}

}  // namespace
}  // namespace threatmodel::datasources
