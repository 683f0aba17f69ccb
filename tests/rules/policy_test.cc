#include "threatmodel/rules/policy.h"

#include <string>
#include <vector>

#include "gtest/gtest.h"
#include "rules/test_util.h"
#include "threatmodel/rules/role_catalogue.h"

namespace threatmodel::rules {
namespace {

TEST(Policy, DefaultsAreTheDocumentedOnes) {
  Policy p;
  EXPECT_EQ(p.max_roles_per_user, 5);
  EXPECT_FALSE(p.privileged_roles.has_value());
  EXPECT_TRUE(p.additional_privileged_roles.empty());
  EXPECT_EQ(p.accepted_backends,
            (std::vector<std::string>{"azurerm", "remote", "cloud"}));
  EXPECT_TRUE(p.enforcement.empty());
  EXPECT_TRUE(p.waivers.empty());
  ASSERT_EQ(p.tiers.size(), 3u);
  EXPECT_EQ(p.tiers[0].name, "reader");
  EXPECT_EQ(p.tiers[1].name, "contributor");
  EXPECT_EQ(p.tiers[2].name, "admin");
  EXPECT_TRUE(p.tiers[2].admin);
  EXPECT_EQ(p.tiers[2].roles, std::vector<std::string>{kAnyRole});
  TM_EXPECT_OK(ValidatePolicy(p));
}

TEST(DefaultTiers, ReaderAndContributorHoldNoPrivilegedRole) {
  for (const TierProfile& tier : DefaultTiers()) {
    if (tier.admin) continue;
    for (const std::string& role : tier.roles) {
      SCOPED_TRACE(tier.name + ": " + role);
      const BuiltinRole* builtin = FindRoleByName(role);
      ASSERT_NE(builtin, nullptr);
      EXPECT_LT(builtin->level, PrivilegeLevel::kAdmin);
      if (tier.name == "reader") {
        EXPECT_EQ(builtin->level, PrivilegeLevel::kReader);
      }
    }
  }
}

TEST(DefaultTiers, ContributorIncludesEveryReaderRole) {
  std::vector<TierProfile> tiers = DefaultTiers();
  for (const std::string& role : tiers[0].roles) {
    EXPECT_NE(std::find(tiers[1].roles.begin(), tiers[1].roles.end(), role),
              tiers[1].roles.end())
        << role;
  }
}

TEST(ValidatePolicy, StructuralProblems) {
  struct Case {
    std::string name;
    Policy policy;
    std::string fragment;
  };
  Policy negative;
  negative.max_roles_per_user = -1;
  Policy unnamed;
  unnamed.tiers.push_back({" ", {}, false});
  Policy duplicate;
  duplicate.tiers.push_back({"Reader", {}, false});
  Policy blank_role;
  blank_role.tiers[0].roles.push_back("");
  Policy blank_privileged;
  blank_privileged.privileged_roles = std::vector<std::string>{""};
  Policy blank_additional;
  blank_additional.additional_privileged_roles = {" "};
  Policy blank_backend;
  blank_backend.accepted_backends = {"azurerm", ""};
  Policy unknown_threat;
  unknown_threat.enforcement["Z-1"] = Enforcement::kAdvisory;
  const Case cases[] = {
      {"negative limit", negative, "must not be negative"},
      {"unnamed tier", unnamed, "tiers[3] has no name"},
      {"duplicate tier", duplicate, "repeats the tier name \"Reader\""},
      {"blank role", blank_role, "tiers[0].roles[9] is blank"},
      {"blank privileged role", blank_privileged, "privileged_roles[0]"},
      {"blank additional role", blank_additional,
       "additional_privileged_roles[0]"},
      {"blank backend", blank_backend, "accepted_backends[1]"},
      {"unknown threat", unknown_threat,
       "unknown threat \"Z-1\" (known: S-1, S-1/service-auth, "
       "S-1/envoy-osmoauth, S-1/oauth2-proxy, S-1/authz, S-2, "
       "S-2/password-auth, S-2/premise-private, T-1, T-1/mek-config-map, T-2, "
       "T-3, T-3/insecure-connections, T-3/premise-internal, I-1, "
       "I-1/shared-key, I-1/premise-private, I-1/premise-key-vault, I-2, "
       "I-2/vpn-shared-key, I-2/credential, I-3, "
       "I-3/access-keys, I-3/non-tls, I-3/premise-private, "
       "I-3/premise-key-vault, D-1, D-1/engine, D-1/objects, D-2, "
       "D-2/no-custom-rules, D-2/premise-subnet-nsg, D-3, "
       "D-3/egress-filtering, "
       "D-4, D-4/rate-limit, D-4/envoy, E-1, E-3)"},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.name);
    absl::Status s = ValidatePolicy(c.policy);
    EXPECT_EQ(s.code(), absl::StatusCode::kInvalidArgument);
    EXPECT_NE(std::string(s.message()).find(c.fragment), std::string::npos)
        << s;
  }
}

TEST(EnforcementFor, ThreatSettingElseMandatory) {
  Policy policy;
  policy.enforcement["e-1"] = Enforcement::kAdvisory;
  EXPECT_EQ(EnforcementFor(policy, "E-1"), Enforcement::kAdvisory);
  EXPECT_EQ(EnforcementFor(policy, "T-2"), Enforcement::kMandatory);
  // A facet the rule does not have is judged as the whole threat.
  EXPECT_EQ(EnforcementFor(policy, "E-1", "no-such-facet"),
            Enforcement::kAdvisory);
  EXPECT_EQ(EnforcementFor(policy, "X-9"), Enforcement::kMandatory);
}

}  // namespace
}  // namespace threatmodel::rules
