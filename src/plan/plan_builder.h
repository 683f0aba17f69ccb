// File: plan_builder.h
//
// The second stage of reading a plan: turns the raw records of raw_plan.h
// into the Plan, whose resources are the rule engine's input. It only
// translates; linking resources to one another is the engine's facts stage.
//
//   * Each kept change that is not being destroyed becomes a
//     rules::Resource: its address, base address and instance key, type,
//     name, mode, action, and the merged planned value (marks.h).
//   * Its configuration expressions (attributes and nested blocks, by
//     attribute path) become rules::References: the longest references of
//     each expression, followed through `var.*` into the calling module's
//     arguments and through `module.M[K].OUT` into the child's outputs
//     (references.h), each ending at a resource, a local, a root variable,
//     an instance value (each/count/self), a constant or a broken chain.
//   * threatmodel_assertion changes (data source or managed) go to their
//     own list; data-source reads that Terraform deferred are listed for
//     the report.
//
// Thread-safety: pure function; safe from any thread.
#ifndef THREATMODEL_SRC_PLAN_PLAN_BUILDER_H_
#define THREATMODEL_SRC_PLAN_PLAN_BUILDER_H_

#include <vector>

#include "absl/status/statusor.h"
#include "plan/raw_plan.h"
#include "plan/references.h"
#include "threatmodel/plan/plan.h"
#include "threatmodel/rules/resource.h"

namespace threatmodel::plan::internal {

// Builds the Plan. InvalidArgument for an unsupported format_version.
[[nodiscard]] absl::StatusOr<Plan> BuildPlan(const RawPlan& raw);

// A resolved reference in the engine's terms: `resource` is the absolute
// address without an instance key (module path and "data." included),
// `key` the instance key the reference gives, `attribute` the steps after
// the resource, `text` the whole absolute reference.
[[nodiscard]] rules::Reference ToReference(const Terminal& terminal);

}  // namespace threatmodel::plan::internal

#endif  // THREATMODEL_SRC_PLAN_PLAN_BUILDER_H_
