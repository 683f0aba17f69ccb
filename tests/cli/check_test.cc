#include "cli/check.h"

#include <stdlib.h>

#include <filesystem>
#include <string>

#include "absl/time/civil_time.h"
#include "gtest/gtest.h"
#include "test_util.h"

namespace threatmodel::cli {
namespace {

using testing::kOwnPlans;
using testing::TempDir;

constexpr auto kObserved = rules::BackendObservation::State::kObserved;
constexpr auto kUnavailable = rules::BackendObservation::State::kUnavailable;

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
  ASSERT_EQ(r->input.observed_backend.state, kObserved);
  EXPECT_EQ(*r->input.observed_backend.backend.type.if_known(), "azurerm");
  // The plan's resources are what the engine judged.
  EXPECT_EQ(r->input.resources.size(), 3u);
  EXPECT_TRUE(r->plan.resources.empty());
  EXPECT_EQ(r->threats, (std::vector<std::string>{
                            "S-1", "S-2", "T-1", "T-2", "T-3", "I-1", "I-2",
                            "I-3", "D-1", "D-2", "D-3", "D-4", "E-1", "E-3"}));
  EXPECT_TRUE(r->notes.empty());
  EXPECT_FALSE(r->report.passed);
  EXPECT_EQ(ExitCodeFor(*r), 1);
  // The plan says module.automation's source is ../modules/automation, so
  // the roles.tf above (under ./modules/a) is not it: no location.
  EXPECT_TRUE(r->locations.empty());
}

TEST(RunCheck, WithoutWorkingDirectoryT2IsUndecided) {
  TempDir cwd;  // not initialised: no .terraform
  CheckEnvironment env = Env();
  env.current_dir = cwd.str();
  CheckOptions o;
  o.plan_path = (kOwnPlans / "automation-root-fixed.json").string();
  absl::StatusOr<CheckResult> r = RunCheck(o, env);
  ASSERT_TRUE(r.ok()) << r.status();
  EXPECT_EQ(r->input.observed_backend.state, kUnavailable);
  EXPECT_EQ(r->input.observed_backend.reason, kNoWorkingDirectoryReason);
  EXPECT_FALSE(r->working_dir.has_value());
  ASSERT_EQ(r->notes.size(), 1u);
  EXPECT_EQ(r->notes[0], kNoWorkingDirectory);
  EXPECT_FALSE(r->report.passed);
  EXPECT_EQ(ExitCodeFor(*r), 1);
  // Leaving T-2 out: nothing to decide, no note.
  o.threats = {"E-1", "E-3"};
  r = RunCheck(o, env);
  ASSERT_TRUE(r.ok()) << r.status();
  EXPECT_TRUE(r->notes.empty());
  EXPECT_TRUE(r->report.passed);
}

TEST(RunCheck, WithoutChdirTheInitialisedCurrentDirectoryIsRead) {
  TempDir cwd;
  testing::WriteAzurermBackend(cwd.path());
  CheckEnvironment env = Env();
  env.current_dir = cwd.str();
  CheckOptions o;
  o.plan_path = (kOwnPlans / "automation-root-fixed.json").string();
  absl::StatusOr<CheckResult> r = RunCheck(o, env);
  ASSERT_TRUE(r.ok()) << r.status();
  ASSERT_EQ(r->input.observed_backend.state, kObserved);
  EXPECT_EQ(*r->input.observed_backend.backend.type.if_known(), "azurerm");
  EXPECT_EQ(r->working_dir, cwd.str());
  EXPECT_TRUE(r->notes.empty());
  EXPECT_TRUE(r->report.passed);
  // An empty .terraform (init without a backend block): local state.
  TempDir local;
  std::filesystem::create_directories(local.path() / ".terraform");
  env.current_dir = local.str();
  r = RunCheck(o, env);
  ASSERT_TRUE(r.ok()) << r.status();
  ASSERT_EQ(r->input.observed_backend.state, kObserved);
  EXPECT_EQ(*r->input.observed_backend.backend.type.if_known(), "local");
  EXPECT_FALSE(r->report.passed);
}

TEST(RunCheck, WithoutChdirTfDataDirDecides) {
  TempDir cwd;
  testing::WriteAzurermBackend(cwd.path());  // .terraform, not the data dir
  CheckEnvironment env = Env();
  env.current_dir = cwd.str();
  CheckOptions o;
  o.plan_path = (kOwnPlans / "automation-root-fixed.json").string();
  ASSERT_EQ(::setenv("TF_DATA_DIR", "tfdata", 1), 0);
  absl::StatusOr<CheckResult> missing = RunCheck(o, env);
  std::filesystem::rename(cwd.path() / ".terraform", cwd.path() / "tfdata");
  absl::StatusOr<CheckResult> present = RunCheck(o, env);
  ASSERT_EQ(::unsetenv("TF_DATA_DIR"), 0);
  ASSERT_TRUE(missing.ok()) << missing.status();
  EXPECT_EQ(missing->input.observed_backend.state, kUnavailable);
  ASSERT_TRUE(present.ok()) << present.status();
  ASSERT_EQ(present->input.observed_backend.state, kObserved);
  EXPECT_EQ(*present->input.observed_backend.backend.type.if_known(),
            "azurerm");
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
