#include "datasources/config_reader.h"

#include "absl/strings/str_cat.h"

namespace threatmodel::datasources {
namespace {

bool IsSequence(const cty::Type& t) {
  return t.kind() == cty::Type::Kind::kList ||
         t.kind() == cty::Type::Kind::kSet ||
         t.kind() == cty::Type::Kind::kTuple;
}

}  // namespace

const cty::Value* Member(const cty::Value& value, std::string_view name) {
  if (value.IsNull() || !value.IsKnown()) return nullptr;
  if (value.type().kind() == cty::Type::Kind::kObject) {
    return value.GetAttr(name);
  }
  if (value.type().kind() == cty::Type::Kind::kMap) {
    const auto& elements = value.map_elements();
    auto it = elements.find(std::string(name));
    return it == elements.end() ? nullptr : &it->second;
  }
  return nullptr;
}

rules::Maybe<std::string> StringMember(const cty::Value& object,
                                       std::string_view name,
                                       const cty::Path& path,
                                       diag::Diagnostics& diags) {
  const cty::Value* v = Member(object, name);
  if (v == nullptr || v->IsNull()) return rules::Maybe<std::string>::Null();
  if (!v->IsKnown()) return rules::Maybe<std::string>::Unknown();
  switch (v->type().kind()) {
    case cty::Type::Kind::kString:
      return v->AsString();
    case cty::Type::Kind::kNumber:
      return v->AsNumber().ToString();
    case cty::Type::Kind::kBool:
      return std::string(v->AsBool() ? "true" : "false");
    default:
      diags.AddAttributeError(
          path.Attr(std::string(name)), "Invalid value",
          absl::StrCat("\"", std::string(name), "\" must be a string, not ",
                       v->type().FriendlyName(), "."));
      return rules::Maybe<std::string>::Null();
  }
}

std::optional<std::vector<std::string>> StringList(const cty::Value* value,
                                                   const cty::Path& path,
                                                   diag::Diagnostics& diags) {
  if (value == nullptr || value->IsNull()) return std::nullopt;
  if (!value->IsKnown() || !IsSequence(value->type())) {
    diags.AddAttributeError(path, "Invalid value",
                            "A list of strings is required here.");
    return std::nullopt;
  }
  std::vector<std::string> out;
  int64_t i = 0;
  for (const cty::Value& e : value->elements()) {
    if (!e.IsKnown() || e.IsNull() ||
        e.type().kind() != cty::Type::Kind::kString) {
      diags.AddAttributeError(path.Index(i), "Invalid value",
                              "Each element must be a known, non-null string.");
    } else {
      out.push_back(e.AsString());
    }
    ++i;
  }
  return out;
}

void ForEachElement(const cty::Value& value, const cty::Path& path,
                    std::string_view what, diag::Diagnostics& diags,
                    const ElementVisitor& visit) {
  if (value.IsNull()) return;
  if (!value.IsKnown()) return;  // Validation time: nothing to inspect yet.
  const cty::Type& type = value.type();
  if (IsSequence(type)) {
    const bool is_set = type.kind() == cty::Type::Kind::kSet;
    int64_t i = 0;
    for (const cty::Value& e : value.elements()) {
      // Set elements have no address Terraform can point at.
      visit(std::to_string(i), is_set ? path : path.Index(i), e);
      ++i;
    }
    return;
  }
  if (type.kind() == cty::Type::Kind::kMap) {
    for (const auto& [key, e] : value.map_elements()) {
      visit(key, path.Key(key), e);
    }
    return;
  }
  if (type.kind() == cty::Type::Kind::kObject) {
    for (const auto& [key, e] : value.attributes()) {
      visit(key, path.Key(key), e);
    }
    return;
  }
  diags.AddAttributeError(
      path, "Invalid value",
      absl::StrCat("\"", std::string(what),
                   "\" must be a list, set, map or object of objects, not ",
                   type.FriendlyName(), "."));
}

}  // namespace threatmodel::datasources
