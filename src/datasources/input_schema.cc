#include "datasources/input_schema.h"

#include <algorithm>
#include <map>
#include <utility>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/string_view.h"

namespace threatmodel::datasources {
namespace {

using Kind = TypeSpec::Kind;

// A recursive-descent parser over Terraform's type expression syntax.
class Parser {
 public:
  explicit Parser(std::string_view text) : text_(text) {}

  absl::StatusOr<TypeSpec> ParseAll() {
    absl::StatusOr<TypeSpec> spec = ParseType();
    if (!spec.ok()) return spec;
    SkipSpace();
    if (pos_ != text_.size()) return Error("unexpected text");
    return spec;
  }

 private:
  absl::Status Error(std::string_view what) const {
    return absl::InvalidArgumentError(
        absl::StrCat("type expression \"", std::string(text_),
                     "\": ", std::string(what), " at offset ", pos_));
  }

  void SkipSpace() {
    while (pos_ < text_.size() &&
           absl::ascii_isspace(static_cast<unsigned char>(text_[pos_]))) {
      ++pos_;
    }
  }

  std::string Identifier() {
    SkipSpace();
    const size_t start = pos_;
    while (pos_ < text_.size() &&
           (absl::ascii_isalnum(static_cast<unsigned char>(text_[pos_])) ||
            text_[pos_] == '_' || text_[pos_] == '-')) {
      ++pos_;
    }
    return std::string(text_.substr(start, pos_ - start));
  }

  bool Consume(char c) {
    SkipSpace();
    if (pos_ < text_.size() && text_[pos_] == c) {
      ++pos_;
      return true;
    }
    return false;
  }

  absl::Status Expect(char c) {
    if (Consume(c)) return absl::OkStatus();
    return Error(absl::StrCat("expected '", std::string(1, c), "'"));
  }

  absl::StatusOr<TypeSpec> ParseType() {
    const std::string word = Identifier();
    TypeSpec spec;
    if (word == "string") {
      spec.kind = Kind::kString;
    } else if (word == "number") {
      spec.kind = Kind::kNumber;
    } else if (word == "bool") {
      spec.kind = Kind::kBool;
    } else if (word == "list" || word == "set" || word == "map") {
      spec.kind = word == "list"  ? Kind::kList
                  : word == "set" ? Kind::kSet
                                  : Kind::kMap;
      if (absl::Status s = Expect('('); !s.ok()) return s;
      absl::StatusOr<TypeSpec> element = ParseType();
      if (!element.ok()) return element.status();
      spec.element = std::make_shared<const TypeSpec>(*std::move(element));
      if (absl::Status s = Expect(')'); !s.ok()) return s;
    } else if (word == "object") {
      spec.kind = Kind::kObject;
      if (absl::Status s = Expect('('); !s.ok()) return s;
      if (absl::Status s = Expect('{'); !s.ok()) return s;
      while (!Consume('}')) {
        TypeSpec::Field field;
        field.name = Identifier();
        if (field.name.empty()) return Error("expected an attribute name");
        if (absl::Status s = Expect('='); !s.ok()) return s;
        const size_t before = pos_;
        if (Identifier() == "optional" && Consume('(')) {
          field.optional = true;
        } else {
          pos_ = before;
        }
        absl::StatusOr<TypeSpec> type = ParseType();
        if (!type.ok()) return type.status();
        if (field.optional) {
          if (absl::Status s = Expect(')'); !s.ok()) return s;
        }
        field.type = std::make_shared<const TypeSpec>(*std::move(type));
        if (spec.FindField(field.name) != nullptr) {
          return Error(absl::StrCat("duplicate attribute ", field.name));
        }
        spec.fields.push_back(std::move(field));
        if (!Consume(',')) {
          if (absl::Status s = Expect('}'); !s.ok()) return s;
          break;
        }
      }
      if (absl::Status s = Expect(')'); !s.ok()) return s;
    } else {
      return Error(word.empty() ? "expected a type"
                                : absl::StrCat("unknown type ", word));
    }
    return spec;
  }

  std::string_view text_;
  size_t pos_ = 0;
};

size_t EditDistance(std::string_view a, std::string_view b) {
  std::vector<size_t> row(b.size() + 1);
  for (size_t j = 0; j <= b.size(); ++j) row[j] = j;
  for (size_t i = 1; i <= a.size(); ++i) {
    size_t diagonal = row[0];
    row[0] = i;
    for (size_t j = 1; j <= b.size(); ++j) {
      const size_t above = row[j];
      row[j] = std::min({row[j] + 1, row[j - 1] + 1,
                         diagonal + (a[i - 1] == b[j - 1] ? 0 : 1)});
      diagonal = above;
    }
  }
  return row[b.size()];
}

bool IsSequence(cty::Type::Kind k) {
  return k == cty::Type::Kind::kList || k == cty::Type::Kind::kSet ||
         k == cty::Type::Kind::kTuple;
}

bool IsKeyed(cty::Type::Kind k) {
  return k == cty::Type::Kind::kObject || k == cty::Type::Kind::kMap;
}

// The members of an object or map value, by name.
const std::map<std::string, cty::Value>& Members(const cty::Value& v) {
  return v.type().kind() == cty::Type::Kind::kObject ? v.attributes()
                                                     : v.map_elements();
}

// How a diagnostic names the element at `path`: "policy.tiers[\"admin\"]".
std::string Label(const cty::Path& path) {
  std::string text = path.ToString();
  if (!text.empty() && text.front() == '.') text.erase(0, 1);
  return text.empty() ? "the value" : text;
}

void AddTypeError(const cty::Value& value, const TypeSpec& spec,
                  const cty::Path& path, diag::Diagnostics& diags) {
  diags.AddAttributeError(
      path, "Invalid value",
      absl::StrCat(Label(path), " must be ", DescribeSpec(spec), ", not ",
                   value.type().FriendlyName(), "."));
}

class Conformer {
 public:
  explicit Conformer(diag::Diagnostics& diags) : diags_(diags) {}

  // Returns a value of CanonicalType(spec); `ok_` turns false on errors.
  cty::Value Conform(const cty::Value& value, const TypeSpec& spec,
                     const cty::Path& path) {
    const cty::Type type = CanonicalType(spec);
    if (value.IsNull()) return cty::Value::Null(type);
    if (!value.IsKnown()) return cty::Value::Unknown(type);
    const cty::Type::Kind kind = value.type().kind();
    switch (spec.kind) {
      case Kind::kString:
        if (kind == cty::Type::Kind::kString) return value;
        if (kind == cty::Type::Kind::kNumber) {
          return cty::Value::String(value.AsNumber().ToString());
        }
        if (kind == cty::Type::Kind::kBool) {
          return cty::Value::String(value.AsBool() ? "true" : "false");
        }
        break;
      case Kind::kNumber:
        if (kind == cty::Type::Kind::kNumber) return value;
        if (kind == cty::Type::Kind::kString) {
          absl::StatusOr<cty::Number> n = cty::Number::Parse(value.AsString());
          if (n.ok()) return cty::Value::NumberVal(*std::move(n));
        }
        break;
      case Kind::kBool:
        if (kind == cty::Type::Kind::kBool) return value;
        if (kind == cty::Type::Kind::kString) {
          if (value.AsString() == "true") return cty::Value::Bool(true);
          if (value.AsString() == "false") return cty::Value::Bool(false);
        }
        break;
      case Kind::kList:
      case Kind::kSet:
        if (IsSequence(kind)) {
          const bool is_set = kind == cty::Type::Kind::kSet;
          std::vector<cty::Value> out;
          int64_t i = 0;
          for (const cty::Value& e : value.elements()) {
            // Set elements have no address Terraform can point at.
            out.push_back(
                Conform(e, *spec.element, is_set ? path : path.Index(i)));
            ++i;
          }
          return cty::Value::List(type.element_type(), std::move(out));
        }
        break;
      case Kind::kMap:
        if (IsKeyed(kind)) {
          std::map<std::string, cty::Value> out;
          for (const auto& [key, e] : Members(value)) {
            out.emplace(key, Conform(e, *spec.element, path.Key(key)));
          }
          return cty::Value::Map(type.element_type(), std::move(out));
        }
        break;
      case Kind::kObject:
        if (IsKeyed(kind)) return ConformObject(value, spec, path, type);
        break;
    }
    AddTypeError(value, spec, path, diags_);
    ok_ = false;
    return cty::Value::Null(type);
  }

  bool ok() const { return ok_; }

 private:
  cty::Value ConformObject(const cty::Value& value, const TypeSpec& spec,
                           const cty::Path& path, const cty::Type& type) {
    const std::map<std::string, cty::Value>& members = Members(value);
    for (const auto& [key, unused] : members) {
      if (spec.FindField(key) == nullptr) {
        AddUnknownKeyError(key, path.Attr(key), Label(path), spec.FieldNames(),
                           diags_);
        ok_ = false;
      }
    }
    std::map<std::string, cty::Value> out;
    for (const TypeSpec::Field& field : spec.fields) {
      auto it = members.find(field.name);
      const bool present = it != members.end() && !it->second.IsNull();
      if (!present && !field.optional) {
        diags_.AddAttributeError(
            path, "Missing required key",
            absl::StrCat(Label(path), " must set \"", field.name,
                         "\" (required keys: ", RequiredNames(spec), ")."));
        ok_ = false;
      }
      out.emplace(field.name,
                  present
                      ? Conform(it->second, *field.type, path.Attr(field.name))
                      : cty::Value::Null(CanonicalType(*field.type)));
    }
    return cty::Value::ObjectOf(type, std::move(out));
  }

  static std::string RequiredNames(const TypeSpec& spec) {
    std::vector<std::string> names;
    for (const TypeSpec::Field& f : spec.fields) {
      if (!f.optional) names.push_back(f.name);
    }
    return absl::StrJoin(names, ", ");
  }

  diag::Diagnostics& diags_;
  bool ok_ = true;
};

}  // namespace

const TypeSpec::Field* TypeSpec::FindField(std::string_view name) const {
  for (const Field& f : fields) {
    if (f.name == name) return &f;
  }
  return nullptr;
}

std::vector<std::string> TypeSpec::FieldNames() const {
  std::vector<std::string> names;
  for (const Field& f : fields) names.push_back(f.name);
  std::sort(names.begin(), names.end());
  return names;
}

absl::StatusOr<TypeSpec> ParseTypeSpec(std::string_view text) {
  return Parser(text).ParseAll();
}

cty::Type CanonicalType(const TypeSpec& spec) {
  switch (spec.kind) {
    case Kind::kString:
      return cty::Type::String();
    case Kind::kNumber:
      return cty::Type::Number();
    case Kind::kBool:
      return cty::Type::Bool();
    case Kind::kList:
    case Kind::kSet:
      return cty::Type::List(CanonicalType(*spec.element));
    case Kind::kMap:
      return cty::Type::Map(CanonicalType(*spec.element));
    case Kind::kObject: {
      std::map<std::string, cty::Type> attributes;
      for (const TypeSpec::Field& f : spec.fields) {
        attributes.emplace(f.name, CanonicalType(*f.type));
      }
      return cty::Type::Object(std::move(attributes));
    }
  }
  return cty::Type::Dynamic();
}

std::string DescribeSpec(const TypeSpec& spec) {
  auto plural = [](const TypeSpec& element) {
    switch (element.kind) {
      case Kind::kString:
        return std::string("strings");
      case Kind::kNumber:
        return std::string("numbers");
      case Kind::kBool:
        return std::string("bools");
      case Kind::kObject:
        return std::string("objects");
      default:
        return absl::StrCat("collections");
    }
  };
  switch (spec.kind) {
    case Kind::kString:
      return "a string";
    case Kind::kNumber:
      return "a number";
    case Kind::kBool:
      return "a bool (true or false)";
    case Kind::kList:
      return absl::StrCat("a list of ", plural(*spec.element));
    case Kind::kSet:
      return absl::StrCat("a set of ", plural(*spec.element));
    case Kind::kMap:
      return absl::StrCat("a map of ", plural(*spec.element));
    case Kind::kObject:
      return "an object";
  }
  return "a value";
}

std::optional<std::string> ClosestName(
    std::string_view name, const std::vector<std::string>& candidates) {
  const std::string lower = absl::AsciiStrToLower(std::string(name));
  std::optional<std::string> best;
  size_t best_distance = 3;
  for (const std::string& c : candidates) {
    const size_t d = EditDistance(lower, absl::AsciiStrToLower(c));
    if (d < best_distance && d < lower.size()) {
      best = c;
      best_distance = d;
    }
  }
  return best;
}

void AddUnknownKeyError(std::string_view key, const cty::Path& path,
                        std::string_view where,
                        const std::vector<std::string>& accepted,
                        diag::Diagnostics& diags) {
  std::string detail =
      absl::StrCat("\"", std::string(key), "\" is not a key of ",
                   std::string(where), ", so it would be ignored.");
  if (std::optional<std::string> close = ClosestName(key, accepted)) {
    absl::StrAppend(&detail, " Did you mean \"", *close, "\"?");
  }
  absl::StrAppend(&detail, " Accepted keys: ", absl::StrJoin(accepted, ", "),
                  ".");
  diags.AddAttributeError(
      path, absl::StrCat("Unsupported key \"", std::string(key), "\""),
      std::move(detail));
}

std::optional<cty::Value> ConformValue(const cty::Value& value,
                                       const TypeSpec& spec,
                                       const cty::Path& path,
                                       diag::Diagnostics& diags) {
  Conformer conformer(diags);
  cty::Value out = conformer.Conform(value, spec, path);
  if (!conformer.ok()) return std::nullopt;
  return out;
}

}  // namespace threatmodel::datasources
