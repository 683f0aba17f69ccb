#include "threatmodel/provider/schema.h"

#include <map>
#include <set>

#include "absl/strings/str_cat.h"

namespace threatmodel::provider {
namespace {

bool ContainsDynamic(const cty::Type& type) {
  switch (type.kind()) {
    case cty::Type::Kind::kDynamic:
      return true;
    case cty::Type::Kind::kList:
    case cty::Type::Kind::kSet:
    case cty::Type::Kind::kMap:
      return ContainsDynamic(type.element_type());
    case cty::Type::Kind::kTuple:
      for (const cty::Type& t : type.tuple_elements()) {
        if (ContainsDynamic(t)) return true;
      }
      return false;
    case cty::Type::Kind::kObject:
      for (const auto& [name, t] : type.attribute_types()) {
        if (ContainsDynamic(t)) return true;
      }
      return false;
    default:
      return false;
  }
}

bool BlockHasDynamicAttribute(const Block& block) {
  for (const Attribute& a : block.attributes) {
    if (ContainsDynamic(ImpliedType(a))) return true;
  }
  return false;
}

bool ValidName(std::string_view name) {
  if (name.empty()) return false;
  for (char c : name) {
    if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_')) {
      return false;
    }
  }
  return true;
}

cty::Type NestedObjectType(const std::vector<Attribute>& attributes) {
  std::map<std::string, cty::Type> types;
  std::set<std::string> optional;
  for (const Attribute& a : attributes) {
    types.emplace(a.name, ImpliedType(a));
    // Terraform marks optional and computed nested attributes optional in
    // the object type; the wire encoding is the same either way.
    if (a.optional || a.computed) optional.insert(a.name);
  }
  return cty::Type::Object(std::move(types), std::move(optional));
}

absl::Status ValidateAttributes(const std::vector<Attribute>& attributes,
                                const std::string& prefix,
                                std::set<std::string>& names);

absl::Status ValidateAttribute(const Attribute& a, const std::string& prefix) {
  const std::string where = prefix + a.name;
  if (!ValidName(a.name)) {
    return absl::InvalidArgumentError(
        absl::StrCat(where, ": name must match ^[a-z0-9_]+$"));
  }
  const bool has_nested = a.nested_nesting != NestingMode::kNone;
  if (a.type.has_value() == has_nested) {
    return absl::InvalidArgumentError(
        absl::StrCat(where, ": exactly one of type and nested type is needed"));
  }
  if (!a.required && !a.optional && !a.computed) {
    return absl::InvalidArgumentError(absl::StrCat(
        where, ": one of required, optional or computed must be set"));
  }
  if (a.required && (a.optional || a.computed)) {
    return absl::InvalidArgumentError(absl::StrCat(
        where, ": required cannot be combined with optional or computed"));
  }
  if (a.write_only && a.computed) {
    return absl::InvalidArgumentError(
        absl::StrCat(where, ": write-only attributes cannot be computed"));
  }
  if (has_nested) {
    if (a.nested_nesting == NestingMode::kGroup) {
      return absl::InvalidArgumentError(
          absl::StrCat(where, ": nested attributes cannot use group nesting"));
    }
    if (a.nested_nesting == NestingMode::kSet &&
        ContainsDynamic(NestedObjectType(a.nested_attributes))) {
      return absl::InvalidArgumentError(
          absl::StrCat(where, ": a set cannot contain dynamic values"));
    }
    std::set<std::string> names;
    return ValidateAttributes(a.nested_attributes, where + ".", names);
  }
  return absl::OkStatus();
}

absl::Status ValidateAttributes(const std::vector<Attribute>& attributes,
                                const std::string& prefix,
                                std::set<std::string>& names) {
  for (const Attribute& a : attributes) {
    if (!names.insert(a.name).second) {
      return absl::InvalidArgumentError(
          absl::StrCat(prefix, a.name, ": declared twice"));
    }
    if (absl::Status s = ValidateAttribute(a, prefix); !s.ok()) return s;
  }
  return absl::OkStatus();
}

absl::Status ValidateBlock(const Block& block, const std::string& prefix) {
  std::set<std::string> names;
  if (absl::Status s = ValidateAttributes(block.attributes, prefix, names);
      !s.ok()) {
    return s;
  }
  for (const NestedBlock& nb : block.block_types) {
    const std::string where = prefix + nb.type_name;
    if (!ValidName(nb.type_name)) {
      return absl::InvalidArgumentError(
          absl::StrCat(where, ": name must match ^[a-z0-9_]+$"));
    }
    if (!names.insert(nb.type_name).second) {
      return absl::InvalidArgumentError(
          absl::StrCat(where, ": declared twice"));
    }
    switch (nb.nesting) {
      case NestingMode::kSingle:
        if (nb.min_items != nb.max_items || nb.min_items > 1 ||
            nb.min_items < 0) {
          return absl::InvalidArgumentError(absl::StrCat(
              where, ": single nesting needs min_items == max_items <= 1"));
        }
        break;
      case NestingMode::kGroup:
      case NestingMode::kMap:
        if (nb.min_items != 0 || nb.max_items != 0) {
          return absl::InvalidArgumentError(absl::StrCat(
              where, ": group and map nesting cannot limit items"));
        }
        break;
      case NestingMode::kList:
      case NestingMode::kSet:
        if (nb.min_items < 0 || nb.max_items < 0 ||
            (nb.max_items != 0 && nb.min_items > nb.max_items)) {
          return absl::InvalidArgumentError(
              absl::StrCat(where, ": min_items exceeds max_items"));
        }
        if (nb.nesting == NestingMode::kSet &&
            BlockHasDynamicAttribute(nb.block)) {
          return absl::InvalidArgumentError(
              absl::StrCat(where, ": a set cannot contain dynamic values"));
        }
        break;
      case NestingMode::kNone:
        return absl::InvalidArgumentError(
            absl::StrCat(where, ": nesting mode is required"));
    }
    if (absl::Status s = ValidateBlock(nb.block, where + "."); !s.ok()) {
      return s;
    }
  }
  return absl::OkStatus();
}

Attribute MakeAttribute(std::string name, cty::Type type,
                        std::string description) {
  Attribute a;
  a.name = std::move(name);
  a.type = std::move(type);
  a.description = std::move(description);
  return a;
}

}  // namespace

const Attribute* Block::FindAttribute(std::string_view name) const {
  for (const Attribute& a : attributes) {
    if (a.name == name) return &a;
  }
  return nullptr;
}

cty::Type ImpliedType(const Attribute& attribute) {
  if (attribute.type.has_value()) return *attribute.type;
  cty::Type object = NestedObjectType(attribute.nested_attributes);
  // As with blocks, elements whose dynamic attributes may differ in type
  // cannot form a list or map, so Terraform sends them as dynamic.
  const bool dynamic = ContainsDynamic(object);
  switch (attribute.nested_nesting) {
    case NestingMode::kList:
      return dynamic ? cty::Type::Dynamic() : cty::Type::List(object);
    case NestingMode::kSet:
      return cty::Type::Set(object);
    case NestingMode::kMap:
      return dynamic ? cty::Type::Dynamic() : cty::Type::Map(object);
    default:
      return object;
  }
}

cty::Type ImpliedType(const Block& block) {
  std::map<std::string, cty::Type> types;
  for (const Attribute& a : block.attributes) {
    types.emplace(a.name, ImpliedType(a));
  }
  for (const NestedBlock& nb : block.block_types) {
    types.emplace(nb.type_name, ImpliedType(nb));
  }
  return cty::Type::Object(std::move(types));
}

cty::Type ImpliedType(const NestedBlock& nested) {
  cty::Type object = ImpliedType(nested.block);
  // Terraform cannot type a list or map of blocks holding dynamic values as
  // a collection, so they travel as a dynamic tuple or object.
  const bool dynamic = BlockHasDynamicAttribute(nested.block);
  switch (nested.nesting) {
    case NestingMode::kList:
      return dynamic ? cty::Type::Dynamic() : cty::Type::List(object);
    case NestingMode::kSet:
      return cty::Type::Set(object);
    case NestingMode::kMap:
      return dynamic ? cty::Type::Dynamic() : cty::Type::Map(object);
    default:
      return object;
  }
}

cty::Path AddressablePath(const Block& block, const cty::Path& path) {
  using Kind = cty::PathStep::Kind;
  cty::Path out;
  const Block* current = &block;
  const auto& steps = path.steps();
  size_t i = 0;
  // Descend through nested blocks: an attribute step naming a block type,
  // followed by an index for list, set and map nesting.
  while (i < steps.size() && steps[i].kind == Kind::kAttribute) {
    const NestedBlock* nested = nullptr;
    for (const NestedBlock& nb : current->block_types) {
      if (nb.type_name == steps[i].name) nested = &nb;
    }
    if (nested == nullptr) break;
    out = out.Attr(steps[i].name);
    ++i;
    if (nested->nesting == NestingMode::kList ||
        nested->nesting == NestingMode::kSet ||
        nested->nesting == NestingMode::kMap) {
      if (i >= steps.size() || steps[i].kind == Kind::kAttribute) return out;
      out = steps[i].kind == Kind::kElementKeyInt ? out.Index(steps[i].index)
                                                  : out.Key(steps[i].name);
      ++i;
    }
    current = &nested->block;
  }
  if (i >= steps.size() || steps[i].kind != Kind::kAttribute) return out;
  out = out.Attr(steps[i].name);
  ++i;
  if (i < steps.size() && steps[i].kind != Kind::kAttribute) {
    out = steps[i].kind == Kind::kElementKeyInt ? out.Index(steps[i].index)
                                                : out.Key(steps[i].name);
  }
  return out;
}

absl::Status ValidateSchema(const Block& block) {
  return ValidateBlock(block, "");
}

Attribute RequiredAttribute(std::string name, cty::Type type,
                            std::string description) {
  Attribute a =
      MakeAttribute(std::move(name), std::move(type), std::move(description));
  a.required = true;
  return a;
}

Attribute OptionalAttribute(std::string name, cty::Type type,
                            std::string description) {
  Attribute a =
      MakeAttribute(std::move(name), std::move(type), std::move(description));
  a.optional = true;
  return a;
}

Attribute ComputedAttribute(std::string name, cty::Type type,
                            std::string description) {
  Attribute a =
      MakeAttribute(std::move(name), std::move(type), std::move(description));
  a.computed = true;
  return a;
}

Attribute OptionalComputedAttribute(std::string name, cty::Type type,
                                    std::string description) {
  Attribute a =
      MakeAttribute(std::move(name), std::move(type), std::move(description));
  a.optional = true;
  a.computed = true;
  return a;
}

}  // namespace threatmodel::provider
