// File: json_limits.h
//
// Bounded, exception-free JSON parsing for the rules module's inputs (policy
// files, model files). Input larger than the size limit or nested deeper than
// the depth limit is rejected before a DOM is built, so hostile input cannot
// exhaust memory or the stack. A key given twice in one object is rejected
// too: the DOM would silently keep only the last value.
//
// Thread-safety: pure functions; safe from any thread.
#ifndef THREATMODEL_SRC_RULES_JSON_LIMITS_H_
#define THREATMODEL_SRC_RULES_JSON_LIMITS_H_

#include <cstddef>
#include <exception>
#include <new>
#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/string_view.h"
#include "nlohmann/json.hpp"

namespace threatmodel::rules::internal {

struct JsonLimits {
  std::size_t max_bytes = std::size_t{1} << 20;
  int max_depth = 64;
};

// Parses `text` into a DOM. `what` names the input in errors ("policy").
// InvalidArgument for syntax errors (with the byte offset and the parser's
// description), excessive nesting and duplicate keys ("policy: duplicate
// object key \"expires\" at line 4, column 5 (byte 80)"; the key escaped
// and cut at 64 bytes), ResourceExhausted for oversized input. Never throws.
[[nodiscard]] absl::StatusOr<nlohmann::json> ParseBoundedJson(
    absl::string_view text, const JsonLimits& limits, absl::string_view what);

// The JSON type name of `value` for error messages ("string", "object", ...).
[[nodiscard]] absl::string_view JsonTypeName(const nlohmann::json& value);

// Runs `load` (a loader reading fields of a parsed DOM) and turns what the
// JSON library or the allocator may still throw into a status naming
// `what`, so no exception leaves the rules module.
template <typename Load>
[[nodiscard]] auto LoadWithoutExceptions(absl::string_view what, Load&& load)
    -> decltype(load()) {
  try {
    return load();
  } catch (const std::bad_alloc&) {
    return absl::ResourceExhaustedError(
        absl::StrCat(std::string(what), ": out of memory"));
  } catch (const std::exception& e) {
    return absl::InvalidArgumentError(
        absl::StrCat(std::string(what), ": ", e.what()));
  }
}

}  // namespace threatmodel::rules::internal

#endif  // THREATMODEL_SRC_RULES_JSON_LIMITS_H_
