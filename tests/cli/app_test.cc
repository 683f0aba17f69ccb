#include "cli/app.h"

#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "absl/time/civil_time.h"
#include "gtest/gtest.h"
#include "test_util.h"

namespace threatmodel::cli {
namespace {

using testing::kOwnPlans;
using testing::kSharedPlans;
using testing::TempDir;

struct CliRun {
  int code;
  std::string out;
  std::string err;
};

CliRun RunArgs(const std::vector<std::string>& args) {
  CheckEnvironment env;
  env.today = absl::CivilDay(2026, 3, 6);
  std::ostringstream out, err;
  const int code = RunCli(args, env, out, err);
  return {code, out.str(), err.str()};
}

int Lines(const std::string& s) {
  return static_cast<int>(std::count(s.begin(), s.end(), '\n'));
}

enum class Backend { kNone, kLocal, kAzurerm };

TEST(RunCli, ReferenceArchitectureExitCodes) {
  struct Case {
    std::string file;
    Backend backend;
    int code;
    std::vector<std::string> must_contain;
  };
  const std::vector<Case> cases = {
      {"automation-root-greenfield.json",
       Backend::kLocal,
       1,
       {"T-2", "VIOLATION  backend", "E-1",
        "VIOLATION  module.automation.azurerm_automation_account.this",
        "module.automation.azurerm_role_assignment.postgresql_contributor[0]",
        "\"Azure Kubernetes Service Contributor Role\"",
        "module.automation.data.threatmodel_assertion.automation",
        "read_because_config_unknown"}},
      {"automation-root-greenfield.json",
       Backend::kAzurerm,
       1,
       {"PASS  backend", "VIOLATION  module.automation"}},
      {"automation-root-fixed.json",
       Backend::kAzurerm,
       0,
       {"PASS  module.automation.azurerm_automation_account.this"}},
      {"automation-root-fixed.json",
       Backend::kLocal,
       1,
       {"VIOLATION  backend"}},
      {"automation-root-fixed.json",
       Backend::kNone,
       1,
       {"UNDECIDED  backend", "Pass --chdir DIR"}},
      {"automation-root-no-postgresql.json",
       Backend::kAzurerm,
       1,
       {"aks_contributor"}},
      {"automation-root-second-plan.json",
       Backend::kAzurerm,
       1,
       {"principal 5b2c1c7e-9a55-4c1e-8f0a-3d2b6c1a7e01"}},
      {"automation-root-destroy.json",
       Backend::kAzurerm,
       0,
       {"3 being destroyed (not judged)"}},
      {"platform-root-greenfield.json",
       Backend::kAzurerm,
       1,
       {"VIOLATION  module.platform.azurerm_automation_account.ops",
        "at a resource_group scope whose ID is unknown at plan time",
        "VIOLATION  msgraph_resource_action.current_user[0].output.oid",
        "holds 6 role assignments",
        "module.platform.data.threatmodel_assertion.platform",
        "read_because_dependency_pending"}},
      {"platform-root-rg-via-local.json",
       Backend::kAzurerm,
       1,
       {"Contributor\" (admin-level built-in role) at a scope unknown"}},
      {"onboarding-for-each-greenfield.json",
       Backend::kAzurerm,
       1,
       {"VIOLATION  11111111-aaaa-4aaa-8aaa-000000000001",
        "VIOLATION  22222222-bbbb-4bbb-8bbb-000000000002",
        "holds 9 role assignments",
        "azurerm_role_assignment.onboarding[\"alice/Contributor\"]"}},
      {"onboarding-for-each-tiered.json",
       Backend::kAzurerm,
       0,
       {"PASS  11111111-aaaa-4aaa-8aaa-000000000001"}},
      {"onboarding-for-each-disabled.json",
       Backend::kAzurerm,
       0,
       {"the deployment has no user role assignments"}},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.file);
    TempDir dir;
    if (c.backend == Backend::kAzurerm)
      testing::WriteAzurermBackend(dir.path());
    std::vector<std::string> args = {"check", (kOwnPlans / c.file).string()};
    if (c.backend != Backend::kNone) {
      args.emplace_back("--chdir");
      args.push_back(dir.str());
    }
    CliRun r = RunArgs(args);
    EXPECT_EQ(r.code, c.code) << r.out << r.err;
    EXPECT_EQ(r.err, "");
    for (const std::string& s : c.must_contain) {
      EXPECT_NE(r.out.find(s), std::string::npos) << s << "\n" << r.out;
    }
  }
}

// Every shared fixture: the JSON plans read, the binary plan gets exit 2
// and the conversion hint. They hold no role assignments; two create a
// subnet without a network security group, a D-2 premise violation (exit
// 1); one of them also plans storage accounts left open to public networks
// (an I-1 premise violation: the provider's default, public access on); the
// others pass. None holds an AKS cluster or a kubernetes_* or helm_release
// resource, so D-1, D-3 and T-1 are not applicable to any.
TEST(RunCli, EverySharedFixture) {
  const std::set<std::string> subnets_without_nsg = {
      "terraform-compliance__cli__test-issue-294-plan.out.json",
      "fugue__regula__azurerm-storage-account-deny-access-infra.json"};
  const std::set<std::string> public_storage = {
      "fugue__regula__azurerm-storage-account-deny-access-infra.json"};
  TempDir dir;
  testing::WriteAzurermBackend(dir.path());
  int files = 0;
  for (const auto& e : std::filesystem::directory_iterator(kSharedPlans)) {
    if (e.path().extension() != ".json") continue;
    ++files;
    SCOPED_TRACE(e.path().filename().string());
    for (const char* format : {"text", "json", "sarif", "junit"}) {
      CliRun r = RunArgs({"check", e.path().string(), "--chdir", dir.str(),
                          "--format", format});
      if (e.path().string().find("binary-not-json") != std::string::npos) {
        EXPECT_EQ(r.code, 2);
        EXPECT_EQ(Lines(r.err), 1);
        EXPECT_NE(r.err.find("is a binary Terraform plan file"),
                  std::string::npos);
        EXPECT_NE(r.err.find("terraform show -json PLANFILE > plan.json"),
                  std::string::npos);
        EXPECT_EQ(r.out, "");
      } else if (subnets_without_nsg.count(e.path().filename().string())) {
        EXPECT_EQ(r.code, 1) << r.err;
        EXPECT_NE(r.out.find("premise-subnet-nsg"), std::string::npos);
        if (std::string(format) == "text") {
          EXPECT_EQ(r.out.find("VIOLATION  azurerm_storage_account") !=
                        std::string::npos,
                    public_storage.count(e.path().filename().string()) > 0)
              << r.out;
        }
      } else {
        EXPECT_EQ(r.code, 0) << r.err << r.out;
        EXPECT_FALSE(r.out.empty());
      }
    }
  }
  EXPECT_GE(files, 14);
}

TEST(RunCli, UsageAndInputErrorsExitTwoWithOneLine) {
  TempDir dir;
  const std::string plan = (kOwnPlans / "automation-root-fixed.json").string();
  testing::WriteFile(dir.path() / "bad-policy.json", R"({"max_roles": 3})");
  testing::WriteFile(dir.path() / "not-json.json", "hello");
  testing::WriteFile(dir.path() / "state.json",
                     R"({"format_version":"1.0","values":{}})");
  testing::WriteFile(dir.path() / "v3.json",
                     R"({"format_version":"3.0","resource_changes":[]})");
  testing::WriteFile(
      dir.path() / "errored.json",
      R"({"format_version":"1.2","resource_changes":[],"errored":true})");
  testing::WriteFile(
      dir.path() / "incomplete.json",
      R"({"format_version":"1.2","resource_changes":[],"complete":false})");
  struct Case {
    std::vector<std::string> args;
    std::string error;
  };
  const std::vector<Case> cases = {
      {{}, "no command given"},
      {{"plan"}, "unknown command \"plan\""},
      {{"check"}, "check needs a plan"},
      {{"check", plan, plan}, "more than one plan"},
      {{"check", plan, "--frobnicate"}, "unknown flag --frobnicate"},
      {{"check", plan, "--format", "xml"}, "unknown --format \"xml\""},
      {{"check", plan, "--format"}, "--format needs a value"},
      {{"check", plan, "--threats", "X-9"}, "X-9"},
      {{"check", plan, "--threats", ","}, "--threats lists no threat"},
      {{"check", "/nonexistent.json"}, "no such file: /nonexistent.json"},
      {{"check", dir.str()}, "is a directory"},
      {{"check", (dir.path() / "not-json.json").string()},
       "unexpected character 'h'"},
      {{"check", (dir.path() / "state.json").string()}, "state JSON"},
      {{"check", (dir.path() / "v3.json").string()},
       "unsupported plan format_version \"3.0\""},
      {{"check", (dir.path() / "errored.json").string()},
       "the plan errored; Terraform did not plan every resource, so it "
       "cannot be judged"},
      {{"check", (dir.path() / "incomplete.json").string(), "--threats", "E-1"},
       "the plan is incomplete (\"complete\": false); Terraform did not plan "
       "every resource"},
      {{"check", plan, "--policy", "/nonexistent.json"}, "--policy"},
      {{"check", plan, "--policy", (dir.path() / "bad-policy.json").string()},
       "max_roles"},
      {{"check", plan, "--chdir", "/nonexistent-dir"}, "--chdir"},
      {{"check", plan, "--output", "/nonexistent-dir/x.txt"},
       "cannot write --output"},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.error);
    CliRun r = RunArgs(c.args);
    EXPECT_EQ(r.code, 2);
    EXPECT_EQ(Lines(r.err), 1) << r.err;
    EXPECT_EQ(r.err.rfind("threatmodel: error: ", 0), 0u) << r.err;
    EXPECT_NE(r.err.find(c.error), std::string::npos) << r.err;
  }
}

TEST(RunCli, HelpAndVersion) {
  CliRun v = RunArgs({"--version"});
  EXPECT_EQ(v.code, 0);
  EXPECT_EQ(v.out.rfind("threatmodel ", 0), 0u);
  CliRun h = RunArgs({"--help"});
  EXPECT_EQ(h.code, 0);
  EXPECT_NE(h.out.find("--chdir DIR"), std::string::npos);
  EXPECT_NE(h.out.find("Exit status"), std::string::npos);
  EXPECT_EQ(RunArgs({"check", "--help"}).code, 0);
  EXPECT_EQ(RunArgs({"version"}).code, 0);
}

TEST(RunCli, OutputFileAndSummaryLine) {
  TempDir dir;
  const std::string out = (dir.path() / "report.sarif").string();
  CliRun r = RunArgs({"check",
                      (kOwnPlans / "automation-root-greenfield.json").string(),
                      "--format=sarif", "--output=" + out});
  EXPECT_EQ(r.code, 1);
  EXPECT_EQ(r.out, "");
  EXPECT_EQ(Lines(r.err), 1);
  // E-1's two role grants, and the account's local authentication and
  // public network access left on by the provider's defaults.
  EXPECT_NE(r.err.find("FAILED: 4 violations"), std::string::npos) << r.err;
  EXPECT_NE(testing::ReadFile(out).find("\"version\": \"2.1.0\""),
            std::string::npos);
}

TEST(RunCli, ThreatSelection) {
  CliRun r = RunArgs({"check",
                      (kOwnPlans / "automation-root-greenfield.json").string(),
                      "--threats", "e-3, T-2"});
  // Without a working directory T-2 is undecided, which fails.
  EXPECT_EQ(r.code, 1) << r.out;
  EXPECT_EQ(r.out.find("\nE-1 "), std::string::npos);
  EXPECT_NE(r.out.find("\nE-3 "), std::string::npos);
  EXPECT_NE(r.out.find("\nT-2 "), std::string::npos);
  EXPECT_NE(r.out.find("UNDECIDED  backend"), std::string::npos) << r.out;
  // Leaving T-2 out is the way to check without one. The deferred
  // assertion's automation_accounts input is unknown at plan time, so the
  // role assignments it holds leave E-3 undecided: never a pass.
  CliRun e3 = RunArgs({"check",
                       (kOwnPlans / "automation-root-greenfield.json").string(),
                       "--threats", "E-3"});
  EXPECT_EQ(e3.code, 1) << e3.out;
  EXPECT_EQ(e3.out.find("\nT-2 "), std::string::npos);
  EXPECT_NE(e3.out.find("UNDECIDED  automation_accounts"), std::string::npos)
      << e3.out;
}

// A deferred assertion's planned inputs are judged as the data source will
// judge them at apply: a Contributor grant there fails the pipeline now.
TEST(RunCli, DeferredAssertionInputsAreJudged) {
  CliRun r = RunArgs(
      {"check", (kOwnPlans / "deferred-assertion-contributor.json").string(),
       "--threats", "E-1"});
  EXPECT_EQ(r.code, 1) << r.out << r.err;
  EXPECT_NE(r.out.find("VIOLATION  aa-robotics-dev"), std::string::npos)
      << r.out;
  EXPECT_NE(r.out.find("in data.threatmodel_assertion.platform (read deferred "
                       "to apply; judged from its planned inputs)"),
            std::string::npos)
      << r.out;
  EXPECT_NE(r.out.find("\"Contributor\""), std::string::npos) << r.out;
  EXPECT_EQ(r.out.find("PASSED"), std::string::npos) << r.out;
}

// An Automation account that runs as a user-assigned identity whose
// principal holds Owner: the grant is the account's.
TEST(RunCli, UserAssignedIdentityGrantIsTheAccounts) {
  CliRun r = RunArgs(
      {"check", (kOwnPlans / "automation-user-assigned-owner.json").string(),
       "--threats", "E-1"});
  EXPECT_EQ(r.code, 1) << r.out << r.err;
  EXPECT_NE(r.out.find("VIOLATION  azurerm_automation_account.aa"),
            std::string::npos)
      << r.out;
  EXPECT_NE(r.out.find("user-assigned azurerm_user_assigned_identity.runbooks"),
            std::string::npos)
      << r.out;
  EXPECT_NE(r.out.find("\"Owner\""), std::string::npos) << r.out;
}

// Contributor granted to `principal_id = local.x` while the account's own
// principal is unknown: never a pass, with or without principal_type.
TEST(RunCli, GrantToAnUnattributablePrincipalIsUndecided) {
  for (const char* plan : {"automation-grant-via-local-typed.json",
                           "automation-grant-via-local-untyped.json"}) {
    SCOPED_TRACE(plan);
    CliRun r =
        RunArgs({"check", (kOwnPlans / plan).string(), "--threats", "E-1"});
    EXPECT_EQ(r.code, 1) << r.out << r.err;
    EXPECT_NE(r.out.find("UNDECIDED  azurerm_role_assignment.runbook"),
              std::string::npos)
        << r.out;
    EXPECT_NE(r.out.find("local.runbook_principal"), std::string::npos)
        << r.out;
  }
}

TEST(RunCli, PolicyWaiversAndEnforcement) {
  TempDir dir;
  testing::WriteAzurermBackend(dir.path());
  const std::string plan =
      (kOwnPlans / "automation-root-greenfield.json").string();
  struct Case {
    std::string name;
    std::string policy;
    int code;
    std::string must_contain;
  };
  const std::vector<Case> cases = {
      {"valid waiver",
       R"j({"waivers": [{"threat": "E-1",
           "subject": "module.automation.azurerm_automation_account.this",
           "justification": "start/stop role in review (SEC-42)",
           "expires": "2026-06-30", "approver": "security@contoso.com"},
          {"threat": "E-1", "subject": "automation_accounts",
           "justification": "the deferred assertion reads it at apply",
           "expires": "2026-06-30", "approver": "security@contoso.com"},
          {"threat": "E-3", "subject": "automation_accounts",
           "justification": "the deferred assertion reads it at apply",
           "expires": "2026-06-30", "approver": "security@contoso.com"}]})j",
       0, "WAIVED  module.automation.azurerm_automation_account.this"},
      {"expired waiver",
       R"({"waivers": [{"threat": "E-1",
           "subject": "module.automation.azurerm_automation_account.this",
           "justification": "old", "expires": "2026-01-31",
           "approver": "security@contoso.com"}]})",
       1, "Waiver problems"},
      {"advisory E-1",
       R"({"enforcement": {"E-1": "advisory", "E-3": "advisory"}})", 0,
       "High | Elevation of Privilege | advisory"},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.name);
    const auto path = dir.path() / "policy.json";
    testing::WriteFile(path, c.policy);
    CliRun r = RunArgs(
        {"check", plan, "--chdir", dir.str(), "--policy", path.string()});
    EXPECT_EQ(r.code, c.code) << r.out << r.err;
    EXPECT_NE(r.out.find(c.must_contain), std::string::npos) << r.out;
  }
}

// Sensitive values in the plan appear in no report format.
TEST(RunCli, SensitiveValuesNeverPrinted) {
  for (const char* format : {"text", "json", "sarif", "junit"}) {
    SCOPED_TRACE(format);
    CliRun r = RunArgs({"check", (kOwnPlans / "sensitive-canary.json").string(),
                        "--format", format});
    EXPECT_EQ(r.out.find("CANARY"), std::string::npos) << r.out;
    EXPECT_EQ(r.err.find("CANARY"), std::string::npos);
    EXPECT_EQ(r.code, 1);
  }
}

}  // namespace
}  // namespace threatmodel::cli
