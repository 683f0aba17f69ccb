#include "threatmodel/rules/finding.h"

#include <string_view>

namespace threatmodel::rules {

std::string_view SeverityName(Severity severity) {
  switch (severity) {
    case Severity::kCritical:
      return "Critical";
    case Severity::kHigh:
      return "High";
    case Severity::kMedium:
      return "Medium";
    case Severity::kLow:
      return "Low";
  }
  return "Low";
}

std::string_view StrideName(Stride stride) {
  switch (stride) {
    case Stride::kSpoofing:
      return "Spoofing";
    case Stride::kTampering:
      return "Tampering";
    case Stride::kRepudiation:
      return "Repudiation";
    case Stride::kInformationDisclosure:
      return "Information Disclosure";
    case Stride::kDenialOfService:
      return "Denial of Service";
    case Stride::kElevationOfPrivilege:
      return "Elevation of Privilege";
  }
  return "Unknown";
}

std::string_view StatusName(Status status) {
  switch (status) {
    case Status::kViolation:
      return "violation";
    case Status::kUndecided:
      return "undecided";
    case Status::kPass:
      return "pass";
    case Status::kNotApplicable:
      return "not_applicable";
    case Status::kWaived:
      return "waived";
  }
  return "undecided";
}

std::string_view EnforcementName(Enforcement enforcement) {
  switch (enforcement) {
    case Enforcement::kMandatory:
      return "mandatory";
    case Enforcement::kAdvisory:
      return "advisory";
  }
  return "mandatory";
}

}  // namespace threatmodel::rules
