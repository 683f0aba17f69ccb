// File: raw_plan.h
//
// The first stage of reading a plan: one streaming pass over the JSON text
// that keeps only what the rules need, in plain structs, and validates the
// types of everything it keeps. The second stage (model_builder.h) turns
// these into the rule engine's model.
//
// Kept: format_version, terraform_version, errored, complete; for every
// resource_changes entry its address and actions (to count and to skip
// deletions), and for relevant types also `after`, `after_unknown` and
// `after_sensitive` as small DOMs; `data.threatmodel_assertion` entries
// (also from `deferred_changes`); and from `configuration` the module tree
// with module-call and output expressions and the expressions of relevant
// resources, as reference lists only (constant values are dropped).
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
#include "nlohmann/json.hpp"
#include "plan/address.h"
#include "plan/json_cursor.h"

namespace threatmodel::plan::internal {

// Whether the rules need resources of this mode and type.
[[nodiscard]] bool IsRelevantType(bool data, std::string_view type);

// nlohmann::json's destructor may allocate (it destroys nested values
// without recursion), which clang-tidy reports for every holder of a json
// member.
// NOLINTNEXTLINE(bugprone-exception-escape)
struct RawChange {
  std::string address;
  ResourceAddress parsed;  // from `address`
  std::vector<std::string> actions;
  std::string action_reason;
  bool deposed = false;
  bool from_deferred = false;  // an entry of `deferred_changes`
  // Only for relevant types; null when absent.
  nlohmann::json after;
  nlohmann::json after_unknown;
  nlohmann::json after_sensitive;
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
  std::map<std::string, RawExpression> expressions;
};

struct RawModule;

struct RawModuleCall {
  std::string source;
  std::map<std::string, RawExpression> expressions;
  std::unique_ptr<RawModule> module;
};

struct RawModule {
  // "TYPE.NAME" or "data.TYPE.NAME" -> configuration (relevant types only).
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
  // Relevant entries and threatmodel_assertion entries, in input order.
  std::vector<RawChange> changes;
  bool has_configuration = false;
  RawModule root;
};

// Reads `json` (UTF-8 text). InvalidArgument with a JSON path or position.
[[nodiscard]] absl::StatusOr<RawPlan> ReadRawPlan(std::string_view json,
                                                  const JsonLimits& limits);

}  // namespace threatmodel::plan::internal

#endif  // THREATMODEL_SRC_PLAN_RAW_PLAN_H_
