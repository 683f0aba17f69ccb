#include "threatmodel/rules/engine.h"

#include <string>
#include <vector>

#include "gtest/gtest.h"
#include "rules/engine_internal.h"
#include "rules/test_util.h"
#include "threatmodel/rules/rule.h"
#include "threatmodel/rules/stated_backend.h"

namespace threatmodel::rules {
namespace {

using testing::Today;

// The reference architecture as planned: no backend, the automation
// module's two assignments, and one onboarded user.
Deployment Insecure() {
  Deployment model;
  Backend local;
  local.type = std::string("local");
  local.origin = BackendOrigin::kNoBackendFile;
  local.source = ".terraform/terraform.tfstate";
  model.backend = local;
  model.automation_accounts = {testing::ReferenceAutomationAccount()};
  model.role_assignments =
      testing::OnboardingRoles("11111111-1111-1111-1111-111111111111", "alice");
  return model;
}

Deployment Fixed() {
  Deployment model;
  model.backend = StatedBackend("azurerm",
                                {"storage_account_name", "container_name",
                                 "key", "use_azuread_auth", "use_oidc"},
                                "backend");
  AutomationAccount account = testing::ReferenceAutomationAccount();
  for (RoleAssignment& a : account.role_assignments) {
    a.role_definition_name = std::string("Automation Start Stop (custom)");
  }
  model.automation_accounts = {account};
  User alice;
  alice.subject = "alice";
  alice.principal_id = std::string("11111111-1111-1111-1111-111111111111");
  alice.tier = std::string("contributor");
  alice.role_assignments = {
      testing::Assign(alice.principal_id, PrincipalType::kUser, "AcrPull",
                      std::string(testing::kRg)),
      testing::Assign(alice.principal_id, PrincipalType::kUser,
                      "Storage Blob Data Contributor",
                      std::string(testing::kRg)),
  };
  model.users = {alice};
  return model;
}

// The threats the access facts decide; the others read resources.
const std::vector<std::string> kAccessThreats = {"T-2", "E-1", "E-3"};

TEST(Evaluate, ReferenceArchitectureFailsOnAllThreeThreats) {
  absl::StatusOr<Report> report =
      EvaluateAccessFacts(Insecure(), Policy(), kAccessThreats, Today());
  ASSERT_TRUE(report.ok()) << report.status();
  EXPECT_FALSE(report->passed);
  ASSERT_EQ(report->findings.size(), 4u);
  EXPECT_EQ(report->findings[0].threat_id, "T-2");
  EXPECT_EQ(report->findings[1].threat_id, "E-1");
  EXPECT_EQ(report->findings[2].threat_id, "E-1");
  EXPECT_EQ(report->findings[3].threat_id, "E-3");
  for (const Finding& f : report->findings) {
    EXPECT_EQ(f.status, Status::kViolation) << f.message;
    const RuleInfo* rule = FindRule(f.threat_id);
    ASSERT_NE(rule, nullptr);
    EXPECT_EQ(f.title, rule->title);
    EXPECT_EQ(f.severity, rule->severity);
    EXPECT_EQ(f.remediation, rule->remediation);
    EXPECT_EQ(f.enforcement, Enforcement::kMandatory);
  }
  EXPECT_EQ(report->findings[0].severity, Severity::kCritical);
  EXPECT_EQ(report->summary.violations, 4);
  EXPECT_EQ(report->summary.passes, 0);
}

TEST(Evaluate, FixedVariantPasses) {
  absl::StatusOr<Report> report =
      EvaluateAccessFacts(Fixed(), Policy(), kAccessThreats, Today());
  ASSERT_TRUE(report.ok()) << report.status();
  for (const Finding& f : report->findings) {
    EXPECT_EQ(f.status, Status::kPass) << f.threat_id << ": " << f.message;
  }
  EXPECT_TRUE(report->passed);
  EXPECT_EQ(report->summary.passes, 3);
}

TEST(Evaluate, SelectorPicksRulesCaseInsensitively) {
  std::vector<std::string> threats = {"e-3", " T-2 "};
  absl::StatusOr<Report> report =
      EvaluateAccessFacts(Insecure(), Policy(), threats, Today());
  ASSERT_TRUE(report.ok()) << report.status();
  ASSERT_EQ(report->findings.size(), 2u);
  EXPECT_EQ(report->findings[0].threat_id, "T-2");
  EXPECT_EQ(report->findings[1].threat_id, "E-3");
}

TEST(Evaluate, SelectorErrors) {
  for (const std::vector<std::string>& threats :
       {std::vector<std::string>{"X-9"}, std::vector<std::string>{"T-2", "t-2"},
        std::vector<std::string>{""}}) {
    absl::StatusOr<Report> report =
        EvaluateAccessFacts(Deployment(), Policy(), threats, Today());
    ASSERT_FALSE(report.ok());
    EXPECT_EQ(report.status().code(), absl::StatusCode::kInvalidArgument);
  }
  absl::StatusOr<Report> report = EvaluateAccessFacts(
      Deployment(), Policy(), std::vector<std::string>{"X-9"}, Today());
  EXPECT_NE(std::string(report.status().message())
                .find("unknown threat \"X-9\" (known: S-1, S-2, T-1, T-2, T-3, "
                      "I-1, I-2, I-3, D-1, D-2, D-3, D-4, E-1, E-3)"),
            std::string::npos);
}

TEST(Evaluate, InvalidPolicyIsAnError) {
  Policy policy;
  policy.max_roles_per_user = -1;
  absl::StatusOr<Report> report =
      EvaluateAccessFacts(Deployment(), policy, {}, Today());
  EXPECT_EQ(report.status().code(), absl::StatusCode::kInvalidArgument);
}

TEST(Evaluate, AdvisoryViolationsWarnButDoNotFail) {
  Policy policy;
  policy.enforcement["T-2"] = Enforcement::kAdvisory;
  policy.enforcement["E-1"] = Enforcement::kAdvisory;
  policy.enforcement["E-3"] = Enforcement::kAdvisory;
  absl::StatusOr<Report> report =
      EvaluateAccessFacts(Insecure(), policy, kAccessThreats, Today());
  ASSERT_TRUE(report.ok());
  EXPECT_TRUE(report->passed);
  EXPECT_EQ(report->summary.violations, 4);
  for (const Finding& f : report->findings) {
    EXPECT_EQ(f.enforcement, Enforcement::kAdvisory);
  }
}

TEST(Evaluate, UndecidedNeverPasses) {
  Deployment model;
  model.backend = Maybe<Backend>::Unknown();
  absl::StatusOr<Report> report =
      EvaluateAccessFacts(model, Policy(), {"T-2"}, Today());
  ASSERT_TRUE(report.ok());
  EXPECT_EQ(report->summary.undecided, 1);
  EXPECT_FALSE(report->passed);
}

TEST(Evaluate, NothingToCheckIsNotApplicableAndPasses) {
  absl::StatusOr<Report> report =
      EvaluateAccessFacts(Deployment(), Policy(), {}, Today());
  ASSERT_TRUE(report.ok());
  EXPECT_EQ(report->summary.not_applicable, static_cast<int>(Rules().size()));
  EXPECT_TRUE(report->passed);
}

TEST(Evaluate, WaiversWaiveAndBrokenWaiversFail) {
  Policy policy;
  policy.waivers = {
      {"E-1", "module.automation.azurerm_automation_account.this",
       "start/stop runbook; custom role tracked in PLAT-12", "2026-06-30",
       "security@contoso.com", ""},
      {"T-2", "backend", "migration next sprint", "2026-01-31",
       "security@contoso.com", ""},
  };
  const std::vector<std::string> threats = {"T-2", "E-1", "E-3"};
  absl::StatusOr<Report> report =
      EvaluateAccessFacts(Insecure(), policy, threats, Today());
  ASSERT_TRUE(report.ok());
  EXPECT_EQ(report->summary.waived, 2);
  EXPECT_EQ(report->summary.violations, 2);  // T-2 (expired waiver), E-3
  ASSERT_EQ(report->waiver_issues.size(), 1u);
  EXPECT_EQ(report->waiver_issues[0].problem, WaiverProblem::kExpired);
  EXPECT_EQ(report->waiver_issues[0].source, "waivers[1]");
  EXPECT_FALSE(report->passed);
  EXPECT_EQ(report->findings[0].status, Status::kViolation);
  EXPECT_NE(report->findings[0].message.find("not applied: expired"),
            std::string::npos);
  EXPECT_EQ(report->findings[1].status, Status::kWaived);
  EXPECT_TRUE(report->findings[1].waiver.has_value());

  // Only waived findings and valid waivers left: passes.
  policy.waivers.pop_back();
  policy.waivers.push_back({"T-2", "backend", "migration next sprint",
                            "2026-03-31", "security@contoso.com", ""});
  policy.waivers.push_back({"E-3", "11111111-1111-1111-1111-111111111111",
                            "break-glass admin", "2026-03-01",
                            "security@contoso.com", ""});
  report = EvaluateAccessFacts(Insecure(), policy, threats, Today());
  ASSERT_TRUE(report.ok());
  EXPECT_EQ(report->summary.waived, 4);
  EXPECT_TRUE(report->passed);

  // A malformed waiver fails the report even when nothing matches it.
  policy.waivers.push_back({"E-3", "bob", "", "2026-12-31", "x", ""});
  report = EvaluateAccessFacts(Insecure(), policy, {}, Today());
  ASSERT_TRUE(report.ok());
  EXPECT_FALSE(report->passed);
  ASSERT_EQ(report->waiver_issues.size(), 1u);
  EXPECT_EQ(report->waiver_issues[0].problem, WaiverProblem::kMalformed);
}

TEST(Evaluate, OrderIsDeterministicWhateverTheInputOrder) {
  Deployment a = Insecure();
  Deployment b = Insecure();
  std::reverse(b.role_assignments.begin(), b.role_assignments.end());
  std::reverse(b.automation_accounts[0].role_assignments.begin(),
               b.automation_accounts[0].role_assignments.end());
  absl::StatusOr<Report> ra = EvaluateAccessFacts(a, Policy(), {}, Today());
  absl::StatusOr<Report> rb = EvaluateAccessFacts(b, Policy(), {}, Today());
  ASSERT_TRUE(ra.ok() && rb.ok());
  ASSERT_EQ(ra->findings.size(), rb->findings.size());
  for (std::size_t i = 0; i < ra->findings.size(); ++i) {
    EXPECT_EQ(ra->findings[i].threat_id, rb->findings[i].threat_id);
    EXPECT_EQ(ra->findings[i].subject, rb->findings[i].subject);
    EXPECT_EQ(ra->findings[i].status, rb->findings[i].status);
    // A user's finding points at its first assignment in input order, so
    // only per-assignment findings keep their source across reorderings.
    if (ra->findings[i].threat_id != "E-3") {
      EXPECT_EQ(ra->findings[i].source, rb->findings[i].source);
    }
  }
}

TEST(TodayUtc, IsAPlausibleDate) { EXPECT_GE(TodayUtc().year(), 2024); }

}  // namespace
}  // namespace threatmodel::rules
