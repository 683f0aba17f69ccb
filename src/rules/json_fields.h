// File: json_fields.h
//
// Typed access to fields of a JSON DOM with error messages that carry the
// JSON path (`tiers[1].roles[0]: expected a string, got number`), shared by
// the policy and model loaders. Unknown keys are errors so that typos in
// hand-written files surface.
//
// Thread-safety: pure functions.
#ifndef THREATMODEL_SRC_RULES_JSON_FIELDS_H_
#define THREATMODEL_SRC_RULES_JSON_FIELDS_H_

#include <initializer_list>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/string_view.h"
#include "nlohmann/json.hpp"
#include "rules/json_limits.h"

namespace threatmodel::rules::internal {

// "a.b" or "b" when `parent` is empty.
[[nodiscard]] std::string JoinPath(absl::string_view parent,
                                   absl::string_view key);
// "a[3]".
[[nodiscard]] std::string IndexPath(absl::string_view parent, std::size_t i);

// InvalidArgument "<what>: <path>: <message>".
[[nodiscard]] absl::Status FieldError(absl::string_view what,
                                      absl::string_view path,
                                      absl::string_view message);

// Requires `value` to be an object whose keys are all in `allowed`.
[[nodiscard]] absl::Status CheckObject(
    const nlohmann::json& value,
    std::initializer_list<absl::string_view> allowed, absl::string_view what,
    absl::string_view path);

// Reads obj[key] into *out when present and not null; errors on other types.
[[nodiscard]] absl::Status ReadString(const nlohmann::json& obj,
                                      absl::string_view key,
                                      absl::string_view what,
                                      absl::string_view path, std::string* out);
[[nodiscard]] absl::Status ReadBool(const nlohmann::json& obj,
                                    absl::string_view key,
                                    absl::string_view what,
                                    absl::string_view path, bool* out);
[[nodiscard]] absl::Status ReadInt(const nlohmann::json& obj,
                                   absl::string_view key,
                                   absl::string_view what,
                                   absl::string_view path, int* out);
// A list of strings.
[[nodiscard]] absl::Status ReadStrings(const nlohmann::json& obj,
                                       absl::string_view key,
                                       absl::string_view what,
                                       absl::string_view path,
                                       std::vector<std::string>* out);

// Calls `read_item(item, item_path)` for each element of the list
// obj[key], where item_path is "<path>.<key>[i]", and stops at the first
// error. A missing or null field is an empty list; any other non-list is an
// error.
template <typename ReadItem>
[[nodiscard]] absl::Status ForEachListItem(const nlohmann::json& obj,
                                           absl::string_view key,
                                           absl::string_view what,
                                           absl::string_view path,
                                           ReadItem&& read_item) {
  auto it = obj.find(std::string(key));
  if (it == obj.end() || it->is_null()) return absl::OkStatus();
  const std::string list_path = JoinPath(path, key);
  if (!it->is_array()) {
    return FieldError(what, list_path,
                      absl::StrCat("expected a list, got ", JsonTypeName(*it)));
  }
  for (std::size_t i = 0; i < it->size(); ++i) {
    if (absl::Status s = read_item((*it)[i], IndexPath(list_path, i));
        !s.ok()) {
      return s;
    }
  }
  return absl::OkStatus();
}

}  // namespace threatmodel::rules::internal

#endif  // THREATMODEL_SRC_RULES_JSON_FIELDS_H_
