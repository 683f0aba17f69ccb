#include "threatmodel/rules/waiver.h"

#include <string>
#include <vector>

#include "gtest/gtest.h"

namespace threatmodel::rules {
namespace {

const std::vector<std::string> kKnown = {"T-2", "E-1", "E-3"};

Waiver Valid() {
  return {"E-1",
          "aa-robotics-dev",
          "runbook needs it until custom role ships",
          "2026-06-30",
          "security@contoso.com",
          "waivers[0]"};
}

Finding Violation(std::string threat, std::string subject,
                  Status status = Status::kViolation) {
  Finding f;
  f.threat_id = std::move(threat);
  f.subject = std::move(subject);
  f.status = status;
  f.message = "original evidence";
  return f;
}

TEST(ParseIsoDate, StrictCalendarDates) {
  absl::StatusOr<absl::CivilDay> day = ParseIsoDate("2024-02-29");
  ASSERT_TRUE(day.ok());
  EXPECT_EQ(*day, absl::CivilDay(2024, 2, 29));
  for (const std::string& bad :
       {std::string("2025-02-29"), std::string("2025-13-01"),
        std::string("2025-00-10"), std::string("2025-1-01"),
        std::string("2025/01/01"), std::string("20250101"),
        std::string("2025-01-01T00:00:00Z"), std::string(""),
        std::string("soon"), std::string("2025-01-3x"),
        std::string(" 2025-01-01")}) {
    SCOPED_TRACE(bad);
    EXPECT_FALSE(ParseIsoDate(bad).ok());
  }
}

TEST(WaiverFormProblems, ListsEveryProblem) {
  EXPECT_TRUE(WaiverFormProblems(Valid(), kKnown).empty());
  Waiver w;
  w.threat_id = "X-9";
  w.expires = "next year";
  std::vector<std::string> problems = WaiverFormProblems(w, kKnown);
  ASSERT_EQ(problems.size(), 5u);
  EXPECT_NE(problems[0].find("unknown threat \"X-9\" (known: T-2, E-1, E-3)"),
            std::string::npos);
  EXPECT_EQ(problems[1], "subject is missing");
  EXPECT_EQ(problems[2], "justification is missing");
  EXPECT_EQ(problems[3], "approver is missing");
  EXPECT_NE(problems[4].find("expires:"), std::string::npos);

  Waiver blank = Valid();
  blank.justification = "   ";
  blank.threat_id = "";
  problems = WaiverFormProblems(blank, kKnown);
  ASSERT_EQ(problems.size(), 2u);
  EXPECT_EQ(problems[0], "threat is missing");
}

TEST(ApplyWaivers, ValidWaiverWaivesAndKeepsTheMessage) {
  std::vector<Finding> findings = {
      Violation("E-1", "aa-robotics-dev"),
      Violation("E-1", "AA-ROBOTICS-DEV", Status::kUndecided),
      Violation("E-1", "other-account"),
      Violation("E-3", "aa-robotics-dev"),
      Violation("E-1", "aa-robotics-dev", Status::kPass),
  };
  Waiver w = Valid();
  w.threat_id = "e-1";
  std::vector<WaiverIssue> issues =
      ApplyWaivers({w}, kKnown, kKnown, absl::CivilDay(2026, 3, 1), findings);
  EXPECT_TRUE(issues.empty());
  EXPECT_EQ(findings[0].status, Status::kWaived);
  EXPECT_EQ(findings[0].message, "original evidence");
  ASSERT_TRUE(findings[0].waiver.has_value());
  EXPECT_EQ(findings[0].waiver->approver, "security@contoso.com");
  EXPECT_EQ(findings[0].waiver->expires, "2026-06-30");
  EXPECT_EQ(findings[0].waiver->source, "waivers[0]");
  EXPECT_EQ(findings[1].status, Status::kWaived);     // undecided, case-folded
  EXPECT_EQ(findings[2].status, Status::kViolation);  // wrong subject
  EXPECT_EQ(findings[3].status, Status::kViolation);  // wrong threat
  EXPECT_EQ(findings[4].status, Status::kPass);       // nothing to waive
  EXPECT_FALSE(findings[4].waiver.has_value());
}

TEST(ApplyWaivers, ExpiryDateIsInclusive) {
  std::vector<Finding> findings = {Violation("E-1", "aa-robotics-dev")};
  std::vector<WaiverIssue> issues = ApplyWaivers(
      {Valid()}, kKnown, kKnown, absl::CivilDay(2026, 6, 30), findings);
  EXPECT_TRUE(issues.empty());
  EXPECT_EQ(findings[0].status, Status::kWaived);
}

TEST(ApplyWaivers, ExpiredWaiverFailsClosed) {
  std::vector<Finding> findings = {Violation("E-1", "aa-robotics-dev")};
  std::vector<WaiverIssue> issues = ApplyWaivers(
      {Valid()}, kKnown, kKnown, absl::CivilDay(2026, 7, 1), findings);
  EXPECT_EQ(findings[0].status, Status::kViolation);
  EXPECT_FALSE(findings[0].waiver.has_value());
  EXPECT_NE(findings[0].message.find("original evidence"), std::string::npos);
  EXPECT_NE(findings[0].message.find(
                "[waiver waivers[0] not applied: expired on 2026-06-30]"),
            std::string::npos);
  ASSERT_EQ(issues.size(), 1u);
  EXPECT_EQ(issues[0].problem, WaiverProblem::kExpired);
  EXPECT_EQ(issues[0].source, "waivers[0]");
  EXPECT_NE(issues[0].message.find("expired on 2026-06-30 (today is "
                                   "2026-07-01)"),
            std::string::npos);
}

TEST(ApplyWaivers, ExpiredWaiverOfAnUnselectedThreatIsLeftAlone) {
  std::vector<Finding> findings;
  std::vector<WaiverIssue> issues = ApplyWaivers(
      {Valid()}, kKnown, {"T-2"}, absl::CivilDay(2027, 1, 1), findings);
  EXPECT_TRUE(issues.empty());
}

TEST(ApplyWaivers, MalformedWaiverFailsClosed) {
  struct Case {
    std::string name;
    Waiver waiver;
    std::string fragment;
  };
  Waiver no_justification = Valid();
  no_justification.justification.clear();
  Waiver bad_date = Valid();
  bad_date.expires = "2026-02-30";
  Waiver no_approver = Valid();
  no_approver.approver = " ";
  Waiver unknown_threat = Valid();
  unknown_threat.threat_id = "E-9";
  const Case cases[] = {
      {"no justification", no_justification, "justification is missing"},
      {"impossible date", bad_date, "not a calendar date"},
      {"no approver", no_approver, "approver is missing"},
      {"unknown threat", unknown_threat, "unknown threat \"E-9\""},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.name);
    std::vector<Finding> findings = {Violation("E-1", "aa-robotics-dev")};
    std::vector<WaiverIssue> issues = ApplyWaivers(
        {c.waiver}, kKnown, kKnown, absl::CivilDay(2026, 3, 1), findings);
    EXPECT_EQ(findings[0].status, Status::kViolation);
    ASSERT_EQ(issues.size(), 1u);
    EXPECT_EQ(issues[0].problem, WaiverProblem::kMalformed);
    EXPECT_NE(issues[0].message.find(c.fragment), std::string::npos)
        << issues[0].message;
  }
}

TEST(ApplyWaivers, SourceDefaultsToTheIndex) {
  Waiver w = Valid();
  w.source.clear();
  w.approver.clear();
  std::vector<Finding> findings;
  std::vector<WaiverIssue> issues = ApplyWaivers(
      {Valid(), w}, kKnown, kKnown, absl::CivilDay(2026, 3, 1), findings);
  ASSERT_EQ(issues.size(), 1u);
  EXPECT_EQ(issues[0].source, "waivers[1]");
}

TEST(ApplyWaivers, FacetWaiverCoversOnlyItsFacet) {
  const std::vector<std::string> known = {"S-2", "S-2/password-auth",
                                          "S-2/premise-private"};
  auto faceted = [](std::string facet) {
    Finding f = Violation("S-2", "azurerm_postgresql_flexible_server.pg");
    f.facet = std::move(facet);
    return f;
  };
  std::vector<Finding> findings = {faceted("password-auth"),
                                   faceted("premise-private"), faceted("")};
  Waiver w = Valid();
  w.threat_id = "s-2/Password-Auth";
  w.subject = "azurerm_postgresql_flexible_server.pg";
  std::vector<WaiverIssue> issues =
      ApplyWaivers({w}, known, {"S-2"}, absl::CivilDay(2026, 3, 1), findings);
  EXPECT_TRUE(issues.empty());
  EXPECT_EQ(findings[0].status, Status::kWaived);
  EXPECT_EQ(findings[1].status, Status::kViolation);
  EXPECT_EQ(findings[2].status, Status::kViolation);
}

TEST(ApplyWaivers, FacetWaiverWinsOverThreatWaiverInAnyOrder) {
  const std::vector<std::string> known = {"S-2", "S-2/password-auth"};
  Waiver threat = Valid();
  threat.threat_id = "S-2";
  threat.subject = "pg";
  threat.source = "waivers[0]";
  Waiver facet = threat;
  facet.threat_id = "S-2/password-auth";
  facet.source = "waivers[1]";
  for (bool facet_first : {false, true}) {
    SCOPED_TRACE(facet_first);
    Finding premise = Violation("S-2", "pg");
    premise.facet = "premise-private";
    Finding password = Violation("S-2", "pg");
    password.facet = "password-auth";
    std::vector<Finding> findings = {premise, password};
    std::vector<Waiver> waivers = facet_first
                                      ? std::vector<Waiver>{facet, threat}
                                      : std::vector<Waiver>{threat, facet};
    EXPECT_TRUE(ApplyWaivers(waivers, known, {"S-2"},
                             absl::CivilDay(2026, 3, 1), findings)
                    .empty());
    ASSERT_TRUE(findings[0].waiver.has_value());
    ASSERT_TRUE(findings[1].waiver.has_value());
    EXPECT_EQ(findings[0].waiver->source, "waivers[0]");
    EXPECT_EQ(findings[1].waiver->source, "waivers[1]");
  }
}

TEST(ApplyWaivers, FacetKeysAreCheckedAndTheirThreatSelects) {
  const std::vector<std::string> known = {"S-2", "S-2/password-auth"};
  Waiver unknown_facet = Valid();
  unknown_facet.threat_id = "S-2/passwords";
  std::vector<Finding> findings;
  std::vector<WaiverIssue> issues = ApplyWaivers(
      {unknown_facet}, known, {"S-2"}, absl::CivilDay(2026, 3, 1), findings);
  ASSERT_EQ(issues.size(), 1u);
  EXPECT_EQ(issues[0].problem, WaiverProblem::kMalformed);

  // An expired facet waiver is reported when its threat was evaluated.
  Waiver expired = Valid();
  expired.threat_id = "S-2/password-auth";
  issues = ApplyWaivers({expired}, known, {"S-2"}, absl::CivilDay(2027, 1, 1),
                        findings);
  ASSERT_EQ(issues.size(), 1u);
  EXPECT_EQ(issues[0].problem, WaiverProblem::kExpired);
  EXPECT_TRUE(ApplyWaivers({expired}, known, {"T-2"},
                           absl::CivilDay(2027, 1, 1), findings)
                  .empty());
}

TEST(WaiverProblemName, Names) {
  EXPECT_EQ(WaiverProblemName(WaiverProblem::kMalformed), "malformed");
  EXPECT_EQ(WaiverProblemName(WaiverProblem::kExpired), "expired");
}

}  // namespace
}  // namespace threatmodel::rules
