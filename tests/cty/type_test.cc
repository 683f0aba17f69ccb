#include "threatmodel/cty/type.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "cty/test_util.h"

namespace threatmodel::cty {
namespace {

using testing::ExpectInvalid;
using testing::Message;

Type Obj(std::map<std::string, Type> attrs, std::set<std::string> opt = {}) {
  return Type::Object(std::move(attrs), std::move(opt));
}

TEST(TypeTest, DefaultIsDynamic) {
  EXPECT_EQ(Type(), Type::Dynamic());
  EXPECT_EQ(Type().kind(), Type::Kind::kDynamic);
}

TEST(TypeTest, KindsAndPredicates) {
  struct Case {
    std::string name;
    Type type;
    Type::Kind kind;
    bool primitive;
    bool collection;
    bool has_dynamic;
  };
  const std::vector<Case> cases = {
      {"dynamic", Type::Dynamic(), Type::Kind::kDynamic, false, false, true},
      {"string", Type::String(), Type::Kind::kString, true, false, false},
      {"number", Type::Number(), Type::Kind::kNumber, true, false, false},
      {"bool", Type::Bool(), Type::Kind::kBool, true, false, false},
      {"list", Type::List(Type::String()), Type::Kind::kList, false, true,
       false},
      {"set", Type::Set(Type::Number()), Type::Kind::kSet, false, true, false},
      {"map_of_dynamic", Type::Map(Type::Dynamic()), Type::Kind::kMap, false,
       true, true},
      {"tuple", Type::Tuple({Type::String(), Type::Dynamic()}),
       Type::Kind::kTuple, false, false, true},
      {"object", Obj({{"a", Type::List(Type::Bool())}}), Type::Kind::kObject,
       false, false, false},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.name);
    EXPECT_EQ(c.type.kind(), c.kind);
    EXPECT_EQ(c.type.IsPrimitive(), c.primitive);
    EXPECT_EQ(c.type.IsCollection(), c.collection);
    EXPECT_EQ(c.type.HasDynamic(), c.has_dynamic);
  }
}

TEST(TypeTest, Accessors) {
  const Type list = Type::List(Type::String());
  EXPECT_EQ(list.element_type(), Type::String());
  const Type tuple = Type::Tuple({Type::String(), Type::Number()});
  ASSERT_EQ(tuple.tuple_elements().size(), 2u);
  EXPECT_EQ(tuple.tuple_elements()[1], Type::Number());
  const Type obj = Obj({{"a", Type::String()}, {"b", Type::Number()}},
                       {"b", "not_an_attribute"});
  EXPECT_EQ(obj.attribute_types().size(), 2u);
  // Optional names that are not attributes are dropped.
  EXPECT_EQ(obj.optional_attributes(), std::set<std::string>{"b"});
}

TEST(TypeTest, FriendlyName) {
  const std::vector<std::pair<Type, std::string>> cases = {
      {Type::Dynamic(), "dynamic"},
      {Type::String(), "string"},
      {Type::Number(), "number"},
      {Type::Bool(), "bool"},
      {Type::List(Type::String()), "list of string"},
      {Type::Set(Type::List(Type::Number())), "set of list of number"},
      {Type::Map(Obj({})), "map of object"},
      {Type::Tuple({}), "tuple"},
      {Obj({{"a", Type::String()}}), "object"},
  };
  for (const auto& [type, name] : cases) {
    EXPECT_EQ(type.FriendlyName(), name);
  }
}

TEST(TypeTest, Equality) {
  struct Case {
    std::string name;
    Type a;
    Type b;
    bool equal;
  };
  const std::vector<Case> cases = {
      {"dynamic", Type::Dynamic(), Type::Dynamic(), true},
      {"primitives_differ", Type::String(), Type::Number(), false},
      {"list_same", Type::List(Type::String()), Type::List(Type::String()),
       true},
      {"list_vs_set", Type::List(Type::String()), Type::Set(Type::String()),
       false},
      {"list_element_differs", Type::List(Type::String()),
       Type::List(Type::Bool()), false},
      {"tuple_same", Type::Tuple({Type::String()}),
       Type::Tuple({Type::String()}), true},
      {"tuple_length", Type::Tuple({Type::String()}),
       Type::Tuple({Type::String(), Type::String()}), false},
      {"object_same", Obj({{"a", Type::String()}}),
       Obj({{"a", Type::String()}}), true},
      {"object_attribute_name", Obj({{"a", Type::String()}}),
       Obj({{"b", Type::String()}}), false},
      {"object_optional_differs", Obj({{"a", Type::String()}}, {"a"}),
       Obj({{"a", Type::String()}}), false},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.name);
    EXPECT_EQ(c.a == c.b, c.equal);
    EXPECT_EQ(c.b == c.a, c.equal);
  }
}

TEST(TypeJsonTest, ParsesAndPrintsCanonically) {
  struct Case {
    std::string name;
    std::string json;
    Type want;
    std::string canonical;
  };
  const std::vector<Case> cases = {
      {"dynamic", R"("dynamic")", Type::Dynamic(), R"("dynamic")"},
      {"string", R"("string")", Type::String(), R"("string")"},
      {"number", R"("number")", Type::Number(), R"("number")"},
      {"bool", R"("bool")", Type::Bool(), R"("bool")"},
      {"list", R"(["list","string"])", Type::List(Type::String()),
       R"(["list","string"])"},
      {"set_whitespace", " [ \"set\" ,\n \"number\" ] ",
       Type::Set(Type::Number()), R"(["set","number"])"},
      {"map", R"(["map",["list","bool"]])", Type::Map(Type::List(Type::Bool())),
       R"(["map",["list","bool"]])"},
      {"tuple_empty", R"(["tuple",[]])", Type::Tuple({}), R"(["tuple",[]])"},
      {"tuple", R"(["tuple",["string","dynamic"]])",
       Type::Tuple({Type::String(), Type::Dynamic()}),
       R"(["tuple",["string","dynamic"]])"},
      {"object_empty", R"(["object",{}])", Obj({}), R"(["object",{}])"},
      {"object_sorted", R"(["object",{"b":"number","a":"string"}])",
       Obj({{"a", Type::String()}, {"b", Type::Number()}}),
       R"(["object",{"a":"string","b":"number"}])"},
      {"object_optional", R"(["object",{"b":"number","a":"string"},["b","a"]])",
       Obj({{"a", Type::String()}, {"b", Type::Number()}}, {"a", "b"}),
       R"(["object",{"a":"string","b":"number"},["a","b"]])"},
      {"object_empty_optional_list", R"(["object",{"a":"string"},[]])",
       Obj({{"a", Type::String()}}), R"(["object",{"a":"string"}])"},
      {"object_html_names", R"(["object",{"a<b":"string","c&d>":"bool"}])",
       Obj({{"a<b", Type::String()}, {"c&d>", Type::Bool()}}),
       R"(["object",{"a\u003cb":"string","c\u0026d\u003e":"bool"}])"},
      {"object_escaped_name", R"(["object",{"a\u2028\n\"\\":"string"}])",
       Obj({{"a\u2028\n\"\\", Type::String()}}),
       R"(["object",{"a\u2028\n\"\\":"string"}])"},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.name);
    absl::StatusOr<Type> got = ParseTypeJson(c.json);
    ASSERT_TRUE(got.ok()) << Message(got.status());
    EXPECT_EQ(*got, c.want);
    EXPECT_EQ(TypeToJson(*got), c.canonical);
    EXPECT_EQ(TypeToJson(c.want), c.canonical);
  }
}

TEST(TypeJsonTest, RejectsMalformed) {
  struct Case {
    std::string name;
    std::string json;
    std::string fragment;
  };
  const std::vector<Case> cases = {
      {"empty", "", "type json: malformed input"},
      {"null", "null", "primitive type name or a [kind, ...] array"},
      {"unknown_primitive", R"("strin")",
       R"(invalid primitive type name "strin")"},
      {"number_literal", "1", "primitive type name or a [kind, ...] array"},
      {"empty_array", "[]", "primitive type name or a [kind, ...] array"},
      {"list_without_element", R"(["list"])", "exactly one element type"},
      {"list_extra", R"(["list","string","string"])",
       "exactly one element type"},
      {"list_bad_element", R"(["list","x"])", "invalid primitive type name"},
      {"tuple_not_array", R"(["tuple","string"])", "array of element types"},
      {"object_not_object", R"(["object",[]])", "object of attribute types"},
      {"object_optional_not_array", R"(["object",{"a":"string"},"a"])",
       "must be an array"},
      {"object_optional_not_string", R"(["object",{"a":"string"},[1]])",
       "must be strings"},
      {"object_optional_undeclared", R"(["object",{"a":"string"},["b"]])",
       R"(optional attribute "b" is not an attribute)"},
      {"object_too_long", R"(["object",{},[],[]])",
       "object of attribute types"},
      {"unknown_kind", R"(["foo","string"])",
       R"(invalid complex type kind "foo")"},
      {"trailing_data", R"("string" "number")", "malformed input"},
      {"duplicate_attribute", R"(["object",{"a":"string","a":"number"}])",
       R"(duplicate object key "a")"},
      {"invalid_utf8", "\"str\xff\"", "malformed input"},
      {"too_deep", std::string(65, '[') + "\"list\"" + std::string(65, ']'),
       "nesting exceeds 64 levels"},
      {"hostile_depth", std::string(100000, '['), "nesting exceeds 64 levels"},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.name);
    ExpectInvalid(ParseTypeJson(c.json), c.fragment);
  }
}

TEST(TypeJsonTest, DeepButAllowedNesting) {
  // 63 nested lists around a string: 63 JSON arrays deep.
  std::string json = "\"string\"";
  Type want = Type::String();
  for (int i = 0; i < 63; ++i) {
    json.insert(0, "[\"list\",");
    json += "]";
    want = Type::List(want);
  }
  absl::StatusOr<Type> got = ParseTypeJson(json);
  ASSERT_TRUE(got.ok()) << Message(got.status());
  EXPECT_EQ(*got, want);
  EXPECT_EQ(TypeToJson(*got), json);
}

TEST(TypeJsonTest, InvalidUtf8NameIsReplacedLikeGo) {
  const Type t = Obj({{"a\xff", Type::String()}});
  EXPECT_EQ(TypeToJson(t), R"(["object",{"a\ufffd":"string"}])");
}

TEST(TypeJsonTest, ControlCharactersEscapedLikeGo) {
  const Type t = Obj({{std::string("\x01\b\f\r\t", 5), Type::Bool()}});
  EXPECT_EQ(TypeToJson(t), R"(["object",{"\u0001\b\f\r\t":"bool"}])");
}

}  // namespace
}  // namespace threatmodel::cty
