// File: json.h
//
// The JSON form of cty values (go-cty cty/json), as used by
// DynamicValue.json and UpgradeResourceState's raw_state: null is `null`,
// numbers are JSON numbers of any precision, a value in a `dynamic` slot is
// `{"value":V,"type":T}`, and unknown values cannot be represented. All
// functions are pure and safe to call from any number of threads at once.
#ifndef THREATMODEL_CTY_JSON_H_
#define THREATMODEL_CTY_JSON_H_

#include <string>
#include <string_view>

#include "absl/status/statusor.h"
#include "nlohmann/json_fwd.hpp"
#include "threatmodel/cty/type.h"
#include "threatmodel/cty/value.h"

namespace threatmodel::cty {

// Maximum nesting of JSON arrays and objects.
inline constexpr int kJsonMaxDepth = 64;

// Decodes one JSON document against `type`, as go-cty does: a missing object
// attribute becomes null, an extra one is an error; numbers keep every digit;
// strings "true"/"false" are accepted for bool, numeric strings for number,
// and numbers and bools for string. Duplicate object keys, invalid UTF-8 and
// nesting beyond kJsonMaxDepth are errors. All errors are InvalidArgument and
// lead with the path: `json: .tags["env"]: expected string, got array`.
[[nodiscard]] absl::StatusOr<Value> DecodeJson(std::string_view json,
                                               const Type& type);

// Compact JSON with sorted keys, byte-compatible with go-cty's json.Marshal.
// Fails (InvalidArgument) on unknown values, infinities, invalid UTF-8 and
// values that do not conform to `type`.
[[nodiscard]] absl::StatusOr<std::string> EncodeJson(const Value& value,
                                                     const Type& type);

// Like DecodeJson for a caller that already holds a DOM. Doubles become
// Number::FromDouble, so their canonical text is the shortest that reads
// back; JSON nesting depth is limited as in DecodeJson.
[[nodiscard]] absl::StatusOr<Value> FromJsonValue(const nlohmann::json& json,
                                                  const Type& type);

// The DOM twin of EncodeJson. Integers in int64/uint64 range become JSON
// integers; other numbers become the double whose canonical text equals
// theirs (so 0.1 stays 0.1), and a number no double can stand for (a big or
// over-precise decimal) is an error rather than a silent rounding: use
// EncodeJson where such numbers may occur.
[[nodiscard]] absl::StatusOr<nlohmann::json> ToJsonValue(const Value& value,
                                                         const Type& type);

}  // namespace threatmodel::cty

#endif  // THREATMODEL_CTY_JSON_H_
