// File: arm_id.h
//
// Parsing of Azure Resource Manager IDs used as role-assignment scopes and
// role-definition IDs. Rules need the kind of a scope (management group,
// subscription, resource group, or a resource and its type) because the same
// role means different things at different scopes.
//
// The parser is case-insensitive on the fixed keywords (`subscriptions`,
// `resourceGroups`, `providers`, `Microsoft.Management/managementGroups`),
// keeps the case of names, tolerates trailing slashes and a missing leading
// slash, and rejects anything else with an InvalidArgument status that says
// what was wrong and where.
//
// Thread-safety: free functions over immutable inputs; safe from any thread.
#ifndef THREATMODEL_RULES_ARM_ID_H_
#define THREATMODEL_RULES_ARM_ID_H_

#include <string>
#include <string_view>

#include "absl/status/statusor.h"

namespace threatmodel::rules {

enum class ScopeKind {
  kUnknown,
  kRoot,             // "/" (tenant root)
  kManagementGroup,  // /providers/Microsoft.Management/managementGroups/<mg>
  kSubscription,     // /subscriptions/<id>
  kResourceGroup,    // /subscriptions/<id>/resourceGroups/<rg>
  kResource,         // .../providers/<namespace>/<type>/<name>[/...]
};

// Stable snake_case name: "root", "management_group", "subscription",
// "resource_group", "resource" or "unknown".
[[nodiscard]] std::string_view ScopeKindName(ScopeKind kind);

// Inverse of ScopeKindName, case-insensitive; also accepts "resourceGroup"
// and "managementGroup". Returns kUnknown for anything else.
[[nodiscard]] ScopeKind ScopeKindFromName(std::string_view name);

struct Scope {
  ScopeKind kind = ScopeKind::kUnknown;
  std::string management_group;  // kManagementGroup, or a resource under one
  std::string subscription_id;   // kSubscription and below
  std::string resource_group;    // kResourceGroup and resources in one
  // For kResource: "<namespace>/<type>[/<child type>...]", for example
  // "Microsoft.ContainerService/managedClusters" or
  // "Microsoft.Network/virtualNetworks/subnets". For an extension resource
  // (a second `providers` segment) this is the extension's type.
  std::string resource_type;
  // For kResource: the name, child names joined with '/'.
  std::string resource_name;
  // The ID with a leading slash and without trailing slashes, case kept.
  std::string id;
};

// Parses an ARM ID. The maximum accepted length is 4096 bytes.
[[nodiscard]] absl::StatusOr<Scope> ParseScope(std::string_view id);

// A human label for well-known resource types used in messages ("AKS
// cluster", "Key Vault", "PostgreSQL flexible server", ...); empty when the
// type is not one of them. Case-insensitive.
[[nodiscard]] std::string_view ResourceTypeLabel(std::string_view type);

// One line describing a scope for findings, for example
//   resource group "rg-robotics-dev"
//   resource Microsoft.KeyVault/vaults "kv-x" (Key Vault)
[[nodiscard]] std::string DescribeScope(const Scope& scope);

}  // namespace threatmodel::rules

#endif  // THREATMODEL_RULES_ARM_ID_H_
