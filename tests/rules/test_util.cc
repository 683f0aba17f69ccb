#include "rules/test_util.h"

#include <algorithm>
#include <fstream>
#include <sstream>
#include <string>
#include <utility>
#include <vector>

#include "nlohmann/json.hpp"
#include "rules/engine_internal.h"

namespace threatmodel::rules::testing {

namespace {

PlanValue FromJson(const nlohmann::json& after, const nlohmann::json& unknown) {
  if (unknown.is_boolean() && unknown.get<bool>()) return PlanValue::Unknown();
  if (after.is_object() || (after.is_null() && unknown.is_object())) {
    PlanValue::Members members;
    if (after.is_object()) {
      for (const auto& [k, v] : after.items()) {
        members[k] = FromJson(v, unknown.is_object() && unknown.contains(k)
                                     ? unknown[k]
                                     : nlohmann::json());
      }
    }
    if (unknown.is_object()) {
      for (const auto& [k, v] : unknown.items()) {
        if (members.count(k) == 0) members[k] = FromJson(nullptr, v);
      }
    }
    return PlanValue::Object(std::move(members));
  }
  if (after.is_array() || (after.is_null() && unknown.is_array())) {
    PlanValue::Elements elements;
    const std::size_t n = std::max(after.is_array() ? after.size() : 0,
                                   unknown.is_array() ? unknown.size() : 0);
    for (std::size_t i = 0; i < n; ++i) {
      elements.push_back(FromJson(
          after.is_array() && i < after.size() ? after[i] : nlohmann::json(),
          unknown.is_array() && i < unknown.size() ? unknown[i]
                                                   : nlohmann::json()));
    }
    return PlanValue::List(std::move(elements));
  }
  if (after.is_boolean()) return PlanValue::Bool(after.get<bool>());
  if (after.is_number()) return PlanValue::Number(after.dump());
  if (after.is_string()) return PlanValue::String(after.get<std::string>());
  return PlanValue::Null();
}

}  // namespace

Resource Planned(const std::string& address, const std::string& after,
                 const std::string& after_unknown,
                 std::optional<std::vector<std::string>> configured) {
  Resource r;
  r.address = address;
  r.base_address = address;
  const std::size_t bracket = address.find('[', address.rfind('.'));
  if (bracket != std::string::npos) {
    r.base_address = address.substr(0, bracket);
    r.key = address.substr(bracket);
  }
  const std::size_t last = r.base_address.rfind('.');
  const std::size_t type_start = r.base_address.rfind('.', last - 1);
  r.name = r.base_address.substr(last + 1);
  r.type = r.base_address.substr(
      type_start == std::string::npos ? 0 : type_start + 1,
      last - (type_start == std::string::npos ? 0 : type_start + 1));
  r.values = FromJson(nlohmann::json::parse(after),
                      nlohmann::json::parse(after_unknown));
  r.source = address;
  if (configured.has_value()) {
    r.configured.emplace(configured->begin(), configured->end());
  }
  return r;
}

Reference RefTo(const std::string& resource, const std::string& attribute) {
  Reference ref;
  ref.kind = Reference::Kind::kResource;
  ref.resource = resource;
  ref.attribute = attribute;
  ref.text = attribute.empty() ? resource : resource + "." + attribute;
  return ref;
}

Report EvaluateResources(std::vector<Resource> resources,
                         const std::string& threat, const Policy& policy) {
  Input input;
  input.resources = std::move(resources);
  absl::StatusOr<Report> report = Evaluate(input, policy, {threat}, Today());
  EXPECT_TRUE(report.ok()) << report.status();
  return report.ok() ? *std::move(report) : Report();
}

std::vector<Finding> FindingsOver(std::vector<Resource> resources,
                                  const std::string& threat,
                                  const Policy& policy, bool* passed) {
  Report report = EvaluateResources(std::move(resources), threat, policy);
  if (passed != nullptr) *passed = report.passed;
  return Of(report, threat);
}

std::optional<Finding> WithFacet(const std::vector<Finding>& findings,
                                 const std::string& facet) {
  for (const Finding& f : findings) {
    if (f.facet == facet) return f;
  }
  return std::nullopt;
}

std::optional<Finding> About(const std::vector<Finding>& findings,
                             const std::string& subject) {
  for (const Finding& f : findings) {
    if (f.subject == subject) return f;
  }
  return std::nullopt;
}

void ExpectContains(const std::string& text, const std::string& fragment) {
  EXPECT_NE(text.find(fragment), std::string::npos)
      << "missing \"" << fragment << "\" in: " << text;
}

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
