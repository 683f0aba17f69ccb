// File: helm_values.h
//
// The value a `helm_release` gives one chart key, resolved the way Helm
// resolves it: chart defaults < values[0] < values[1] < ... < set <
// set_list < set_sensitive (the helm provider applies its set blocks, 2.x,
// or list attributes, 3.x, in that order over the merged `values`).
//
//   * `values` documents are YAML, parsed strictly and within bounds (size,
//     nesting, node count); anchors, aliases and merge keys are refused, so
//     a hostile document cannot expand. A document that cannot be read
//     leaves any key it might set undecided.
//   * `set` names use Helm's --set syntax: `a.b`, escaped dots `a\.b`, list
//     indexes `a[0]`. A value of type "auto" (or none) is typed the way Helm
//     types it ("true"/"false" are bools, "null" is null, digits a number);
//     "string" and "literal" stay strings.
//   * `set_sensitive` values are never read: a key such a block sets is
//     undecided, named by the block's index only.
//   * Chart defaults are not in the plan: a key no source sets is absent,
//     and the caller decides what that means.
//
// Thread-safety: pure functions over their arguments.
#ifndef THREATMODEL_SRC_RULES_HELM_VALUES_H_
#define THREATMODEL_SRC_RULES_HELM_VALUES_H_

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/statusor.h"
#include "threatmodel/rules/plan_value.h"

namespace threatmodel::rules::internal {

// Bounds on one `values` document.
inline constexpr std::size_t kMaxHelmValuesBytes = 1 << 20;
inline constexpr int kMaxHelmValuesDepth = 64;
inline constexpr std::size_t kMaxHelmValuesNodes = 200000;

// One document as a tree of objects, lists and scalars (YAML 1.1 plain
// scalars resolved as Helm's YAML reader does: true/false/yes/no/on/off are
// bools, ~ and null are null, numbers keep their text). An empty document
// is an empty object. InvalidArgument for malformed YAML, a top level that
// is not a mapping, several documents, duplicate keys, anchors, aliases,
// merge keys, or input beyond the bounds above.
[[nodiscard]] absl::StatusOr<PlanValue> ParseHelmValuesYaml(
    std::string_view yaml);

// One step of a key in --set syntax: a map key or a list index.
struct HelmKeyStep {
  bool is_index = false;
  std::string key;        // !is_index
  std::size_t index = 0;  // is_index
  friend bool operator==(const HelmKeyStep& a, const HelmKeyStep& b) {
    return a.is_index == b.is_index && a.key == b.key && a.index == b.index;
  }
};

// "a\.b[0].c" -> {"a.b", [0], "c"}. InvalidArgument for an empty key, an
// unterminated or non-numeric index, or a trailing backslash.
[[nodiscard]] absl::StatusOr<std::vector<HelmKeyStep>> ParseHelmKey(
    std::string_view name);

// The value of one key after every source of a release is applied.
struct HelmValue {
  enum class State {
    kAbsent,     // no source sets it: the chart's default applies
    kFound,      // `value` (known; may be null, which removes the default)
    kUndecided,  // unknown at plan time, sensitive, or unreadable
  };
  State state = State::kAbsent;
  PlanValue value;
  // The winning source: "values[1]", "set[0]", "set_list[2]",
  // "set_sensitive[0]"; empty when absent (or undecided without one).
  std::string source;
  // kUndecided: why, naming sources and keys only, never a value.
  std::string reason;
};

// Resolves `key` (--set syntax) over a helm_release's planned attributes
// (`values`, `set`, `set_list`, `set_sensitive`). A malformed `key` is a
// programming error and aborts.
[[nodiscard]] HelmValue ResolveHelmValue(const PlanValue& release,
                                         std::string_view key);

}  // namespace threatmodel::rules::internal

#endif  // THREATMODEL_SRC_RULES_HELM_VALUES_H_
