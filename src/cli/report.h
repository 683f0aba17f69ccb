// File: report.h
//
// The four report formats of `threatmodel check`, all built from one
// CheckResult:
//
//   text   for people: findings grouped by threat, with resource addresses,
//          messages and the remediation once per threat
//   json   a stable, documented schema (docs/cli-json-schema.md)
//   sarif  SARIF 2.1.0: one rule per threat (with `security-severity`), one
//          result per finding with a real `level`, logical locations for
//          resource addresses and, when --chdir let the CLI find them, the
//          `.tf` file and line
//   junit  JUnit XML for Azure DevOps PublishTestResults@2 and GitLab: one
//          test suite per threat, one test case per threat and subject
//
// No report contains a value the plan marks sensitive: findings are built
// from the model, which never holds one (see plan.h), and notes carry
// attribute names only.
//
// Thread-safety: pure functions.
#ifndef THREATMODEL_SRC_CLI_REPORT_H_
#define THREATMODEL_SRC_CLI_REPORT_H_

#include <string>
#include <string_view>

#include "cli/check.h"
#include "cli/options.h"
#include "threatmodel/rules/finding.h"

namespace threatmodel::cli {

[[nodiscard]] std::string RenderText(const CheckResult& result);
[[nodiscard]] std::string RenderJson(const CheckResult& result);
[[nodiscard]] std::string RenderSarif(const CheckResult& result);
[[nodiscard]] std::string RenderJunit(const CheckResult& result);

[[nodiscard]] std::string Render(const CheckResult& result, Format format);

// One line for standard error when the report goes to a file, e.g.
// "threatmodel: FAILED: 2 violations, 1 undecided, 3 passes".
[[nodiscard]] std::string SummaryLine(const CheckResult& result);

// The JSON report's schema version; bumped on incompatible changes only.
inline constexpr int kJsonSchemaVersion = 1;

// The tool's name in every report.
inline constexpr char kToolName[] = "threatmodel";

}  // namespace threatmodel::cli

#endif  // THREATMODEL_SRC_CLI_REPORT_H_
