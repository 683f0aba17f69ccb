#include "cty/internal/json_dom.h"

#include <string>
#include <utility>
#include <vector>

#include "absl/status/status.h"
#include "cty/internal/strings.h"
#include "cty/internal/text.h"
#include "threatmodel/cty/path.h"

namespace threatmodel::cty::internal {
namespace {

using nlohmann::json;

// Builds the DOM from SAX events. Depth is enforced in start_array and
// start_object, before nlohmann descends, so hostile nesting never reaches
// deep recursion.
class DomBuilder {
 public:
  DomBuilder(std::string_view prefix, int max_depth, bool keep_number_text)
      : prefix_(prefix),
        max_depth_(max_depth),
        keep_number_text_(keep_number_text) {}

  bool null() { return Add(json(nullptr)) != nullptr; }
  bool boolean(bool value) { return Add(json(value)) != nullptr; }
  bool number_integer(json::number_integer_t value) {
    return Add(json(value)) != nullptr;
  }
  bool number_unsigned(json::number_unsigned_t value) {
    return Add(json(value)) != nullptr;
  }
  bool number_float(json::number_float_t value, const json::string_t& text) {
    if (keep_number_text_) {
      return Add(json::binary(
                 json::binary_t::container_type(text.begin(), text.end()),
                 kNumberTextSubtype)) != nullptr;
    }
    return Add(json(value)) != nullptr;
  }
  bool string(json::string_t& value) {
    return Add(json(std::move(value))) != nullptr;
  }
  bool binary(json::binary_t& value) {
    return Add(json::binary(std::move(value))) != nullptr;
  }
  bool start_object(std::size_t /*elements*/) { return Open(json::object()); }
  bool key(json::string_t& key) {
    Level& level = levels_.back();
    if (level.container->contains(key)) {
      return Fail(Cat(PathText(), "duplicate object key ", Quote(key)));
    }
    level.key = std::move(key);
    return true;
  }
  bool end_object() {
    levels_.pop_back();
    return true;
  }
  bool start_array(std::size_t /*elements*/) { return Open(json::array()); }
  bool end_array() {
    levels_.pop_back();
    return true;
  }
  bool parse_error(std::size_t /*position*/, const std::string& /*token*/,
                   const nlohmann::detail::exception& ex) {
    return Fail(Cat("malformed input: ", StripNlohmannPrefix(ex.what())));
  }

  json& root() { return root_; }
  const absl::Status& status() const { return status_; }

 private:
  struct Level {
    json* container;
    std::string key;  // the pending key when `container` is an object
  };

  json* Add(json value) {
    if (levels_.empty()) {
      root_ = std::move(value);
      return &root_;
    }
    Level& level = levels_.back();
    if (level.container->is_array()) {
      level.container->push_back(std::move(value));
      return &level.container->back();
    }
    json& slot = (*level.container)[level.key];
    slot = std::move(value);
    return &slot;
  }

  bool Open(json container) {
    if (static_cast<int>(levels_.size()) >= max_depth_) {
      return Fail(Cat(PathText(), "nesting exceeds ", max_depth_, " levels"));
    }
    json* added = Add(std::move(container));
    levels_.push_back(Level{added, ""});
    return true;
  }

  // The path of the innermost open container, as "<path>: " or "".
  std::string PathText() const {
    Path path;
    for (size_t i = 0; i + 1 < levels_.size(); ++i) {
      const json& c = *levels_[i].container;
      path = c.is_array() ? path.Index(static_cast<int64_t>(c.size()) - 1)
                          : path.Key(levels_[i].key);
    }
    return path.empty() ? "" : Cat(path.ToString(), ": ");
  }

  static std::string Quote(std::string_view s) {
    std::string out;
    AppendJsonString(&out, s, /*html_escape=*/false);
    return out;
  }

  bool Fail(const std::string& message) {
    if (status_.ok()) {
      status_ = absl::InvalidArgumentError(Cat(prefix_, ": ", message));
    }
    return false;
  }

  std::string_view prefix_;
  int max_depth_;
  bool keep_number_text_;
  json root_;
  std::vector<Level> levels_;
  absl::Status status_;
};

absl::Status TypeError(std::string_view message) {
  return absl::InvalidArgumentError(Cat("type json: ", message));
}

}  // namespace

std::string_view StripNlohmannPrefix(std::string_view what) {
  if (what.substr(0, 1) == "[") {
    const size_t end = what.find("] ");
    if (end != std::string_view::npos) what.remove_prefix(end + 2);
  }
  return what;
}

absl::StatusOr<json> ParseJsonDom(std::string_view text,
                                  std::string_view prefix, int max_depth,
                                  bool keep_number_text) {
  DomBuilder builder(prefix, max_depth, keep_number_text);
  bool ok = false;
  try {
    ok = json::sax_parse(text.begin(), text.end(), &builder,
                         json::input_format_t::json, /*strict=*/true);
  } catch (const json::exception& e) {
    return absl::InvalidArgumentError(
        Cat(prefix, ": malformed input: ", StripNlohmannPrefix(e.what())));
  }
  if (!builder.status().ok()) return builder.status();
  if (!ok) {
    return absl::InvalidArgumentError(Cat(prefix, ": malformed input"));
  }
  return std::move(builder.root());
}

absl::StatusOr<Type> TypeFromJsonDom(const json& j, int depth) {
  if (depth > 64) return TypeError("type nesting exceeds 64 levels");
  if (j.is_string()) {
    const std::string& name = j.get_ref<const std::string&>();
    if (name == "string") return Type::String();
    if (name == "number") return Type::Number();
    if (name == "bool") return Type::Bool();
    if (name == "dynamic") return Type::Dynamic();
    std::string quoted;
    AppendJsonString(&quoted, name, /*html_escape=*/false);
    return TypeError(Cat("invalid primitive type name ", quoted));
  }
  if (!j.is_array() || j.empty() || !j[0].is_string()) {
    return TypeError(
        "a type must be a primitive type name or a [kind, ...] array");
  }
  const std::string& kind = j[0].get_ref<const std::string&>();
  if (kind == "list" || kind == "set" || kind == "map") {
    if (j.size() != 2) {
      return TypeError(Cat(kind, " type needs exactly one element type"));
    }
    absl::StatusOr<Type> element = TypeFromJsonDom(j[1], depth + 1);
    if (!element.ok()) return element.status();
    if (kind == "list") return Type::List(*std::move(element));
    if (kind == "set") return Type::Set(*std::move(element));
    return Type::Map(*std::move(element));
  }
  if (kind == "tuple") {
    if (j.size() != 2 || !j[1].is_array()) {
      return TypeError("tuple type needs an array of element types");
    }
    std::vector<Type> elements;
    for (const json& e : j[1]) {
      absl::StatusOr<Type> t = TypeFromJsonDom(e, depth + 1);
      if (!t.ok()) return t.status();
      elements.push_back(*std::move(t));
    }
    return Type::Tuple(std::move(elements));
  }
  if (kind == "object") {
    if ((j.size() != 2 && j.size() != 3) || !j[1].is_object()) {
      return TypeError(
          "object type needs an object of attribute types and optionally an "
          "array of optional attribute names");
    }
    std::map<std::string, Type> attributes;
    for (const auto& [name, value] : j[1].items()) {
      absl::StatusOr<Type> t = TypeFromJsonDom(value, depth + 1);
      if (!t.ok()) return t.status();
      attributes.emplace(name, *std::move(t));
    }
    std::set<std::string> optional;
    if (j.size() == 3) {
      if (!j[2].is_array()) {
        return TypeError("optional attribute names must be an array");
      }
      for (const json& name : j[2]) {
        if (!name.is_string()) {
          return TypeError("optional attribute names must be strings");
        }
        const std::string& n = name.get_ref<const std::string&>();
        if (attributes.count(n) == 0) {
          std::string quoted;
          AppendJsonString(&quoted, n, /*html_escape=*/false);
          return TypeError(Cat("optional attribute ", quoted,
                               " is not an attribute of the object"));
        }
        optional.insert(n);
      }
    }
    return Type::Object(std::move(attributes), std::move(optional));
  }
  std::string quoted;
  AppendJsonString(&quoted, kind, /*html_escape=*/false);
  return TypeError(Cat("invalid complex type kind ", quoted));
}

}  // namespace threatmodel::cty::internal
