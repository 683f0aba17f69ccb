// File: finding.h
//
// What a rule says about one subject (a backend, an Automation account, a
// user): the threat, how severe it is, whether the policy enforces it, the
// status, precise evidence and the remediation. Findings are plain values
// that front ends turn into diagnostics, SARIF results or JSON.
//
// A finding never contains a secret: messages name backend settings, roles,
// principals and scopes, never a setting's value.
//
// Thread-safety: plain value types; const access is safe from any thread.
#ifndef THREATMODEL_RULES_FINDING_H_
#define THREATMODEL_RULES_FINDING_H_

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace threatmodel::rules {

enum class Severity { kCritical, kHigh, kMedium, kLow };

// "Critical", "High", "Medium", "Low".
[[nodiscard]] std::string_view SeverityName(Severity severity);

enum class Stride {
  kSpoofing,
  kTampering,
  kRepudiation,
  kInformationDisclosure,
  kDenialOfService,
  kElevationOfPrivilege,
};

// "Spoofing", "Tampering", ..., "Elevation of Privilege".
[[nodiscard]] std::string_view StrideName(Stride stride);

enum class Status {
  kViolation,      // the threat is present
  kUndecided,      // a decisive value is unknown at plan time
  kPass,           // checked, and the threat is absent
  kNotApplicable,  // nothing to check (for example no Automation accounts)
  kWaived,         // a violation (or undecided) covered by a valid waiver
};

// "violation", "undecided", "pass", "not_applicable", "waived".
[[nodiscard]] std::string_view StatusName(Status status);

// Mandatory findings are errors (they fail the plan); advisory ones are
// warnings.
enum class Enforcement { kMandatory, kAdvisory };

// "mandatory" or "advisory".
[[nodiscard]] std::string_view EnforcementName(Enforcement enforcement);

// The waiver that turned a finding into kWaived, copied from the policy.
struct AppliedWaiver {
  std::string justification;
  std::string expires;  // YYYY-MM-DD
  std::string approver;
  std::string source;  // the waiver's own locator, e.g. "waivers[2]"
};

struct Finding {
  std::string threat_id;  // "T-2", "E-1", "E-3"
  // The part of the threat the finding is about, one of the rule's
  // RuleInfo::facets ("password-auth", "premise-private"); empty for a
  // finding about the threat as a whole. Enforcement and waivers may name
  // it as "ID/facet" ("S-2/password-auth").
  std::string facet;
  std::string title;
  Severity severity = Severity::kLow;
  Enforcement enforcement = Enforcement::kMandatory;
  Status status = Status::kPass;
  // What the finding is about, and what a waiver names: "backend", an
  // Automation account's subject, a user's subject, or "deployment" when a
  // rule had nothing to check.
  std::string subject;
  // Locator of the input element to point a diagnostic at (copied from the
  // model); may be empty.
  std::string source;
  // Locators of the individual offending elements (for example each
  // offending role assignment of a user), in input order.
  std::vector<std::string> related_sources;
  // Evidence: roles, scope kinds, scopes, counts, setting names.
  std::string message;
  std::string remediation;
  std::optional<AppliedWaiver> waiver;
};

}  // namespace threatmodel::rules

#endif  // THREATMODEL_RULES_FINDING_H_
