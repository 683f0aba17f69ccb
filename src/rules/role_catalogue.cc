#include "threatmodel/rules/role_catalogue.h"

#include <string>

#include "absl/status/status.h"
#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/string_view.h"
#include "rules/string_view_compat.h"
#include "threatmodel/rules/arm_id.h"

namespace threatmodel::rules {
namespace {

using internal::Av;
using internal::Sv;
using L = PrivilegeLevel;

// Azure built-in role definitions. GUIDs are Azure's fixed public
// identifiers. Levels are this project's judgement, chosen for the two
// questions the rules ask: can the holder take over a service or a whole
// scope (kAdmin), and can it grant access to others (kEscalation)?
constexpr BuiltinRole kRoles[] = {
    // General.
    {"Owner", "8e3af657-a8ff-443c-a75c-2fe8c4bcb635", L::kEscalation},
    {"User Access Administrator", "18d7d88d-d35e-4fb5-a5c3-7773c20a72d9",
     L::kEscalation},
    {"Role Based Access Control Administrator",
     "f58310d9-a9f6-439a-9e8d-f62e7b41a168", L::kEscalation},
    // Full write on every resource at the scope.
    {"Contributor", "b24988ac-6180-42a0-ab88-20f7382dd24c", L::kAdmin},
    {"Reader", "acdd72a7-3385-48ef-bd42-f606fba81ae7", L::kReader},

    // Kubernetes. The AKS Contributor Role grants
    // Microsoft.ContainerService/managedClusters/*, which includes listing
    // the cluster-admin credential.
    {"Azure Kubernetes Service Contributor Role",
     "ed7f3fbd-7b88-4dd4-9017-9adb7ce333f8", L::kAdmin},
    {"Azure Kubernetes Service Cluster Admin Role",
     "0ab0b1a8-8aac-4efd-b8c2-3ee1fb270be8", L::kAdmin},
    {"Azure Kubernetes Service RBAC Cluster Admin",
     "b1ff04bb-8a4e-4dc4-8eb5-8693973ce19b", L::kAdmin},
    {"Azure Kubernetes Service RBAC Admin",
     "3498e952-d568-435e-9b2c-8d77e338d7f7", L::kAdmin},
    {"Azure Kubernetes Service RBAC Writer",
     "a7ffa36f-339b-4b5c-8bdf-e2c188b2c0eb", L::kContributor},
    {"Azure Kubernetes Service RBAC Reader",
     "7f6c6a51-bcf8-42ba-9220-52d62157d7db", L::kReader},
    {"Azure Kubernetes Service Cluster User Role",
     "4abbcc35-e782-43d8-92c5-2d3f1bd2253f", L::kReader},

    // Key Vault.
    {"Key Vault Administrator", "00482a5a-887f-4fb3-b363-3b7fe8e74483",
     L::kAdmin},
    {"Key Vault Secrets Officer", "b86a8fe4-44ce-4948-aee5-eccb2c155cd7",
     L::kAdmin},
    {"Key Vault Crypto Officer", "14b46e9e-c2b7-41b4-b07b-48a6ebf60603",
     L::kAdmin},
    {"Key Vault Certificates Officer", "a4417e6f-fecd-4de8-b567-7b0420556985",
     L::kAdmin},
    // Manages vaults, including access policies of vaults that do not use
    // Azure RBAC, so it can grant itself secret access.
    {"Key Vault Contributor", "f25e0fa2-a7c8-4377-a976-54943a77a395",
     L::kAdmin},
    {"Key Vault Secrets User", "4633458b-17de-408a-b874-0445c86b69e6",
     L::kContributor},
    {"Key Vault Crypto User", "12338af0-0e69-4776-bea7-57ae8d297424",
     L::kContributor},
    {"Key Vault Reader", "21090545-7ca7-4776-b22c-e363652d74d2", L::kReader},

    // Storage. Storage Account Contributor can list the account keys, which
    // give full access to all data.
    {"Storage Blob Data Owner", "b7e6dc6d-f1e8-4753-8033-0f276bb0955b",
     L::kAdmin},
    {"Storage Account Contributor", "17d1049b-9a84-46fb-8f53-869881c3d3ab",
     L::kAdmin},
    {"Storage Blob Data Contributor", "ba92f5b4-2d11-453d-a403-e96b0029c9fe",
     L::kContributor},
    {"Storage Queue Data Contributor", "974c5e8b-45b9-4653-ba55-5f855dd0fb88",
     L::kContributor},
    {"Storage File Data SMB Share Contributor",
     "0c867c2a-1d8c-454a-a3db-ab2ea1bdc8bb", L::kContributor},
    {"Storage Blob Data Reader", "2a2b9908-6ea1-4ae2-8e65-a410df84e7d1",
     L::kReader},
    {"Storage Queue Data Reader", "19e7f393-937e-4f77-808e-94535e297925",
     L::kReader},

    // Managed Grafana. Grafana Admin manages role assignments inside Grafana.
    {"Grafana Admin", "22926164-76b3-42b3-bc55-97df8dab3e41", L::kAdmin},
    {"Grafana Editor", "a79a5197-3a5c-4973-a920-486035ffd60f", L::kContributor},
    {"Grafana Viewer", "60921a7e-fef1-4a43-9b16-a26c52ad4769", L::kReader},

    // Container registry.
    {"AcrPush", "8311e382-0749-4cb8-b61a-304f252e45ec", L::kContributor},
    {"AcrDelete", "c2f4ef07-c644-48eb-af81-4b1b4947fb11", L::kContributor},
    {"AcrPull", "7f951dda-4ed3-4680-a7ca-43fe172d538d", L::kReader},

    // Azure Machine Learning.
    {"AzureML Data Scientist", "f6c7c914-8db3-469d-8ca1-694a8f32e121",
     L::kContributor},
    {"AzureML Compute Operator", "e503ece1-11d0-4e8e-8e2c-7a6c3bf38815",
     L::kContributor},

    // Networking and compute.
    {"Network Contributor", "4d97b98b-1d4f-4787-a291-c67834d212e7",
     L::kContributor},
    {"Private DNS Zone Contributor", "b12aa53e-6015-4669-85d0-8515ebb3ae7f",
     L::kContributor},
    {"Virtual Machine Contributor", "9980e02c-c2be-4d73-94e8-173b1dc7cf3c",
     L::kContributor},
    // Root on the machine, and with it the machine's identities.
    {"Virtual Machine Administrator Login",
     "1c0163c0-47e6-4577-8991-ea5c82e286e4", L::kAdmin},
    {"Virtual Machine User Login", "fb879df8-f326-4884-b1cf-06f3ad86be52",
     L::kContributor},

    // Identity. Managed Identity Operator can attach an identity to a
    // resource it controls and act as that identity.
    {"Managed Identity Operator", "f1a07417-d97a-45cb-824c-7a7467783830",
     L::kAdmin},
    {"Managed Identity Contributor", "e40ec5ca-96e0-45a2-b4ff-59039f2c2b59",
     L::kContributor},

    // Monitoring.
    {"Log Analytics Contributor", "92aaf0da-9dab-42b6-94a3-d43ce8d16293",
     L::kContributor},
    {"Log Analytics Reader", "73c42c96-874c-492b-b04d-ab87d138a893",
     L::kReader},
    {"Monitoring Contributor", "749f88d5-cbae-40b8-bcfc-e573ddc772fa",
     L::kContributor},
    {"Monitoring Metrics Publisher", "3913510d-42f4-4e42-8a64-420c390055eb",
     L::kContributor},
    {"Monitoring Reader", "43d0d8ad-25c7-4714-9337-8ba259a9fe05", L::kReader},

    // Automation. Automation Contributor edits runbooks, which run as the
    // account's identity.
    {"Automation Contributor", "f353d9bd-d4a6-484e-a77a-8050b599b867",
     L::kAdmin},
    {"Automation Operator", "d3881f73-407a-4167-8283-e981cbba0404",
     L::kContributor},
    {"Automation Job Operator", "4fe576fe-1146-4730-92eb-48519fa6bf9f",
     L::kContributor},
    {"Automation Runbook Operator", "5fb5aef8-1081-4b8e-bb16-9d5d0385bab5",
     L::kReader},

    // Security.
    {"Security Admin", "fb1c8493-542b-48eb-b624-b4c8fea62acd", L::kAdmin},
    {"Security Reader", "39bc4728-0917-49c7-9d2c-d95423bc2eb4", L::kReader},
};

struct Alias {
  absl::string_view alias;
  absl::string_view name;
};

// Former display names that still appear in older configurations.
constexpr Alias kAliases[] = {
    {"Role Based Access Control Administrator (Preview)",
     "Role Based Access Control Administrator"},
};

bool IsHex(char c) {
  return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') ||
         (c >= 'A' && c <= 'F');
}

}  // namespace

std::string_view PrivilegeLevelName(PrivilegeLevel level) {
  switch (level) {
    case PrivilegeLevel::kReader:
      return "reader";
    case PrivilegeLevel::kContributor:
      return "contributor";
    case PrivilegeLevel::kAdmin:
      return "admin-level";
    case PrivilegeLevel::kEscalation:
      return "privileged-escalation";
  }
  return "unknown";
}

absl::Span<const BuiltinRole> BuiltinRoles() { return kRoles; }

const BuiltinRole* FindRoleByName(std::string_view name_in) {
  absl::string_view name = absl::StripAsciiWhitespace(Av(name_in));
  for (const Alias& alias : kAliases) {
    if (absl::EqualsIgnoreCase(alias.alias, name)) {
      name = alias.name;
      break;
    }
  }
  for (const BuiltinRole& role : kRoles) {
    if (absl::EqualsIgnoreCase(Av(role.name), name)) return &role;
  }
  return nullptr;
}

const BuiltinRole* FindRoleByGuid(std::string_view guid_in) {
  absl::string_view guid = absl::StripAsciiWhitespace(Av(guid_in));
  for (const BuiltinRole& role : kRoles) {
    if (absl::EqualsIgnoreCase(Av(role.guid), guid)) return &role;
  }
  return nullptr;
}

bool IsGuid(std::string_view text) {
  if (text.size() != 36) return false;
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (i == 8 || i == 13 || i == 18 || i == 23) {
      if (text[i] != '-') return false;
    } else if (!IsHex(text[i])) {
      return false;
    }
  }
  return true;
}

absl::StatusOr<std::string> ParseRoleDefinitionId(std::string_view id) {
  absl::string_view trimmed = absl::StripAsciiWhitespace(Av(id));
  if (IsGuid(Sv(trimmed))) return absl::AsciiStrToLower(trimmed);
  absl::StatusOr<Scope> scope = ParseScope(Sv(trimmed));
  if (!scope.ok()) return scope.status();
  if (scope->kind != ScopeKind::kResource ||
      !absl::EqualsIgnoreCase(scope->resource_type,
                              "Microsoft.Authorization/roleDefinitions")) {
    return absl::InvalidArgumentError(absl::StrCat(
        "not a role definition ID (expected a GUID or an ID ending in "
        "/providers/Microsoft.Authorization/roleDefinitions/<guid>): \"",
        trimmed.substr(0, 200), "\""));
  }
  if (!IsGuid(scope->resource_name)) {
    return absl::InvalidArgumentError(
        absl::StrCat("role definition ID does not end in a GUID: \"",
                     trimmed.substr(0, 200), "\""));
  }
  return absl::AsciiStrToLower(scope->resource_name);
}

const BuiltinRole* FindRole(std::string_view name_or_id) {
  if (const BuiltinRole* role = FindRoleByName(name_or_id)) return role;
  absl::StatusOr<std::string> guid = ParseRoleDefinitionId(name_or_id);
  if (guid.ok()) return FindRoleByGuid(*guid);
  return nullptr;
}

std::string RoleKey(std::string_view name_or_id) {
  if (const BuiltinRole* role = FindRole(name_or_id)) {
    return absl::StrCat("guid:", Av(role->guid));
  }
  absl::StatusOr<std::string> guid = ParseRoleDefinitionId(name_or_id);
  if (guid.ok()) return absl::StrCat("guid:", *guid);
  return absl::StrCat("name:", absl::AsciiStrToLower(
                                   absl::StripAsciiWhitespace(Av(name_or_id))));
}

}  // namespace threatmodel::rules
