// File: raw_plan.h
//
// The first stage of reading a plan: one streaming pass over the JSON text
// that keeps only what the rules need, in plain structs, and validates the
// types of everything it keeps. The second stage (plan_builder.h) turns
// these into rules::Resources.
//
// Kept: format_version, terraform_version, errored, complete; for every
// resource_changes entry its address and actions (to count and to skip
// deletions), and for the relevant types (rules::IsRelevantResourceType)
// and threatmodel_assertion also `after`, read directly into a
// rules::PlanValue and merged with `after_unknown` and `after_sensitive`
// (marks.h) before the change is kept, so no sensitive value outlives the
// reader; `data.threatmodel_assertion` entries of `deferred_changes` too;
// and from `configuration` the module tree with module-call and output
// expressions and the expressions of kept resources (nested blocks
// included), as reference lists only (constant values are dropped, but
// that an attribute is set is kept).
//
// Key holders: when the configuration declares a resource of a type whose
// keys a rule follows (rules::KeySourceResourceTypes), a managed resource
// of any other type whose expressions lead to one (directly, or through
// module outputs and arguments) is kept too, with only those expressions,
// and its changes with address and actions but no values. Plans without
// such references pay only for remembering where the other resources'
// expressions and changes are in the text.
//
// Thread-safety: pure function; safe from any thread.
#ifndef THREATMODEL_SRC_PLAN_RAW_PLAN_H_
#define THREATMODEL_SRC_PLAN_RAW_PLAN_H_

#include <cstddef>
#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/statusor.h"
#include "plan/address.h"
#include "plan/json_cursor.h"
#include "threatmodel/rules/plan_value.h"

namespace threatmodel::plan::internal {

// Whether the reader keeps resources of this mode and type: the types of
// rules::IsRelevantResourceType, and threatmodel_assertion (data source or
// managed resource).
[[nodiscard]] bool IsKeptType(bool data, std::string_view type);

// Whether this is a threatmodel_assertion (data source or managed).
[[nodiscard]] bool IsAssertionType(std::string_view type);

struct RawChange {
  std::string address;
  ResourceAddress parsed;  // from `address`
  std::vector<std::string> actions;
  std::string action_reason;
  bool deposed = false;
  bool from_deferred = false;  // an entry of `deferred_changes`
  // `after` merged with `after_unknown` and `after_sensitive` (marks.h);
  // null when `after` is absent or null and nothing is marked.
  rules::PlanValue values;
  // The attributes made sensitive (marks.h), for notes.
  std::vector<std::string> sensitive_paths;
  // Position in its array, for messages ("resource_changes[12]").
  std::string json_path;
};

struct RawExpression {
  std::vector<std::string> references;
  bool constant = false;
};

struct RawResourceConfig {
  bool data = false;
  std::string type;
  std::string name;
  // Attribute path ("principal_id", "identity[0].identity_ids") ->
  // expression, for every attribute the configuration sets (with or
  // without references); nested blocks are flattened into paths (list
  // blocks get an index, single blocks a `.`) and are not entries
  // themselves. Dynamic blocks are not in plan JSON at all.
  std::map<std::string, RawExpression> expressions;
};

struct RawModule;

struct RawModuleCall {
  std::string source;
  std::map<std::string, RawExpression> expressions;
  std::unique_ptr<RawModule> module;
};

struct RawModule {
  // "TYPE.NAME" or "data.TYPE.NAME" -> configuration (kept types and key
  // holders only).
  std::map<std::string, RawResourceConfig> resources;
  std::map<std::string, RawModuleCall> calls;
  std::map<std::string, RawExpression> outputs;
};

struct RawPlan {
  std::string format_version;
  std::string terraform_version;
  bool errored = false;
  // Format 1.2's `complete`; true when absent (older formats).
  bool complete = true;
  std::size_t resource_change_count = 0;
  // Entries of kept types (IsKeptType), in input order, then those of key
  // holders (no values).
  std::vector<RawChange> changes;
  bool has_configuration = false;
  RawModule root;
};

// Reads `json` (UTF-8 text). InvalidArgument with a JSON path or position.
[[nodiscard]] absl::StatusOr<RawPlan> ReadRawPlan(std::string_view json,
                                                  const JsonLimits& limits);

}  // namespace threatmodel::plan::internal

#endif  // THREATMODEL_SRC_PLAN_RAW_PLAN_H_
