// File: engine_internal.h
//
// A seam for the rules' own tests: runs the engine's stages after the
// facts stage, over access facts (accounts, users, role assignments, the
// backend) built by hand, so that a rule's decision table can be tested
// without spelling out resources. Front ends never use it: they call
// Evaluate(const Input&, ...).
//
// Thread-safety: as Evaluate.
#ifndef THREATMODEL_SRC_RULES_ENGINE_INTERNAL_H_
#define THREATMODEL_SRC_RULES_ENGINE_INTERNAL_H_

#include <string>

#include "absl/status/statusor.h"
#include "absl/time/civil_time.h"
#include "absl/types/span.h"
#include "threatmodel/rules/engine.h"
#include "threatmodel/rules/model.h"
#include "threatmodel/rules/policy.h"

namespace threatmodel::rules {

[[nodiscard]] absl::StatusOr<Report> EvaluateAccessFacts(
    const Deployment& access, const Policy& policy,
    absl::Span<const std::string> threats, absl::CivilDay today);

}  // namespace threatmodel::rules

#endif  // THREATMODEL_SRC_RULES_ENGINE_INTERNAL_H_
