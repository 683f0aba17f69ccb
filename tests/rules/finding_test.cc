#include "threatmodel/rules/finding.h"

#include "gtest/gtest.h"

namespace threatmodel::rules {
namespace {

TEST(FindingNames, StableSpellings) {
  EXPECT_EQ(SeverityName(Severity::kCritical), "Critical");
  EXPECT_EQ(SeverityName(Severity::kHigh), "High");
  EXPECT_EQ(SeverityName(Severity::kMedium), "Medium");
  EXPECT_EQ(SeverityName(Severity::kLow), "Low");
  EXPECT_EQ(StrideName(Stride::kTampering), "Tampering");
  EXPECT_EQ(StrideName(Stride::kElevationOfPrivilege),
            "Elevation of Privilege");
  EXPECT_EQ(StrideName(Stride::kInformationDisclosure),
            "Information Disclosure");
  EXPECT_EQ(StatusName(Status::kViolation), "violation");
  EXPECT_EQ(StatusName(Status::kUndecided), "undecided");
  EXPECT_EQ(StatusName(Status::kPass), "pass");
  EXPECT_EQ(StatusName(Status::kNotApplicable), "not_applicable");
  EXPECT_EQ(StatusName(Status::kWaived), "waived");
  EXPECT_EQ(EnforcementName(Enforcement::kMandatory), "mandatory");
  EXPECT_EQ(EnforcementName(Enforcement::kAdvisory), "advisory");
}

TEST(Finding, DefaultsAreInert) {
  Finding f;
  EXPECT_EQ(f.status, Status::kPass);
  EXPECT_EQ(f.enforcement, Enforcement::kMandatory);
  EXPECT_FALSE(f.waiver.has_value());
  EXPECT_TRUE(f.related_sources.empty());
}

}  // namespace
}  // namespace threatmodel::rules
