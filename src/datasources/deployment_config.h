// Turns an assertion's inputs into the rule engine's model of the planned
// deployment. Every model element carries a source locator (the printed
// attribute path of the input element it came from) so that findings can
// be pointed back at the configuration line Terraform underlines.
#ifndef THREATMODEL_DATASOURCES_DEPLOYMENT_CONFIG_H_
#define THREATMODEL_DATASOURCES_DEPLOYMENT_CONFIG_H_

#include <map>
#include <string>

#include "threatmodel/cty/path.h"
#include "threatmodel/cty/value.h"
#include "threatmodel/diag/diagnostics.h"
#include "threatmodel/rules/model.h"

namespace threatmodel::datasources {

struct DeploymentInputs {
  rules::Deployment deployment;
  // Source locator -> attribute path of the input element.
  std::map<std::string, cty::Path> paths;
};

// Reads `automation_accounts`, `users` and `role_assignments` from an
// assertion's configuration. The backend is handled separately because it
// may come from the working directory. Shape errors become diagnostics;
// unknown values become unknown model values.
[[nodiscard]] DeploymentInputs ReadDeploymentInputs(const cty::Value& config,
                                                    diag::Diagnostics& diags);

}  // namespace threatmodel::datasources

#endif  // THREATMODEL_DATASOURCES_DEPLOYMENT_CONFIG_H_
