// Checking configuration that arrives through `dynamic` attributes against a
// Terraform type expression, the way Terraform would have checked a fixed
// type, except that unknown object keys are reported instead of dropped.
//
// Inputs such as `policy`, `waivers` and `backend` are declared `dynamic`
// so that a misspelled key reaches the provider (Terraform's conversion to
// a fixed object type silently drops it). ConformValue then does what that
// conversion did: it accepts maps for objects and tuples or sets for lists,
// converts primitive values the way Terraform converts them ("5" to 5,
// true to "true"), and returns the value in its canonical type. Every key
// the type does not declare is an error that names the key, suggests the
// closest declared one and lists them all.
//
// Thread-safety: TypeSpec values are immutable once parsed; all functions
// touch only their arguments.
#ifndef THREATMODEL_DATASOURCES_INPUT_SCHEMA_H_
#define THREATMODEL_DATASOURCES_INPUT_SCHEMA_H_

#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/statusor.h"
#include "threatmodel/cty/path.h"
#include "threatmodel/cty/type.h"
#include "threatmodel/cty/value.h"
#include "threatmodel/diag/diagnostics.h"

namespace threatmodel::datasources {

// A parsed Terraform type expression: "string", "number", "bool",
// "list(T)", "set(T)", "map(T)", "object({name = T, other = optional(T)})".
struct TypeSpec {
  enum class Kind { kString, kNumber, kBool, kList, kSet, kMap, kObject };
  struct Field {
    std::string name;
    std::shared_ptr<const TypeSpec> type;
    bool optional = false;
  };

  Kind kind = Kind::kString;
  std::shared_ptr<const TypeSpec> element;  // kList, kSet and kMap.
  std::vector<Field> fields;                // kObject, in declared order.

  // nullptr when the object declares no such field.
  [[nodiscard]] const Field* FindField(std::string_view name) const;
  // Field names, sorted.
  [[nodiscard]] std::vector<std::string> FieldNames() const;
};

// InvalidArgument on anything outside the grammar above.
[[nodiscard]] absl::StatusOr<TypeSpec> ParseTypeSpec(std::string_view text);

// The cty type ConformValue produces: objects lose their optional markers,
// sets become lists.
[[nodiscard]] cty::Type CanonicalType(const TypeSpec& spec);

// "a number", "a list of strings", "a map of objects", "an object".
[[nodiscard]] std::string DescribeSpec(const TypeSpec& spec);

// The candidate closest to `name` (ignoring case) when it is at most two
// edits away and closer than the name is long; nullopt otherwise.
[[nodiscard]] std::optional<std::string> ClosestName(
    std::string_view name, const std::vector<std::string>& candidates);

// Adds the error for a key that `accepted` does not hold, at `path` (the
// key's own path): it names the key, suggests the closest accepted key and
// lists them all. `where` names the holder in the text ("policy").
void AddUnknownKeyError(std::string_view key, const cty::Path& path,
                        std::string_view where,
                        const std::vector<std::string>& accepted,
                        diag::Diagnostics& diags);

// Checks `value` (found at `path`) against `spec` and returns it in
// CanonicalType(spec). Null stays null and unknown stays unknown (of the
// canonical type), at any depth, so validation before values are known
// passes; object keys are known even then and are always checked. Object
// fields not marked optional must be present and non-null. Returns nullopt
// after adding one error per problem found, each at the offending element.
[[nodiscard]] std::optional<cty::Value> ConformValue(const cty::Value& value,
                                                     const TypeSpec& spec,
                                                     const cty::Path& path,
                                                     diag::Diagnostics& diags);

}  // namespace threatmodel::datasources

#endif  // THREATMODEL_DATASOURCES_INPUT_SCHEMA_H_
