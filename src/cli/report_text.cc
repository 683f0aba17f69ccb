// The text report, the summary line and the format dispatcher.

#include <string>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/string_view.h"
#include "cli/report.h"
#include "threatmodel/base/version.h"
#include "threatmodel/rules/rule.h"

namespace threatmodel::cli {
namespace {

absl::string_view Av(std::string_view s) {
  return absl::string_view(s.data(), s.size());
}

std::string_view StatusWord(rules::Status status) {
  switch (status) {
    case rules::Status::kViolation:
      return "VIOLATION";
    case rules::Status::kUndecided:
      return "UNDECIDED";
    case rules::Status::kPass:
      return "PASS";
    case rules::Status::kNotApplicable:
      return "N/A";
    case rules::Status::kWaived:
      return "WAIVED";
  }
  return "?";
}

std::string Plural(int n, std::string_view one, std::string_view many) {
  return absl::StrCat(n, " ", n == 1 ? Av(one) : Av(many));
}

}  // namespace

std::string SummaryLine(const CheckResult& result) {
  const rules::Summary& s = result.report.summary;
  std::string line = absl::StrCat(
      kToolName, ": ", result.report.passed ? "PASSED" : "FAILED", ": ",
      Plural(s.violations, "violation", "violations"), ", ", s.undecided,
      " undecided, ", Plural(s.passes, "pass", "passes"), ", ", s.waived,
      " waived, ", s.not_applicable, " not applicable");
  if (!result.report.waiver_issues.empty()) {
    absl::StrAppend(&line, ", ",
                    Plural(static_cast<int>(result.report.waiver_issues.size()),
                           "waiver issue", "waiver issues"));
  }
  if (!result.plan.deferred_assertions.empty()) {
    absl::StrAppend(
        &line, "; ",
        Plural(static_cast<int>(result.plan.deferred_assertions.size()),
               "assertion", "assertions"),
        " deferred to apply, judged from planned inputs");
  }
  return line;
}

std::string RenderText(const CheckResult& result) {
  const plan::PlanSummary& ps = result.plan.summary;
  std::string out =
      absl::StrCat(kToolName, " ", Av(ProviderVersion()), ": ",
                   result.input_name, " (plan format ", ps.format_version,
                   ps.terraform_version.empty()
                       ? ""
                       : absl::StrCat(", Terraform ", ps.terraform_version),
                   ")\n");
  absl::StrAppend(&out, "Read ",
                  Plural(static_cast<int>(ps.resource_changes),
                         "resource change", "resource changes"),
                  ": ",
                  Plural(static_cast<int>(ps.role_assignments),
                         "role assignment", "role assignments"),
                  ", ",
                  Plural(static_cast<int>(ps.automation_accounts),
                         "Automation account", "Automation accounts"));
  if (ps.destroyed > 0) {
    absl::StrAppend(&out, "; ", ps.destroyed, " being destroyed (not judged)");
  }
  absl::StrAppend(&out, ".\n");

  for (const std::string& id : result.threats) {
    const rules::RuleInfo* rule = rules::FindRule(id);
    if (rule == nullptr) continue;
    auto enf = result.enforcement.find(id);
    const rules::Enforcement enforcement = enf == result.enforcement.end()
                                               ? rules::Enforcement::kMandatory
                                               : enf->second;
    absl::StrAppend(&out, "\n", Av(rule->id), "  ", Av(rule->title), "\n",
                    "     ", Av(rules::SeverityName(rule->severity)), " | ",
                    Av(rules::StrideName(rule->stride)), " | ",
                    Av(rules::EnforcementName(enforcement)), "\n");
    bool needs_remediation = false;
    for (const rules::Finding& f : result.report.findings) {
      if (f.threat_id != id) continue;
      absl::StrAppend(&out, "  ", Av(StatusWord(f.status)), "  ", f.subject);
      if (!f.facet.empty()) {
        // A facet's enforcement may differ from the threat's line above.
        absl::StrAppend(&out, "  [", f.facet, ", ",
                        Av(rules::EnforcementName(f.enforcement)), "]");
      }
      absl::StrAppend(&out, "\n");
      if (!f.source.empty() && f.source != f.subject) {
        absl::StrAppend(&out, "      at ", f.source);
        auto loc = result.locations.find(f.source);
        if (loc != result.locations.end()) {
          absl::StrAppend(&out, " (", loc->second.file, ":", loc->second.line,
                          ")");
        }
        absl::StrAppend(&out, "\n");
      }
      if (!f.related_sources.empty()) {
        absl::StrAppend(&out, "      involves: ",
                        absl::StrJoin(f.related_sources, ", "), "\n");
      }
      absl::StrAppend(&out, "      ", f.message, "\n");
      if (f.waiver.has_value()) {
        absl::StrAppend(&out, "      waived until ", f.waiver->expires,
                        " (approved by ", f.waiver->approver,
                        "): ", f.waiver->justification, "\n");
      }
      if (f.status == rules::Status::kViolation ||
          f.status == rules::Status::kUndecided) {
        needs_remediation = true;
      }
    }
    if (needs_remediation) {
      absl::StrAppend(&out, "  Remediation: ", Av(rule->remediation), "\n");
    }
  }

  if (!result.report.waiver_issues.empty()) {
    absl::StrAppend(&out, "\nWaiver problems (each one fails the check):\n");
    for (const rules::WaiverIssue& w : result.report.waiver_issues) {
      absl::StrAppend(&out, "  ", w.source.empty() ? "waiver" : w.source, " (",
                      w.threat_id, ", ", w.subject,
                      "): ", Av(rules::WaiverProblemName(w.problem)), ": ",
                      w.message, "\n");
    }
  }
  if (!result.plan.deferred_assertions.empty()) {
    absl::StrAppend(&out,
                    "\nthreatmodel_assertion reads deferred to apply (their "
                    "planned inputs were judged as the data source will "
                    "judge them; findings above):\n");
    for (const plan::DeferredAssertion& d : result.plan.deferred_assertions) {
      absl::StrAppend(
          &out, "  ", d.address,
          d.reason.empty() ? "" : absl::StrCat("  (", d.reason, ")"), "\n");
    }
  }
  if (!result.notes.empty() || !result.plan.notes.empty()) {
    absl::StrAppend(&out, "\nNotes:\n");
    for (const std::string& n : result.notes) {
      absl::StrAppend(&out, "  ", n, "\n");
    }
    for (const plan::Note& n : result.plan.notes) {
      absl::StrAppend(&out, "  ", n.address.empty() ? "" : n.address + ": ",
                      n.text, "\n");
    }
  }
  absl::StrAppend(&out, "\n", SummaryLine(result), "\n");
  return out;
}

std::string Render(const CheckResult& result, Format format) {
  switch (format) {
    case Format::kText:
      return RenderText(result);
    case Format::kJson:
      return RenderJson(result);
    case Format::kSarif:
      return RenderSarif(result);
    case Format::kJunit:
      return RenderJunit(result);
  }
  return RenderText(result);
}

}  // namespace threatmodel::cli
