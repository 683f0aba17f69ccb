#include "threatmodel/datasources/assert_function.h"

#include <memory>
#include <string>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "threatmodel/datasources/threatmodel_provider.h"
#include "threatmodel/provider/provider.h"

namespace threatmodel::datasources {
namespace {

using cty::Type;
using cty::Value;
using ::testing::HasSubstr;

constexpr char kRg[] =
    "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg";

Value Str(std::string s) { return Value::String(std::move(s)); }

Value Grant(Value role, Value principal) {
  return Value::Object({{"id", Value::Unknown(Type::String())},
                        {"role_definition_name", std::move(role)},
                        {"scope", Str(kRg)},
                        {"principal_id", std::move(principal)}});
}

// An argument as HCL builds it: an object literal. T-2 is left out so the
// working directory does not matter.
Value Argument(std::map<std::string, Value> attrs) {
  attrs.emplace("discover_backend", Value::Bool(false));
  return Value::Object(std::move(attrs));
}

Value AccountsWith(Value role, Value principal) {
  return Value::Object(
      {{"aa",
        Value::Object({{"principal_id", principal},
                       {"role_assignments",
                        Value::Tuple({Grant(std::move(role), principal)})}})}});
}

class AssertFunctionTest : public ::testing::Test {
 protected:
  provider::FunctionResult Call(const std::vector<Value>& args) const {
    return provider_->CallFunction("assert", args);
  }

  std::unique_ptr<provider::Provider> provider_ = NewThreatmodelProvider();
};

TEST_F(AssertFunctionTest, IsRegisteredWithOneDynamicParameter) {
  const auto& functions = provider_->functions();
  ASSERT_TRUE(functions.contains("assert"));
  const provider::FunctionSignature& s = functions.at("assert")->Signature();
  ASSERT_EQ(s.parameters.size(), 1u);
  EXPECT_TRUE(s.parameters[0].allow_unknown);
  EXPECT_FALSE(s.parameters[0].allow_null);
  EXPECT_EQ(s.return_type, Type::Bool());
  EXPECT_THAT(s.description, HasSubstr("check"));
}

TEST_F(AssertFunctionTest, CleanConfigurationIsTrue) {
  provider::FunctionResult r = Call({Argument(
      {{"automation_accounts",
        AccountsWith(Str("Automation Job Operator"),
                     Str("44444444-4444-4444-4444-444444444444"))}})});
  ASSERT_FALSE(r.error.has_value()) << r.error->text;
  ASSERT_TRUE(r.value.IsKnown());
  EXPECT_TRUE(r.value.AsBool());
}

TEST_F(AssertFunctionTest, MandatoryViolationIsAnErrorWithIdAndRemedy) {
  provider::FunctionResult r = Call({Argument(
      {{"automation_accounts",
        AccountsWith(Str("Contributor"), Value::Unknown(Type::String()))}})});
  ASSERT_TRUE(r.error.has_value());
  EXPECT_THAT(r.error->text, HasSubstr("E-1"));
  EXPECT_THAT(r.error->text, HasSubstr("aa"));
  EXPECT_THAT(r.error->text, HasSubstr("Remediation"));
  // The configuration is at fault, not the argument's shape.
  EXPECT_FALSE(r.error->argument.has_value());
}

TEST_F(AssertFunctionTest, AdvisoryViolationIsTrue) {
  provider::FunctionResult r = Call({Argument(
      {{"automation_accounts",
        AccountsWith(Str("Contributor"),
                     Str("44444444-4444-4444-4444-444444444444"))},
       {"policy",
        Value::Object(
            {{"enforcement", Value::Object({{"E-1", Str("advisory")}})}})}})});
  ASSERT_FALSE(r.error.has_value()) << r.error->text;
  EXPECT_TRUE(r.value.AsBool());
}

TEST_F(AssertFunctionTest, WhollyUnknownArgumentIsUnknownAsInValidate) {
  provider::FunctionResult r = Call({Value::Unknown(Type::Dynamic())});
  ASSERT_FALSE(r.error.has_value()) << r.error->text;
  EXPECT_FALSE(r.value.IsKnown());
}

TEST_F(AssertFunctionTest, UnknownResourcesWaitInsteadOfFailing) {
  // During validate a resource reference is wholly unknown: the rules
  // cannot decide, and that is no error yet.
  provider::FunctionResult r = Call({Argument(
      {{"resources", Value::Object({{"azurerm_role_assignment.grant",
                                     Value::Unknown(Type::Dynamic())},
                                    {"azurerm_automation_account.aa",
                                     Value::Unknown(Type::Dynamic())}})}})});
  ASSERT_FALSE(r.error.has_value()) << r.error->text;
  EXPECT_FALSE(r.value.IsKnown());

  // An unknown control, such as a variable during validate, also waits.
  provider::FunctionResult control = Call(
      {Argument({{"threats", Value::Unknown(Type::List(Type::String()))}})});
  ASSERT_FALSE(control.error.has_value()) << control.error->text;
  EXPECT_FALSE(control.value.IsKnown());
}

TEST_F(AssertFunctionTest, KnownViolationFailsEvenBesideUnknownResources) {
  provider::FunctionResult r = Call({Argument(
      {{"automation_accounts",
        AccountsWith(Str("Owner"), Value::Unknown(Type::String()))},
       {"resources", Value::Object({{"azurerm_role_assignment.other",
                                     Value::Unknown(Type::Dynamic())}})}})});
  ASSERT_TRUE(r.error.has_value());
  EXPECT_THAT(r.error->text, HasSubstr("E-1"));
}

TEST_F(AssertFunctionTest, UndecidedWaitsForApply) {
  // Both objects are planned (known) with unknown IDs: the grant may be
  // the account's. Terraform's validate walk looks just like this, so the
  // function answers unknown and Terraform asks again during apply.
  Value identity = Value::Tuple(
      {Value::Object({{"type", Str("SystemAssigned")},
                      {"principal_id", Value::Unknown(Type::String())}})});
  provider::FunctionResult r = Call({Argument(
      {{"resources",
        Value::Object(
            {{"azurerm_automation_account.aa",
              Value::Object({{"id", Value::Unknown(Type::String())},
                             {"name", Str("aa")},
                             {"identity", identity}})},
             {"azurerm_role_assignment.grant",
              Grant(Str("Contributor"), Value::Unknown(Type::String()))}})}})});
  ASSERT_FALSE(r.error.has_value()) << r.error->text;
  EXPECT_FALSE(r.value.IsKnown());

  // An unknown role for a known account, as in validate.
  provider::FunctionResult role = Call({Argument(
      {{"automation_accounts",
        AccountsWith(Value::Unknown(Type::String()),
                     Str("44444444-4444-4444-4444-444444444444"))}})});
  ASSERT_FALSE(role.error.has_value()) << role.error->text;
  EXPECT_FALSE(role.value.IsKnown());
}

TEST_F(AssertFunctionTest, MisspelledKeyIsAnErrorWithSuggestion) {
  provider::FunctionResult r =
      Call({Argument({{"automation_acounts", Value::Object({})}})});
  ASSERT_TRUE(r.error.has_value());
  EXPECT_THAT(r.error->text, HasSubstr("automation_acounts"));
  EXPECT_THAT(r.error->text, HasSubstr("automation_accounts"));
}

TEST_F(AssertFunctionTest, WrongShapesAreErrorsNotCrashes) {
  for (const Value& bad :
       {Str("x"), Value::Tuple({Str("x")}), Argument({{"threats", Str("E-1")}}),
        Argument({{"threats", Value::Tuple({Str("X-9")})}}),
        Argument({{"discover_backend", Str("yes")}})}) {
    provider::FunctionResult r = Call({bad});
    EXPECT_TRUE(r.error.has_value()) << bad.type().FriendlyName();
  }
}

TEST_F(AssertFunctionTest, CoreChecksArgumentsAgainstTheSignature) {
  provider::FunctionResult none = Call({});
  ASSERT_TRUE(none.error.has_value());
  EXPECT_THAT(none.error->text, HasSubstr("1 argument"));

  provider::FunctionResult two = Call({Argument({}), Argument({})});
  ASSERT_TRUE(two.error.has_value());

  provider::FunctionResult null = Call({Value::Null(Type::Dynamic())});
  ASSERT_TRUE(null.error.has_value());
  EXPECT_EQ(null.error->argument, 0);

  provider::FunctionResult missing =
      provider_->CallFunction("no_such_function", {Argument({})});
  ASSERT_TRUE(missing.error.has_value());
  EXPECT_THAT(missing.error->text, HasSubstr("no_such_function"));
}

TEST_F(AssertFunctionTest, ThreatsListFromATupleLiteral) {
  provider::FunctionResult r = Call({Argument(
      {{"threats", Value::Tuple({Str("E-3")})},
       {"automation_accounts",
        AccountsWith(Str("Owner"), Value::Unknown(Type::String()))}})});
  // E-1 is not asked for, so the Owner grant is not judged.
  ASSERT_FALSE(r.error.has_value()) << r.error->text;
  EXPECT_TRUE(r.value.AsBool());
}

}  // namespace
}  // namespace threatmodel::datasources
