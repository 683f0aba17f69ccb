#include "datasources/input_schema.h"

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "threatmodel/rules/rule.h"

namespace threatmodel::datasources {
namespace {

using cty::Path;
using cty::Type;
using cty::Value;
using ::testing::HasSubstr;

TEST(ParseTypeSpec, EveryRuleParameterTypeParses) {
  for (const rules::RuleInfo& rule : rules::Rules()) {
    for (const rules::RuleParameter& p : rule.parameters) {
      SCOPED_TRACE(std::string(p.name));
      EXPECT_TRUE(ParseTypeSpec(p.type).ok()) << p.type;
    }
  }
}

TEST(ParseTypeSpec, NestedObjectsWithOptionalFields) {
  absl::StatusOr<TypeSpec> spec = ParseTypeSpec(
      "map(object({roles = list(string), admin = optional(bool)}))");
  ASSERT_TRUE(spec.ok()) << spec.status();
  EXPECT_EQ(spec->kind, TypeSpec::Kind::kMap);
  const TypeSpec& tier = *spec->element;
  ASSERT_EQ(tier.fields.size(), 2u);
  EXPECT_FALSE(tier.FindField("roles")->optional);
  EXPECT_TRUE(tier.FindField("admin")->optional);
  EXPECT_EQ(CanonicalType(*spec),
            Type::Map(Type::Object({{"roles", Type::List(Type::String())},
                                    {"admin", Type::Bool()}})));
}

TEST(ParseTypeSpec, RejectsMalformedExpressions) {
  for (const char* text : {"", "strin", "list(string", "object({a string})",
                           "object({a = string, a = bool})", "number bool"}) {
    SCOPED_TRACE(text);
    EXPECT_FALSE(ParseTypeSpec(text).ok());
  }
}

TEST(ClosestName, SuggestsOnlyObviousTypos) {
  const std::vector<std::string> names = {"max_roles_per_user", "tiers",
                                          "enforcement"};
  EXPECT_EQ(ClosestName("max_role_per_user", names), "max_roles_per_user");
  EXPECT_EQ(ClosestName("Tiers", names), "tiers");
  EXPECT_EQ(ClosestName("enforcment", names), "enforcement");
  EXPECT_EQ(ClosestName("colour", names), std::nullopt);
  EXPECT_EQ(ClosestName("t", {"a"}), std::nullopt);
}

TEST(ConformValue, ConvertsLikeTerraformAndKeepsUnknowns) {
  absl::StatusOr<TypeSpec> spec = ParseTypeSpec(
      "object({n = number, b = optional(bool), s = optional(list(string))})");
  ASSERT_TRUE(spec.ok());
  diag::Diagnostics diags;
  std::optional<Value> v = ConformValue(
      Value::Map(Type::String(),
                 {{"n", Value::String("3")}, {"b", Value::String("true")}}),
      *spec, Path().Attr("x"), diags);
  ASSERT_TRUE(v.has_value()) << diags.items().size();
  EXPECT_EQ(v->GetAttr("n")->AsNumber().AsInt64(), 3);
  EXPECT_TRUE(v->GetAttr("b")->AsBool());
  EXPECT_TRUE(v->GetAttr("s")->IsNull());

  std::optional<Value> unknown =
      ConformValue(Value::Object({{"n", Value::Unknown(Type::Number())},
                                  {"s", Value::Tuple({Value::Int(1)})}}),
                   *spec, Path().Attr("x"), diags);
  ASSERT_TRUE(unknown.has_value());
  EXPECT_FALSE(unknown->GetAttr("n")->IsKnown());
  EXPECT_EQ(unknown->GetAttr("s")->elements()[0].AsString(), "1");
  EXPECT_TRUE(diags.empty());
}

TEST(ConformValue, ReportsEveryProblemAtItsPath) {
  absl::StatusOr<TypeSpec> spec =
      ParseTypeSpec("list(object({threat = string, expires = string}))");
  ASSERT_TRUE(spec.ok());
  diag::Diagnostics diags;
  std::optional<Value> v = ConformValue(
      Value::Tuple({Value::Object({{"threat", Value::String("E-1")},
                                   {"expire", Value::String("2027-01-01")}}),
                    Value::String("E-3")}),
      *spec, Path().Attr("waivers"), diags);
  EXPECT_FALSE(v.has_value());
  std::vector<std::string> got;
  for (const auto& d : diags.items()) {
    got.push_back(d.attribute->ToString() + " " + d.detail);
  }
  EXPECT_THAT(got, ::testing::ElementsAre(
                       HasSubstr(".waivers[0].expire \"expire\" is not a key "
                                 "of waivers[0]"),
                       HasSubstr(".waivers[0] waivers[0] must set \"expires\""),
                       ".waivers[1] waivers[1] must be an object, not "
                       "string."));
}

}  // namespace
}  // namespace threatmodel::datasources
