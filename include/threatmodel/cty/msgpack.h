// File: msgpack.h
//
// The msgpack form of tfplugin6 DynamicValue.msgpack: type-directed decoding
// and encoding of cty values, byte-compatible with go-cty's cty/msgpack (the
// format is specified in docs/cty-msgpack.md). Both functions are pure and
// safe to call from any number of threads at once.
#ifndef THREATMODEL_CTY_MSGPACK_H_
#define THREATMODEL_CTY_MSGPACK_H_

#include <string>
#include <string_view>

#include "absl/status/statusor.h"
#include "threatmodel/cty/type.h"
#include "threatmodel/cty/value.h"

namespace threatmodel::cty {

// Maximum nesting of msgpack arrays and maps (dynamic wrappers included).
inline constexpr int kMsgpackMaxDepth = 64;

// Decodes `bytes`, which must hold exactly one msgpack value, against
// `type`. Malformed input (truncated, trailing bytes, wrong shapes, duplicate
// or unknown object keys, invalid UTF-8, nesting beyond kMsgpackMaxDepth, bad
// refinements) yields InvalidArgument whose message leads with the path:
// `msgpack: .tags["env"]: expected string, got array`.
[[nodiscard]] absl::StatusOr<Value> DecodeMsgpack(std::string_view bytes,
                                                  const Type& type);

// Encodes `value` against `type`; the declared type decides where dynamic
// wrappers go. Returns InvalidArgument if the value does not conform to the
// type, holds a string that is not valid UTF-8, or nests deeper than
// kMsgpackMaxDepth.
[[nodiscard]] absl::StatusOr<std::string> EncodeMsgpack(const Value& value,
                                                        const Type& type);

}  // namespace threatmodel::cty

#endif  // THREATMODEL_CTY_MSGPACK_H_
