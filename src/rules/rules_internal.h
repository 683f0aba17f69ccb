// File: rules_internal.h
//
// The wiring between the rule catalogue (rule.cc), the rules (one file
// each) and the engine: each rule provides its metadata, its example
// deployments and an evaluator. Evaluators return findings with status,
// subject, source, related sources and message set; the engine stamps the
// rule metadata and enforcement on them.
//
// Thread-safety: evaluators are pure functions of their arguments.
#ifndef THREATMODEL_SRC_RULES_RULES_INTERNAL_H_
#define THREATMODEL_SRC_RULES_RULES_INTERNAL_H_

#include <string>
#include <vector>

#include "absl/types/span.h"
#include "rules/compiled_policy.h"
#include "threatmodel/rules/finding.h"
#include "threatmodel/rules/model.h"
#include "threatmodel/rules/rule.h"

namespace threatmodel::rules::internal {

using Evaluator = std::vector<Finding> (*)(const Deployment& model,
                                           const CompiledPolicy& policy);

struct RuleEntry {
  RuleInfo info;
  Evaluator evaluate;
};

// T-2: state backend.
[[nodiscard]] RuleEntry BackendRule();
// E-1: Automation account identity holding a privileged role.
[[nodiscard]] RuleEntry AutomationRule();
// E-3: users with excessive or out-of-tier roles.
[[nodiscard]] RuleEntry UserRolesRule();

// Every rule in catalogue order; built once.
[[nodiscard]] absl::Span<const RuleEntry> RuleEntries();

// A finding with the fields evaluators set.
[[nodiscard]] Finding MakeFinding(Status status, std::string subject,
                                  std::string source, std::string message);

}  // namespace threatmodel::rules::internal

#endif  // THREATMODEL_SRC_RULES_RULES_INTERNAL_H_
