#include "adapter/to_proto.h"

#include "gtest/gtest.h"
#include "threatmodel/cty/type.h"

namespace threatmodel::adapter {
namespace {

TEST(Schema, EmptySchemaStillHasABlock) {
  tfplugin6::Schema out;
  Schema(provider::Schema{}, out);
  EXPECT_TRUE(out.has_block());
}

TEST(Schema, AttributesCarryTypeJsonFlagsAndMarkdown) {
  provider::Schema schema;
  schema.block.attributes = {
      provider::RequiredAttribute("name", cty::Type::List(cty::Type::String()),
                                  "The *name*."),
  };
  schema.block.attributes[0].sensitive = true;
  provider::Attribute nested;
  nested.name = "items";
  nested.optional = true;
  nested.nested_nesting = provider::NestingMode::kSet;
  nested.nested_attributes = {
      provider::OptionalAttribute("v", cty::Type::Number(), "")};
  schema.block.attributes.push_back(nested);
  schema.block.block_types = {
      {"rule", provider::Block{}, provider::NestingMode::kList, 1, 4}};

  tfplugin6::Schema out;
  Schema(schema, out);
  ASSERT_EQ(out.block().attributes_size(), 2);
  const auto& name = out.block().attributes(0);
  EXPECT_EQ(name.name(), "name");
  EXPECT_EQ(name.type(), R"(["list","string"])");
  EXPECT_TRUE(name.required());
  EXPECT_TRUE(name.sensitive());
  EXPECT_FALSE(name.has_nested_type());
  EXPECT_EQ(name.description_kind(), tfplugin6::MARKDOWN);

  const auto& items = out.block().attributes(1);
  EXPECT_TRUE(items.type().empty());
  ASSERT_TRUE(items.has_nested_type());
  EXPECT_EQ(items.nested_type().nesting(), tfplugin6::Schema::Object::SET);
  EXPECT_EQ(items.nested_type().attributes(0).type(), "\"number\"");

  ASSERT_EQ(out.block().block_types_size(), 1);
  EXPECT_EQ(out.block().block_types(0).nesting(),
            tfplugin6::Schema::NestedBlock::LIST);
  EXPECT_EQ(out.block().block_types(0).min_items(), 1);
  EXPECT_EQ(out.block().block_types(0).max_items(), 4);
}

TEST(Diagnostic, PathStepsMapToTheirSelectors) {
  diag::Diagnostic d{diag::Severity::kError, "s", "d",
                     cty::Path().Attr("users").Key("alice").Index(3)};
  tfplugin6::Diagnostic out;
  Diagnostic(d, out);
  EXPECT_EQ(out.severity(), tfplugin6::Diagnostic::ERROR);
  ASSERT_EQ(out.attribute().steps_size(), 3);
  EXPECT_EQ(out.attribute().steps(0).attribute_name(), "users");
  EXPECT_EQ(out.attribute().steps(1).element_key_string(), "alice");
  EXPECT_EQ(out.attribute().steps(2).element_key_int(), 3);
}

TEST(Diagnostic, EmptyPathIsLeftUnset) {
  tfplugin6::Diagnostic out;
  Diagnostic({diag::Severity::kWarning, "s", "d", cty::Path()}, out);
  EXPECT_EQ(out.severity(), tfplugin6::Diagnostic::WARNING);
  EXPECT_FALSE(out.has_attribute());
}

TEST(Diagnostic, TextIsForcedToValidUtf8) {
  tfplugin6::Diagnostic out;
  Diagnostic({diag::Severity::kError, "bad \xFF", "worse \xC0", std::nullopt},
             out);
  EXPECT_EQ(out.summary(), "bad \xEF\xBF\xBD");
  EXPECT_EQ(out.detail(), "worse \xEF\xBF\xBD");
  std::string wire;
  EXPECT_TRUE(out.SerializeToString(&wire));
}

}  // namespace
}  // namespace threatmodel::adapter
