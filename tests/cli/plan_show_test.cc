#include "cli/plan_show.h"

#include <sys/stat.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <string>

#include "cli/check.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "test_util.h"

namespace threatmodel::cli {
namespace {

using ::testing::HasSubstr;
namespace fs = std::filesystem;

// A scratch directory with fake `terraform` scripts, removed afterwards.
class PlanShowTest : public ::testing::Test {
 protected:
  PlanShowTest()
      : dir_(fs::temp_directory_path() /
             ("plan_show_test_" + std::to_string(getpid()))) {
    fs::create_directories(dir_ / "bin");
    fs::create_directories(dir_ / "work");
    // A binary plan file: what matters is the zip magic.
    std::ofstream(dir_ / "work" / "tfplan") << "PK\x03\x04 not really a zip";
  }
  ~PlanShowTest() override { fs::remove_all(dir_); }

  // Writes an executable script named `name` into bin/.
  std::string Script(const std::string& name, const std::string& body) {
    const fs::path path = dir_ / "bin" / name;
    std::ofstream(path) << "#!/bin/sh\n" << body << "\n";
    chmod(path.c_str(), 0755);
    return path.string();
  }

  ShowOptions Options(std::string cli) const {
    ShowOptions o;
    o.cli = std::move(cli);
    o.working_dir = (dir_ / "work").string();
    o.plan_file = (dir_ / "work" / "tfplan").string();
    return o;
  }

  fs::path dir_;
};

TEST_F(PlanShowTest, FindsTerraformBeforeTofuAndSkipsWhatCannotRun) {
  EXPECT_EQ(FindTerraformCli((dir_ / "bin").string()), std::nullopt);
  const std::string tofu = Script("tofu", "exit 0");
  EXPECT_EQ(FindTerraformCli("/nonexistent:" + (dir_ / "bin").string()), tofu);
  std::ofstream(dir_ / "bin" / "terraform") << "not executable";
  EXPECT_EQ(FindTerraformCli((dir_ / "bin").string()), tofu);
  const std::string terraform = Script("terraform", "exit 0");
  EXPECT_EQ(FindTerraformCli((dir_ / "bin").string()), terraform);
}

TEST_F(PlanShowTest, RunsShowJsonInTheWorkingDirectory) {
  // Echoes its arguments as JSON so the test sees exactly what was run.
  const std::string cli = Script(
      "terraform",
      R"(printf '{"args":"%s"}' "$*"; if read x; then echo "stdin!"; fi)");
  absl::StatusOr<std::string> json = ShowPlanJson(Options(cli));
  ASSERT_TRUE(json.ok()) << json.status();
  EXPECT_EQ(*json, absl::StrCat(R"({"args":"-chdir=)", (dir_ / "work").string(),
                                " show -json -no-color ",
                                (dir_ / "work" / "tfplan").string(), R"("})"));
}

TEST_F(PlanShowTest, FailureCarriesTheCliMessage) {
  const std::string cli = Script(
      "terraform", "echo 'Error: Failed to load plugin schemas' >&2; exit 1");
  absl::StatusOr<std::string> json = ShowPlanJson(Options(cli));
  ASSERT_FALSE(json.ok());
  EXPECT_TRUE(absl::IsFailedPrecondition(json.status()));
  EXPECT_THAT(json.status().message(), HasSubstr("exit status 1"));
  EXPECT_THAT(json.status().message(),
              HasSubstr("Failed to load plugin schemas"));
}

TEST_F(PlanShowTest, OutputOverTheLimitAndHangsAreStopped) {
  ShowOptions big = Options(Script("terraform", "yes '{}' | head -c 100000"));
  big.limits.max_bytes = 1000;
  absl::StatusOr<std::string> json = ShowPlanJson(big);
  ASSERT_FALSE(json.ok());
  EXPECT_TRUE(absl::IsResourceExhausted(json.status()));

  ShowOptions slow = Options(Script("terraform", "exec sleep 60"));
  slow.deadline = std::chrono::seconds(1);
  json = ShowPlanJson(slow);
  ASSERT_FALSE(json.ok());
  EXPECT_THAT(json.status().message(), HasSubstr("did not finish"));
}

TEST_F(PlanShowTest, CheckConvertsABinaryPlanThroughTheCli) {
  // The fake terraform prints a real plan JSON fixture.
  const fs::path fixture = testing::kOwnPlans / "automation-root-fixed.json";
  Script("terraform", absl::StrCat("cat '", fixture.string(), "'"));
  CheckOptions o;
  o.plan_path = (dir_ / "work" / "tfplan").string();
  o.chdir = (dir_ / "work").string();
  o.threats = {"E-1"};
  CheckEnvironment env;
  env.today = absl::CivilDay(2026, 6, 1);
  env.search_path = (dir_ / "bin").string();
  absl::StatusOr<CheckResult> r = RunCheck(o, env);
  ASSERT_TRUE(r.ok()) << r.status();
  EXPECT_FALSE(r->report.findings.empty());

  // Without a CLI on the search path, the clear error stays.
  env.search_path = (dir_ / "nothing-here").string();
  r = RunCheck(o, env);
  ASSERT_FALSE(r.ok());
  EXPECT_TRUE(absl::IsInvalidArgument(r.status()));
  EXPECT_THAT(r.status().message(), HasSubstr("no terraform or tofu on PATH"));
}

}  // namespace
}  // namespace threatmodel::cli
