#include "cli/check.h"

#include <string>

#include "absl/time/civil_time.h"
#include "gtest/gtest.h"
#include "test_util.h"

namespace threatmodel::cli {
namespace {

using testing::kOwnPlans;
using testing::TempDir;

CheckEnvironment Env() {
  CheckEnvironment env;
  env.today = absl::CivilDay(2026, 3, 6);
  return env;
}

TEST(RunCheck, DiscoversTheBackendAndDeclarations) {
  TempDir dir;
  testing::WriteAzurermBackend(dir.path());
  testing::WriteFile(
      dir.path() / "main.tf",
      "module \"automation\" {\n  source = \"./modules/a\"\n}\n");
  testing::WriteFile(
      dir.path() / "modules/a/roles.tf",
      "\nresource \"azurerm_role_assignment\" \"aks_contributor\" {\n}\n");
  CheckOptions o;
  o.plan_path = (kOwnPlans / "automation-root-greenfield.json").string();
  o.chdir = dir.str();
  absl::StatusOr<CheckResult> r = RunCheck(o, Env());
  ASSERT_TRUE(r.ok()) << r.status();
  ASSERT_TRUE(r->plan.deployment.backend.is_known());
  EXPECT_EQ(*r->plan.deployment.backend.value().type.if_known(), "azurerm");
  EXPECT_EQ(r->threats, (std::vector<std::string>{"T-2", "E-1", "E-3"}));
  EXPECT_TRUE(r->notes.empty());
  EXPECT_FALSE(r->report.passed);
  EXPECT_EQ(ExitCodeFor(*r), 1);
  // The plan says module.automation's source is ../modules/automation, so
  // the roles.tf above (under ./modules/a) is not it: no location.
  EXPECT_TRUE(r->locations.empty());
}

TEST(RunCheck, WithoutChdirT2IsNotApplicable) {
  CheckOptions o;
  o.plan_path = (kOwnPlans / "automation-root-fixed.json").string();
  absl::StatusOr<CheckResult> r = RunCheck(o, Env());
  ASSERT_TRUE(r.ok()) << r.status();
  EXPECT_TRUE(r->plan.deployment.backend.is_null());
  ASSERT_EQ(r->notes.size(), 1u);
  EXPECT_NE(r->notes[0].find("--chdir"), std::string::npos);
  EXPECT_TRUE(r->report.passed);
  EXPECT_EQ(ExitCodeFor(*r), 0);
}

TEST(RunCheck, EnforcementFollowsThePolicy) {
  TempDir dir;
  testing::WriteFile(dir.path() / "policy.json",
                     R"({"enforcement": {"E-1": "advisory"}})");
  CheckOptions o;
  o.plan_path = (kOwnPlans / "automation-root-greenfield.json").string();
  o.policy_path = (dir.path() / "policy.json").string();
  o.threats = {"E-1"};
  absl::StatusOr<CheckResult> r = RunCheck(o, Env());
  ASSERT_TRUE(r.ok()) << r.status();
  EXPECT_EQ(r->threats, (std::vector<std::string>{"E-1"}));
  EXPECT_EQ(r->enforcement.at("E-1"), rules::Enforcement::kAdvisory);
  EXPECT_TRUE(r->report.passed);
}

TEST(RunCheck, InputErrors) {
  CheckOptions o;
  o.plan_path = (testing::kSharedPlans /
                 "iDataist__Deploy-a-Scalable-IaaS-Web-Server-in-Azure__"
                 "terraform-plan-binary-not-json.json")
                    .string();
  absl::StatusOr<CheckResult> r = RunCheck(o, Env());
  ASSERT_FALSE(r.ok());
  EXPECT_TRUE(absl::IsInvalidArgument(r.status()));
  o.plan_path = (kOwnPlans / "automation-root-fixed.json").string();
  o.policy_path = o.plan_path;  // a plan is not a policy
  EXPECT_FALSE(RunCheck(o, Env()).ok());
}

}  // namespace
}  // namespace threatmodel::cli
