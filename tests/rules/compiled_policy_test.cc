#include "rules/compiled_policy.h"

#include <string>

#include "gtest/gtest.h"
#include "threatmodel/rules/model.h"

namespace threatmodel::rules::internal {
namespace {

ResolvedRole Role(const std::string& name) {
  RoleAssignment a;
  a.role_definition_name = name;
  return ResolveRole(a);
}

TEST(CompiledPolicy, RejectsInvalidPolicies) {
  Policy bad;
  bad.max_roles_per_user = -3;
  EXPECT_FALSE(CompiledPolicy::Compile(bad).ok());
}

TEST(CompiledPolicy, DefaultPrivilegedRolesFollowTheCatalogue) {
  absl::StatusOr<CompiledPolicy> p = CompiledPolicy::Compile(Policy());
  ASSERT_TRUE(p.ok());
  EXPECT_TRUE(p->IsPrivileged(Role("Owner")));
  EXPECT_TRUE(p->IsPrivileged(Role("contributor")));
  EXPECT_TRUE(p->IsPrivileged(Role("Grafana Admin")));
  EXPECT_FALSE(p->IsPrivileged(Role("AcrPush")));
  EXPECT_FALSE(p->IsPrivileged(Role("Reader")));
  EXPECT_FALSE(p->IsPrivileged(Role("My Custom Role")));
}

TEST(CompiledPolicy, ExplicitAndAdditionalPrivilegedRoles) {
  Policy policy;
  policy.privileged_roles = std::vector<std::string>{"Owner"};
  policy.additional_privileged_roles = {"My Custom Role"};
  absl::StatusOr<CompiledPolicy> p = CompiledPolicy::Compile(policy);
  ASSERT_TRUE(p.ok());
  EXPECT_TRUE(p->IsPrivileged(Role("owner")));
  EXPECT_FALSE(p->IsPrivileged(Role("Contributor")));
  EXPECT_TRUE(p->IsPrivileged(Role("my custom role")));
}

TEST(CompiledPolicy, TiersAndBackends) {
  Policy policy;
  policy.accepted_backends = {" AzureRM "};
  absl::StatusOr<CompiledPolicy> p = CompiledPolicy::Compile(policy);
  ASSERT_TRUE(p.ok());
  EXPECT_EQ(p->max_roles_per_user(), 5);
  EXPECT_TRUE(p->tiers_configured());
  EXPECT_EQ(p->TierNames(), "reader, contributor, admin");
  const CompiledTier* reader = p->FindTier(" READER ");
  ASSERT_NE(reader, nullptr);
  EXPECT_TRUE(p->TierAllows(*reader, Role("acrpull")));
  EXPECT_FALSE(p->TierAllows(*reader, Role("AcrPush")));
  const CompiledTier* admin = p->FindTier("admin");
  ASSERT_NE(admin, nullptr);
  EXPECT_TRUE(admin->any_role);
  EXPECT_TRUE(p->TierAllows(*admin, Role("Owner")));
  EXPECT_EQ(p->FindTier("root"), nullptr);
  EXPECT_TRUE(p->BackendAccepted("azurerm"));
  EXPECT_FALSE(p->BackendAccepted("s3"));
  EXPECT_EQ(p->AcceptedBackends(), "azurerm");
}

}  // namespace
}  // namespace threatmodel::rules::internal
