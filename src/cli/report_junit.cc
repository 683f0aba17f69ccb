// The JUnit XML report, in the shape Jenkins' JUnit schema describes and
// Azure DevOps (PublishTestResults@2, testResultsFormat: JUnit) and GitLab
// (artifacts:reports:junit) read: <testsuites> with one <testsuite> per
// threat and one <testcase> per threat and subject. A test case fails when
// a mandatory finding about its subject is a violation or undecided;
// advisory findings pass with their text in <system-out>; waived and
// not-applicable subjects are <skipped>. Deferred threatmodel_assertion
// reads get their own suite of cases (their planned inputs are judged;
// the findings carry the results), and waiver problems a suite
// of failures (they fail the check).

#include <string>
#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"
#include "cli/report.h"
#include "threatmodel/rules/rule.h"

namespace threatmodel::cli {
namespace {

absl::string_view Av(std::string_view s) {
  return absl::string_view(s.data(), s.size());
}

// Escapes for attribute values and text; characters XML 1.0 forbids
// (control characters other than tab, newline and carriage return) become
// '?'.
std::string Xml(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (char c : s) {
    switch (c) {
      case '&':
        out += "&amp;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '"':
        out += "&quot;";
        break;
      case '\'':
        out += "&apos;";
        break;
      default:
        if (static_cast<unsigned char>(c) < 0x20 && c != '\t' && c != '\n' &&
            c != '\r') {
          out.push_back('?');
        } else {
          out.push_back(c);
        }
    }
  }
  return out;
}

struct Case {
  std::string name;
  std::string classname;
  // Exactly one of: failure (type non-empty), skipped, or a pass.
  std::string failure_type;
  std::string failure_message;
  std::string failure_text;
  std::string skipped;
  std::string out;
};

struct Suite {
  std::string name;
  std::string id;
  std::vector<std::pair<std::string, std::string>> properties;
  std::vector<Case> cases;
};

void AppendSuite(const Suite& suite, int index, std::string* xml, int* tests,
                 int* failures, int* skipped) {
  int f = 0, s = 0;
  for (const Case& c : suite.cases) {
    if (!c.failure_type.empty())
      ++f;
    else if (!c.skipped.empty())
      ++s;
  }
  *tests += static_cast<int>(suite.cases.size());
  *failures += f;
  *skipped += s;
  absl::StrAppend(xml, "  <testsuite name=\"", Xml(suite.name), "\" tests=\"",
                  suite.cases.size(), "\" failures=\"", f,
                  "\" errors=\"0\" skipped=\"", s, "\" time=\"0\" id=\"", index,
                  "\" package=\"", kToolName, "\">\n");
  if (!suite.properties.empty()) {
    absl::StrAppend(xml, "    <properties>\n");
    for (const auto& [k, v] : suite.properties) {
      absl::StrAppend(xml, "      <property name=\"", Xml(k), "\" value=\"",
                      Xml(v), "\"/>\n");
    }
    absl::StrAppend(xml, "    </properties>\n");
  }
  for (const Case& c : suite.cases) {
    absl::StrAppend(xml, "    <testcase name=\"", Xml(c.name),
                    "\" classname=\"", Xml(c.classname), "\" time=\"0\">\n");
    if (!c.failure_type.empty()) {
      absl::StrAppend(xml, "      <failure type=\"", Xml(c.failure_type),
                      "\" message=\"", Xml(c.failure_message), "\">",
                      Xml(c.failure_text), "</failure>\n");
    } else if (!c.skipped.empty()) {
      absl::StrAppend(xml, "      <skipped>", Xml(c.skipped), "</skipped>\n");
    }
    if (!c.out.empty()) {
      absl::StrAppend(xml, "      <system-out>", Xml(c.out), "</system-out>\n");
    }
    absl::StrAppend(xml, "    </testcase>\n");
  }
  absl::StrAppend(xml, "  </testsuite>\n");
}

std::string FindingText(const rules::Finding& f, const CheckResult& result) {
  std::string text =
      absl::StrCat("[", Av(rules::StatusName(f.status)), ", ",
                   Av(rules::EnforcementName(f.enforcement)),
                   f.facet.empty() ? "" : absl::StrCat(", facet ", f.facet),
                   "] ", f.message);
  if (!f.source.empty() && f.source != f.subject) {
    absl::StrAppend(&text, "\n  at ", f.source);
    auto loc = result.locations.find(f.source);
    if (loc != result.locations.end()) {
      absl::StrAppend(&text, " (", loc->second.file, ":", loc->second.line,
                      ")");
    }
  }
  if (f.waiver.has_value()) {
    absl::StrAppend(&text, "\n  waived until ", f.waiver->expires,
                    " (approved by ", f.waiver->approver,
                    "): ", f.waiver->justification);
  }
  return text;
}

}  // namespace

std::string RenderJunit(const CheckResult& result) {
  std::vector<Suite> suites;
  for (const std::string& id : result.threats) {
    const rules::RuleInfo* rule = rules::FindRule(id);
    if (rule == nullptr) continue;
    Suite suite;
    suite.name = absl::StrCat(Av(rule->id), " ", Av(rule->title));
    auto enf = result.enforcement.find(id);
    suite.properties = {
        {"threat_id", std::string(rule->id)},
        {"severity", std::string(rules::SeverityName(rule->severity))},
        {"stride", std::string(rules::StrideName(rule->stride))},
        {"enforcement",
         std::string(rules::EnforcementName(enf == result.enforcement.end()
                                                ? rules::Enforcement::kMandatory
                                                : enf->second))}};
    // Findings are ordered by rule, then subject: group by subject.
    std::vector<std::vector<const rules::Finding*>> groups;
    for (const rules::Finding& f : result.report.findings) {
      if (f.threat_id != id) continue;
      bool placed = false;
      for (auto& g : groups) {
        if (g.front()->subject == f.subject) {
          g.push_back(&f);
          placed = true;
          break;
        }
      }
      if (!placed) groups.push_back({&f});
    }
    for (const auto& g : groups) {
      Case c;
      c.name = absl::StrCat(Av(rule->id), " ", g.front()->subject);
      c.classname = absl::StrCat(kToolName, ".", Av(rule->id));
      bool all_waived = true, all_na = true, any_violation = false;
      const rules::Finding* first_fail = nullptr;
      std::string failing_text, other_text;
      for (const rules::Finding* f : g) {
        const bool fails = f->enforcement == rules::Enforcement::kMandatory &&
                           (f->status == rules::Status::kViolation ||
                            f->status == rules::Status::kUndecided);
        if (f->status != rules::Status::kWaived) all_waived = false;
        if (f->status != rules::Status::kNotApplicable) all_na = false;
        std::string& sink = fails ? failing_text : other_text;
        if (!sink.empty()) sink += "\n";
        sink += FindingText(*f, result);
        if (fails) {
          if (first_fail == nullptr) first_fail = f;
          if (f->status == rules::Status::kViolation) any_violation = true;
        }
      }
      if (first_fail != nullptr) {
        c.failure_type = any_violation ? "violation" : "undecided";
        c.failure_message = first_fail->message;
        c.failure_text = absl::StrCat(failing_text,
                                      "\nRemediation: ", Av(rule->remediation));
        c.out = other_text;
      } else if (all_waived) {
        c.skipped = absl::StrCat("waived: ", other_text);
      } else if (all_na) {
        c.skipped = absl::StrCat("not applicable: ", other_text);
      } else {
        c.out = other_text;
      }
      suite.cases.push_back(std::move(c));
    }
    suites.push_back(std::move(suite));
  }
  if (!result.plan.deferred_assertions.empty()) {
    Suite suite;
    suite.name = "threatmodel_assertion reads deferred to apply";
    for (const plan::DeferredAssertion& d : result.plan.deferred_assertions) {
      Case c;
      c.name = d.address;
      c.classname = absl::StrCat(kToolName, ".deferred");
      c.out = absl::StrCat(
          "the read was deferred to apply; its planned inputs were judged "
          "(see the findings)",
          d.reason.empty() ? "" : absl::StrCat(" (", d.reason, ")"));
      suite.cases.push_back(std::move(c));
    }
    suites.push_back(std::move(suite));
  }
  if (!result.report.waiver_issues.empty()) {
    Suite suite;
    suite.name = "waivers";
    for (const rules::WaiverIssue& w : result.report.waiver_issues) {
      Case c;
      c.name = absl::StrCat(w.source.empty() ? "waiver" : w.source, " ",
                            w.threat_id, " ", w.subject);
      c.classname = absl::StrCat(kToolName, ".waivers");
      c.failure_type = std::string(rules::WaiverProblemName(w.problem));
      c.failure_message = w.message;
      c.failure_text = absl::StrCat(
          w.message, "\nA broken waiver fails the check (fail closed).");
      suite.cases.push_back(std::move(c));
    }
    suites.push_back(std::move(suite));
  }

  std::string body;
  int tests = 0, failures = 0, skipped = 0;
  for (std::size_t i = 0; i < suites.size(); ++i) {
    AppendSuite(suites[i], static_cast<int>(i), &body, &tests, &failures,
                &skipped);
  }
  return absl::StrCat("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n",
                      "<testsuites name=\"", kToolName, "\" tests=\"", tests,
                      "\" failures=\"", failures,
                      "\" errors=\"0\" time=\"0\">\n", body, "</testsuites>\n");
}

}  // namespace threatmodel::cli
