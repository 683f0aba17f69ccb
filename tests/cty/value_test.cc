#include "threatmodel/cty/value.h"

#include <gtest/gtest.h>

#include <limits>
#include <string>
#include <vector>

#include "cty/test_util.h"

namespace threatmodel::cty {
namespace {

Number P(std::string_view text) { return *Number::Parse(text); }

const Type kRuleType =
    Type::Object({{"port", Type::Number()}, {"enabled", Type::Bool()}});

Value Rule(int64_t port, bool enabled) {
  return Value::Object(
      {{"port", Value::Int(port)}, {"enabled", Value::Bool(enabled)}});
}

TEST(ValueTest, DefaultIsNullDynamic) {
  const Value v;
  EXPECT_TRUE(v.IsNull());
  EXPECT_TRUE(v.IsKnown());
  EXPECT_EQ(v.type(), Type::Dynamic());
  EXPECT_EQ(v, Value::Null(Type::Dynamic()));
}

TEST(ValueTest, NullAndUnknown) {
  const Value null = Value::Null(Type::String());
  EXPECT_TRUE(null.IsNull());
  EXPECT_TRUE(null.IsKnown());
  EXPECT_TRUE(null.IsWhollyKnown());
  EXPECT_EQ(null.LengthOrZero(), 0u);

  const Value unknown = Value::Unknown(Type::List(Type::String()));
  EXPECT_FALSE(unknown.IsNull());
  EXPECT_FALSE(unknown.IsKnown());
  EXPECT_FALSE(unknown.IsWhollyKnown());
  EXPECT_TRUE(unknown.refinement().empty());
  EXPECT_EQ(unknown.type(), Type::List(Type::String()));
}

TEST(ValueTest, UnknownKeepsOnlyApplicableFacts) {
  struct Case {
    std::string name;
    Type type;
    Refinement given;
    Refinement want;
  };
  Refinement everything;
  everything.not_null = true;
  everything.string_prefix = "pre";
  everything.number_lower = std::make_pair(Number::FromInt64(1), true);
  everything.number_upper = std::make_pair(Number::FromInt64(9), false);
  everything.length_min = 1;
  everything.length_max = 5;

  Refinement string_facts;
  string_facts.not_null = true;
  string_facts.string_prefix = "pre";
  Refinement number_facts;
  number_facts.not_null = true;
  number_facts.number_lower = everything.number_lower;
  number_facts.number_upper = everything.number_upper;
  Refinement length_facts;
  length_facts.not_null = true;
  length_facts.length_min = 1;
  length_facts.length_max = 5;
  Refinement not_null_only;
  not_null_only.not_null = true;

  Refinement no_information;
  no_information.not_null = false;
  no_information.string_prefix = "";
  no_information.length_min = 0;
  no_information.length_max = std::numeric_limits<int64_t>::max();
  Refinement infinite_bounds;
  infinite_bounds.number_lower = std::make_pair(Number::Infinity(true), true);
  infinite_bounds.number_upper = std::make_pair(Number::Infinity(), true);

  const std::vector<Case> cases = {
      {"dynamic_never_refined", Type::Dynamic(), everything, {}},
      {"string", Type::String(), everything, string_facts},
      {"number", Type::Number(), everything, number_facts},
      {"list", Type::List(Type::String()), everything, length_facts},
      {"set", Type::Set(Type::String()), everything, length_facts},
      {"map", Type::Map(Type::String()), everything, length_facts},
      {"object", kRuleType, everything, not_null_only},
      {"tuple", Type::Tuple({}), everything, not_null_only},
      {"no_information", Type::List(Type::String()), no_information, {}},
      {"infinite_bounds", Type::Number(), infinite_bounds, {}},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.name);
    EXPECT_EQ(Value::Unknown(c.type, c.given).refinement(), c.want);
  }
}

TEST(ValueTest, Primitives) {
  EXPECT_EQ(Value::String("x").AsString(), "x");
  EXPECT_EQ(Value::String("x").type(), Type::String());
  EXPECT_EQ(Value::Int(-3).AsNumber(), Number::FromInt64(-3));
  EXPECT_EQ(Value::NumberVal(P("1.5")).type(), Type::Number());
  EXPECT_TRUE(Value::Bool(true).AsBool());
  EXPECT_FALSE(Value::Bool(false).AsBool());
}

TEST(ValueTest, Collections) {
  const Value list = Value::List(
      Type::String(), {Value::String("a"), Value::Unknown(Type::String())});
  EXPECT_EQ(list.type(), Type::List(Type::String()));
  EXPECT_EQ(list.LengthOrZero(), 2u);
  EXPECT_TRUE(list.IsKnown());
  EXPECT_FALSE(list.IsWhollyKnown());

  const Value map = Value::Map(Type::Number(), {{"a", Value::Int(1)}});
  EXPECT_EQ(map.type(), Type::Map(Type::Number()));
  EXPECT_EQ(map.map_elements().at("a"), Value::Int(1));
  EXPECT_TRUE(map.IsWhollyKnown());

  const Value tuple = Value::Tuple({Value::String("a"), Value::Int(1)});
  EXPECT_EQ(tuple.type(), Type::Tuple({Type::String(), Type::Number()}));
  EXPECT_EQ(tuple.elements()[1], Value::Int(1));

  const Value list_of_dynamic =
      Value::List(Type::Dynamic(), {Value::String("a"), Value::Int(1)});
  EXPECT_EQ(list_of_dynamic.type(), Type::List(Type::Dynamic()));
}

TEST(ValueTest, Objects) {
  const Value obj = Rule(22, true);
  EXPECT_EQ(obj.type(), kRuleType);
  ASSERT_NE(obj.GetAttr("port"), nullptr);
  EXPECT_EQ(*obj.GetAttr("port"), Value::Int(22));
  EXPECT_EQ(obj.GetAttr("missing"), nullptr);
  EXPECT_EQ(obj.LengthOrZero(), 2u);

  const Value partial = Value::ObjectOf(kRuleType, {{"port", Value::Int(1)}});
  EXPECT_EQ(partial.type(), kRuleType);
  EXPECT_EQ(*partial.GetAttr("enabled"), Value::Null(Type::Bool()));
  EXPECT_EQ(partial, Value::Object({{"port", Value::Int(1)},
                                    {"enabled", Value::Null(Type::Bool())}}));
}

TEST(ValueTest, SetsAreCanonical) {
  struct Case {
    std::string name;
    Type element_type;
    std::vector<Value> given;
    std::vector<Value> want;
  };
  const Value unknown = Value::Unknown(Type::String());
  const std::vector<Case> cases = {
      {"empty", Type::String(), {}, {}},
      {"strings_sorted_bytewise",
       Type::String(),
       {Value::String("b"), Value::String("B"), Value::String("a"),
        Value::String("a")},
       {Value::String("B"), Value::String("a"), Value::String("b")}},
      {"numbers_numeric",
       Type::Number(),
       {Value::Int(10), Value::Int(-2), Value::NumberVal(P("0.5"))},
       {Value::Int(-2), Value::NumberVal(P("0.5")), Value::Int(10)}},
      {"equal_numbers_merge",
       Type::Number(),
       {Value::NumberVal(Number::FromDouble(0.1)), Value::NumberVal(P("0.1"))},
       {Value::NumberVal(P("0.1"))}},
      {"bools",
       Type::Bool(),
       {Value::Bool(true), Value::Bool(false), Value::Bool(true)},
       {Value::Bool(false), Value::Bool(true)}},
      {"unknowns_kept_and_last_then_nulls",
       Type::String(),
       {Value::Null(Type::String()), unknown, Value::String("z"), unknown,
        Value::Null(Type::String())},
       {Value::String("z"), unknown, unknown, Value::Null(Type::String())}},
      {"objects_merge",
       kRuleType,
       {Rule(443, false), Rule(22, true), Rule(443, false)},
       // Attributes compare in name order: "enabled" (false < true) first.
       {Rule(443, false), Rule(22, true)}},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.name);
    const Value set = Value::Set(c.element_type, c.given);
    EXPECT_EQ(set.type(), Type::Set(c.element_type));
    EXPECT_EQ(set.elements(), c.want) << set.DebugString();
    std::vector<Value> reversed(c.given.rbegin(), c.given.rend());
    EXPECT_EQ(Value::Set(c.element_type, reversed), set);
  }
}

TEST(ValueTest, Equality) {
  struct Case {
    std::string name;
    Value a;
    Value b;
    bool equal;
  };
  Refinement not_null;
  not_null.not_null = true;
  const std::vector<Case> cases = {
      {"nulls_same_type", Value::Null(Type::String()),
       Value::Null(Type::String()), true},
      {"nulls_different_type", Value::Null(Type::String()),
       Value::Null(Type::Number()), false},
      {"unknowns_same_type", Value::Unknown(Type::String()),
       Value::Unknown(Type::String()), true},
      {"unknowns_different_type", Value::Unknown(Type::String()),
       Value::Unknown(Type::Bool()), false},
      {"refined_vs_plain", Value::Unknown(Type::String(), not_null),
       Value::Unknown(Type::String()), false},
      {"null_vs_unknown", Value::Null(Type::String()),
       Value::Unknown(Type::String()), false},
      {"string_vs_null", Value::String(""), Value::Null(Type::String()), false},
      {"numbers_by_value", Value::Int(1), Value::NumberVal(P("1.0")), true},
      {"list_vs_set", Value::List(Type::String(), {}),
       Value::Set(Type::String(), {}), false},
      {"list_element_type", Value::List(Type::String(), {}),
       Value::List(Type::Dynamic(), {}), false},
      {"nested",
       Value::Object({{"a", Value::List(Type::Number(), {Value::Int(1)})}}),
       Value::Object({{"a", Value::List(Type::Number(), {Value::Int(1)})}}),
       true},
      {"nested_differs",
       Value::Object({{"a", Value::List(Type::Number(), {Value::Int(1)})}}),
       Value::Object({{"a", Value::List(Type::Number(), {Value::Int(2)})}}),
       false},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.name);
    EXPECT_EQ(c.a == c.b, c.equal);
    EXPECT_EQ(c.b == c.a, c.equal);
  }
}

TEST(ValueTest, Conforms) {
  struct Case {
    std::string name;
    Value value;
    Type type;
    bool conforms;
  };
  const std::vector<Case> cases = {
      {"null_dynamic_to_string", Value::Null(Type::Dynamic()), Type::String(),
       true},
      {"null_string_to_number", Value::Null(Type::String()), Type::Number(),
       false},
      {"anything_to_dynamic", Rule(1, true), Type::Dynamic(), true},
      {"unknown_dynamic_to_object", Value::Unknown(Type::Dynamic()), kRuleType,
       true},
      {"string", Value::String("x"), Type::String(), true},
      {"string_to_number", Value::String("1"), Type::Number(), false},
      {"list_to_list_of_dynamic",
       Value::List(Type::String(), {Value::String("a")}),
       Type::List(Type::Dynamic()), true},
      {"list_of_dynamic_to_list_of_string",
       Value::List(Type::Dynamic(), {Value::String("a")}),
       Type::List(Type::String()), true},
      {"list_of_dynamic_mixed_to_list_of_string",
       Value::List(Type::Dynamic(), {Value::String("a"), Value::Int(1)}),
       Type::List(Type::String()), false},
      {"empty_list_wrong_element", Value::List(Type::Number(), {}),
       Type::List(Type::String()), false},
      {"list_to_set", Value::List(Type::String(), {}),
       Type::Set(Type::String()), false},
      {"object_exact", Rule(1, true), kRuleType, true},
      {"object_missing_attribute", Value::Object({{"port", Value::Int(1)}}),
       kRuleType, false},
      {"object_extra_attribute",
       Value::Object({{"port", Value::Int(1)},
                      {"enabled", Value::Bool(true)},
                      {"x", Value::Bool(true)}}),
       kRuleType, false},
      {"object_optional_marker_ignored", Rule(1, true),
       Type::Object({{"port", Type::Number()}, {"enabled", Type::Bool()}},
                    {"port"}),
       true},
      {"tuple_length", Value::Tuple({Value::Int(1)}),
       Type::Tuple({Type::Number(), Type::Number()}), false},
      {"unknown_object_to_other_object", Value::Unknown(kRuleType),
       Type::Object({{"port", Type::Number()}}), false},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.name);
    EXPECT_EQ(Conforms(c.value, c.type), c.conforms);
  }
}

TEST(ValueTest, TypeConforms) {
  EXPECT_TRUE(TypeConforms(Type::Dynamic(), Type::String()));
  EXPECT_TRUE(TypeConforms(Type::String(), Type::Dynamic()));
  EXPECT_TRUE(
      TypeConforms(Type::List(Type::Dynamic()), Type::List(Type::String())));
  EXPECT_FALSE(
      TypeConforms(Type::List(Type::Number()), Type::List(Type::String())));
  EXPECT_FALSE(TypeConforms(Type::Map(Type::String()),
                            Type::Object({{"a", Type::String()}})));
}

TEST(ValueTest, DebugString) {
  Refinement r;
  r.not_null = true;
  r.string_prefix = "pre";
  const Value v = Value::Object(
      {{"name", Value::String("web")},
       {"ports", Value::Set(Type::Number(), {Value::Int(443), Value::Int(22)})},
       {"tags", Value::Map(Type::String(),
                           {{"env", Value::Unknown(Type::String(), r)}})},
       {"x", Value::Null(Type::Bool())}});
  EXPECT_EQ(v.DebugString(),
            R"(object{name = "web", ports = set[22, 443], )"
            R"(tags = map{"env" = unknown(string, not null, prefix "pre")}, )"
            R"(x = null(bool)})");
}

TEST(ValueDeathTest, ProgrammerErrorsAbort) {
  EXPECT_DEATH((void)Value::List(Type::String(), {Value::Int(1)}),
               "list element does not conform");
  EXPECT_DEATH((void)Value::Int(1).AsString(), "AsString on a non-string");
  EXPECT_DEATH((void)Value::ObjectOf(kRuleType, {{"nope", Value::Int(1)}}),
               "attribute the type lacks");
  EXPECT_DEATH((void)Value::String("x").refinement(),
               "refinement of a known value");
}

}  // namespace
}  // namespace threatmodel::cty
