#include "rules/test_util.h"

#include <fstream>
#include <sstream>
#include <string>
#include <utility>
#include <vector>

#include "rules/engine_internal.h"

namespace threatmodel::rules::testing {

std::vector<RoleAssignment> OnboardingRoles(const std::string& principal,
                                            const std::string& key) {
  const std::vector<std::pair<std::string, std::string>> roles = {
      {"Azure Kubernetes Service Cluster Admin Role", Aks()},
      {"Azure Kubernetes Service RBAC Cluster Admin", Aks()},
      {"Key Vault Secrets Officer", InRg("Microsoft.KeyVault/vaults/kv-rob")},
      {"Storage Blob Data Contributor",
       InRg("Microsoft.Storage/storageAccounts/strob")},
      {"Grafana Admin", InRg("Microsoft.Dashboard/grafana/graf-rob")},
      {"AcrPush", InRg("Microsoft.ContainerRegistry/registries/acrrob")},
      {"AcrPull", InRg("Microsoft.ContainerRegistry/registries/acrrob")},
      {"AzureML Data Scientist",
       InRg("Microsoft.MachineLearningServices/workspaces/mlw-rob")},
      {"Contributor", kRg},
  };
  std::vector<RoleAssignment> out;
  for (const auto& [role, scope] : roles) {
    std::string source = "azurerm_role_assignment.user[\"";
    source.append(key).append("/").append(role).append("\"]");
    out.push_back(Assign(principal, PrincipalType::kUser, role, scope,
                         std::move(source)));
  }
  return out;
}

AutomationAccount ReferenceAutomationAccount() {
  AutomationAccount account;
  account.subject = "module.automation.azurerm_automation_account.this";
  account.name = std::string("aa-robotics-dev-001");
  account.identity_type = std::string("SystemAssigned");
  account.principal_id = Maybe<std::string>::Unknown();
  account.source = "automation_accounts[0]";
  account.role_assignments = {
      Assign(Maybe<std::string>::Unknown(), PrincipalType::kServicePrincipal,
             "Azure Kubernetes Service Contributor Role", Aks(),
             "module.automation.azurerm_role_assignment.aks_contributor"),
      Assign(Maybe<std::string>::Unknown(), PrincipalType::kServicePrincipal,
             "Contributor", Psql(),
             "module.automation.azurerm_role_assignment."
             "postgresql_contributor[0]"),
  };
  return account;
}

std::vector<Finding> Of(const Report& report, const std::string& threat) {
  std::vector<Finding> out;
  for (const Finding& f : report.findings) {
    if (f.threat_id == threat) out.push_back(f);
  }
  return out;
}

Report EvaluateOne(const Deployment& model, const std::string& threat,
                   const Policy& policy) {
  std::vector<std::string> threats = {threat};
  absl::StatusOr<Report> report =
      EvaluateAccessFacts(model, policy, threats, Today());
  EXPECT_TRUE(report.ok()) << report.status().ToString();
  return report.ok() ? *std::move(report) : Report();
}

std::string ReadTestdata(const std::string& relative_path) {
  std::ifstream in(std::string(THREATMODEL_SOURCE_DIR) +
                       "/tests/testdata/rules/" + relative_path,
                   std::ios::binary);
  std::stringstream buffer;
  buffer << in.rdbuf();
  return buffer.str();
}

}  // namespace threatmodel::rules::testing
