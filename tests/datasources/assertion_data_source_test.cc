#include "threatmodel/datasources/assertion_data_source.h"

#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "threatmodel/datasources/threatmodel_provider.h"

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
  Type PolicyType() const {
    const Type config_type = ConfigType();
    return config_type.attribute_types().at("policy");
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
    provider::ReadContext ctx;
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
  Result r = Read(
      Config({{"automation_accounts", accounts},
              {"policy", Value::ObjectOf(PolicyType(), policy.attributes())}}));
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
  Type WaiverType() const {
    const Type config_type = ConfigType();
    return config_type.attribute_types().at("waivers").element_type();
  }
  Value Waivers(std::vector<Value> waivers) const {
    return Value::List(WaiverType(), std::move(waivers));
  }
  Value WaiverOf(const Value& w) const {
    return Value::ObjectOf(WaiverType(), w.attributes());
  }
};

TEST_F(WaiverTest, ValidWaiverTurnsViolationIntoWaived) {
  Result r = Read(Config(
      {{"automation_accounts", Accounts()},
       {"waivers", Waivers({WaiverOf(Waiver("E-1", "aa", "2026-12-31"))})}}));
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
  Result r = Read(Config(
      {{"automation_accounts", Accounts()},
       {"waivers", Waivers({WaiverOf(Waiver("E-1", "aa", "2026-05-31"))})}}));
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
              {"waivers",
               Waivers({WaiverOf(Waiver("E-1", "aa", "31/12/2026", ""))})}}));
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

  Value relax =
      Value::ObjectOf(PolicyType(), {{"max_roles_per_user", Value::Int(2)}});
  Result r2 = Read(Config({{"users", users}, {"policy", relax}}), strict);
  EXPECT_FALSE(r2.diags.HasError())
      << ::testing::PrintToString(Summaries(r2.diags));
}

TEST_F(AssertionTest, InvalidPolicyValuesPointAtTheSetting) {
  Value policy = Value::ObjectOf(
      PolicyType(), {{"max_roles_per_user", Value::Int(-1)},
                     {"enforcement", Value::Map(Type::String(),
                                                {{"E-1", Str("sometimes")}})}});
  diag::Diagnostics diags;
  ds_->Validate(Config({{"policy", policy}}), diags);
  std::vector<std::string> paths;
  for (const auto& d : diags.items()) paths.push_back(d.attribute->ToString());
  EXPECT_THAT(paths,
              ::testing::UnorderedElementsAre(".policy.max_roles_per_user",
                                              R"(.policy.enforcement["E-1"])"));
}

TEST_F(AssertionTest, ProviderCoreRoundTripKeepsEveryAttribute) {
  Result r = Read(Config({}));
  ASSERT_FALSE(r.diags.HasError());
  EXPECT_TRUE(cty::Conforms(r.state, ConfigType()));
}

}  // namespace
}  // namespace threatmodel::datasources
