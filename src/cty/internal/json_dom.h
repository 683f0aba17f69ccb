// File: json_dom.h
//
// JSON text → nlohmann DOM with the limits the cty codecs need: bounded
// nesting, duplicate object keys rejected (nlohmann would silently keep the
// last), and optionally every non-integer number kept as its literal text so
// that no digit is lost. Also the DOM → Type conversion that ParseTypeJson and
// the JSON value decoder share. Pure functions, safe from any thread.
#ifndef THREATMODEL_CTY_INTERNAL_JSON_DOM_H_
#define THREATMODEL_CTY_INTERNAL_JSON_DOM_H_

#include <cstdint>
#include <string_view>

#include "absl/status/statusor.h"
#include "nlohmann/json.hpp"
#include "threatmodel/cty/type.h"

namespace threatmodel::cty::internal {

// With `keep_number_text`, a number that is not an int64/uint64 becomes a
// binary node with this subtype holding the literal's bytes. JSON text cannot
// produce binary nodes, so the tag is unambiguous inside such a DOM.
inline constexpr uint64_t kNumberTextSubtype = 0x4e;

// Parses exactly one JSON document. Errors are InvalidArgument and start with
// `prefix` (for example "json" or "type json").
[[nodiscard]] absl::StatusOr<nlohmann::json> ParseJsonDom(
    std::string_view text, std::string_view prefix, int max_depth,
    bool keep_number_text);

// Converts a type description DOM; `depth` is the nesting already used.
// Errors are InvalidArgument and start with "type json: ".
[[nodiscard]] absl::StatusOr<Type> TypeFromJsonDom(const nlohmann::json& json,
                                                   int depth);

// nlohmann's exception text without its "[json.exception.x.nnn] " prefix.
[[nodiscard]] std::string_view StripNlohmannPrefix(std::string_view what);

}  // namespace threatmodel::cty::internal

#endif  // THREATMODEL_CTY_INTERNAL_JSON_DOM_H_
