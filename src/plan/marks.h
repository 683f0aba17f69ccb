// File: marks.h
//
// Merges a resource change's planned value with its marker trees, so that
// the rule engine sees one rules::PlanValue per resource:
//
//   after:           {"name": "aa", "identity": [{"type": "SystemAssigned",
//                                                 "principal_id": null}],
//                     "secret": "s3cr3t"}
//   after_unknown:   {"identity": [{"principal_id": true}], "id": true}
//   after_sensitive: {"secret": true}
//   merged:          {"name": "aa", "identity": [{"type": "SystemAssigned",
//                                                 "principal_id": unknown}],
//                     "secret": sensitive, "id": unknown}
//
// A marker tree mirrors the value's shape, and `true` marks a node and
// everything below it (a whole block may be unknown). A marked node
// replaces whatever `after` holds there, including nothing or null, and
// sensitive wins over unknown. A sensitive value is dropped, never copied:
// the merged tree holds PlanValue::Sensitive() in its place. A sensitive
// marker that does not fit the value's shape makes the whole mismatching
// node sensitive (secrets fail closed); an unknown marker that does not fit
// is ignored, as Terraform's own readers do.
//
// Thread-safety: pure functions.
#ifndef THREATMODEL_SRC_PLAN_MARKS_H_
#define THREATMODEL_SRC_PLAN_MARKS_H_

#include <string>
#include <string_view>
#include <vector>

#include "absl/status/status.h"
#include "nlohmann/json.hpp"
#include "threatmodel/rules/plan_value.h"

namespace threatmodel::plan::internal {

// Applies `after_unknown` and `after_sensitive` to `*value` (the change's
// `after`; null when absent). `change_path` names the change in messages
// ("resource_changes[3].change"). `*sensitive_paths` (when given) receives
// the path of each node made sensitive that held a value in `after` (not
// null: an unknown sensitive value withholds nothing), topmost only, in
// Terraform's spelling ("identity[0].secret", "tags[\"k\"]"); never a
// value. A sensitive marker on a null value that nothing marks unknown
// leaves it null.
//
// The marker trees are read as rules::PlanValues (JsonCursor::ReadPlanValue),
// so that reading them needs no DOM.
//
// Errors: InvalidArgument when a marker tree is not an object, a boolean or
// null at the top, or has a leaf that is neither a boolean nor null.
[[nodiscard]] absl::Status ApplyMarks(
    const rules::PlanValue& after_unknown,
    const rules::PlanValue& after_sensitive, std::string_view change_path,
    rules::PlanValue* value, std::vector<std::string>* sensitive_paths);

// The same over DOM marker trees.
[[nodiscard]] absl::Status ApplyMarks(
    const nlohmann::json& after_unknown, const nlohmann::json& after_sensitive,
    std::string_view change_path, rules::PlanValue* value,
    std::vector<std::string>* sensitive_paths);

// Terraform cannot mark one attribute inside a set element, so a set of
// blocks with a sensitive attribute is marked sensitive whole
// (`"after_sensitive": {"set_sensitive": true}`), names and all. For the
// sets a provider's schema is known to mark only some members of
// (helm_release `set_sensitive`: only `value`), narrows that whole-set
// marker in `*after_sensitive` to every member of each element of `after`'s
// set except the ones the schema leaves readable (`name`, `type`), so that a
// rule can tell which keys the set holds without ever seeing a value. Any
// other marker, and a set that is not a list of objects, is left alone.
void NarrowWholeSetMarks(std::string_view type, const rules::PlanValue& after,
                         rules::PlanValue* after_sensitive);

}  // namespace threatmodel::plan::internal

#endif  // THREATMODEL_SRC_PLAN_MARKS_H_
