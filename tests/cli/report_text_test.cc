#include <string>

#include "cli/report.h"
#include "gtest/gtest.h"
#include "report_fixture.h"

namespace threatmodel::cli {
namespace {

TEST(RenderText, GroupsByThreatWithAddresses) {
  const std::string t = RenderText(testing::MakeResult());
  const std::vector<std::string> in_order = {
      "plan.json (plan format 1.2, Terraform 1.11.4)",
      "Read 12 resource changes: 4 role assignments, 1 Automation account.",
      "\nT-2  ",
      "Critical | Tampering | mandatory",
      "VIOLATION  backend",
      "\nE-1  ",
      "VIOLATION  module.a.azurerm_automation_account.this",
      "at module.a.azurerm_role_assignment.pg[0] (../modules/a/main.tf:12)",
      "UNDECIDED  module.a.azurerm_automation_account.this",
      "PASS  azurerm_automation_account.ok",
      "WAIVED  azurerm_automation_account.waived",
      "waived until 2026-06-30 (approved by security@contoso.com)",
      "Remediation: ",
      "\nE-3  ",
      "| advisory",
      "involves: azurerm_role_assignment.u[\"a\"], azurerm_role_assignment",
      "N/A  deployment",
      "Waiver problems",
      "waivers[1] (E-3, bob): expired: expired on 2025-01-31",
      "threatmodel_assertion reads deferred to apply",
      "module.a.data.threatmodel_assertion.t  (read_because_config_unknown)",
      "Notes:",
      "a CLI note",
      "module.a.azurerm_role_assignment.pg[0]: principal_id is sensitive",
      "threatmodel: FAILED: 2 violations, 2 undecided, 1 pass, 1 waived",
  };
  std::size_t pos = 0;
  for (const std::string& s : in_order) {
    const std::size_t found = t.find(s, pos);
    ASSERT_NE(found, std::string::npos)
        << "missing or out of order: " << s << "\n"
        << t;
    pos = found;
  }
}

TEST(RenderText, FacetAndItsEnforcementFollowTheSubject) {
  CheckResult r = testing::MakeResult();
  r.report.findings[1].facet = "premise-private";
  const std::string t = RenderText(r);
  EXPECT_NE(t.find("VIOLATION  module.a.azurerm_automation_account.this  "
                   "[premise-private, mandatory]\n"),
            std::string::npos)
      << t;
  EXPECT_NE(t.find("VIOLATION  backend\n"), std::string::npos) << t;
}

TEST(RenderText, OnlySelectedThreats) {
  CheckResult r = testing::MakeResult();
  r.threats = {"E-3"};
  const std::string t = RenderText(r);
  EXPECT_EQ(t.find("\nT-2  "), std::string::npos);
  EXPECT_NE(t.find("\nE-3  "), std::string::npos);
}

TEST(SummaryLine, CountsEverything) {
  EXPECT_EQ(SummaryLine(testing::MakeResult()),
            "threatmodel: FAILED: 2 violations, 2 undecided, 1 pass, 1 waived, "
            "1 not applicable, 1 waiver issue; 1 assertion deferred to apply, "
            "judged from planned inputs");
}

TEST(SummaryLine, Passed) {
  CheckResult r;
  r.report.passed = true;
  r.report.summary.passes = 1;
  EXPECT_EQ(SummaryLine(r),
            "threatmodel: PASSED: 0 violations, 0 undecided, 1 pass, 0 "
            "waived, 0 not applicable");
}

TEST(Render, Dispatch) {
  const CheckResult r = testing::MakeResult();
  EXPECT_EQ(Render(r, Format::kText), RenderText(r));
  EXPECT_EQ(Render(r, Format::kJson), RenderJson(r));
  EXPECT_EQ(Render(r, Format::kSarif), RenderSarif(r));
  EXPECT_EQ(Render(r, Format::kJunit), RenderJunit(r));
}

}  // namespace
}  // namespace threatmodel::cli
