// File: schema.h
//
// Schemas declared in C++: attributes (typed or with nested attributes),
// nested blocks in every nesting mode, markdown descriptions and the flags
// Terraform reads (required, optional, computed, sensitive, deprecated,
// write-only). The implied cty type of a block is what configuration and
// state values are encoded against on the wire.
//
// Schemas are immutable once built and may be read from any thread.
#ifndef THREATMODEL_PROVIDER_SCHEMA_H_
#define THREATMODEL_PROVIDER_SCHEMA_H_

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "threatmodel/cty/path.h"
#include "threatmodel/cty/type.h"

namespace threatmodel::provider {

// kGroup is valid for blocks only.
enum class NestingMode { kNone, kSingle, kList, kSet, kMap, kGroup };

struct Attribute {
  std::string name;
  // Exactly one of `type` and nested attributes (nested_nesting != kNone).
  std::optional<cty::Type> type;
  NestingMode nested_nesting = NestingMode::kNone;
  std::vector<Attribute> nested_attributes;

  std::string description;  // Markdown.
  bool required = false;
  bool optional = false;
  bool computed = false;
  bool sensitive = false;
  bool deprecated = false;
  bool write_only = false;
};

struct NestedBlock;

struct Block {
  std::vector<Attribute> attributes;
  std::vector<NestedBlock> block_types;
  std::string description;  // Markdown.
  bool deprecated = false;

  // nullptr when absent.
  [[nodiscard]] const Attribute* FindAttribute(std::string_view name) const;
};

struct NestedBlock {
  std::string type_name;
  Block block;
  NestingMode nesting = NestingMode::kSingle;
  int64_t min_items = 0;
  int64_t max_items = 0;
};

struct Schema {
  int64_t version = 0;
  Block block;
};

// The value type of an attribute, a block, or a nested block as it appears
// in its parent's object.
[[nodiscard]] cty::Type ImpliedType(const Attribute& attribute);
[[nodiscard]] cty::Type ImpliedType(const Block& block);
[[nodiscard]] cty::Type ImpliedType(const NestedBlock& nested);

// Checks the rules Terraform's InternalValidate applies to provider schemas
// (names, exactly one of type and nested type, flag combinations, nesting
// limits), so a broken schema fails our tests instead of the user's plan.
[[nodiscard]] absl::Status ValidateSchema(const Block& block);

// The longest prefix of `path` that Terraform can turn into a source range:
// nested block steps, then one attribute, then at most one index into that
// attribute's value. Terraform resolves nothing deeper and, given a deeper
// path, can attach the diagnostic to an unrelated attribute of the same
// name, so diagnostics are trimmed to this before they leave the provider.
[[nodiscard]] cty::Path AddressablePath(const Block& block,
                                        const cty::Path& path);

// Attribute builders for readable schema declarations.
[[nodiscard]] Attribute RequiredAttribute(std::string name, cty::Type type,
                                          std::string description);
[[nodiscard]] Attribute OptionalAttribute(std::string name, cty::Type type,
                                          std::string description);
[[nodiscard]] Attribute ComputedAttribute(std::string name, cty::Type type,
                                          std::string description);
// Optional and also set by the provider when the configuration omits it.
[[nodiscard]] Attribute OptionalComputedAttribute(std::string name,
                                                  cty::Type type,
                                                  std::string description);

}  // namespace threatmodel::provider

#endif  // THREATMODEL_PROVIDER_SCHEMA_H_
