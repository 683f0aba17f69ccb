#include "threatmodel/rules/role_catalogue.h"

#include <set>
#include <string>

#include "gtest/gtest.h"

namespace threatmodel::rules {
namespace {

struct Expected {
  std::string name;
  std::string guid;
  PrivilegeLevel level;
};

// Every role named in the threat model, the reference architecture and the
// onboarding script, with Azure's role definition GUIDs.
const Expected kNamedRoles[] = {
    {"Owner", "8e3af657-a8ff-443c-a75c-2fe8c4bcb635",
     PrivilegeLevel::kEscalation},
    {"Contributor", "b24988ac-6180-42a0-ab88-20f7382dd24c",
     PrivilegeLevel::kAdmin},
    {"Reader", "acdd72a7-3385-48ef-bd42-f606fba81ae7", PrivilegeLevel::kReader},
    {"User Access Administrator", "18d7d88d-d35e-4fb5-a5c3-7773c20a72d9",
     PrivilegeLevel::kEscalation},
    {"Role Based Access Control Administrator",
     "f58310d9-a9f6-439a-9e8d-f62e7b41a168", PrivilegeLevel::kEscalation},
    {"Azure Kubernetes Service Contributor Role",
     "ed7f3fbd-7b88-4dd4-9017-9adb7ce333f8", PrivilegeLevel::kAdmin},
    {"Azure Kubernetes Service Cluster Admin Role",
     "0ab0b1a8-8aac-4efd-b8c2-3ee1fb270be8", PrivilegeLevel::kAdmin},
    {"Azure Kubernetes Service RBAC Cluster Admin",
     "b1ff04bb-8a4e-4dc4-8eb5-8693973ce19b", PrivilegeLevel::kAdmin},
    {"Azure Kubernetes Service RBAC Admin",
     "3498e952-d568-435e-9b2c-8d77e338d7f7", PrivilegeLevel::kAdmin},
    {"Key Vault Administrator", "00482a5a-887f-4fb3-b363-3b7fe8e74483",
     PrivilegeLevel::kAdmin},
    {"Key Vault Secrets Officer", "b86a8fe4-44ce-4948-aee5-eccb2c155cd7",
     PrivilegeLevel::kAdmin},
    {"Storage Blob Data Owner", "b7e6dc6d-f1e8-4753-8033-0f276bb0955b",
     PrivilegeLevel::kAdmin},
    {"Storage Blob Data Contributor", "ba92f5b4-2d11-453d-a403-e96b0029c9fe",
     PrivilegeLevel::kContributor},
    {"Storage Account Contributor", "17d1049b-9a84-46fb-8f53-869881c3d3ab",
     PrivilegeLevel::kAdmin},
    {"Grafana Admin", "22926164-76b3-42b3-bc55-97df8dab3e41",
     PrivilegeLevel::kAdmin},
    {"AcrPush", "8311e382-0749-4cb8-b61a-304f252e45ec",
     PrivilegeLevel::kContributor},
    {"AcrPull", "7f951dda-4ed3-4680-a7ca-43fe172d538d",
     PrivilegeLevel::kReader},
    {"AzureML Data Scientist", "f6c7c914-8db3-469d-8ca1-694a8f32e121",
     PrivilegeLevel::kContributor},
    {"Network Contributor", "4d97b98b-1d4f-4787-a291-c67834d212e7",
     PrivilegeLevel::kContributor},
    {"Virtual Machine Contributor", "9980e02c-c2be-4d73-94e8-173b1dc7cf3c",
     PrivilegeLevel::kContributor},
    {"Log Analytics Contributor", "92aaf0da-9dab-42b6-94a3-d43ce8d16293",
     PrivilegeLevel::kContributor},
    {"Monitoring Contributor", "749f88d5-cbae-40b8-bcfc-e573ddc772fa",
     PrivilegeLevel::kContributor},
};

TEST(RoleCatalogue, KnowsEveryNamedRoleWithItsGuidAndLevel) {
  for (const Expected& e : kNamedRoles) {
    SCOPED_TRACE(e.name);
    const BuiltinRole* by_name = FindRoleByName(e.name);
    ASSERT_NE(by_name, nullptr);
    EXPECT_EQ(by_name->guid, e.guid);
    EXPECT_EQ(by_name->level, e.level);
    EXPECT_EQ(FindRoleByGuid(e.guid), by_name);
  }
}

TEST(RoleCatalogue, NamesAndGuidsAreUniqueAndWellFormed) {
  std::set<std::string> names;
  std::set<std::string> guids;
  for (const BuiltinRole& role : BuiltinRoles()) {
    SCOPED_TRACE(std::string(role.name));
    std::string lower;
    for (char c : role.name) lower += static_cast<char>(std::tolower(c));
    EXPECT_TRUE(names.insert(lower).second);
    EXPECT_TRUE(guids.insert(std::string(role.guid)).second);
    EXPECT_TRUE(IsGuid(role.guid));
    for (char c : role.guid) EXPECT_FALSE(c >= 'A' && c <= 'F');
  }
}

TEST(RoleCatalogue, NameLookupIgnoresCaseWhitespaceAndKnowsFormerNames) {
  EXPECT_EQ(FindRoleByName("  contributor "), FindRoleByName("Contributor"));
  EXPECT_EQ(FindRoleByName("AZURE KUBERNETES SERVICE CONTRIBUTOR ROLE"),
            FindRoleByName("Azure Kubernetes Service Contributor Role"));
  EXPECT_EQ(FindRoleByName("Role Based Access Control Administrator (Preview)"),
            FindRoleByName("Role Based Access Control Administrator"));
  EXPECT_EQ(FindRoleByName("Contributor2"), nullptr);
  EXPECT_EQ(FindRoleByName(""), nullptr);
}

TEST(ParseRoleDefinitionId, AcceptsEveryForm) {
  const std::string guid = "b24988ac-6180-42a0-ab88-20f7382dd24c";
  const std::string forms[] = {
      guid,
      "B24988AC-6180-42A0-AB88-20F7382DD24C",
      "/subscriptions/0b1f6471-1bf0-4dda-aec3-111122223333/providers/"
      "Microsoft.Authorization/roleDefinitions/" +
          guid,
      "/providers/Microsoft.Authorization/roleDefinitions/" + guid,
      "/subscriptions/x/resourceGroups/rg/providers/"
      "microsoft.authorization/ROLEDEFINITIONS/" +
          guid + "/",
      "/providers/Microsoft.Management/managementGroups/mg/providers/"
      "Microsoft.Authorization/roleDefinitions/" +
          guid,
  };
  for (const std::string& form : forms) {
    SCOPED_TRACE(form);
    absl::StatusOr<std::string> parsed = ParseRoleDefinitionId(form);
    ASSERT_TRUE(parsed.ok()) << parsed.status();
    EXPECT_EQ(*parsed, guid);
    EXPECT_EQ(FindRole(form), FindRoleByName("Contributor"));
  }
}

TEST(ParseRoleDefinitionId, RejectsOtherIds) {
  for (const std::string& bad : {
           std::string("Contributor"),
           std::string("b24988ac-6180-42a0-ab88-20f7382dd24"),
           std::string("/subscriptions/x/resourceGroups/rg"),
           std::string("/subscriptions/x/providers/Microsoft.Authorization/"
                       "roleAssignments/b24988ac-6180-42a0-ab88-20f7382dd24c"),
           std::string("/providers/Microsoft.Authorization/roleDefinitions/"
                       "not-a-guid"),
       }) {
    SCOPED_TRACE(bad);
    EXPECT_FALSE(ParseRoleDefinitionId(bad).ok());
  }
}

TEST(IsGuid, Shapes) {
  EXPECT_TRUE(IsGuid("00000000-0000-0000-0000-000000000000"));
  EXPECT_FALSE(IsGuid("00000000000000000000000000000000"));
  EXPECT_FALSE(IsGuid("0000000g-0000-0000-0000-000000000000"));
  EXPECT_FALSE(IsGuid("{00000000-0000-0000-0000-000000000000}"));
}

TEST(RoleKey, SameRoleSameKeyWhateverTheSpelling) {
  const std::string key = RoleKey("Key Vault Secrets Officer");
  EXPECT_EQ(key, "guid:b86a8fe4-44ce-4948-aee5-eccb2c155cd7");
  EXPECT_EQ(RoleKey("b86a8fe4-44ce-4948-aee5-eccb2c155cd7"), key);
  EXPECT_EQ(RoleKey("/subscriptions/s/providers/Microsoft.Authorization/"
                    "roleDefinitions/B86A8FE4-44CE-4948-AEE5-ECCB2C155CD7"),
            key);
  // Custom roles: by GUID when given one, by folded name otherwise.
  EXPECT_EQ(RoleKey("11111111-2222-3333-4444-555555555555"),
            "guid:11111111-2222-3333-4444-555555555555");
  EXPECT_EQ(RoleKey("  Runbook Operator "), "name:runbook operator");
}

TEST(PrivilegeLevelName, Names) {
  EXPECT_EQ(PrivilegeLevelName(PrivilegeLevel::kReader), "reader");
  EXPECT_EQ(PrivilegeLevelName(PrivilegeLevel::kContributor), "contributor");
  EXPECT_EQ(PrivilegeLevelName(PrivilegeLevel::kAdmin), "admin-level");
  EXPECT_EQ(PrivilegeLevelName(PrivilegeLevel::kEscalation),
            "privileged-escalation");
}

}  // namespace
}  // namespace threatmodel::rules
