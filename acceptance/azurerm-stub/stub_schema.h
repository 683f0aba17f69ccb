// File: stub_schema.h
//
// How the test-only azurerm stub declares a resource type: the schema
// Terraform sees (provider::Schema) plus the few facts of the real
// provider's behaviour that the protocol schema cannot carry and that shape
// a plan:
//   * an SDKv2 `Default` (the attribute is plain optional on the wire, yet
//     the plan holds the default when the configuration omits it);
//   * an Optional+Computed nested block (blocks cannot be computed on the
//     wire; SDKv2 plans the whole block unknown on create when it is
//     omitted, and keeps the prior block on update);
//   * ForceNew (a change plans a replacement);
//   * what Azure would report back for a computed value (`fake`).
//
// Test-only: built with THREATMODEL_BUILD_TESTS, never installed. Types are
// plain immutable values once built and may be read from any thread.
#ifndef THREATMODEL_ACCEPTANCE_AZURERM_STUB_STUB_SCHEMA_H_
#define THREATMODEL_ACCEPTANCE_AZURERM_STUB_STUB_SCHEMA_H_

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "threatmodel/cty/type.h"
#include "threatmodel/cty/value.h"
#include "threatmodel/provider/schema.h"

namespace threatmodel::azurerm_stub {

struct StubAttribute {
  provider::Attribute schema;
  // The SDKv2 Default, planned when the configuration leaves the
  // attribute null. Only for optional, non-computed attributes.
  std::optional<cty::Value> default_value;
  bool force_new = false;
  // What Apply stores for a computed value still unknown: a string
  // template (see fake_values.h) or, when empty, `fake_value`, or else a
  // generic value chosen by name and type.
  std::string fake_template;
  std::optional<cty::Value> fake_value;
};

struct StubNestedBlock;

struct StubBlock {
  StubBlock() = default;
  // Implicit on purpose, so that tables can write {{attributes...}} or
  // {{attributes...}, {blocks...}}. Defined out of line: StubNestedBlock
  // is incomplete here.
  StubBlock(std::vector<StubAttribute> attributes);
  StubBlock(std::vector<StubAttribute> attributes,
            std::vector<StubNestedBlock> blocks);

  std::vector<StubAttribute> attributes;
  std::vector<StubNestedBlock> blocks;
};

struct StubNestedBlock {
  std::string name;
  provider::NestingMode nesting = provider::NestingMode::kList;
  int64_t min_items = 0;
  int64_t max_items = 0;
  // SDKv2 Optional+Computed block (see the file comment).
  bool computed = false;
  StubBlock block;
};

struct StubType {
  std::string name;  // "azurerm_resource_group"
  // Includes the computed `id`, whose fake template builds an ARM id.
  StubBlock block;
  // The attributes of SDKv2's `timeouts` block: every azurerm resource has
  // all four; hashicorp/kubernetes declares only some per type, and
  // helm_release none (empty: no block).
  std::vector<std::string> timeouts = {"create", "delete", "read", "update"};
  // The resource's SchemaVersion (state upgraders bump it); plan JSON shows
  // it as schema_version.
  int64_t schema_version = 0;
};

// The protocol schema of a stub block, with the type's `timeouts` block.
[[nodiscard]] provider::Schema ToSchema(const StubType& type);
[[nodiscard]] provider::Block ToBlock(const StubBlock& block);

// Builders for readable tables. Types are cty types; `String()` etc. are
// shorthands below.
[[nodiscard]] StubAttribute Required(std::string name, cty::Type type);
[[nodiscard]] StubAttribute Optional(std::string name, cty::Type type);
// Optional with an SDKv2 Default.
[[nodiscard]] StubAttribute Defaulted(std::string name, cty::Value value);
[[nodiscard]] StubAttribute OptionalComputed(std::string name, cty::Type type,
                                             std::string fake_template = "");
[[nodiscard]] StubAttribute Computed(std::string name, cty::Type type,
                                     std::string fake_template = "");
// Flag modifiers, applied to a built attribute.
[[nodiscard]] StubAttribute Sensitive(StubAttribute a);
[[nodiscard]] StubAttribute WriteOnly(StubAttribute a);
[[nodiscard]] StubAttribute ForceNew(StubAttribute a);
[[nodiscard]] StubAttribute FakeValue(StubAttribute a, cty::Value value);

// A list block of at most `max_items` (0: unlimited).
[[nodiscard]] StubNestedBlock ListBlock(std::string name, int64_t max_items,
                                        StubBlock block);
[[nodiscard]] StubNestedBlock RequiredListBlock(std::string name,
                                                int64_t max_items,
                                                StubBlock block);
[[nodiscard]] StubNestedBlock SetBlock(std::string name, StubBlock block);
[[nodiscard]] StubNestedBlock OptionalComputedBlock(std::string name,
                                                    int64_t max_items,
                                                    StubBlock block);

[[nodiscard]] cty::Type String();
[[nodiscard]] cty::Type Bool();
[[nodiscard]] cty::Type Number();
[[nodiscard]] cty::Type StringList();
[[nodiscard]] cty::Type StringSet();
[[nodiscard]] cty::Type StringMap();

}  // namespace threatmodel::azurerm_stub

#endif  // THREATMODEL_ACCEPTANCE_AZURERM_STUB_STUB_SCHEMA_H_
