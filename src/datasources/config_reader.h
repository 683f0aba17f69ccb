// Reading user configuration out of cty values with diagnostics that point
// at the offending element. Inputs declared `dynamic` may arrive as an
// object or a map, a list, set or tuple, so every accessor here accepts
// either shape and reports anything else at its path.
#ifndef THREATMODEL_DATASOURCES_CONFIG_READER_H_
#define THREATMODEL_DATASOURCES_CONFIG_READER_H_

#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "threatmodel/cty/path.h"
#include "threatmodel/cty/value.h"
#include "threatmodel/diag/diagnostics.h"
#include "threatmodel/rules/maybe.h"

namespace threatmodel::datasources {

// The attribute (object) or element (map) `name` of `value`; nullptr when
// `value` is null, unknown, of another kind, or has no such member.
[[nodiscard]] const cty::Value* Member(const cty::Value& value,
                                       std::string_view name);

// A string-valued member as a model value: absent or null is null, unknown
// is unknown; numbers and bools are taken in their decimal or "true"/"false"
// form, as Terraform converts them; anything else is an error at `path`.
[[nodiscard]] rules::Maybe<std::string> StringMember(const cty::Value& object,
                                                     std::string_view name,
                                                     const cty::Path& path,
                                                     diag::Diagnostics& diags);

// A list, set or tuple of strings. Null or absent gives nullopt; unknown
// elements are errors here (callers use it only on wholly known values).
[[nodiscard]] std::optional<std::vector<std::string>> StringList(
    const cty::Value* value, const cty::Path& path, diag::Diagnostics& diags);

// Calls `visit` for every element of a collection: list, set and tuple
// elements with an index label, map and object members with their key.
// Null visits nothing. `what` names the input for the error raised when
// `value` is neither (such as "role_assignments").
using ElementVisitor = std::function<void(
    const std::string& label, const cty::Path& path, const cty::Value& value)>;
void ForEachElement(const cty::Value& value, const cty::Path& path,
                    std::string_view what, diag::Diagnostics& diags,
                    const ElementVisitor& visit);

}  // namespace threatmodel::datasources

#endif  // THREATMODEL_DATASOURCES_CONFIG_READER_H_
