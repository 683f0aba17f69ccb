#include "threatmodel/rules/arm_id.h"

#include <string>

#include "gtest/gtest.h"

namespace threatmodel::rules {
namespace {

struct ValidCase {
  std::string name;
  std::string id;
  ScopeKind kind;
  std::string subscription;
  std::string resource_group;
  std::string management_group;
  std::string type;
  std::string resource_name;
  std::string normalised;
};

TEST(ParseScope, ValidIds) {
  const std::string sub = "/subscriptions/0b1f6471-1bf0-4dda-aec3-111122223333";
  const std::string rg = sub + "/resourceGroups/rg-robotics-dev";
  const ValidCase cases[] = {
      {"root", "/", ScopeKind::kRoot, "", "", "", "", "", "/"},
      {"management group",
       "/providers/Microsoft.Management/managementGroups/mg-platform",
       ScopeKind::kManagementGroup, "", "", "mg-platform", "", "",
       "/providers/Microsoft.Management/managementGroups/mg-platform"},
      {"subscription", sub, ScopeKind::kSubscription,
       "0b1f6471-1bf0-4dda-aec3-111122223333", "", "", "", "", sub},
      {"resource group", rg, ScopeKind::kResourceGroup,
       "0b1f6471-1bf0-4dda-aec3-111122223333", "rg-robotics-dev", "", "", "",
       rg},
      {"aks cluster",
       rg + "/providers/Microsoft.ContainerService/managedClusters/aks-1",
       ScopeKind::kResource, "0b1f6471-1bf0-4dda-aec3-111122223333",
       "rg-robotics-dev", "", "Microsoft.ContainerService/managedClusters",
       "aks-1",
       rg + "/providers/Microsoft.ContainerService/managedClusters/aks-1"},
      {"vnet", rg + "/providers/Microsoft.Network/virtualNetworks/vnet-1",
       ScopeKind::kResource, "0b1f6471-1bf0-4dda-aec3-111122223333",
       "rg-robotics-dev", "", "Microsoft.Network/virtualNetworks", "vnet-1",
       rg + "/providers/Microsoft.Network/virtualNetworks/vnet-1"},
      {"subnet (child resource)",
       rg + "/providers/Microsoft.Network/virtualNetworks/vnet-1/subnets/snet",
       ScopeKind::kResource, "0b1f6471-1bf0-4dda-aec3-111122223333",
       "rg-robotics-dev", "", "Microsoft.Network/virtualNetworks/subnets",
       "vnet-1/snet",
       rg + "/providers/Microsoft.Network/virtualNetworks/vnet-1/subnets/snet"},
      {"key vault", rg + "/providers/Microsoft.KeyVault/vaults/kv-1",
       ScopeKind::kResource, "0b1f6471-1bf0-4dda-aec3-111122223333",
       "rg-robotics-dev", "", "Microsoft.KeyVault/vaults", "kv-1",
       rg + "/providers/Microsoft.KeyVault/vaults/kv-1"},
      {"postgresql",
       rg + "/providers/Microsoft.DBforPostgreSQL/flexibleServers/psql-1",
       ScopeKind::kResource, "0b1f6471-1bf0-4dda-aec3-111122223333",
       "rg-robotics-dev", "", "Microsoft.DBforPostgreSQL/flexibleServers",
       "psql-1",
       rg + "/providers/Microsoft.DBforPostgreSQL/flexibleServers/psql-1"},
      {"automation account",
       rg + "/providers/Microsoft.Automation/automationAccounts/aa-1",
       ScopeKind::kResource, "0b1f6471-1bf0-4dda-aec3-111122223333",
       "rg-robotics-dev", "", "Microsoft.Automation/automationAccounts", "aa-1",
       rg + "/providers/Microsoft.Automation/automationAccounts/aa-1"},
      {"storage account",
       rg + "/providers/Microsoft.Storage/storageAccounts/st1",
       ScopeKind::kResource, "0b1f6471-1bf0-4dda-aec3-111122223333",
       "rg-robotics-dev", "", "Microsoft.Storage/storageAccounts", "st1",
       rg + "/providers/Microsoft.Storage/storageAccounts/st1"},
      {"registry",
       rg + "/providers/Microsoft.ContainerRegistry/registries/acr1",
       ScopeKind::kResource, "0b1f6471-1bf0-4dda-aec3-111122223333",
       "rg-robotics-dev", "", "Microsoft.ContainerRegistry/registries", "acr1",
       rg + "/providers/Microsoft.ContainerRegistry/registries/acr1"},
      {"keywords in any case, trailing slashes",
       "/SUBSCRIPTIONS/abc/RESOURCEGROUPS/Rg-1/PROVIDERS/Microsoft.KeyVault/"
       "vaults/kv//",
       ScopeKind::kResource, "abc", "Rg-1", "", "Microsoft.KeyVault/vaults",
       "kv",
       "/SUBSCRIPTIONS/abc/RESOURCEGROUPS/Rg-1/PROVIDERS/Microsoft.KeyVault/"
       "vaults/kv"},
      {"missing leading slash", "subscriptions/abc/resourceGroups/rg",
       ScopeKind::kResourceGroup, "abc", "rg", "", "", "",
       "/subscriptions/abc/resourceGroups/rg"},
      {"surrounding whitespace", "  /subscriptions/abc  ",
       ScopeKind::kSubscription, "abc", "", "", "", "", "/subscriptions/abc"},
      {"subscription-level resource",
       sub + "/providers/Microsoft.Authorization/roleDefinitions/"
             "b24988ac-6180-42a0-ab88-20f7382dd24c",
       ScopeKind::kResource, "0b1f6471-1bf0-4dda-aec3-111122223333", "", "",
       "Microsoft.Authorization/roleDefinitions",
       "b24988ac-6180-42a0-ab88-20f7382dd24c",
       sub + "/providers/Microsoft.Authorization/roleDefinitions/"
             "b24988ac-6180-42a0-ab88-20f7382dd24c"},
      {"tenant-level resource",
       "/providers/Microsoft.Authorization/roleDefinitions/"
       "8e3af657-a8ff-443c-a75c-2fe8c4bcb635",
       ScopeKind::kResource, "", "", "",
       "Microsoft.Authorization/roleDefinitions",
       "8e3af657-a8ff-443c-a75c-2fe8c4bcb635",
       "/providers/Microsoft.Authorization/roleDefinitions/"
       "8e3af657-a8ff-443c-a75c-2fe8c4bcb635"},
      {"extension resource on a storage account",
       rg + "/providers/Microsoft.Storage/storageAccounts/st1/providers/"
            "Microsoft.Authorization/locks/l1",
       ScopeKind::kResource, "0b1f6471-1bf0-4dda-aec3-111122223333",
       "rg-robotics-dev", "", "Microsoft.Authorization/locks", "l1",
       rg + "/providers/Microsoft.Storage/storageAccounts/st1/providers/"
            "Microsoft.Authorization/locks/l1"},
      {"resource under a management group",
       "/providers/Microsoft.Management/managementGroups/mg/providers/"
       "Microsoft.Authorization/roleDefinitions/x",
       ScopeKind::kResource, "", "", "mg",
       "Microsoft.Authorization/roleDefinitions", "x",
       "/providers/Microsoft.Management/managementGroups/mg/providers/"
       "Microsoft.Authorization/roleDefinitions/x"},
  };
  for (const ValidCase& c : cases) {
    SCOPED_TRACE(c.name);
    absl::StatusOr<Scope> scope = ParseScope(c.id);
    ASSERT_TRUE(scope.ok()) << scope.status();
    EXPECT_EQ(scope->kind, c.kind);
    EXPECT_EQ(scope->subscription_id, c.subscription);
    EXPECT_EQ(scope->resource_group, c.resource_group);
    EXPECT_EQ(scope->management_group, c.management_group);
    EXPECT_EQ(scope->resource_type, c.type);
    EXPECT_EQ(scope->resource_name, c.resource_name);
    EXPECT_EQ(scope->id, c.normalised);
  }
}

TEST(ParseScope, GarbageIsAClearError) {
  struct Case {
    std::string name;
    std::string id;
    std::string expected_fragment;
  };
  const Case cases[] = {
      {"empty", "", "empty"},
      {"blank", "   ", "empty"},
      {"prose", "not an id", "must start with"},
      {"unknown first segment", "/tenants/x", "must start with"},
      {"subscription without id", "/subscriptions", "not followed by an ID"},
      {"subscription with empty id", "/subscriptions//resourceGroups/x",
       "empty segment"},
      {"resource group without name", "/subscriptions/a/resourceGroups",
       "not followed by a name"},
      {"junk after subscription", "/subscriptions/a/foo/bar",
       "expected \"resourceGroups\" or \"providers\""},
      {"junk after resource group", "/subscriptions/a/resourceGroups/b/c",
       "expected \"providers\""},
      {"provider without type",
       "/subscriptions/a/resourceGroups/b/providers/Microsoft.KeyVault",
       "not followed by a resource type"},
      {"type without name",
       "/subscriptions/a/resourceGroups/b/providers/Microsoft.KeyVault/vaults",
       "not followed by a name"},
      {"providers without namespace", "/subscriptions/a/providers",
       "not followed by a namespace"},
      {"control byte", "/subscriptions/a\n/resourceGroups/b", "control byte"},
      {"query string", "/subscriptions/a?api-version=1", "contains '?'"},
      {"management group keyword only",
       "/providers/Microsoft.Management/managementGroups/mg/x", "expected"},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.name);
    absl::StatusOr<Scope> scope = ParseScope(c.id);
    ASSERT_FALSE(scope.ok());
    EXPECT_EQ(scope.status().code(), absl::StatusCode::kInvalidArgument);
    EXPECT_NE(std::string(scope.status().message()).find(c.expected_fragment),
              std::string::npos)
        << scope.status();
  }
}

TEST(ParseScope, RejectsOverlongIds) {
  std::string id = "/subscriptions/" + std::string(5000, 'a');
  absl::StatusOr<Scope> scope = ParseScope(id);
  ASSERT_FALSE(scope.ok());
  EXPECT_NE(std::string(scope.status().message()).find("longer than"),
            std::string::npos);
}

TEST(ScopeKindName, RoundTrips) {
  for (ScopeKind kind :
       {ScopeKind::kRoot, ScopeKind::kManagementGroup, ScopeKind::kSubscription,
        ScopeKind::kResourceGroup, ScopeKind::kResource}) {
    EXPECT_EQ(ScopeKindFromName(ScopeKindName(kind)), kind);
  }
  EXPECT_EQ(ScopeKindFromName("ResourceGroup"), ScopeKind::kResourceGroup);
  EXPECT_EQ(ScopeKindFromName("managementGroup"), ScopeKind::kManagementGroup);
  EXPECT_EQ(ScopeKindFromName("galaxy"), ScopeKind::kUnknown);
  EXPECT_EQ(ScopeKindName(ScopeKind::kUnknown), "unknown");
}

TEST(ResourceTypeLabel, KnownTypesCaseInsensitive) {
  EXPECT_EQ(ResourceTypeLabel("microsoft.containerservice/managedclusters"),
            "AKS cluster");
  EXPECT_EQ(ResourceTypeLabel("Microsoft.DBforPostgreSQL/flexibleServers"),
            "PostgreSQL flexible server");
  EXPECT_EQ(ResourceTypeLabel("Microsoft.Foo/bars"), "");
}

TEST(DescribeScope, NamesKindAndResource) {
  absl::StatusOr<Scope> rg = ParseScope("/subscriptions/a/resourceGroups/rg1");
  ASSERT_TRUE(rg.ok());
  EXPECT_EQ(DescribeScope(*rg), "resource group \"rg1\"");
  absl::StatusOr<Scope> kv = ParseScope(
      "/subscriptions/a/resourceGroups/rg1/providers/Microsoft.KeyVault/"
      "vaults/kv1");
  ASSERT_TRUE(kv.ok());
  EXPECT_EQ(DescribeScope(*kv),
            "resource Microsoft.KeyVault/vaults \"kv1\" (Key Vault)");
  absl::StatusOr<Scope> root = ParseScope("/");
  ASSERT_TRUE(root.ok());
  EXPECT_EQ(DescribeScope(*root), "tenant root \"/\"");
}

}  // namespace
}  // namespace threatmodel::rules
