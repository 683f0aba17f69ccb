// File: engine.h
//
// The rule engine's entry point. Evaluate() runs the selected rules over the
// planned resources (resource.h) under a Policy, in named stages:
//
//   1. validate   the policy's structure and the threat selector
//   1b. facts     the facts stage (src/rules/facts.h): identities, role
//                 assignments, principals, the backend
//   2. evaluate   each selected rule and every rule whose findings it
//                 declares that it reads (I-2 reads T-2's), each once,
//                 every rule after the rules it reads; the dependent gets
//                 their findings as stamped, before waivers; only the
//                 selected rules' findings are reported
//   3. stamp      rule metadata and the policy's enforcement on findings
//   4. waive      apply waivers (valid ones waive, broken ones fail closed)
//   5. order      sort findings deterministically
//   6. summarise  count statuses and decide `passed`
//
// Both front ends call it: the provider's threatmodel_assertion data source
// (inputs decoded from Terraform values) and the plan-JSON CLI. The
// evaluation date is a parameter so that waiver expiry is testable.
//
// Usage:
//   rules::Input input = ...;               // from a front end
//   rules::Policy policy;                    // defaults
//   auto report = rules::Evaluate(input, policy, {"T-2", "E-1"},
//                                 rules::TodayUtc());
//   if (!report.ok()) { /* bad selector or policy */ }
//   for (const rules::Finding& f : report->findings) { ... }
//
// Thread-safety: Evaluate is a pure function of its arguments and may run
// concurrently from any number of threads.
#ifndef THREATMODEL_RULES_ENGINE_H_
#define THREATMODEL_RULES_ENGINE_H_

#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/time/civil_time.h"
#include "absl/types/span.h"
#include "threatmodel/rules/finding.h"
#include "threatmodel/rules/model.h"
#include "threatmodel/rules/policy.h"
#include "threatmodel/rules/resource.h"
#include "threatmodel/rules/waiver.h"

namespace threatmodel::rules {

struct Summary {
  int violations = 0;
  int undecided = 0;
  int passes = 0;
  int not_applicable = 0;
  int waived = 0;
};

struct Report {
  // Ordered by rule (catalogue order), then subject, then facet, then
  // source, then message.
  std::vector<Finding> findings;
  // Problems with waivers; each one fails the report.
  std::vector<WaiverIssue> waiver_issues;
  Summary summary;
  // True when no mandatory finding is a violation or undecided and there is
  // no waiver issue. Advisory findings never clear it.
  bool passed = false;
};

// Evaluates `threats` (rule IDs, case-insensitive; empty selects every rule)
// over the planned resources of `input` under `policy` on the date `today`:
// the facts stage links the resources, then each selected rule reads the
// facts.
//
// Errors: InvalidArgument for an unknown or duplicated threat ID or a
// structurally invalid policy (see ValidatePolicy). Problems in the input
// are never errors: they become findings. Never throws.
[[nodiscard]] absl::StatusOr<Report> Evaluate(
    const Input& input, const Policy& policy,
    absl::Span<const std::string> threats, absl::CivilDay today);

// Today's date in UTC, for callers without an injected date.
[[nodiscard]] absl::CivilDay TodayUtc();

}  // namespace threatmodel::rules

#endif  // THREATMODEL_RULES_ENGINE_H_
