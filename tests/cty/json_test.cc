#include "threatmodel/cty/json.h"

#include <gtest/gtest.h>

#include <limits>
#include <string>
#include <vector>

#include "cty/test_util.h"
#include "nlohmann/json.hpp"

namespace threatmodel::cty {
namespace {

using testing::ExpectInvalid;
using testing::Message;

Number P(std::string_view text) { return *Number::Parse(text); }

const Type kObjType = Type::Object(
    {{"name", Type::String()}, {"tags", Type::Map(Type::String())}});

TEST(JsonDecode, Valid) {
  struct Case {
    std::string name;
    Type type;
    std::string json;
    Value want;
  };
  const std::vector<Case> cases = {
      {"null_string", Type::String(), "null", Value::Null(Type::String())},
      {"null_dynamic", Type::Dynamic(), "null", Value::Null(Type::Dynamic())},
      {"null_object", kObjType, " null ", Value::Null(kObjType)},
      {"zero", Type::Number(), "0", Value::Int(0)},
      {"string", Type::String(), R"("a\u003cb\n")", Value::String("a<b\n")},
      {"string_from_integer", Type::String(), "42", Value::String("42")},
      {"string_from_float_literal", Type::String(), "1.50",
       Value::String("1.50")},
      {"string_from_bool", Type::String(), "true", Value::String("true")},
      {"number_integer", Type::Number(), "-7", Value::Int(-7)},
      {"number_uint64", Type::Number(), "18446744073709551615",
       Value::NumberVal(Number::FromUint64(18446744073709551615u))},
      {"number_beyond_uint64", Type::Number(), "18446744073709551617",
       Value::NumberVal(P("18446744073709551617"))},
      {"number_keeps_every_digit", Type::Number(),
       "123456789012345678901234567890.123456789",
       Value::NumberVal(P("123456789012345678901234567890.123456789"))},
      {"number_below_double_range", Type::Number(), "1e-400",
       Value::NumberVal(P("1e-400"))},
      {"number_exponent", Type::Number(), "1.5e300",
       Value::NumberVal(P("1.5e300"))},
      {"number_from_string", Type::Number(), R"("12.5")",
       Value::NumberVal(P("12.5"))},
      {"bool", Type::Bool(), "false", Value::Bool(false)},
      {"bool_from_string", Type::Bool(), R"("true")", Value::Bool(true)},
      {"list", Type::List(Type::Number()), "[1,2]",
       Value::List(Type::Number(), {Value::Int(1), Value::Int(2)})},
      {"set", Type::Set(Type::String()), R"(["b","a","b"])",
       Value::Set(Type::String(), {Value::String("a"), Value::String("b")})},
      {"map", Type::Map(Type::String()), R"({"k":"v"})",
       Value::Map(Type::String(), {{"k", Value::String("v")}})},
      {"tuple", Type::Tuple({Type::String(), Type::Bool()}), R"(["x",true])",
       Value::Tuple({Value::String("x"), Value::Bool(true)})},
      {"object_missing_attribute_is_null", kObjType, R"({"name":"web"})",
       Value::ObjectOf(kObjType, {{"name", Value::String("web")}})},
      {"object_empty", kObjType, "{}", Value::ObjectOf(kObjType, {})},
      {"dynamic", Type::Dynamic(), R"({"value":"x","type":"string"})",
       Value::String("x")},
      {"dynamic_type_first", Type::Dynamic(),
       R"({"type":["list","number"],"value":[1]})",
       Value::List(Type::Number(), {Value::Int(1)})},
      {"dynamic_null_value", Type::Dynamic(), R"({"value":null,"type":"bool"})",
       Value::Null(Type::Bool())},
      {"object_with_dynamic", Type::Object({{"c", Type::Dynamic()}}),
       R"({"c":{"value":{"a":1},"type":["object",{"a":"number"}]}})",
       Value::Object({{"c", Value::Object({{"a", Value::Int(1)}})}})},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.name);
    absl::StatusOr<Value> got = DecodeJson(c.json, c.type);
    ASSERT_TRUE(got.ok()) << Message(got.status());
    EXPECT_EQ(*got, c.want) << got->DebugString();
  }
}

TEST(JsonDecode, Malformed) {
  struct Case {
    std::string name;
    Type type;
    std::string json;
    std::string fragment;
  };
  const std::vector<Case> cases = {
      {"empty", Type::String(), "", "json: malformed input"},
      {"trailing", Type::String(), R"("a" "b")", "json: malformed input"},
      {"truncated", Type::List(Type::String()), R"(["a")",
       "json: malformed input"},
      {"invalid_utf8", Type::String(), "\"\xff\"", "json: malformed input"},
      {"nan_literal", Type::Number(), "NaN", "json: malformed input"},
      {"string_got_array", Type::String(), "[]",
       "json: expected string, got array"},
      {"nested_path", kObjType, R"({"tags":{"env":[]}})",
       R"(json: .tags["env"]: expected string, got array)"},
      {"bool_bad_string", Type::Bool(), R"("yes")", "a bool is required"},
      {"number_bad_string", Type::Number(), R"("1x")", "json: invalid number"},
      {"number_got_bool", Type::Number(), "true", "expected number, got bool"},
      {"extra_attribute", kObjType, R"({"name":"x","zzz":1})",
       R"(json: unsupported attribute "zzz")"},
      {"duplicate_key", kObjType, R"({"name":"a","name":"b"})",
       R"(duplicate object key "name")"},
      {"duplicate_key_nested", Type::List(Type::Map(Type::Number())),
       R"([{"a":1,"a":2}])", R"(json: [0]: duplicate object key "a")"},
      {"tuple_too_short", Type::Tuple({Type::Bool(), Type::Bool()}), "[true]",
       "a tuple of length 2 is required (1 given)"},
      {"dynamic_not_object", Type::Dynamic(), "1",
       "expected dynamic value {\"value\":V,\"type\":T}, got number"},
      {"dynamic_missing_type", Type::Dynamic(), R"({"value":1})",
       "missing type in dynamically-typed value"},
      {"dynamic_missing_value", Type::Dynamic(), R"({"type":"number"})",
       "missing value in dynamically-typed value"},
      {"dynamic_extra_key", Type::Dynamic(),
       R"({"type":"number","value":1,"x":2})",
       R"(invalid key "x" in dynamically-typed value)"},
      {"dynamic_bad_type", Type::Dynamic(), R"({"type":"foo","value":1})",
       R"(invalid dynamic value type: type json: invalid primitive type name "foo")"},
      // nlohmann rejects literals beyond the double range before any SAX
      // callback sees their text (docs/cty-msgpack.md, "JSON").
      {"number_beyond_double_range", Type::Number(), "1e400",
       "json: malformed input: number overflow parsing '1e400'"},
      {"too_deep", Type::Dynamic(), std::string(65, '[') + std::string(65, ']'),
       "]: nesting exceeds 64 levels"},
      {"hostile_depth", Type::Dynamic(), std::string(100000, '['),
       "]: nesting exceeds 64 levels"},
      {"hostile_object_depth", Type::Dynamic(),
       [] {
         std::string s;
         for (int i = 0; i < 100; ++i) s += R"({"a":)";
         return s;
       }(),
       R"(json: ["a"]["a"]["a"])"},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.name);
    ExpectInvalid(DecodeJson(c.json, c.type), c.fragment);
  }
}

TEST(JsonEncode, Text) {
  struct Case {
    std::string name;
    Value value;
    Type type;
    std::string want;
  };
  const std::vector<Case> cases = {
      {"null", Value::Null(Type::String()), Type::String(), "null"},
      {"null_dynamic", Value::Null(Type::Dynamic()), Type::Dynamic(), "null"},
      {"zero", Value::Int(0), Type::Number(), "0"},
      {"string_go_escapes", Value::String("<a&b>\n\"\u2028"), Type::String(),
       R"("\u003ca\u0026b\u003e\n\"\u2028")"},
      {"number_canonical", Value::NumberVal(P("1.50e2")), Type::Number(),
       "150"},
      {"number_double", Value::NumberVal(Number::FromDouble(0.1)),
       Type::Number(), "0.1"},
      {"number_precise",
       Value::NumberVal(P("123456789012345678901234567890.123456789")),
       Type::Number(), "123456789012345678901234567890.123456789"},
      {"bool", Value::Bool(true), Type::Bool(), "true"},
      {"object_sorted_all_attributes", Value::ObjectOf(kObjType, {}), kObjType,
       R"({"name":null,"tags":null})"},
      {"map_sorted",
       Value::Map(Type::Number(), {{"b", Value::Int(2)}, {"a", Value::Int(1)}}),
       Type::Map(Type::Number()), R"({"a":1,"b":2})"},
      {"set", Value::Set(Type::Number(), {Value::Int(2), Value::Int(1)}),
       Type::Set(Type::Number()), "[1,2]"},
      {"tuple", Value::Tuple({Value::String("x"), Value::Int(1)}),
       Type::Tuple({Type::String(), Type::Number()}), R"(["x",1])"},
      {"dynamic", Value::String("x"), Type::Dynamic(),
       R"({"value":"x","type":"string"})"},
      {"dynamic_null_string", Value::Null(Type::String()), Type::Dynamic(),
       R"({"value":null,"type":"string"})"},
      {"list_of_dynamic", Value::List(Type::Number(), {Value::Int(1)}),
       Type::List(Type::Dynamic()), R"([{"value":1,"type":"number"}])"},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.name);
    absl::StatusOr<std::string> got = EncodeJson(c.value, c.type);
    ASSERT_TRUE(got.ok()) << Message(got.status());
    EXPECT_EQ(*got, c.want);
    // And it reads back.
    absl::StatusOr<Value> back = DecodeJson(*got, c.type);
    ASSERT_TRUE(back.ok()) << Message(back.status());
    EXPECT_EQ(*back, c.value) << back->DebugString();
  }
}

TEST(JsonEncode, Errors) {
  struct Case {
    std::string name;
    Value value;
    Type type;
    std::string fragment;
  };
  const testing::Nested deep = testing::NestedLists(65);
  const std::vector<Case> cases = {
      {"unknown", Value::Unknown(Type::String()), Type::String(),
       "json: value is not known"},
      {"nested_unknown",
       Value::ObjectOf(
           kObjType,
           {{"tags", Value::Map(Type::String(),
                                {{"env", Value::Unknown(Type::String())}})}}),
       kObjType, R"(json: .tags["env"]: value is not known)"},
      {"infinity", Value::NumberVal(Number::Infinity()), Type::Number(),
       "cannot serialize infinity as JSON"},
      {"invalid_utf8", Value::String("\xff"), Type::String(),
       "string is not valid UTF-8"},
      {"does_not_conform", Value::Int(1), Type::String(), "does not conform"},
      {"too_deep", deep.value, deep.type, "nesting exceeds 64 levels"},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.name);
    ExpectInvalid(EncodeJson(c.value, c.type), c.fragment);
  }
}

TEST(JsonDom, FromJsonValue) {
  const nlohmann::json dom = {{"name", "web"}, {"tags", {{"env", "prod"}}}};
  absl::StatusOr<Value> got = FromJsonValue(dom, kObjType);
  ASSERT_TRUE(got.ok()) << Message(got.status());
  EXPECT_EQ(
      *got,
      Value::Object({{"name", Value::String("web")},
                     {"tags", Value::Map(Type::String(),
                                         {{"env", Value::String("prod")}})}}));
  absl::StatusOr<Value> number =
      FromJsonValue(nlohmann::json(0.1), Type::Number());
  ASSERT_TRUE(number.ok());
  EXPECT_TRUE(number->AsNumber().IsFromDouble());
  EXPECT_EQ(number->AsNumber(), P("0.1"));
  ExpectInvalid(FromJsonValue(nlohmann::json::binary({1, 2}), Type::Number()),
                "expected number, got binary");
  ExpectInvalid(
      FromJsonValue(nlohmann::json(std::numeric_limits<double>::quiet_NaN()),
                    Type::Number()),
      "NaN is not a number");
}

TEST(JsonDom, ToJsonValue) {
  struct Case {
    std::string name;
    Value value;
    Type type;
    nlohmann::json want;
  };
  const std::vector<Case> cases = {
      {"null", Value::Null(Type::String()), Type::String(), nullptr},
      {"int", Value::Int(-5), Type::Number(), -5},
      {"uint64_max", Value::NumberVal(Number::FromUint64(UINT64_MAX)),
       Type::Number(), UINT64_MAX},
      {"decimal_tenth", Value::NumberVal(P("0.1")), Type::Number(), 0.1},
      {"object", Value::ObjectOf(kObjType, {{"name", Value::String("x")}}),
       kObjType, nlohmann::json{{"name", "x"}, {"tags", nullptr}}},
      {"dynamic", Value::Bool(true), Type::Dynamic(),
       nlohmann::json{{"value", true}, {"type", "bool"}}},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.name);
    absl::StatusOr<nlohmann::json> got = ToJsonValue(c.value, c.type);
    ASSERT_TRUE(got.ok()) << Message(got.status());
    EXPECT_EQ(*got, c.want) << got->dump();
  }
  ExpectInvalid(ToJsonValue(Value::NumberVal(P("1e400")), Type::Number()),
                "has no exact JSON DOM form");
  ExpectInvalid(ToJsonValue(Value::NumberVal(P("0.10000000000000000001")),
                            Type::Number()),
                "has no exact JSON DOM form");
  ExpectInvalid(ToJsonValue(Value::Unknown(Type::Bool()), Type::Bool()),
                "value is not known");
}

}  // namespace
}  // namespace threatmodel::cty
