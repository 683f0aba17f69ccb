// File: waiver.h
//
// Waivers: an accepted risk for one threat (or one facet of it) and one
// subject, with a justification, an approver and an expiry date. A valid,
// unexpired waiver whose threat and subject match a violation (or an undecided
// finding) turns it into "waived" and keeps the original message. Waivers fail
// closed: an expired or malformed waiver is never applied, the finding keeps
// its status, and the problem is reported as a WaiverIssue (which makes the
// report fail).
//
// A waiver is valid through its expiry date, inclusive, compared with the
// evaluation date the caller injects.
//
// Thread-safety: plain values and pure functions; safe from any thread.
#ifndef THREATMODEL_RULES_WAIVER_H_
#define THREATMODEL_RULES_WAIVER_H_

#include <string>
#include <string_view>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/time/civil_time.h"
#include "threatmodel/rules/finding.h"

namespace threatmodel::rules {

struct Waiver {
  // A threat key, case-insensitive: "E-1" covers every finding of the
  // threat, "S-2/password-auth" only those of that facet (and wins over a
  // waiver of the whole threat for them).
  std::string threat_id;
  // Matches Finding::subject, case-insensitively.
  std::string subject;
  std::string justification;
  std::string expires;  // YYYY-MM-DD
  std::string approver;
  // Locator of the waiver in the caller's input, e.g. "waivers[0]".
  std::string source;
};

enum class WaiverProblem { kMalformed, kExpired };

// "malformed" or "expired".
[[nodiscard]] std::string_view WaiverProblemName(WaiverProblem problem);

struct WaiverIssue {
  WaiverProblem problem = WaiverProblem::kMalformed;
  std::string threat_id;  // as written in the waiver
  std::string subject;    // as written in the waiver
  std::string source;
  std::string message;  // what is wrong, e.g. "expired on 2025-01-31"
};

// Parses a strict YYYY-MM-DD calendar date (rejects 2025-02-30).
[[nodiscard]] absl::StatusOr<absl::CivilDay> ParseIsoDate(std::string_view s);

// Checks a waiver's form: a known threat key (from `known_threat_ids`:
// IDs and "ID/facet" keys, see ThreatKeys()), a
// non-blank subject, justification and approver, and a valid date. Does not
// look at expiry. Returns the list of problems; empty means well-formed.
[[nodiscard]] std::vector<std::string> WaiverFormProblems(
    const Waiver& waiver, const std::vector<std::string>& known_threat_ids);

// Applies `waivers` to `findings` in place and returns the issues found.
// `selected_threat_ids` holds threat IDs only.
// Issues are reported for malformed waivers, and for expired waivers of the
// threats in `selected_threat_ids` (an expired waiver of a threat that was
// not evaluated is left alone). A finding that an expired waiver would have
// covered also gets a note appended to its message.
[[nodiscard]] std::vector<WaiverIssue> ApplyWaivers(
    const std::vector<Waiver>& waivers,
    const std::vector<std::string>& known_threat_ids,
    const std::vector<std::string>& selected_threat_ids, absl::CivilDay today,
    std::vector<Finding>& findings);

}  // namespace threatmodel::rules

#endif  // THREATMODEL_RULES_WAIVER_H_
