#include "rules/json_fields.h"

#include <limits>
#include <string>

#include "absl/strings/str_cat.h"
#include "absl/strings/string_view.h"
#include "rules/json_limits.h"

namespace threatmodel::rules::internal {

using Json = nlohmann::json;

std::string JoinPath(absl::string_view parent, absl::string_view key) {
  return parent.empty() ? std::string(key) : absl::StrCat(parent, ".", key);
}

std::string IndexPath(absl::string_view parent, std::size_t i) {
  return absl::StrCat(parent, "[", i, "]");
}

absl::Status FieldError(absl::string_view what, absl::string_view path,
                        absl::string_view message) {
  return absl::InvalidArgumentError(absl::StrCat(
      what, ": ", path.empty() ? absl::string_view("(top level)") : path, ": ",
      message));
}

absl::Status CheckObject(const Json& value,
                         std::initializer_list<absl::string_view> allowed,
                         absl::string_view what, absl::string_view path) {
  if (!value.is_object()) {
    return FieldError(
        what, path,
        absl::StrCat("expected an object, got ", JsonTypeName(value)));
  }
  for (const auto& item : value.items()) {
    bool known = false;
    for (absl::string_view key : allowed) {
      if (item.key() == key) known = true;
    }
    if (!known) {
      std::string key = item.key().substr(0, 64);
      return FieldError(what, JoinPath(path, key), "unknown key");
    }
  }
  return absl::OkStatus();
}

absl::Status ReadString(const Json& obj, absl::string_view key,
                        absl::string_view what, absl::string_view path,
                        std::string* out) {
  auto it = obj.find(std::string(key));
  if (it == obj.end() || it->is_null()) return absl::OkStatus();
  if (!it->is_string()) {
    return FieldError(
        what, JoinPath(path, key),
        absl::StrCat("expected a string, got ", JsonTypeName(*it)));
  }
  *out = it->get<std::string>();
  return absl::OkStatus();
}

absl::Status ReadBool(const Json& obj, absl::string_view key,
                      absl::string_view what, absl::string_view path,
                      bool* out) {
  auto it = obj.find(std::string(key));
  if (it == obj.end() || it->is_null()) return absl::OkStatus();
  if (!it->is_boolean()) {
    return FieldError(
        what, JoinPath(path, key),
        absl::StrCat("expected a boolean, got ", JsonTypeName(*it)));
  }
  *out = it->get<bool>();
  return absl::OkStatus();
}

absl::Status ReadInt(const Json& obj, absl::string_view key,
                     absl::string_view what, absl::string_view path, int* out) {
  auto it = obj.find(std::string(key));
  if (it == obj.end() || it->is_null()) return absl::OkStatus();
  if (it->is_number_unsigned()) {
    auto v = it->get<std::uint64_t>();
    if (v > static_cast<std::uint64_t>(std::numeric_limits<int>::max())) {
      return FieldError(what, JoinPath(path, key), "number is too large");
    }
    *out = static_cast<int>(v);
    return absl::OkStatus();
  }
  if (it->is_number_integer()) {
    auto v = it->get<std::int64_t>();
    if (v < std::numeric_limits<int>::min() ||
        v > std::numeric_limits<int>::max()) {
      return FieldError(what, JoinPath(path, key), "number is out of range");
    }
    *out = static_cast<int>(v);
    return absl::OkStatus();
  }
  return FieldError(
      what, JoinPath(path, key),
      absl::StrCat("expected an integer, got ", JsonTypeName(*it)));
}

absl::Status ReadStrings(const Json& obj, absl::string_view key,
                         absl::string_view what, absl::string_view path,
                         std::vector<std::string>* out) {
  auto it = obj.find(std::string(key));
  if (it == obj.end() || it->is_null()) return absl::OkStatus();
  std::string list_path = JoinPath(path, key);
  if (!it->is_array()) {
    return FieldError(
        what, list_path,
        absl::StrCat("expected a list of strings, got ", JsonTypeName(*it)));
  }
  out->clear();
  for (std::size_t i = 0; i < it->size(); ++i) {
    const Json& item = (*it)[i];
    if (!item.is_string()) {
      return FieldError(
          what, IndexPath(list_path, i),
          absl::StrCat("expected a string, got ", JsonTypeName(item)));
    }
    out->push_back(item.get<std::string>());
  }
  return absl::OkStatus();
}

}  // namespace threatmodel::rules::internal
