#include "acceptance/azurerm-stub/stub_schema.h"

#include <utility>

namespace threatmodel::azurerm_stub {
namespace {

StubAttribute Make(std::string name, cty::Type type) {
  StubAttribute a;
  a.schema.name = std::move(name);
  a.schema.type = std::move(type);
  return a;
}

StubNestedBlock MakeBlock(std::string name, provider::NestingMode nesting,
                          int64_t min_items, int64_t max_items,
                          StubBlock block) {
  StubNestedBlock nb;
  nb.name = std::move(name);
  nb.nesting = nesting;
  nb.min_items = min_items;
  nb.max_items = max_items;
  nb.block = std::move(block);
  return nb;
}

// SDKv2 gives every resource with Timeouts this block; azurerm plans show
// it as `"timeouts": null`.
provider::NestedBlock TimeoutsBlock(const std::vector<std::string>& names) {
  provider::NestedBlock nb;
  nb.type_name = "timeouts";
  nb.nesting = provider::NestingMode::kSingle;
  for (const std::string& name : names) {
    nb.block.attributes.push_back(
        provider::OptionalAttribute(name, cty::Type::String(), ""));
  }
  return nb;
}

}  // namespace

StubBlock::StubBlock(std::vector<StubAttribute> attributes)
    : attributes(std::move(attributes)) {}

StubBlock::StubBlock(std::vector<StubAttribute> attributes,
                     std::vector<StubNestedBlock> blocks)
    : attributes(std::move(attributes)), blocks(std::move(blocks)) {}

provider::Block ToBlock(const StubBlock& block) {
  provider::Block out;
  for (const StubAttribute& a : block.attributes) {
    out.attributes.push_back(a.schema);
  }
  for (const StubNestedBlock& nb : block.blocks) {
    provider::NestedBlock n;
    n.type_name = nb.name;
    n.nesting = nb.nesting;
    n.min_items = nb.min_items;
    n.max_items = nb.max_items;
    n.block = ToBlock(nb.block);
    out.block_types.push_back(std::move(n));
  }
  return out;
}

provider::Schema ToSchema(const StubType& type) {
  provider::Schema schema;
  schema.version = type.schema_version;
  schema.block = ToBlock(type.block);
  if (!type.timeouts.empty()) {
    schema.block.block_types.push_back(TimeoutsBlock(type.timeouts));
  }
  return schema;
}

StubAttribute Required(std::string name, cty::Type type) {
  StubAttribute a = Make(std::move(name), std::move(type));
  a.schema.required = true;
  return a;
}

StubAttribute Optional(std::string name, cty::Type type) {
  StubAttribute a = Make(std::move(name), std::move(type));
  a.schema.optional = true;
  return a;
}

StubAttribute Defaulted(std::string name, cty::Value value) {
  StubAttribute a = Make(std::move(name), value.type());
  a.schema.optional = true;
  a.default_value = std::move(value);
  return a;
}

StubAttribute OptionalComputed(std::string name, cty::Type type,
                               std::string fake_template) {
  StubAttribute a = Make(std::move(name), std::move(type));
  a.schema.optional = true;
  a.schema.computed = true;
  a.fake_template = std::move(fake_template);
  return a;
}

StubAttribute Computed(std::string name, cty::Type type,
                       std::string fake_template) {
  StubAttribute a = Make(std::move(name), std::move(type));
  a.schema.computed = true;
  a.fake_template = std::move(fake_template);
  return a;
}

StubAttribute Sensitive(StubAttribute a) {
  a.schema.sensitive = true;
  return a;
}

StubAttribute WriteOnly(StubAttribute a) {
  a.schema.write_only = true;
  return a;
}

StubAttribute ForceNew(StubAttribute a) {
  a.force_new = true;
  return a;
}

StubAttribute FakeValue(StubAttribute a, cty::Value value) {
  a.fake_value = std::move(value);
  return a;
}

StubNestedBlock ListBlock(std::string name, int64_t max_items,
                          StubBlock block) {
  return MakeBlock(std::move(name), provider::NestingMode::kList, 0, max_items,
                   std::move(block));
}

StubNestedBlock RequiredListBlock(std::string name, int64_t max_items,
                                  StubBlock block) {
  return MakeBlock(std::move(name), provider::NestingMode::kList, 1, max_items,
                   std::move(block));
}

StubNestedBlock SetBlock(std::string name, StubBlock block) {
  return MakeBlock(std::move(name), provider::NestingMode::kSet, 0, 0,
                   std::move(block));
}

StubNestedBlock OptionalComputedBlock(std::string name, int64_t max_items,
                                      StubBlock block) {
  StubNestedBlock nb = ListBlock(std::move(name), max_items, std::move(block));
  nb.computed = true;
  return nb;
}

cty::Type String() { return cty::Type::String(); }
cty::Type Bool() { return cty::Type::Bool(); }
cty::Type Number() { return cty::Type::Number(); }
cty::Type StringList() { return cty::Type::List(cty::Type::String()); }
cty::Type StringSet() { return cty::Type::Set(cty::Type::String()); }
cty::Type StringMap() { return cty::Type::Map(cty::Type::String()); }

}  // namespace threatmodel::azurerm_stub
