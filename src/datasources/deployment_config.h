// Turns an assertion's inputs into the rule engine's input: the planned
// resources the module author passed (Automation accounts, users' and
// other role assignments) as rules::Resource values, with the structure of
// the inputs (an account's nested role assignments, a user's) expressed as
// references, exactly as the plan reader expresses configuration
// references. Every resource carries a source locator (the printed
// attribute path of the input element it came from) so that findings can
// be pointed back at the configuration line Terraform underlines.
#ifndef THREATMODEL_DATASOURCES_DEPLOYMENT_CONFIG_H_
#define THREATMODEL_DATASOURCES_DEPLOYMENT_CONFIG_H_

#include <map>
#include <string>

#include "threatmodel/cty/path.h"
#include "threatmodel/cty/value.h"
#include "threatmodel/diag/diagnostics.h"
#include "threatmodel/rules/resource.h"

namespace threatmodel::datasources {

struct DeploymentInputs {
  // Resources and declared users; the backend is handled separately
  // because it is observed in the working directory.
  rules::Input input;
  // Source locator -> attribute path of the input element.
  std::map<std::string, cty::Path> paths;
};

// Reads `automation_accounts`, `users` and `role_assignments` from an
// assertion's configuration. Shape errors become diagnostics; unknown
// values become unknown planned values.
[[nodiscard]] DeploymentInputs ReadDeploymentInputs(const cty::Value& config,
                                                    diag::Diagnostics& diags);

}  // namespace threatmodel::datasources

#endif  // THREATMODEL_DATASOURCES_DEPLOYMENT_CONFIG_H_
