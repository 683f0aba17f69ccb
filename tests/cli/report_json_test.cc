#include <set>
#include <string>

#include "cli/report.h"
#include "gtest/gtest.h"
#include "nlohmann/json.hpp"
#include "report_fixture.h"

namespace threatmodel::cli {
namespace {

using nlohmann::json;

std::set<std::string> Keys(const json& j) {
  std::set<std::string> out;
  for (const auto& [k, v] : j.items()) out.insert(k);
  return out;
}

// The documented schema (docs/cli-json-schema.md): exactly these keys.
TEST(RenderJson, StableSchema) {
  const json j = json::parse(RenderJson(testing::MakeResult()));
  EXPECT_EQ(Keys(j),
            (std::set<std::string>{
                "schema_version", "tool", "input", "plan", "working_dir",
                "passed", "exit_code", "summary", "rules", "findings",
                "waiver_issues", "deferred_assertions", "notes"}));
  EXPECT_EQ(j["schema_version"], 1);
  EXPECT_EQ(j["tool"]["name"], "threatmodel");
  EXPECT_EQ(j["passed"], false);
  EXPECT_EQ(j["exit_code"], 1);
  EXPECT_EQ(Keys(j["plan"]),
            (std::set<std::string>{"format_version", "terraform_version",
                                   "resource_changes", "role_assignments",
                                   "automation_accounts", "destroyed",
                                   "has_configuration", "errored"}));
  EXPECT_EQ(Keys(j["summary"]),
            (std::set<std::string>{"violations", "undecided", "passes",
                                   "not_applicable", "waived"}));
  ASSERT_EQ(j["rules"].size(), 3u);
  EXPECT_EQ(
      Keys(j["rules"][0]),
      (std::set<std::string>{"id", "short_code", "title", "stride", "severity",
                             "security_severity", "enforcement", "description",
                             "remediation"}));
  EXPECT_EQ(j["rules"][2]["enforcement"], "advisory");
  ASSERT_EQ(j["findings"].size(), 8u);
  for (const json& f : j["findings"]) {
    EXPECT_EQ(Keys(f), (std::set<std::string>{
                           "threat_id", "title", "severity", "enforcement",
                           "status", "subject", "source", "related_sources",
                           "message", "remediation", "location", "waiver"}));
  }
  EXPECT_EQ(j["findings"][1]["location"]["file"], "../modules/a/main.tf");
  EXPECT_EQ(j["findings"][1]["location"]["line"], 12);
  EXPECT_TRUE(j["findings"][0]["location"].is_null());
  EXPECT_EQ(j["findings"][4]["status"], "waived");
  EXPECT_EQ(j["findings"][4]["waiver"]["approver"], "security@contoso.com");
  EXPECT_EQ(j["waiver_issues"][0]["problem"], "expired");
  EXPECT_EQ(j["deferred_assertions"][0]["reason"],
            "read_because_config_unknown");
  EXPECT_EQ(j["notes"].size(), 2u);
}

TEST(RenderJson, FacetOnlyOnFacetedFindings) {
  CheckResult r = testing::MakeResult();
  r.report.findings[1].facet = "premise-private";
  const json j = json::parse(RenderJson(r));
  EXPECT_EQ(j["findings"][1]["facet"], "premise-private");
  EXPECT_FALSE(j["findings"][0].contains("facet"));
}

TEST(RenderJson, RulesWithFacetsListThemWithTheirEnforcement) {
  CheckResult r = testing::MakeResult();
  r.threats.insert(r.threats.begin(), "S-2");
  r.enforcement["S-2"] = rules::Enforcement::kMandatory;
  r.enforcement["S-2/password-auth"] = rules::Enforcement::kMandatory;
  const json j = json::parse(RenderJson(r));
  const json& facets = j["rules"][0]["facets"];
  ASSERT_EQ(facets.size(), 2u);
  EXPECT_EQ(facets[0]["name"], "password-auth");
  EXPECT_EQ(facets[0]["enforcement"], "mandatory");
  // No setting given: the facet's default.
  EXPECT_EQ(facets[1]["name"], "premise-private");
  EXPECT_EQ(facets[1]["enforcement"], "mandatory");
  EXPECT_FALSE(j["rules"][1].contains("facets"));
}

TEST(RenderJson, NoWorkingDirIsNull) {
  CheckResult r = testing::MakeResult();
  r.working_dir.reset();
  EXPECT_TRUE(json::parse(RenderJson(r))["working_dir"].is_null());
}

}  // namespace
}  // namespace threatmodel::cli
