// File: type.h
//
// The cty type system as Terraform uses it on the wire: the primitives
// string, number and bool, the `dynamic` pseudo-type, the collections list,
// set and map, and the structural tuple and object types. Types are immutable
// values with a shared implementation: copying is cheap, and a Type may be
// read from any number of threads at once without synchronization.
//
// ParseTypeJson/TypeToJson implement the type JSON that tfplugin6 schemas carry
// in `Attribute.type` and that dynamic values carry in their wrapper (see
// docs/cty-msgpack.md).
#ifndef THREATMODEL_CTY_TYPE_H_
#define THREATMODEL_CTY_TYPE_H_

#include <map>
#include <memory>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/statusor.h"

namespace threatmodel::cty {

class Type {
 public:
  enum class Kind {
    kString,
    kNumber,
    kBool,
    kDynamic,
    kList,
    kSet,
    kMap,
    kTuple,
    kObject
  };

  // The default type is `dynamic`, so that a default-constructed Type (for
  // example a struct member not yet assigned) constrains nothing.
  Type();

  [[nodiscard]] static Type String();
  [[nodiscard]] static Type Number();
  [[nodiscard]] static Type Bool();
  // The pseudo-type that accepts a value of any type.
  [[nodiscard]] static Type Dynamic();
  [[nodiscard]] static Type List(Type element);
  [[nodiscard]] static Type Set(Type element);
  [[nodiscard]] static Type Map(Type element);
  [[nodiscard]] static Type Tuple(std::vector<Type> elements);
  // `optional` names attributes that a type *constraint* allows to be absent;
  // names not in `attributes` are ignored. Values never have optional
  // attributes: an object value always holds every attribute.
  [[nodiscard]] static Type Object(std::map<std::string, Type> attributes,
                                   std::set<std::string> optional = {});

  [[nodiscard]] Kind kind() const;
  // string, number or bool.
  [[nodiscard]] bool IsPrimitive() const;
  // list, set or map.
  [[nodiscard]] bool IsCollection() const;
  // True if `dynamic` occurs anywhere in this type (including itself).
  [[nodiscard]] bool HasDynamic() const;

  // REQUIRES: kind() is kList, kSet or kMap.
  [[nodiscard]] const Type& element_type() const;
  // REQUIRES: kind() is kTuple.
  [[nodiscard]] const std::vector<Type>& tuple_elements() const;
  // REQUIRES: kind() is kObject.
  [[nodiscard]] const std::map<std::string, Type>& attribute_types() const;
  // REQUIRES: kind() is kObject.
  [[nodiscard]] const std::set<std::string>& optional_attributes() const;

  // A short English name for messages: "string", "list of string",
  // "map of object", "object", "tuple", "dynamic".
  [[nodiscard]] std::string FriendlyName() const;

  // Structural equality; object types compare their optional markers too.
  friend bool operator==(const Type& a, const Type& b);

 private:
  struct Rep;
  explicit Type(std::shared_ptr<const Rep> rep);
  std::shared_ptr<const Rep> rep_;
};

// Parses a cty type JSON description: "string", "number", "bool", "dynamic",
// ["list",T], ["set",T], ["map",T], ["tuple",[T...]], ["object",{...}] and
// ["object",{...},["opt"...]]. Any JSON whitespace is accepted. Nesting is
// limited to 64 levels so hostile schemas cannot exhaust the stack.
// Returns InvalidArgument on malformed input.
[[nodiscard]] absl::StatusOr<Type> ParseTypeJson(std::string_view json);

// Compact type JSON byte-for-byte as go-cty's Type.MarshalJSON writes it:
// no whitespace, attribute names sorted, optional names sorted, strings
// escaped as Go's encoding/json does (including \u003c, \u003e, \u0026).
[[nodiscard]] std::string TypeToJson(const Type& type);

}  // namespace threatmodel::cty

#endif  // THREATMODEL_CTY_TYPE_H_
