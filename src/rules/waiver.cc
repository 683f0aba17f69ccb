#include "threatmodel/rules/waiver.h"

#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_join.h"
#include "absl/strings/string_view.h"
#include "rules/string_view_compat.h"

namespace threatmodel::rules {
namespace {

bool IsBlank(absl::string_view s) {
  return absl::StripAsciiWhitespace(s).empty();
}

// The canonical spelling of a threat ID from `known`, or empty.
std::string CanonicalThreat(absl::string_view id,
                            const std::vector<std::string>& known) {
  id = absl::StripAsciiWhitespace(id);
  for (const std::string& k : known) {
    if (absl::EqualsIgnoreCase(k, id)) return k;
  }
  return {};
}

bool Contains(const std::vector<std::string>& ids, absl::string_view id) {
  for (const std::string& k : ids) {
    if (absl::EqualsIgnoreCase(k, id)) return true;
  }
  return false;
}

// The threat ID of a threat key: "S-2" of "S-2/password-auth".
absl::string_view ThreatOf(absl::string_view key) {
  return key.substr(0, key.find('/'));
}

// A waiver for "ID" covers every finding of the threat; one for
// "ID/facet" only the findings of that facet.
bool Matches(const Waiver& waiver, absl::string_view key,
             const Finding& finding) {
  const std::size_t slash = key.find('/');
  if (!absl::EqualsIgnoreCase(finding.threat_id, key.substr(0, slash))) {
    return false;
  }
  if (slash != absl::string_view::npos &&
      !absl::EqualsIgnoreCase(finding.facet, key.substr(slash + 1))) {
    return false;
  }
  return absl::EqualsIgnoreCase(absl::StripAsciiWhitespace(finding.subject),
                                absl::StripAsciiWhitespace(waiver.subject));
}

bool Waivable(const Finding& finding) {
  return (finding.status == Status::kViolation ||
          finding.status == Status::kUndecided) &&
         !finding.waiver.has_value();
}

std::string FormatDay(absl::CivilDay day) {
  return absl::StrFormat("%04d-%02d-%02d", day.year(), day.month(), day.day());
}

}  // namespace

std::string_view WaiverProblemName(WaiverProblem problem) {
  switch (problem) {
    case WaiverProblem::kMalformed:
      return "malformed";
    case WaiverProblem::kExpired:
      return "expired";
  }
  return "malformed";
}

absl::StatusOr<absl::CivilDay> ParseIsoDate(std::string_view s_in) {
  const absl::string_view s = internal::Av(s_in);
  auto invalid = [&] {
    return absl::InvalidArgumentError(absl::StrCat(
        "\"", s.substr(0, 40), "\" is not a date in the form YYYY-MM-DD"));
  };
  if (s.size() != 10 || s[4] != '-' || s[7] != '-') return invalid();
  int fields[3] = {0, 0, 0};
  const std::size_t starts[3] = {0, 5, 8};
  const std::size_t lengths[3] = {4, 2, 2};
  for (int f = 0; f < 3; ++f) {
    for (std::size_t i = starts[f]; i < starts[f] + lengths[f]; ++i) {
      if (!absl::ascii_isdigit(static_cast<unsigned char>(s[i]))) {
        return invalid();
      }
      fields[f] = fields[f] * 10 + (s[i] - '0');
    }
  }
  absl::CivilDay day(fields[0], fields[1], fields[2]);
  // CivilDay normalises out-of-range fields (2025-02-30 -> 2025-03-02), so a
  // round trip rejects dates that do not exist.
  if (day.year() != fields[0] || day.month() != fields[1] ||
      day.day() != fields[2]) {
    return absl::InvalidArgumentError(
        absl::StrCat("\"", s, "\" is not a calendar date"));
  }
  return day;
}

std::vector<std::string> WaiverFormProblems(
    const Waiver& waiver, const std::vector<std::string>& known_threat_ids) {
  std::vector<std::string> problems;
  if (IsBlank(waiver.threat_id)) {
    problems.push_back("threat is missing");
  } else if (CanonicalThreat(waiver.threat_id, known_threat_ids).empty()) {
    problems.push_back(absl::StrCat(
        "unknown threat \"", waiver.threat_id.substr(0, 40),
        "\" (known: ", absl::StrJoin(known_threat_ids, ", "), ")"));
  }
  if (IsBlank(waiver.subject)) problems.push_back("subject is missing");
  if (IsBlank(waiver.justification)) {
    problems.push_back("justification is missing");
  }
  if (IsBlank(waiver.approver)) problems.push_back("approver is missing");
  if (IsBlank(waiver.expires)) {
    problems.push_back("expires is missing");
  } else if (absl::StatusOr<absl::CivilDay> day = ParseIsoDate(waiver.expires);
             !day.ok()) {
    problems.push_back(absl::StrCat("expires: ", day.status().message()));
  }
  return problems;
}

std::vector<WaiverIssue> ApplyWaivers(
    const std::vector<Waiver>& waivers,
    const std::vector<std::string>& known_threat_ids,
    const std::vector<std::string>& selected_threat_ids, absl::CivilDay today,
    std::vector<Finding>& findings) {
  std::vector<WaiverIssue> issues;
  // Which waiver waived a finding here: a facet's waiver wins over its
  // threat's whatever their order, since it is the more specific statement.
  enum class By { kNone, kThreat, kFacet };
  std::vector<By> waived_by(findings.size(), By::kNone);
  for (std::size_t i = 0; i < waivers.size(); ++i) {
    const Waiver& waiver = waivers[i];
    const std::string source = waiver.source.empty()
                                   ? absl::StrCat("waivers[", i, "]")
                                   : waiver.source;
    const std::string threat =
        CanonicalThreat(waiver.threat_id, known_threat_ids);

    std::vector<std::string> problems =
        WaiverFormProblems(waiver, known_threat_ids);
    if (!problems.empty()) {
      // Fail closed: never applied. Findings it names say why they stay.
      issues.push_back(
          {WaiverProblem::kMalformed, waiver.threat_id, waiver.subject, source,
           absl::StrCat("waiver ", source,
                        " is malformed: ", absl::StrJoin(problems, "; "))});
      if (!threat.empty() && !IsBlank(waiver.subject)) {
        for (Finding& finding : findings) {
          if (Waivable(finding) && Matches(waiver, threat, finding)) {
            absl::StrAppend(&finding.message, " [waiver ", source,
                            " not applied: malformed]");
          }
        }
      }
      continue;
    }

    absl::CivilDay expires = *ParseIsoDate(waiver.expires);
    if (today > expires) {
      if (Contains(selected_threat_ids, ThreatOf(threat))) {
        issues.push_back(
            {WaiverProblem::kExpired, waiver.threat_id, waiver.subject, source,
             absl::StrCat("waiver ", source, " for ", threat, " on \"",
                          waiver.subject, "\" expired on ", waiver.expires,
                          " (today is ", FormatDay(today),
                          "); renew it or fix the finding")});
      }
      for (Finding& finding : findings) {
        if (Waivable(finding) && Matches(waiver, threat, finding)) {
          absl::StrAppend(&finding.message, " [waiver ", source,
                          " not applied: expired on ", waiver.expires, "]");
        }
      }
      continue;
    }

    const bool facet = threat.find('/') != std::string::npos;
    for (std::size_t f = 0; f < findings.size(); ++f) {
      Finding& finding = findings[f];
      const bool open = Waivable(finding);
      const bool narrower = facet && waived_by[f] == By::kThreat;
      if ((open || narrower) && Matches(waiver, threat, finding)) {
        finding.status = Status::kWaived;
        finding.waiver = AppliedWaiver{waiver.justification, waiver.expires,
                                       waiver.approver, source};
        waived_by[f] = facet ? By::kFacet : By::kThreat;
      }
    }
  }
  return issues;
}

}  // namespace threatmodel::rules
