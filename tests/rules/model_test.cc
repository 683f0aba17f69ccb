#include "threatmodel/rules/model.h"

#include "gtest/gtest.h"

namespace threatmodel::rules {
namespace {

TEST(PrincipalType, NamesRoundTrip) {
  for (PrincipalType t : {PrincipalType::kUser, PrincipalType::kGroup,
                          PrincipalType::kServicePrincipal}) {
    EXPECT_EQ(PrincipalTypeFromName(PrincipalTypeName(t)), t);
  }
  EXPECT_EQ(PrincipalTypeFromName(" serviceprincipal "),
            PrincipalType::kServicePrincipal);
  EXPECT_EQ(PrincipalTypeFromName("ForeignGroup"), PrincipalType::kOther);
  EXPECT_EQ(PrincipalTypeName(PrincipalType::kOther), "Other");
}

TEST(BackendOrigin, Names) {
  EXPECT_EQ(BackendOriginName(BackendOrigin::kStated), "stated");
  EXPECT_EQ(BackendOriginName(BackendOrigin::kBackendFile), "backend_file");
  EXPECT_EQ(BackendOriginName(BackendOrigin::kNoBackendFile),
            "no_backend_file");
}

TEST(Deployment, DefaultHasNoBackendInformation) {
  Deployment d;
  EXPECT_TRUE(d.backend.is_null());
  EXPECT_TRUE(d.automation_accounts.empty());
  RoleAssignment a;
  EXPECT_TRUE(a.principal_id.is_null());
  EXPECT_TRUE(a.scope_kind_hint.is_null());
  BackendSetting s;
  EXPECT_EQ(s.state, SettingState::kSet);
  EXPECT_TRUE(s.embeds_credential.is_null());
}

}  // namespace
}  // namespace threatmodel::rules
