// File: conform.h
//
// The conformance test behind Conforms(), with a path-bearing error for the
// encoders, and the canonical total order of values that sets use. Pure
// functions, safe from any thread.
#ifndef THREATMODEL_CTY_INTERNAL_CONFORM_H_
#define THREATMODEL_CTY_INTERNAL_CONFORM_H_

#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/status.h"
#include "threatmodel/cty/path.h"
#include "threatmodel/cty/type.h"
#include "threatmodel/cty/value.h"

namespace threatmodel::cty::internal {

// OK if `value` conforms to `type`; otherwise InvalidArgument
// "<prefix>: <path>: <why>".
[[nodiscard]] absl::Status CheckConforms(const Value& value, const Type& type,
                                         std::string_view prefix);

// Total orders: known values first, then unknowns, then nulls; then by type;
// then cty's order for primitives and lexicographic order for the rest.
// Unknowns of one type compare equal.
[[nodiscard]] int CompareTypes(const Type& a, const Type& b);
[[nodiscard]] int CompareValues(const Value& a, const Value& b);

// The element type a decoder gives a collection declared with element type
// `declared`: `declared` itself unless it contains dynamic; then, as cty does,
// the one concrete type that all elements share (elements of type dynamic,
// i.e. null or unknown of unknown type, fit any), falling back to `declared`
// when there is none or the elements disagree.
[[nodiscard]] Type InferElementType(const Type& declared,
                                    const std::vector<Value>& elements);
[[nodiscard]] Type InferElementType(
    const Type& declared, const std::map<std::string, Value>& elements);

// The object value a decoder gives for attributes decoded against the object
// type `declared` (missing ones become null): typed `declared` when that is
// concrete, else typed by its attributes' values, so that values never carry
// dynamic where they know better, nor optional-attribute markers.
[[nodiscard]] Value MakeDecodedObject(const Type& declared,
                                      std::map<std::string, Value> attributes);

}  // namespace threatmodel::cty::internal

#endif  // THREATMODEL_CTY_INTERNAL_CONFORM_H_
