// File: deferred_assertion.h
//
// Judges the inputs of a `threatmodel_assertion` that Terraform deferred
// to apply time, exactly as the provider's data source will: the planned
// `after` object (unknown values included) is converted to the data
// source's configuration type and handed to the data source's own Read.
// Its findings, and any error it reports about its inputs, come back for
// the CLI's report, so a pipeline sees at plan time what apply would fail
// on.
//
// The provider block's settings are not in plan JSON as values; the CLI's
// policy (its --policy file, or the default) stands in for them, as it
// does for the CLI's own checks.
//
// Thread-safety: pure function of its arguments (it reads the working
// directory's backend file when the assertion discovers its backend).
#ifndef THREATMODEL_CLI_DEFERRED_ASSERTION_H_
#define THREATMODEL_CLI_DEFERRED_ASSERTION_H_

#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/time/civil_time.h"
#include "threatmodel/cty/type.h"
#include "threatmodel/cty/value.h"
#include "threatmodel/rules/finding.h"
#include "threatmodel/rules/plan_value.h"
#include "threatmodel/rules/policy.h"
#include "threatmodel/rules/waiver.h"

namespace threatmodel::cli {

struct DeferredAssertionResult {
  std::vector<rules::Finding> findings;
  // Error diagnostics that are not findings (inputs the data source
  // rejects), as "summary: detail".
  std::vector<std::string> errors;
  // Problems with the assertion's own waivers (the provider-level ones are
  // the CLI policy's, which the CLI reports itself).
  std::vector<rules::WaiverIssue> waiver_issues;
  bool passed = false;
};

// `working_dir`: where the assertion's backend is observed when it does
// not set `working_dir` itself; nullopt: the assertion does not discover
// its backend (the CLI has no working directory).
// `policy` plays the provider block's part.
[[nodiscard]] absl::StatusOr<DeferredAssertionResult> EvaluateDeferredAssertion(
    const rules::PlanValue& after, const rules::Policy& policy,
    const std::optional<std::string>& working_dir, absl::CivilDay today);

// Converts a planned value to a cty value of `type` (type-directed, as
// Terraform decodes a value against a schema; `dynamic` takes the value's
// implied type). Unknown and sensitive become unknown. InvalidArgument with
// the path when the value does not fit the type.
[[nodiscard]] absl::StatusOr<cty::Value> PlanValueToCty(
    const rules::PlanValue& value, const cty::Type& type);

}  // namespace threatmodel::cli

#endif  // THREATMODEL_CLI_DEFERRED_ASSERTION_H_
