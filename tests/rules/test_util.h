// File: test_util.h
//
// Helpers shared by the rules tests: status assertions (Debian's Abseil has
// no status matchers), model builders for the reference architecture, and
// finding lookups.
#ifndef THREATMODEL_TESTS_RULES_TEST_UTIL_H_
#define THREATMODEL_TESTS_RULES_TEST_UTIL_H_

#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "absl/status/status.h"
#include "absl/time/civil_time.h"
#include "gtest/gtest.h"
#include "threatmodel/rules/engine.h"
#include "threatmodel/rules/model.h"
#include "threatmodel/rules/resource.h"

#define TM_EXPECT_OK(expr)                                 \
  do {                                                     \
    const ::absl::Status tm_status_ = (expr);              \
    EXPECT_TRUE(tm_status_.ok()) << tm_status_.ToString(); \
  } while (0)

#define TM_ASSERT_OK(expr)                                 \
  do {                                                     \
    const ::absl::Status tm_status_ = (expr);              \
    ASSERT_TRUE(tm_status_.ok()) << tm_status_.ToString(); \
  } while (0)

namespace threatmodel::rules::testing {

// The evaluation date used throughout the tests.
inline absl::CivilDay Today() { return absl::CivilDay(2026, 3, 1); }

inline constexpr char kSub[] =
    "/subscriptions/00000000-0000-0000-0000-000000000001";
inline constexpr char kRg[] =
    "/subscriptions/00000000-0000-0000-0000-000000000001/resourceGroups/"
    "rg-robotics-dev";

// kRg + "/providers/" + type_and_name.
inline std::string InRg(const std::string& type_and_name) {
  return std::string(kRg) + "/providers/" + type_and_name;
}

inline std::string Aks() {
  return InRg("Microsoft.ContainerService/managedClusters/aks-robotics");
}
inline std::string Psql() {
  return InRg("Microsoft.DBforPostgreSQL/flexibleServers/psql-robotics-dev");
}

// An assignment by role name, with role_definition_id unknown as azurerm
// plans it.
inline RoleAssignment Assign(Maybe<std::string> principal,
                             Maybe<PrincipalType> type, std::string role,
                             Maybe<std::string> scope,
                             std::string source = "") {
  RoleAssignment a;
  a.principal_id = std::move(principal);
  a.principal_type = type;
  a.role_definition_name = std::move(role);
  a.role_definition_id = Maybe<std::string>::Unknown();
  a.scope = std::move(scope);
  a.source = std::move(source);
  return a;
}

// The nine roles of add-user-to-platform.sh for one user.
std::vector<RoleAssignment> OnboardingRoles(const std::string& principal,
                                            const std::string& key);

// The reference architecture's Automation account (principal unknown on
// create) with AKS Contributor Role on AKS and Contributor on PostgreSQL.
AutomationAccount ReferenceAutomationAccount();

// Findings of one threat in report order.
std::vector<Finding> Of(const Report& report, const std::string& threat);

// Evaluates one threat under `policy` on Today(); fails the test on error.
Report EvaluateOne(const Deployment& model, const std::string& threat,
                   const Policy& policy = Policy());

// A planned resource as the plan reader builds it: `after` (JSON text) with
// every leaf that `after_unknown` marks true made unknown. `address` is
// "TYPE.NAME", optionally under modules and with an instance key
// ("module.m.TYPE.NAME[\"k\"]"). `configured` lists the attribute paths
// the configuration sets; without it the resource has no configuration.
Resource Planned(const std::string& address, const std::string& after,
                 const std::string& after_unknown = "{}",
                 std::optional<std::vector<std::string>> configured = {});

// A reference to `resource` (an address without instance key) and its
// `attribute`, as the plan reader resolves one.
Reference RefTo(const std::string& resource, const std::string& attribute);

// Evaluates one threat over planned resources on Today(); fails the test on
// error.
Report EvaluateResources(std::vector<Resource> resources,
                         const std::string& threat,
                         const Policy& policy = Policy());

// EvaluateResources(), then that threat's findings; `*passed` (when given)
// is whether the report passed.
std::vector<Finding> FindingsOver(std::vector<Resource> resources,
                                  const std::string& threat,
                                  const Policy& policy = Policy(),
                                  bool* passed = nullptr);

// The first finding of `findings` about that facet, or that subject; a
// copy, so that it outlives a temporary list.
std::optional<Finding> WithFacet(const std::vector<Finding>& findings,
                                 const std::string& facet);
std::optional<Finding> About(const std::vector<Finding>& findings,
                             const std::string& subject);

// Fails the test unless `text` contains `fragment`.
void ExpectContains(const std::string& text, const std::string& fragment);

// Reads a file under tests/testdata/rules/.
std::string ReadTestdata(const std::string& relative_path);

}  // namespace threatmodel::rules::testing

#endif  // THREATMODEL_TESTS_RULES_TEST_UTIL_H_
