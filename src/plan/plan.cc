#include "threatmodel/plan/plan.h"

#include <string>
#include <utility>

#include "plan/json_cursor.h"
#include "plan/plan_builder.h"
#include "plan/raw_plan.h"
#include "threatmodel/base/status_macros.h"
#include "threatmodel/plan/input.h"

namespace threatmodel::plan {

absl::StatusOr<Plan> ParsePlanJson(std::string_view json,
                                   const ReadOptions& options) {
  internal::JsonLimits limits;
  limits.max_depth = options.max_depth;
  limits.max_string_bytes = options.max_string_bytes;
  THREATMODEL_ASSIGN_OR_RETURN(internal::RawPlan raw,
                               internal::ReadRawPlan(json, limits));
  return internal::BuildPlan(raw);
}

absl::StatusOr<Plan> ParsePlanBytes(std::string raw, std::string_view name,
                                    const ReadOptions& options) {
  THREATMODEL_ASSIGN_OR_RETURN(std::string text,
                               DecodePlanText(std::move(raw), name));
  return ParsePlanJson(text, options);
}

rules::Input TakeEngineInput(Plan& plan) {
  rules::Input input;
  input.resources = std::move(plan.resources);
  input.outputs = std::move(plan.outputs);
  plan.resources.clear();
  plan.outputs.clear();
  return input;
}

std::vector<std::string> SupportedFormatVersions() {
  return {"0.1", "0.2", "1.0", "1.1", "1.2"};
}

}  // namespace threatmodel::plan
