// File: value.h
//
// cty values: immutable trees of known values, nulls and unknowns, each with
// a Type. A Value shares its implementation, so copies are cheap, and it may
// be read from any number of threads at once without synchronization.
//
// Operations that assume an earlier type check (AsString on a number, List
// with non-conforming elements) are programmer errors and abort the process
// with a message, as cty panics; code that handles untrusted data must use
// the codecs (msgpack.h, json.h) and Conforms, which return errors instead.
//
// Values in a `dynamic` slot carry their concrete type: decoding ["string",
// "x"] against `dynamic` yields a Value whose type() is string. Only a null or
// unknown of unknown type has type() == Type::Dynamic(). Where a declared type
// contains dynamic, the codecs type the decoded containers as cty does: an
// object or tuple by its members' types, a collection by the one concrete
// type its elements share (else by the declared element type). Decoded
// values never carry optional-attribute markers. Either way the value
// conforms to the declared type and re-encodes to the same bytes.
#ifndef THREATMODEL_CTY_VALUE_H_
#define THREATMODEL_CTY_VALUE_H_

#include <cstddef>
#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "threatmodel/cty/number.h"
#include "threatmodel/cty/type.h"

namespace threatmodel::cty {

// Facts known about an unknown value (msgpack ext 12, see
// docs/cty-msgpack.md). Every field is optional; Value::Unknown keeps only the
// facts that carry information and apply to the value's type.
struct Refinement {
  // true: definitely not null (wire key 1 = false). Any type but dynamic.
  std::optional<bool> not_null = std::nullopt;
  // Known prefix of a string (key 2). String only.
  std::optional<std::string> string_prefix = std::nullopt;
  // Bound and whether it is inclusive (keys 3 and 4). Number only.
  std::optional<std::pair<Number, bool>> number_lower = std::nullopt;
  std::optional<std::pair<Number, bool>> number_upper = std::nullopt;
  // Collection length bounds (keys 5 and 6). List, set and map only.
  std::optional<int64_t> length_min = std::nullopt;
  std::optional<int64_t> length_max = std::nullopt;

  [[nodiscard]] bool empty() const;
  friend bool operator==(const Refinement& a, const Refinement& b) = default;
};

class Value {
 public:
  // The default value is Null(Type::Dynamic()).
  Value();

  [[nodiscard]] static Value Null(Type type);
  // Drops facts that carry no information or do not apply to `type`: an
  // empty prefix, not_null == false, infinite number bounds, length_min 0 or
  // below, a negative length_max, everything for dynamic.
  [[nodiscard]] static Value Unknown(Type type, Refinement refinement = {});

  [[nodiscard]] static Value String(std::string s);
  [[nodiscard]] static Value NumberVal(Number n);
  [[nodiscard]] static Value Int(int64_t i);
  [[nodiscard]] static Value Bool(bool b);
  // The value's type is List(element_type) as given. REQUIRES: every element
  // conforms to element_type.
  [[nodiscard]] static Value List(Type element_type,
                                  std::vector<Value> elements);
  // Removes duplicates among wholly known elements and keeps elements in a
  // canonical order (cty's order for primitives: ascending numbers, bytewise
  // strings, false before true; unknowns, then nulls, last), so equal sets
  // compare and encode identically. REQUIRES: elements conform.
  [[nodiscard]] static Value Set(Type element_type,
                                 std::vector<Value> elements);
  // REQUIRES: elements conform to element_type.
  [[nodiscard]] static Value Map(Type element_type,
                                 std::map<std::string, Value> elements);
  // Type = Tuple of the elements' types.
  [[nodiscard]] static Value Tuple(std::vector<Value> elements);
  // Type = Object of the attributes' types.
  [[nodiscard]] static Value Object(std::map<std::string, Value> attributes);
  // Type = object_type; attributes missing from `attributes` become null of
  // their type. REQUIRES: object_type is an object type, every given
  // attribute exists in it and conforms.
  [[nodiscard]] static Value ObjectOf(Type object_type,
                                      std::map<std::string, Value> attributes);

  [[nodiscard]] const Type& type() const;
  [[nodiscard]] bool IsNull() const;
  // False only for an unknown value itself (not for one containing unknowns).
  [[nodiscard]] bool IsKnown() const;
  // Known and every nested value known.
  [[nodiscard]] bool IsWhollyKnown() const;

  // REQUIRES: !IsKnown().
  [[nodiscard]] const Refinement& refinement() const;

  // REQUIRES: known, non-null, of the matching primitive type.
  [[nodiscard]] const std::string& AsString() const;
  [[nodiscard]] const Number& AsNumber() const;
  [[nodiscard]] bool AsBool() const;
  // REQUIRES: known, non-null list, set or tuple.
  [[nodiscard]] const std::vector<Value>& elements() const;
  // REQUIRES: known, non-null map.
  [[nodiscard]] const std::map<std::string, Value>& map_elements() const;
  // REQUIRES: known, non-null object.
  [[nodiscard]] const std::map<std::string, Value>& attributes() const;
  // nullptr if the attribute does not exist. REQUIRES: known, non-null
  // object.
  [[nodiscard]] const Value* GetAttr(std::string_view name) const;
  // Element or attribute count of a known, non-null list, set, map, tuple or
  // object; 0 for anything else.
  [[nodiscard]] size_t LengthOrZero() const;

  // Structural equality: same type, same nullness and knownness, equal
  // contents; two unknowns are equal if type and refinement are equal.
  friend bool operator==(const Value& a, const Value& b);

  // A compact, HCL-like rendering for logs and test failures. It prints
  // values in full, so never use it where a value may be sensitive.
  [[nodiscard]] std::string DebugString() const;

 private:
  struct Rep;
  explicit Value(std::shared_ptr<const Rep> rep);
  std::shared_ptr<const Rep> rep_;
};

// Whether `value` may be encoded as (and would decode back under) `type`:
// anything conforms to dynamic; a null or unknown conforms if its type does
// (a null or unknown of type dynamic conforms to every type); a known value
// conforms if its kind matches and its elements or attributes conform. Object
// values must hold exactly the type's attributes; optional markers are
// ignored.
[[nodiscard]] bool Conforms(const Value& value, const Type& type);

// Whether a value of type `given` can stand where `want` is expected: equal
// kinds recursively, with dynamic on either side matching anything.
[[nodiscard]] bool TypeConforms(const Type& given, const Type& want);

}  // namespace threatmodel::cty

#endif  // THREATMODEL_CTY_VALUE_H_
