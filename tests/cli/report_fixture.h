// File: report_fixture.h
//
// A hand-made CheckResult with one finding of every status and enforcement,
// a waiver, a waiver issue, a deferred assertion, notes and a source
// location, shared by the report tests.
//
// Thread-safety: pure function.
#ifndef THREATMODEL_TESTS_CLI_REPORT_FIXTURE_H_
#define THREATMODEL_TESTS_CLI_REPORT_FIXTURE_H_

#include <string>

#include "cli/check.h"
#include "threatmodel/rules/rule.h"

namespace threatmodel::cli::testing {

inline rules::Finding MakeFinding(const std::string& threat,
                                  rules::Status status,
                                  rules::Enforcement enforcement,
                                  std::string subject, std::string source,
                                  std::string message) {
  rules::Finding f;
  f.threat_id = threat;
  const rules::RuleInfo* rule = rules::FindRule(threat);
  f.title = std::string(rule->title);
  f.severity = rule->severity;
  f.remediation = std::string(rule->remediation);
  f.status = status;
  f.enforcement = enforcement;
  f.subject = std::move(subject);
  f.source = std::move(source);
  f.message = std::move(message);
  return f;
}

inline CheckResult MakeResult() {
  using rules::Enforcement;
  using rules::Status;
  CheckResult r;
  r.input_name = "plan.json";
  r.plan.summary.format_version = "1.2";
  r.plan.summary.terraform_version = "1.11.4";
  r.plan.summary.resource_changes = 12;
  r.plan.summary.role_assignments = 4;
  r.plan.summary.automation_accounts = 1;
  r.threats = {"T-2", "E-1", "E-3"};
  r.enforcement = {{"T-2", Enforcement::kMandatory},
                   {"E-1", Enforcement::kMandatory},
                   {"E-3", Enforcement::kAdvisory}};
  r.working_dir = "/work/dir with space";
  auto& f = r.report.findings;
  f.push_back(MakeFinding("T-2", Status::kViolation, Enforcement::kMandatory,
                          "backend", ".terraform/terraform.tfstate",
                          "backend \"local\": <no lock> & no encryption"));
  f.push_back(MakeFinding("E-1", Status::kViolation, Enforcement::kMandatory,
                          "module.a.azurerm_automation_account.this",
                          "module.a.azurerm_role_assignment.pg[0]",
                          "holds privileged role \"Contributor\""));
  f.push_back(MakeFinding("E-1", Status::kUndecided, Enforcement::kMandatory,
                          "module.a.azurerm_automation_account.this",
                          "module.a.azurerm_role_assignment.unknown_role",
                          "role unknown at plan time"));
  f.push_back(MakeFinding("E-1", Status::kPass, Enforcement::kMandatory,
                          "azurerm_automation_account.ok",
                          "azurerm_automation_account.ok",
                          "no privileged role"));
  rules::Finding waived = MakeFinding(
      "E-1", Status::kWaived, Enforcement::kMandatory,
      "azurerm_automation_account.waived", "azurerm_role_assignment.w",
      "holds privileged role \"Owner\"");
  waived.waiver = rules::AppliedWaiver{"accepted until Q3", "2026-06-30",
                                       "security@contoso.com", "waivers[0]"};
  f.push_back(waived);
  rules::Finding user = MakeFinding(
      "E-3", Status::kViolation, Enforcement::kAdvisory,
      "11111111-aaaa-4aaa-8aaa-000000000001",
      "azurerm_role_assignment.u[\"a\"]", "holds 9 role assignments");
  user.related_sources = {"azurerm_role_assignment.u[\"a\"]",
                          "azurerm_role_assignment.u[\"b\"]"};
  f.push_back(user);
  f.push_back(MakeFinding("E-3", Status::kUndecided, Enforcement::kAdvisory,
                          "module.p.azurerm_role_assignment.x",
                          "module.p.azurerm_role_assignment.x",
                          "principal unknown at plan time"));
  f.push_back(MakeFinding("E-3", Status::kNotApplicable, Enforcement::kAdvisory,
                          "deployment", "", "nothing to check"));
  r.report.summary = {2, 2, 1, 1, 1};
  r.report.waiver_issues.push_back({rules::WaiverProblem::kExpired, "E-3",
                                    "bob", "waivers[1]",
                                    "expired on 2025-01-31"});
  r.report.passed = false;
  r.plan.deferred_assertions.push_back(
      {"module.a.data.threatmodel_assertion.t", "read_because_config_unknown"});
  r.plan.notes.push_back({"module.a.azurerm_role_assignment.pg[0]",
                          "principal_id is sensitive: it is treated as "
                          "unknown and never shown"});
  r.notes.emplace_back("a CLI note");
  r.locations["module.a.azurerm_role_assignment.pg[0]"] = {
      "../modules/a/main.tf", 12};
  return r;
}

}  // namespace threatmodel::cli::testing

#endif  // THREATMODEL_TESTS_CLI_REPORT_FIXTURE_H_
