// The apply half of stub_plan.h: unknowns become fake values.
#include <map>
#include <string>
#include <utility>

#include "absl/status/status.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "acceptance/azurerm-stub/fake_values.h"
#include "acceptance/azurerm-stub/stub_plan.h"

namespace threatmodel::azurerm_stub {
namespace {

using cty::Type;
using cty::Value;

// Debian's Abseil keeps absl::string_view distinct from std::string_view
// (see src/rules/string_view_compat.h).
absl::string_view Av(std::string_view s) { return {s.data(), s.size()}; }

// Templates may name other computed attributes (a role assignment's id
// holds its generated name), so filling runs in passes over the whole
// state until nothing waits for another value.
constexpr int kMaxPasses = 4;

struct Fill {
  std::string_view seed;
  Value state;           // the whole state as of the start of this pass
  bool pending = false;  // a template waited for a value still unknown
  diag::Diagnostics* diagnostics;
};

// A value of `type` for an attribute nothing in the table describes,
// chosen so that it reads plausibly in a plan: UUIDs for ids, empty
// collections, false, 0.
Value Generic(std::string_view name, const Type& type, Fill& fill,
              const std::string& path) {
  switch (type.kind()) {
    case Type::Kind::kString:
      if (absl::EndsWith(Av(name), "_id") || absl::EndsWith(Av(name), "guid")) {
        return Value::String(FakeUuid(fill.seed, path));
      }
      return Value::String(absl::StrCat("stub-", Av(name)));
    case Type::Kind::kBool:
      return Value::Bool(false);
    case Type::Kind::kNumber:
      return Value::Int(0);
    case Type::Kind::kList:
      return Value::List(type.element_type(), {});
    case Type::Kind::kSet:
      return Value::Set(type.element_type(), {});
    case Type::Kind::kMap:
      return Value::Map(type.element_type(), {});
    case Type::Kind::kObject:
      return Value::ObjectOf(type, {});
    default:
      return Value::Null(type);
  }
}

// `v` with every unknown inside replaced by a generic value.
Value FillDeep(std::string_view name, const Value& v, Fill& fill,
               const std::string& path) {
  if (!v.IsKnown()) return Generic(name, v.type(), fill, path);
  if (v.IsNull() || v.IsWhollyKnown()) return v;
  const Type& type = v.type();
  std::vector<Value> elements;
  switch (type.kind()) {
    case Type::Kind::kList:
    case Type::Kind::kSet:
    case Type::Kind::kTuple:
      for (size_t i = 0; i < v.elements().size(); ++i) {
        elements.push_back(FillDeep(name, v.elements()[i], fill,
                                    absl::StrCat(path, "[", i, "]")));
      }
      if (type.kind() == Type::Kind::kList) {
        return Value::List(type.element_type(), std::move(elements));
      }
      if (type.kind() == Type::Kind::kSet) {
        return Value::Set(type.element_type(), std::move(elements));
      }
      return Value::Tuple(std::move(elements));
    case Type::Kind::kMap: {
      std::map<std::string, Value> out;
      for (const auto& [key, e] : v.map_elements()) {
        out.emplace(key, FillDeep(name, e, fill,
                                  absl::StrCat(path, "[\"", key, "\"]")));
      }
      return Value::Map(type.element_type(), std::move(out));
    }
    case Type::Kind::kObject: {
      std::map<std::string, Value> out;
      for (const auto& [attr, e] : v.attributes()) {
        out.emplace(attr,
                    FillDeep(attr, e, fill, absl::StrCat(path, ".", attr)));
      }
      return Value::ObjectOf(type, std::move(out));
    }
    default:
      return v;
  }
}

Value FillAttribute(const StubAttribute& a, const Value& v, Fill& fill,
                    const std::string& path) {
  if (v.IsKnown()) return FillDeep(a.schema.name, v, fill, path);
  if (!a.fake_template.empty()) {
    absl::StatusOr<std::string> s =
        ExpandTemplate(a.fake_template, fill.state, fill.seed, path);
    if (absl::IsUnavailable(s.status())) {
      fill.pending = true;
      return v;
    }
    if (!s.ok()) {
      fill.diagnostics->AddStatus(s.status(), "Broken azurerm stub table");
      return v;
    }
    return Value::String(*std::move(s));
  }
  if (a.fake_value.has_value()) return *a.fake_value;
  return Generic(a.schema.name, v.type(), fill, path);
}

Value FillObject(const StubBlock& block, const Value& object, Fill& fill,
                 const std::string& path);

// What an API reports for an Optional+Computed block the configuration
// left out: one element of defaults and fakes for single-item blocks,
// none otherwise.
Value SkeletonObject(const StubBlock& block, const Type& type) {
  std::map<std::string, Value> out;
  for (const StubAttribute& a : block.attributes) {
    const Type t = provider::ImpliedType(a.schema);
    if (a.default_value.has_value()) {
      out.emplace(a.schema.name, *a.default_value);
    } else if (a.schema.computed || !a.fake_template.empty() ||
               a.fake_value.has_value()) {
      out.emplace(a.schema.name, Value::Unknown(t));
    }
  }
  for (const StubNestedBlock& nb : block.blocks) {
    const Type& t = type.attribute_types().at(nb.name);
    if (nb.computed) {
      out.emplace(nb.name, Value::Unknown(t));
    } else if (nb.nesting == provider::NestingMode::kList) {
      out.emplace(nb.name, Value::List(t.element_type(), {}));
    } else if (nb.nesting == provider::NestingMode::kSet) {
      out.emplace(nb.name, Value::Set(t.element_type(), {}));
    }
  }
  return Value::ObjectOf(type, std::move(out));
}

Value SkeletonBlock(const StubNestedBlock& nb, const Type& type) {
  switch (nb.nesting) {
    case provider::NestingMode::kList:
      if (nb.max_items == 1) {
        return Value::List(type.element_type(),
                           {SkeletonObject(nb.block, type.element_type())});
      }
      return Value::List(type.element_type(), {});
    case provider::NestingMode::kSet:
      return Value::Set(type.element_type(), {});
    case provider::NestingMode::kMap:
      return Value::Map(type.element_type(), {});
    default:
      return Value::Null(type);
  }
}

Value FillBlock(const StubNestedBlock& nb, Value v, Fill& fill,
                const std::string& path) {
  if (!v.IsKnown()) v = SkeletonBlock(nb, v.type());
  if (v.IsNull() || v.IsWhollyKnown()) return v;
  const Type& type = v.type();
  switch (nb.nesting) {
    case provider::NestingMode::kList:
    case provider::NestingMode::kSet: {
      std::vector<Value> out;
      for (size_t i = 0; i < v.elements().size(); ++i) {
        out.push_back(FillObject(nb.block, v.elements()[i], fill,
                                 absl::StrCat(path, "[", i, "]")));
      }
      return nb.nesting == provider::NestingMode::kList
                 ? Value::List(type.element_type(), std::move(out))
                 : Value::Set(type.element_type(), std::move(out));
    }
    case provider::NestingMode::kMap: {
      std::map<std::string, Value> out;
      for (const auto& [key, e] : v.map_elements()) {
        out.emplace(key, FillObject(nb.block, e, fill,
                                    absl::StrCat(path, "[\"", key, "\"]")));
      }
      return Value::Map(type.element_type(), std::move(out));
    }
    default:
      return FillObject(nb.block, v, fill, path);
  }
}

Value FillObject(const StubBlock& block, const Value& object, Fill& fill,
                 const std::string& path) {
  if (object.IsNull() || object.IsWhollyKnown()) return object;
  std::map<std::string, Value> out = object.attributes();
  for (const StubAttribute& a : block.attributes) {
    auto it = out.find(a.schema.name);
    if (it == out.end() || it->second.IsWhollyKnown()) continue;
    it->second =
        FillAttribute(a, it->second, fill, absl::StrCat(path, ".", it->first));
  }
  for (const StubNestedBlock& nb : block.blocks) {
    auto it = out.find(nb.name);
    if (it == out.end() || it->second.IsWhollyKnown()) continue;
    it->second =
        FillBlock(nb, it->second, fill, absl::StrCat(path, ".", it->first));
  }
  return Value::ObjectOf(object.type(), std::move(out));
}

}  // namespace

Value ApplyObject(const StubBlock& block, const Value& planned,
                  std::string_view seed, diag::Diagnostics& diagnostics) {
  Fill fill{seed, planned, false, &diagnostics};
  for (int pass = 0; pass < kMaxPasses; ++pass) {
    fill.pending = false;
    fill.state = FillObject(block, fill.state, fill, "");
    if (!fill.pending) break;
  }
  if (fill.pending) {
    diagnostics.AddError("Broken azurerm stub table",
                         "Fake value templates refer to each other in a "
                         "cycle, or to a value nothing fills.");
  }
  return fill.state;
}

}  // namespace threatmodel::azurerm_stub
