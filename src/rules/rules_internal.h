// File: rules_internal.h
//
// The wiring between the rule catalogue (rule.cc), the rules (one folder
// each, under catalogue/) and the engine: each rule provides its metadata,
// the resource types it reads, its policy parameters, the rules whose
// findings it reads, and an evaluator. Evaluators return findings with
// status, subject, source, related sources and message set; the engine
// stamps the rule metadata and enforcement on them.
//
// Thread-safety: evaluators are pure functions of their arguments.
#ifndef THREATMODEL_SRC_RULES_RULES_INTERNAL_H_
#define THREATMODEL_SRC_RULES_RULES_INTERNAL_H_

#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "absl/types/span.h"
#include "rules/compiled_policy.h"
#include "rules/facts.h"
#include "threatmodel/rules/finding.h"
#include "threatmodel/rules/model.h"
#include "threatmodel/rules/resource.h"
#include "threatmodel/rules/rule.h"

namespace threatmodel::rules::internal {

// The findings of the rules an evaluator declared that it reads
// (RuleEntry::reads_findings_of), as the engine produced them: stamped,
// with the undecided findings for inputs unknown at plan time, and before
// waivers. A waiver is a user's acceptance of a finding for its subject,
// not a change in the facts: T-2 waived for a migration still leaves the
// state local, so the credentials I-2 finds in it are still exposed.
class DeclaredFindings {
 public:
  void Add(std::string_view id, absl::Span<const Finding> findings) {
    rules_.emplace_back(id, findings);
  }

  // The findings of rule `id`; empty when the rule said nothing, or when
  // the evaluator did not declare it (a rule sees only what it declared).
  [[nodiscard]] absl::Span<const Finding> Of(std::string_view id) const {
    for (const auto& [rule, findings] : rules_) {
      if (rule == id) return findings;
    }
    return {};
  }

 private:
  std::vector<std::pair<std::string_view, absl::Span<const Finding>>> rules_;
};

// Reads the facts (never the resources' raw values again) and the findings
// of the rules it declared, and returns the rule's findings.
using Evaluator = std::vector<Finding> (*)(const Facts& facts,
                                           const CompiledPolicy& policy,
                                           const DeclaredFindings& declared);

struct RuleEntry {
  RuleInfo info;
  Evaluator evaluate;
  // The threat IDs of the rules whose findings the evaluator reads. The
  // engine evaluates those first, each once per report even when the
  // caller did not select them (their findings are then not reported), and
  // rejects an unknown ID or a cycle (rule_order.h).
  std::vector<std::string_view> reads_findings_of = {};
};

// What the generated registry lists, in folder order.
[[nodiscard]] std::vector<RuleEntry> RegisteredRules();

// Every rule in catalogue order (the threat model's STRIDE order, then the
// threat number); built once from the registry that the build generates
// from the folders under src/rules/catalogue/: each folder NAME holds a
// rule.cc defining `RuleEntry catalogue::Name()` (NAME in CamelCase).
[[nodiscard]] absl::Span<const RuleEntry> RuleEntries();

// A finding with the fields evaluators set.
[[nodiscard]] Finding MakeFinding(Status status, std::string subject,
                                  std::string source, std::string message);

// A finding about one facet of planned resource `r`: its subject is the
// resource's address (or the subject its front end chose), so waivers name
// the resource.
[[nodiscard]] Finding ResourceFinding(Status status, const Resource& r,
                                      std::string facet, std::string message);

}  // namespace threatmodel::rules::internal

#endif  // THREATMODEL_SRC_RULES_RULES_INTERNAL_H_
