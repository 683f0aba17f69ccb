// File: rule_order.h
//
// The order in which the engine evaluates rules. A rule may declare that it
// reads other rules' findings (`RuleEntry::reads_findings_of`, by threat
// ID): I-2 follows T-2's verdict. Those rules are evaluated first, each
// once, whether or not the caller selected them, and the dependent is
// handed their findings.
//
// The registry is checked here: a declared ID that names no rule, a rule
// that reads itself, an ID declared twice and a cycle are errors. The
// registry is generated at build time, so a broken one is a programming
// error that the engine reports as an internal error on every evaluation
// (and the rules' tests report first).
//
// Thread-safety: pure functions; the registry's order is computed once.
#ifndef THREATMODEL_SRC_RULES_RULE_ORDER_H_
#define THREATMODEL_SRC_RULES_RULE_ORDER_H_

#include <cstddef>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/types/span.h"
#include "rules/rules_internal.h"

namespace threatmodel::rules::internal {

// Indexes into `entries` such that every rule comes after the rules whose
// findings it reads; rules that read none keep the order of `entries`.
// Errors: FailedPrecondition naming the rule and the ID for an unknown ID,
// a self-reference or a duplicate declaration, and the whole cycle
// ("A-1 -> B-2 -> A-1") for a cycle; also for two entries with one ID.
[[nodiscard]] absl::StatusOr<std::vector<std::size_t>> EvaluationOrder(
    absl::Span<const RuleEntry> entries);

// EvaluationOrder(RuleEntries()), computed once.
[[nodiscard]] const absl::StatusOr<std::vector<std::size_t>>&
RegisteredEvaluationOrder();

// The rules to evaluate for a selection: the `selected` indexes and every
// rule they read, transitively, as a flag per entry.
[[nodiscard]] std::vector<bool> WithTheRulesTheyRead(
    absl::Span<const RuleEntry> entries,
    absl::Span<const std::size_t> selected);

}  // namespace threatmodel::rules::internal

#endif  // THREATMODEL_SRC_RULES_RULE_ORDER_H_
