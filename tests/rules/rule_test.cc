// The rule catalogue's metadata, and every rule's good/bad examples.

#include "threatmodel/rules/rule.h"

#include <filesystem>
#include <set>
#include <string>
#include <vector>

#include "gtest/gtest.h"
#include "rules/test_util.h"
#include "threatmodel/rules/engine.h"

namespace threatmodel::rules {
namespace {

TEST(Rules, CatalogueMetadataIsComplete) {
  EXPECT_EQ(RuleIds(), (std::vector<std::string>{"T-2", "E-1", "E-3"}));
  std::set<std::string> codes;
  for (const RuleInfo& rule : Rules()) {
    SCOPED_TRACE(std::string(rule.id));
    EXPECT_TRUE(codes.insert(std::string(rule.short_code)).second);
    EXPECT_FALSE(rule.title.empty());
    EXPECT_FALSE(rule.description.empty());
    EXPECT_FALSE(rule.remediation.empty());
    EXPECT_FALSE(rule.threat_model_rating.empty());
    EXPECT_GT(rule.security_severity, 0.0);
    EXPECT_LE(rule.security_severity, 10.0);
    // SARIF consumers bucket security-severity: critical >= 9.0,
    // high >= 7.0, medium >= 4.0.
    switch (rule.severity) {
      case Severity::kCritical:
        EXPECT_GE(rule.security_severity, 9.0);
        break;
      case Severity::kHigh:
        EXPECT_GE(rule.security_severity, 7.0);
        EXPECT_LT(rule.security_severity, 9.0);
        break;
      case Severity::kMedium:
        EXPECT_GE(rule.security_severity, 4.0);
        EXPECT_LT(rule.security_severity, 7.0);
        break;
      case Severity::kLow:
        EXPECT_LT(rule.security_severity, 4.0);
        break;
    }
    EXPECT_TRUE(std::filesystem::exists(std::string(THREATMODEL_SOURCE_DIR) +
                                        "/" + std::string(rule.doc_path)))
        << rule.doc_path;
    ASSERT_NE(rule.examples, nullptr);
  }
  EXPECT_EQ(FindRule("T-2")->stride, Stride::kTampering);
  EXPECT_EQ(FindRule("E-1")->stride, Stride::kElevationOfPrivilege);
  EXPECT_EQ(FindRule("e-3")->stride, Stride::kElevationOfPrivilege);
  EXPECT_EQ(FindRule("S-1"), nullptr);
}

TEST(Rules, EveryBadExampleViolatesAndNoGoodOneDoes) {
  for (const RuleInfo& rule : Rules()) {
    std::vector<RuleExample> examples = rule.examples();
    int bad = 0;
    int good = 0;
    for (const RuleExample& example : examples) {
      SCOPED_TRACE(std::string(rule.id) + ": " + example.name);
      Report report = testing::EvaluateOne(example.model, std::string(rule.id));
      int violations = 0;
      for (const Finding& f : report.findings) {
        if (f.status == Status::kViolation) ++violations;
        if (!example.bad) {
          EXPECT_NE(f.status, Status::kUndecided) << f.message;
        }
      }
      if (example.bad) {
        ++bad;
        EXPECT_GT(violations, 0);
      } else {
        ++good;
        EXPECT_EQ(violations, 0);
        EXPECT_TRUE(report.passed);
      }
    }
    EXPECT_GE(bad, 1) << rule.id;
    EXPECT_GE(good, 1) << rule.id;
  }
}

}  // namespace
}  // namespace threatmodel::rules
