// The rule catalogue's metadata. Every rule's good and bad examples run
// through the plan reader in tests/plan/rule_examples_test.cc.

#include "threatmodel/rules/rule.h"

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <regex>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "gtest/gtest.h"

namespace threatmodel::rules {
namespace {

// The catalogue lists threats in STRIDE order, then by number, whatever
// folders the build found; the three rules the project started with are
// always there.
TEST(Rules, CatalogueIsInStrideOrder) {
  const std::string stride = "STRIDE";
  const std::regex id("([STRIDE])-([1-9][0-9]?)");
  std::vector<std::string> ids = RuleIds();
  ASSERT_FALSE(ids.empty());
  std::vector<std::pair<std::size_t, int>> order;
  for (const std::string& rule : ids) {
    std::smatch m;
    ASSERT_TRUE(std::regex_match(rule, m, id)) << rule;
    order.emplace_back(stride.find(m[1].str()), std::stoi(m[2].str()));
  }
  for (std::size_t i = 1; i < order.size(); ++i) {
    EXPECT_LT(order[i - 1], order[i]) << ids[i - 1] << " before " << ids[i];
  }
  for (const char* rule : {"T-2", "E-1", "E-3"}) {
    EXPECT_NE(std::find(ids.begin(), ids.end(), rule), ids.end()) << rule;
  }
}

// The README's table of what is checked has a row per rule of the
// registry, in its order, and no other.
TEST(Rules, ReadmeTableListsEveryRule) {
  std::ifstream readme(std::string(THREATMODEL_SOURCE_DIR) + "/README.md");
  ASSERT_TRUE(readme.is_open());
  const std::regex row(R"(^\| ([STRIDE]-[0-9]+) \| .+ \| .+ \|$)");
  std::vector<std::string> rows;
  for (std::string line; std::getline(readme, line);) {
    std::smatch m;
    if (std::regex_match(line, m, row)) rows.push_back(m[1].str());
  }
  EXPECT_EQ(rows, RuleIds());
}

TEST(Rules, CatalogueMetadataIsComplete) {
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
    std::set<std::string> facets;
    for (const RuleFacet& facet : rule.facets) {
      EXPECT_TRUE(std::regex_match(std::string(facet.name),
                                   std::regex("[a-z0-9]+(-[a-z0-9]+)*")))
          << facet.name;
      EXPECT_TRUE(facets.insert(std::string(facet.name)).second);
      EXPECT_FALSE(facet.description.empty());
    }
    for (const RulePeer& peer : rule.peers) {
      EXPECT_FALSE(peer.tool.empty());
      EXPECT_FALSE(peer.id.empty());
    }
    EXPECT_TRUE(std::filesystem::exists(std::string(THREATMODEL_SOURCE_DIR) +
                                        "/" + std::string(rule.doc_path)))
        << rule.doc_path;
  }
  EXPECT_EQ(FindRule("T-2")->stride, Stride::kTampering);
  EXPECT_EQ(FindRule("E-1")->stride, Stride::kElevationOfPrivilege);
  EXPECT_EQ(FindRule("e-3")->stride, Stride::kElevationOfPrivilege);
  EXPECT_EQ(FindRule("X-9"), nullptr);
}

TEST(Rules, KeySourcesAreReadTypesOfTheirRules) {
  std::set<std::string> want;
  for (const RuleInfo& rule : Rules()) {
    for (std::string_view type : rule.key_sources) {
      EXPECT_NE(std::find(rule.resource_types.begin(),
                          rule.resource_types.end(), type),
                rule.resource_types.end())
          << rule.id << " " << type;
      want.emplace(type);
    }
  }
  EXPECT_EQ(KeySourceResourceTypes(),
            std::vector<std::string>(want.begin(), want.end()));
  EXPECT_EQ(
      KeySourceResourceTypes(),
      (std::vector<std::string>{"azurerm_managed_redis", "azurerm_redis_cache",
                                "azurerm_storage_account"}));
}

TEST(ThreatKeys, IdsThenTheirFacets) {
  const std::vector<std::string> keys = ThreatKeys();
  ASSERT_GE(keys.size(), 3u);
  EXPECT_EQ(keys[0], "S-1");
  EXPECT_EQ(keys[1], "S-1/service-auth");
  EXPECT_EQ(ThreatKeyName("E-1", ""), "E-1");
  std::optional<ThreatKey> whole = FindThreatKey(" e-1 ");
  ASSERT_TRUE(whole.has_value());
  EXPECT_EQ(whole->rule, FindRule("E-1"));
  EXPECT_EQ(whole->facet, nullptr);
  EXPECT_FALSE(FindThreatKey("E-1/none").has_value());
  EXPECT_FALSE(FindThreatKey("X-9").has_value());
  EXPECT_FALSE(FindThreatKey("S-2/").has_value());
}

}  // namespace
}  // namespace threatmodel::rules
