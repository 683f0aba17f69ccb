// File: json_limits.h
//
// Bounded, exception-free JSON parsing for the rules module's inputs (policy
// files, model files). Input larger than the size limit or nested deeper than
// the depth limit is rejected before a DOM is built, so hostile input cannot
// exhaust memory or the stack.
//
// Thread-safety: pure functions; safe from any thread.
#ifndef THREATMODEL_SRC_RULES_JSON_LIMITS_H_
#define THREATMODEL_SRC_RULES_JSON_LIMITS_H_

#include <cstddef>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "nlohmann/json.hpp"

namespace threatmodel::rules::internal {

struct JsonLimits {
  std::size_t max_bytes = std::size_t{1} << 20;
  int max_depth = 64;
};

// Parses `text` into a DOM. `what` names the input in errors ("policy").
// InvalidArgument for syntax errors (with the byte offset and the parser's
// description) and excessive nesting, ResourceExhausted for oversized input.
// Never throws.
[[nodiscard]] absl::StatusOr<nlohmann::json> ParseBoundedJson(
    absl::string_view text, const JsonLimits& limits, absl::string_view what);

// The JSON type name of `value` for error messages ("string", "object", ...).
[[nodiscard]] absl::string_view JsonTypeName(const nlohmann::json& value);

}  // namespace threatmodel::rules::internal

#endif  // THREATMODEL_SRC_RULES_JSON_LIMITS_H_
