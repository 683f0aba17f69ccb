#include <map>
#include <string>

#include "cli/report.h"
#include "gtest/gtest.h"
#include "nlohmann/json.hpp"
#include "report_fixture.h"

namespace threatmodel::cli {
namespace {

using nlohmann::json;

TEST(RenderSarif, RulesCarryMetadata) {
  const json s = json::parse(RenderSarif(testing::MakeResult()));
  EXPECT_EQ(s["version"], "2.1.0");
  ASSERT_EQ(s["runs"].size(), 1u);
  const json& driver = s["runs"][0]["tool"]["driver"];
  EXPECT_EQ(driver["name"], "threatmodel");
  ASSERT_EQ(driver["rules"].size(), 3u);
  const json& e1 = driver["rules"][1];
  EXPECT_EQ(e1["id"], "E-1");
  EXPECT_EQ(e1["name"], "AutomationPrivilegedIdentity");
  EXPECT_FALSE(e1["shortDescription"]["text"].get<std::string>().empty());
  EXPECT_FALSE(e1["help"]["text"].get<std::string>().empty());
  EXPECT_EQ(e1["properties"]["security-severity"], "7.5");
  EXPECT_EQ(e1["defaultConfiguration"]["level"], "error");
  EXPECT_EQ(driver["rules"][2]["defaultConfiguration"]["level"], "warning");
}

TEST(RenderSarif, LevelsAndKinds) {
  const json s = json::parse(RenderSarif(testing::MakeResult()));
  const json& results = s["runs"][0]["results"];
  ASSERT_EQ(results.size(), 8u);
  struct Want {
    std::string level, kind;
  };
  // In the fixture's order.
  const std::vector<Want> wants = {
      {"error", "fail"},    // T-2 mandatory violation
      {"error", "fail"},    // E-1 mandatory violation
      {"warning", "fail"},  // E-1 mandatory undecided
      {"none", "pass"},     // E-1 pass
      {"error", "fail"},    // E-1 waived (suppressed)
      {"warning", "fail"},  // E-3 advisory violation
      {"note", "fail"},     // E-3 advisory undecided
      {"none", "notApplicable"},
  };
  for (std::size_t i = 0; i < wants.size(); ++i) {
    SCOPED_TRACE(i);
    EXPECT_EQ(results[i]["level"], wants[i].level);
    EXPECT_EQ(results[i]["kind"], wants[i].kind);
    EXPECT_EQ(results[i]["ruleIndex"], results[i]["ruleId"] == "T-2"   ? 0
                                       : results[i]["ruleId"] == "E-1" ? 1
                                                                       : 2);
    EXPECT_EQ(results[i]["partialFingerprints"]["threatmodelFinding/v1"]
                  .get<std::string>()
                  .size(),
              16u);
  }
  EXPECT_EQ(results[4]["suppressions"][0]["status"], "accepted");
  EXPECT_FALSE(results[0].contains("suppressions"));
}

TEST(RenderSarif, FacetIsAResultPropertyAndPartOfTheFingerprint) {
  CheckResult r = testing::MakeResult();
  const json before = json::parse(RenderSarif(r));
  r.report.findings[1].facet = "premise-private";
  const json after = json::parse(RenderSarif(r));
  const json& faceted = after["runs"][0]["results"][1];
  EXPECT_EQ(faceted["properties"]["facet"], "premise-private");
  EXPECT_NE(faceted["partialFingerprints"],
            before["runs"][0]["results"][1]["partialFingerprints"]);
  EXPECT_FALSE(after["runs"][0]["results"][0]["properties"].contains("facet"));
  EXPECT_EQ(after["runs"][0]["results"][0]["partialFingerprints"],
            before["runs"][0]["results"][0]["partialFingerprints"]);
}

TEST(RenderSarif, PeersAreRelationshipsToTaxaOfTheirTools) {
  CheckResult r = testing::MakeResult();
  r.threats = {"T-2", "E-3"};  // rules without peers
  const json without = json::parse(RenderSarif(r));
  EXPECT_FALSE(without["runs"][0].contains("taxonomies"));
  EXPECT_FALSE(without["runs"][0]["tool"]["driver"]["rules"][0].contains(
      "relationships"));

  r.threats.insert(r.threats.begin(), "S-2");
  const json s = json::parse(RenderSarif(r));
  const json& s2 = s["runs"][0]["tool"]["driver"]["rules"][0];
  ASSERT_EQ(s2["id"], "S-2");
  const json& taxonomies = s["runs"][0]["taxonomies"];
  ASSERT_FALSE(s2["relationships"].empty());
  for (const json& rel : s2["relationships"]) {
    const json& target = rel["target"];
    EXPECT_EQ(rel["kinds"], json::array({"relevant"}));
    // Every reference resolves: tool by index and name, taxon by index and
    // ID.
    const json& taxonomy =
        taxonomies[target["toolComponent"]["index"].get<std::size_t>()];
    EXPECT_EQ(taxonomy["name"], target["toolComponent"]["name"]);
    EXPECT_EQ(taxonomy["taxa"][target["index"].get<std::size_t>()]["id"],
              target["id"]);
  }
  EXPECT_EQ(s2["relationships"][0]["target"]["id"], "CKV2_AZURE_26");
  bool alias = false;
  for (const json& taxonomy : taxonomies) {
    for (const json& taxon : taxonomy["taxa"]) {
      if (taxon["id"] == "Azure.PostgreSQL.AAD") {
        alias = taxon["properties"]["aliases"][0] == "AZR-000389";
      }
    }
  }
  EXPECT_TRUE(alias);
}

// A peer that matches one facet names it on its relationship; one that
// matches the threat as a whole does not.
TEST(RenderSarif, PeerOfOneFacetNamesIt) {
  CheckResult r = testing::MakeResult();
  r.threats = {"E-1"};
  const json s = json::parse(RenderSarif(r));
  const json& e1 = s["runs"][0]["tool"]["driver"]["rules"][0];
  ASSERT_EQ(e1["id"], "E-1");
  std::map<std::string, std::string> facet_of;
  for (const json& rel : e1["relationships"]) {
    facet_of[rel["target"]["id"].get<std::string>()] =
        rel.contains("properties")
            ? rel["properties"]["facet"].get<std::string>()
            : "";
  }
  EXPECT_EQ(facet_of.at("CKV2_AZURE_24"), "E-1/public-network");
  EXPECT_EQ(facet_of.at("Azure.Automation.WebHookExpiry"),
            "E-1/premise-no-webhook");
  EXPECT_EQ(facet_of.at("CKV_AZURE_73"), "E-1/plain-variable");
  EXPECT_EQ(facet_of.at("CKV2_AZURE_36"), "");
}

TEST(RenderSarif, Locations) {
  const json s = json::parse(RenderSarif(testing::MakeResult()));
  const json& run = s["runs"][0];
  EXPECT_EQ(run["originalUriBaseIds"]["SRCROOT"]["uri"],
            "file:///work/dir%20with%20space/");
  const json& loc = run["results"][1]["locations"][0];
  EXPECT_EQ(loc["logicalLocations"][0]["fullyQualifiedName"],
            "module.a.azurerm_role_assignment.pg[0]");
  EXPECT_EQ(loc["logicalLocations"][0]["kind"], "resource");
  EXPECT_EQ(loc["physicalLocation"]["artifactLocation"]["uri"],
            "../modules/a/main.tf");
  EXPECT_EQ(loc["physicalLocation"]["artifactLocation"]["uriBaseId"],
            "SRCROOT");
  EXPECT_EQ(loc["physicalLocation"]["region"]["startLine"], 12);
  EXPECT_FALSE(run["results"][2]["locations"][0].contains("physicalLocation"));
  EXPECT_EQ(run["results"][5]["relatedLocations"].size(), 2u);
  // Findings without a source point at their subject.
  EXPECT_EQ(run["results"][7]["locations"][0]["logicalLocations"][0]
               ["fullyQualifiedName"],
            "deployment");
}

TEST(RenderSarif, NotificationsForDeferredAssertionsAndWaivers) {
  const json s = json::parse(RenderSarif(testing::MakeResult()));
  const json& inv = s["runs"][0]["invocations"][0];
  EXPECT_EQ(inv["executionSuccessful"], true);
  EXPECT_EQ(inv["exitCode"], 1);
  const std::string first =
      inv["toolExecutionNotifications"][0]["message"]["text"];
  EXPECT_NE(first.find("module.a.data.threatmodel_assertion.t: the data source "
                       "read was deferred to apply"),
            std::string::npos);
  EXPECT_EQ(inv["toolConfigurationNotifications"][0]["level"], "error");
}

}  // namespace
}  // namespace threatmodel::cli
