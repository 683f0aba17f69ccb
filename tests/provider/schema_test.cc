#include "threatmodel/provider/schema.h"

#include "gtest/gtest.h"
#include "threatmodel/cty/type.h"

namespace threatmodel::provider {
namespace {

using cty::Type;

Attribute Nested(std::string name, NestingMode mode,
                 std::vector<Attribute> attrs) {
  Attribute a;
  a.name = std::move(name);
  a.nested_nesting = mode;
  a.nested_attributes = std::move(attrs);
  a.optional = true;
  return a;
}

TEST(ImpliedType, EmptyBlockIsEmptyObject) {
  EXPECT_EQ(ImpliedType(Block{}), Type::Object({}));
}

TEST(ImpliedType, AttributesAndNestedAttributes) {
  Block block;
  block.attributes = {
      RequiredAttribute("name", Type::String(), ""),
      ComputedAttribute("count_of", Type::Number(), ""),
      Nested("one", NestingMode::kSingle,
             {OptionalAttribute("x", Type::Bool(), "")}),
      Nested("many", NestingMode::kList,
             {OptionalAttribute("x", Type::Bool(), "")}),
      Nested("uniq", NestingMode::kSet,
             {OptionalAttribute("x", Type::Bool(), "")}),
      Nested("named", NestingMode::kMap,
             {OptionalAttribute("x", Type::Bool(), "")}),
  };
  Type x = Type::Object({{"x", Type::Bool()}}, {"x"});
  EXPECT_EQ(ImpliedType(block), Type::Object({
                                    {"name", Type::String()},
                                    {"count_of", Type::Number()},
                                    {"one", x},
                                    {"many", Type::List(x)},
                                    {"uniq", Type::Set(x)},
                                    {"named", Type::Map(x)},
                                }));
}

TEST(ImpliedType, NestedBlocksByMode) {
  Block inner;
  inner.attributes = {OptionalAttribute("v", Type::String(), "")};
  Type obj = Type::Object({{"v", Type::String()}});
  for (auto [mode, want] : std::vector<std::pair<NestingMode, Type>>{
           {NestingMode::kSingle, obj},
           {NestingMode::kGroup, obj},
           {NestingMode::kList, Type::List(obj)},
           {NestingMode::kSet, Type::Set(obj)},
           {NestingMode::kMap, Type::Map(obj)},
       }) {
    NestedBlock nb{"b", inner, mode, 0, 0};
    EXPECT_EQ(ImpliedType(nb), want);
  }
}

TEST(ImpliedType, ListOrMapBlockWithDynamicIsDynamic) {
  Block inner;
  inner.attributes = {OptionalAttribute("v", Type::Dynamic(), "")};
  EXPECT_EQ(ImpliedType(NestedBlock{"b", inner, NestingMode::kList, 0, 0}),
            Type::Dynamic());
  EXPECT_EQ(ImpliedType(NestedBlock{"b", inner, NestingMode::kMap, 0, 0}),
            Type::Dynamic());
  EXPECT_EQ(ImpliedType(NestedBlock{"b", inner, NestingMode::kSingle, 0, 0}),
            Type::Object({{"v", Type::Dynamic()}}));
}

TEST(ImpliedType, NestedListOrMapAttributeWithDynamicIsDynamic) {
  std::vector<Attribute> attrs = {OptionalAttribute("v", Type::Dynamic(), "")};
  EXPECT_EQ(ImpliedType(Nested("l", NestingMode::kList, attrs)),
            Type::Dynamic());
  EXPECT_EQ(ImpliedType(Nested("m", NestingMode::kMap, attrs)),
            Type::Dynamic());
  EXPECT_EQ(ImpliedType(Nested("s", NestingMode::kSingle, attrs)),
            Type::Object({{"v", Type::Dynamic()}}, {"v"}));
}

TEST(ValidateSchema, AcceptsAWellFormedSchema) {
  Block block;
  block.attributes = {RequiredAttribute("a", Type::String(), ""),
                      OptionalComputedAttribute("b", Type::Number(), "")};
  block.block_types = {NestedBlock{"c", Block{}, NestingMode::kList, 0, 3}};
  EXPECT_TRUE(ValidateSchema(block).ok());
}

TEST(ValidateSchema, RejectsBrokenSchemas) {
  struct Case {
    const char* name;
    Block block;
  };
  Attribute no_flags;
  no_flags.name = "a";
  no_flags.type = Type::String();
  Attribute both = RequiredAttribute("a", Type::String(), "");
  both.nested_nesting = NestingMode::kSingle;
  Attribute required_computed = RequiredAttribute("a", Type::String(), "");
  required_computed.computed = true;
  Attribute bad_name = OptionalAttribute("Bad-Name", Type::String(), "");
  Attribute group = Nested("g", NestingMode::kGroup, {});
  Attribute dyn_set = Nested("s", NestingMode::kSet,
                             {OptionalAttribute("d", Type::Dynamic(), "")});
  Attribute write_only_computed = ComputedAttribute("w", Type::String(), "");
  write_only_computed.write_only = true;

  std::vector<Case> cases = {
      {"no flags", Block{{no_flags}, {}, "", false}},
      {"type and nested", Block{{both}, {}, "", false}},
      {"required and computed", Block{{required_computed}, {}, "", false}},
      {"bad name", Block{{bad_name}, {}, "", false}},
      {"group nested attribute", Block{{group}, {}, "", false}},
      {"dynamic in set", Block{{dyn_set}, {}, "", false}},
      {"write-only computed", Block{{write_only_computed}, {}, "", false}},
      {"duplicate", Block{{OptionalAttribute("a", Type::String(), ""),
                           OptionalAttribute("a", Type::String(), "")},
                          {},
                          "",
                          false}},
      {"single with items",
       Block{{},
             {NestedBlock{"b", Block{}, NestingMode::kSingle, 0, 2}},
             "",
             false}},
      {"map with items",
       Block{{},
             {NestedBlock{"b", Block{}, NestingMode::kMap, 1, 0}},
             "",
             false}},
      {"min over max",
       Block{{},
             {NestedBlock{"b", Block{}, NestingMode::kList, 3, 2}},
             "",
             false}},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.name);
    EXPECT_FALSE(ValidateSchema(c.block).ok());
  }
}

TEST(Block, FindAttribute) {
  Block block;
  block.attributes = {OptionalAttribute("a", Type::String(), "")};
  ASSERT_NE(block.FindAttribute("a"), nullptr);
  EXPECT_EQ(block.FindAttribute("b"), nullptr);
}

}  // namespace
}  // namespace threatmodel::provider

namespace threatmodel::provider {
namespace {

TEST(AddressablePath, KeepsOneAttributeAndOneIndex) {
  Block block;
  block.attributes = {OptionalAttribute("users", cty::Type::Dynamic(), "")};
  Attribute single;
  single.name = "backend";
  single.optional = true;
  single.nested_nesting = NestingMode::kSingle;
  single.nested_attributes = {
      OptionalAttribute("settings", cty::Type::List(cty::Type::String()), "")};
  block.attributes.push_back(single);
  Block rule_block;
  rule_block.attributes = {OptionalAttribute("v", cty::Type::String(), "")};
  block.block_types = {{"rule", rule_block, NestingMode::kList, 0, 0},
                       {"opts", rule_block, NestingMode::kSingle, 0, 0}};

  struct Case {
    const char* name;
    cty::Path in;
    cty::Path want;
  };
  const cty::Path root;
  std::vector<Case> cases = {
      {"empty", root, root},
      {"attribute", root.Attr("users"), root.Attr("users")},
      {"attribute and key", root.Attr("users").Key("a"),
       root.Attr("users").Key("a")},
      {"deeper is trimmed",
       root.Attr("users").Key("a").Attr("role_assignments").Index(2),
       root.Attr("users").Key("a")},
      {"nested attribute is trimmed", root.Attr("backend").Attr("settings"),
       root.Attr("backend")},
      {"list block", root.Attr("rule").Index(1).Attr("v"),
       root.Attr("rule").Index(1).Attr("v")},
      {"single block", root.Attr("opts").Attr("v"),
       root.Attr("opts").Attr("v")},
      {"leading index", root.Index(0), root},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.name);
    EXPECT_EQ(AddressablePath(block, c.in), c.want);
  }
}

}  // namespace
}  // namespace threatmodel::provider
