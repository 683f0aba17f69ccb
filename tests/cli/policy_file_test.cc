// The CLI's --policy file accepts exactly the keys the rule registry
// declares, plus "enforcement" and "waivers".
#include <algorithm>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "threatmodel/rules/policy_json.h"
#include "threatmodel/rules/rule.h"

namespace threatmodel::cli {
namespace {

using ::testing::HasSubstr;

TEST(PolicyFile, AcceptsEveryRuleParameter) {
  for (const rules::RuleInfo& rule : rules::Rules()) {
    for (const rules::RuleParameter& parameter : rule.parameters) {
      SCOPED_TRACE(std::string(parameter.name));
      const std::string json =
          "{\"" + std::string(parameter.name) + "\": null}";
      absl::StatusOr<rules::Policy> policy = rules::ParsePolicyJson(json);
      EXPECT_TRUE(policy.ok()) << policy.status();
    }
  }
}

TEST(PolicyFile, KeysAreTheRegistryParametersThenEnforcementAndWaivers) {
  const std::vector<std::string>& keys = rules::PolicyJsonKeys();
  for (const rules::RuleInfo& rule : rules::Rules()) {
    for (const rules::RuleParameter& parameter : rule.parameters) {
      EXPECT_EQ(std::count(keys.begin(), keys.end(), parameter.name), 1)
          << parameter.name;
    }
  }
  ASSERT_GE(keys.size(), 2u);
  EXPECT_EQ(keys[keys.size() - 2], "enforcement");
  EXPECT_EQ(keys.back(), "waivers");
}

TEST(PolicyFile, UnknownKeyIsNamedWithTheClosestAcceptedKey) {
  absl::StatusOr<rules::Policy> policy =
      rules::ParsePolicyJson(R"({"acepted_backend": ["azurerm"]})");
  ASSERT_FALSE(policy.ok());
  EXPECT_EQ(policy.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(std::string(policy.status().message()),
              HasSubstr("policy: acepted_backend: unknown key; did you mean "
                        "\"accepted_backends\"?"));
}

TEST(PolicyFile, UnknownKeyFarFromAnyListsTheAcceptedKeys) {
  absl::StatusOr<rules::Policy> policy =
      rules::ParsePolicyJson(R"({"colour": "blue"})");
  ASSERT_FALSE(policy.ok());
  const std::string message(policy.status().message());
  EXPECT_THAT(message,
              HasSubstr("policy: colour: unknown key; accepted keys: "));
  EXPECT_THAT(message, ::testing::Not(HasSubstr("did you mean")));
  for (const std::string& key : rules::PolicyJsonKeys()) {
    EXPECT_THAT(message, HasSubstr(key));
  }
}

}  // namespace
}  // namespace threatmodel::cli
