// File: rules_internal.h
//
// The wiring between the rule catalogue (rule.cc), the rules (one folder
// each, under catalogue/) and the engine: each rule provides its metadata,
// the resource types it reads, its policy parameters and an evaluator.
// Evaluators return findings with status, subject, source, related sources and
// message set; the engine stamps the rule metadata and enforcement on them.
//
// Thread-safety: evaluators are pure functions of their arguments.
#ifndef THREATMODEL_SRC_RULES_RULES_INTERNAL_H_
#define THREATMODEL_SRC_RULES_RULES_INTERNAL_H_

#include <string>
#include <vector>

#include "absl/types/span.h"
#include "rules/compiled_policy.h"
#include "rules/facts.h"
#include "threatmodel/rules/finding.h"
#include "threatmodel/rules/model.h"
#include "threatmodel/rules/resource.h"
#include "threatmodel/rules/rule.h"

namespace threatmodel::rules::internal {

// Reads the facts (never the resources' raw values again) and returns
// the rule's findings.
using Evaluator = std::vector<Finding> (*)(const Facts& facts,
                                           const CompiledPolicy& policy);

struct RuleEntry {
  RuleInfo info;
  Evaluator evaluate;
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
