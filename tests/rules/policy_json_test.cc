#include "threatmodel/rules/policy_json.h"

#include <string>
#include <vector>

#include "gtest/gtest.h"
#include "rules/test_util.h"

namespace threatmodel::rules {
namespace {

TEST(ParsePolicyJson, EmptyObjectIsTheDefault) {
  absl::StatusOr<Policy> p = ParsePolicyJson("{}");
  ASSERT_TRUE(p.ok()) << p.status();
  Policy defaults;
  EXPECT_EQ(p->max_roles_per_user, defaults.max_roles_per_user);
  EXPECT_EQ(p->tiers.size(), defaults.tiers.size());
  EXPECT_EQ(p->accepted_backends, defaults.accepted_backends);
  EXPECT_FALSE(p->privileged_roles.has_value());
}

TEST(ParsePolicyJson, EveryKey) {
  absl::StatusOr<Policy> p =
      ParsePolicyJson(testing::ReadTestdata("policy/full.json"));
  ASSERT_TRUE(p.ok()) << p.status();
  EXPECT_EQ(p->max_roles_per_user, 4);
  ASSERT_EQ(p->tiers.size(), 2u);
  EXPECT_EQ(p->tiers[0].name, "operator");
  EXPECT_EQ(p->tiers[0].roles, (std::vector<std::string>{"Reader", "AcrPull"}));
  EXPECT_FALSE(p->tiers[0].admin);
  EXPECT_TRUE(p->tiers[1].admin);
  ASSERT_TRUE(p->privileged_roles.has_value());
  EXPECT_EQ(*p->privileged_roles,
            (std::vector<std::string>{"Owner", "Contributor"}));
  EXPECT_EQ(p->additional_privileged_roles,
            std::vector<std::string>{"Runbook Operator (custom)"});
  EXPECT_EQ(p->accepted_backends,
            (std::vector<std::string>{"azurerm", "http"}));
  EXPECT_EQ(p->enforcement.at("T-2"), Enforcement::kMandatory);
  EXPECT_EQ(p->enforcement.at("E-1"), Enforcement::kAdvisory);
  EXPECT_EQ(p->enforcement.at("S-2/password-auth"), Enforcement::kMandatory);
  EXPECT_EQ(p->shared_nsg_min_subnets, 3);
  EXPECT_EQ(p->mek_key_patterns, std::vector<std::string>{"osmo-mek*.yaml"});
  ASSERT_EQ(p->waivers.size(), 2u);
  EXPECT_EQ(p->waivers[0].threat_id, "E-1");
  EXPECT_EQ(p->waivers[0].subject, "aa-robotics-dev-001");
  EXPECT_EQ(p->waivers[0].expires, "2026-06-30");
  EXPECT_EQ(p->waivers[0].source, "waivers[0]");
  EXPECT_EQ(p->waivers[1].source, "exceptions.yaml#3");
}

TEST(ParsePolicyJson, OsmoChartDefaults) {
  absl::StatusOr<Policy> p = ParsePolicyJson(
      R"({"osmo_chart_defaults": {"sidecars.authz.enabled": true,
                                  "sidecars.rateLimit.enabled": false},
          "osmo_charts": ["osmo-mirror-service"]})");
  ASSERT_TRUE(p.ok()) << p.status();
  EXPECT_EQ(p->osmo_chart_defaults.at("sidecars.authz.enabled"), true);
  EXPECT_EQ(p->osmo_chart_defaults.at("sidecars.rateLimit.enabled"), false);
  EXPECT_EQ(p->osmo_charts, std::vector<std::string>{"osmo-mirror-service"});
  absl::StatusOr<Policy> bad =
      ParsePolicyJson(R"({"osmo_chart_defaults": {"a.enabled": "yes"}})");
  ASSERT_FALSE(bad.ok());
  EXPECT_NE(std::string(bad.status().message()).find("osmo_chart_defaults"),
            std::string::npos);
}

TEST(ParsePolicyJson, ErrorsNameThePath) {
  struct Case {
    std::string name;
    std::string json;
    std::string fragment;
  };
  const Case cases[] = {
      {"not json", "max_roles_per_user = 5", "policy: not valid JSON"},
      {"not an object", "[]", "expected an object, got array"},
      {"misspelt key", R"({"max_role_per_user": 5})",
       "max_role_per_user: unknown key"},
      {"limit is a string", R"({"max_roles_per_user": "5"})",
       "max_roles_per_user: expected an integer, got string"},
      {"limit is a fraction", R"({"max_roles_per_user": 5.5})",
       "expected an integer"},
      {"limit is huge", R"({"max_roles_per_user": 99999999999})", "too large"},
      {"limit is negative", R"({"max_roles_per_user": -1})",
       "must not be negative"},
      {"tiers not a list", R"({"tiers": {}})", "tiers: expected a list"},
      {"tier role not a string", R"({"tiers": [{"name": "a", "roles": [1]}]})",
       "tiers[0].roles[0]: expected a string, got number"},
      {"tier unknown key", R"({"tiers": [{"name": "a", "rolez": []}]})",
       "tiers[0].rolez: unknown key"},
      {"tier admin not bool", R"({"tiers": [{"name": "a", "admin": "yes"}]})",
       "tiers[0].admin: expected a boolean"},
      {"enforcement level", R"({"enforcement": {"T-2": "strict"}})",
       "enforcement.T-2: expected \"mandatory\" or \"advisory\""},
      {"enforcement unknown threat", R"({"enforcement": {"Q-1": "advisory"}})",
       "unknown threat \"Q-1\""},
      {"waivers not a list", R"({"waivers": {}})", "waivers: expected a list"},
      {"waiver wrong type", R"({"waivers": [{"expires": 20260101}]})",
       "waivers[0].expires: expected a string, got number"},
      {"waiver unknown key", R"({"waivers": [{"reason": "x"}]})",
       "waivers[0].reason: unknown key"},
      {"accepted backends wrong", R"({"accepted_backends": "azurerm"})",
       "accepted_backends: expected a list of strings"},
      {"deep nesting", std::string(200, '[') + std::string(200, ']'),
       "nested deeper than 64"},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.name);
    absl::StatusOr<Policy> p = ParsePolicyJson(c.json);
    ASSERT_FALSE(p.ok());
    EXPECT_EQ(p.status().code(), absl::StatusCode::kInvalidArgument);
    EXPECT_NE(std::string(p.status().message()).find(c.fragment),
              std::string::npos)
        << p.status();
  }
}

TEST(ParsePolicyJson, DuplicateKeysAreErrors) {
  const struct {
    std::string name, json, error;
  } cases[] = {
      {"waiver expiry",
       R"({"waivers":[{"threat":"E-1","subject":"s","justification":"j",)"
       R"("approver":"a","expires":"2020-01-01","expires":"2099-01-01"}]})",
       R"(policy: duplicate object key "expires" at line 1, column 101 (byte 100))"},
      {"enforcement", R"({"enforcement":{"E-1":"mandatory","E-1":"advisory"}})",
       R"(policy: duplicate object key "E-1" at line 1, column 35 (byte 34))"},
      {"top level", "{\"max_roles_per_user\": 2,\n \"max_roles_per_user\": 9}",
       R"(policy: duplicate object key "max_roles_per_user" at line 2, )"
       R"(column 2 (byte 27))"},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(c.name);
    absl::StatusOr<Policy> p = ParsePolicyJson(c.json);
    ASSERT_FALSE(p.ok());
    EXPECT_EQ(p.status().code(), absl::StatusCode::kInvalidArgument);
    EXPECT_NE(std::string(p.status().message()).find(c.error),
              std::string::npos)
        << p.status();
  }
}

TEST(ParsePolicyJson, OversizedInputIsRejected) {
  std::string big =
      "{\"accepted_backends\": [\"" + std::string(2 << 20, 'a') + "\"]}";
  absl::StatusOr<Policy> p = ParsePolicyJson(big);
  ASSERT_FALSE(p.ok());
  EXPECT_EQ(p.status().code(), absl::StatusCode::kResourceExhausted);
}

TEST(ParsePolicyJson, MalformedWaiverContentIsLoadedAndFailsLater) {
  // Waiver contents are judged at evaluation (fail closed), not at load.
  absl::StatusOr<Policy> p = ParsePolicyJson(
      R"({"waivers": [{"threat": "E-1", "expires": "whenever"}]})");
  ASSERT_TRUE(p.ok()) << p.status();
  ASSERT_EQ(p->waivers.size(), 1u);
  EXPECT_EQ(p->waivers[0].expires, "whenever");
}

}  // namespace
}  // namespace threatmodel::rules
