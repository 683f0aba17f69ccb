#include "threatmodel/rules/arm_id.h"

#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "absl/strings/string_view.h"
#include "rules/string_view_compat.h"

namespace threatmodel::rules {
namespace {

using internal::Av;
using internal::Sv;

constexpr std::size_t kMaxIdLength = 4096;

struct TypeLabel {
  absl::string_view type;
  absl::string_view label;
};

constexpr TypeLabel kTypeLabels[] = {
    {"Microsoft.ContainerService/managedClusters", "AKS cluster"},
    {"Microsoft.Network/virtualNetworks", "virtual network"},
    {"Microsoft.Network/virtualNetworks/subnets", "subnet"},
    {"Microsoft.Network/networkSecurityGroups", "network security group"},
    {"Microsoft.KeyVault/vaults", "Key Vault"},
    {"Microsoft.DBforPostgreSQL/flexibleServers", "PostgreSQL flexible server"},
    {"Microsoft.Automation/automationAccounts", "Automation account"},
    {"Microsoft.Storage/storageAccounts", "storage account"},
    {"Microsoft.Storage/storageAccounts/blobServices/containers",
     "blob container"},
    {"Microsoft.ContainerRegistry/registries", "container registry"},
    {"Microsoft.MachineLearningServices/workspaces", "Azure ML workspace"},
    {"Microsoft.Dashboard/grafana", "Managed Grafana"},
    {"Microsoft.OperationalInsights/workspaces", "Log Analytics workspace"},
    {"Microsoft.Monitor/accounts", "Azure Monitor workspace"},
    {"Microsoft.Cache/redisEnterprise", "Redis Enterprise cache"},
    {"Microsoft.ManagedIdentity/userAssignedIdentities",
     "user-assigned identity"},
    {"Microsoft.Compute/virtualMachines", "virtual machine"},
};

bool IsKeyword(absl::string_view segment, absl::string_view keyword) {
  return absl::EqualsIgnoreCase(segment, keyword);
}

absl::Status Invalid(absl::string_view id, absl::string_view why) {
  // The ID is echoed (bounded) because scopes are not secrets and the user
  // needs to see which value was rejected.
  std::string shown(id.substr(0, 200));
  if (id.size() > 200) shown += "...";
  return absl::InvalidArgumentError(
      absl::StrCat("invalid ARM ID \"", shown, "\": ", why));
}

// Parses `segments[pos..]` as `<namespace>/<type>/<name>[/<type>/<name>...]`
// with possible nested `providers/<namespace>/...` (extension resources).
absl::Status ParseResource(absl::string_view id,
                           const std::vector<absl::string_view>& segments,
                           std::size_t pos, Scope& scope) {
  std::size_t i = pos;
  while (true) {
    if (i >= segments.size()) {
      return Invalid(id, "\"providers\" is not followed by a namespace");
    }
    absl::string_view ns = segments[i++];
    std::vector<absl::string_view> types;
    std::vector<absl::string_view> names;
    while (i < segments.size() && !IsKeyword(segments[i], "providers")) {
      absl::string_view type = segments[i++];
      if (i >= segments.size()) {
        return Invalid(id, absl::StrCat("resource type \"", type,
                                        "\" is not followed by a name"));
      }
      types.push_back(type);
      names.push_back(segments[i++]);
    }
    if (types.empty()) {
      return Invalid(id, absl::StrCat("namespace \"", ns,
                                      "\" is not followed by a resource type"));
    }
    scope.kind = ScopeKind::kResource;
    scope.resource_type = absl::StrCat(ns, "/", absl::StrJoin(types, "/"));
    scope.resource_name = absl::StrJoin(names, "/");
    if (i >= segments.size()) return absl::OkStatus();
    ++i;  // a nested "providers": an extension resource follows
  }
}

}  // namespace

std::string_view ScopeKindName(ScopeKind kind) {
  switch (kind) {
    case ScopeKind::kRoot:
      return "root";
    case ScopeKind::kManagementGroup:
      return "management_group";
    case ScopeKind::kSubscription:
      return "subscription";
    case ScopeKind::kResourceGroup:
      return "resource_group";
    case ScopeKind::kResource:
      return "resource";
    case ScopeKind::kUnknown:
      break;
  }
  return "unknown";
}

ScopeKind ScopeKindFromName(std::string_view name_in) {
  absl::string_view name = absl::StripAsciiWhitespace(Av(name_in));
  for (ScopeKind kind :
       {ScopeKind::kRoot, ScopeKind::kManagementGroup, ScopeKind::kSubscription,
        ScopeKind::kResourceGroup, ScopeKind::kResource}) {
    if (absl::EqualsIgnoreCase(name, Av(ScopeKindName(kind)))) return kind;
  }
  if (absl::EqualsIgnoreCase(name, "resourceGroup")) {
    return ScopeKind::kResourceGroup;
  }
  if (absl::EqualsIgnoreCase(name, "managementGroup")) {
    return ScopeKind::kManagementGroup;
  }
  return ScopeKind::kUnknown;
}

absl::StatusOr<Scope> ParseScope(std::string_view id_in) {
  const absl::string_view id = Av(id_in);
  if (id.size() > kMaxIdLength) {
    return absl::InvalidArgumentError(
        absl::StrCat("invalid ARM ID: longer than ", kMaxIdLength, " bytes"));
  }
  absl::string_view trimmed = absl::StripAsciiWhitespace(id);
  if (trimmed.empty()) return Invalid(id, "empty");
  for (char c : trimmed) {
    unsigned char u = static_cast<unsigned char>(c);
    if (u < 0x20 || u == 0x7f) return Invalid(id, "contains a control byte");
    if (c == '?' || c == '#' || c == '\\') {
      return Invalid(id, absl::StrCat("contains '", std::string(1, c), "'"));
    }
  }
  while (trimmed.size() > 1 && trimmed.back() == '/') trimmed.remove_suffix(1);

  Scope scope;
  if (trimmed == "/") {
    scope.kind = ScopeKind::kRoot;
    scope.id = "/";
    return scope;
  }
  absl::string_view body = trimmed;
  if (body.front() == '/') body.remove_prefix(1);
  std::vector<absl::string_view> segments = absl::StrSplit(body, '/');
  for (std::size_t i = 0; i < segments.size(); ++i) {
    if (segments[i].empty()) {
      return Invalid(id, absl::StrCat("empty segment at position ", i + 1));
    }
  }
  scope.id = absl::StrCat("/", body);

  const std::size_t n = segments.size();
  if (IsKeyword(segments[0], "subscriptions")) {
    if (n < 2) return Invalid(id, "\"subscriptions\" is not followed by an ID");
    scope.subscription_id = std::string(segments[1]);
    if (n == 2) {
      scope.kind = ScopeKind::kSubscription;
      return scope;
    }
    if (IsKeyword(segments[2], "resourceGroups")) {
      if (n < 4) {
        return Invalid(id, "\"resourceGroups\" is not followed by a name");
      }
      scope.resource_group = std::string(segments[3]);
      if (n == 4) {
        scope.kind = ScopeKind::kResourceGroup;
        return scope;
      }
      if (!IsKeyword(segments[4], "providers")) {
        return Invalid(id, absl::StrCat("expected \"providers\" after the "
                                        "resource group, found \"",
                                        segments[4], "\""));
      }
      absl::Status s = ParseResource(id, segments, 5, scope);
      if (!s.ok()) return s;
      return scope;
    }
    if (IsKeyword(segments[2], "providers")) {
      absl::Status s = ParseResource(id, segments, 3, scope);
      if (!s.ok()) return s;
      return scope;
    }
    return Invalid(id, absl::StrCat("expected \"resourceGroups\" or "
                                    "\"providers\" after the subscription, "
                                    "found \"",
                                    segments[2], "\""));
  }
  if (IsKeyword(segments[0], "providers")) {
    if (n >= 4 && IsKeyword(segments[1], "Microsoft.Management") &&
        IsKeyword(segments[2], "managementGroups")) {
      scope.management_group = std::string(segments[3]);
      if (n == 4) {
        scope.kind = ScopeKind::kManagementGroup;
        return scope;
      }
      if (!IsKeyword(segments[4], "providers")) {
        return Invalid(id, absl::StrCat("expected \"providers\" after the "
                                        "management group, found \"",
                                        segments[4], "\""));
      }
      absl::Status s = ParseResource(id, segments, 5, scope);
      if (!s.ok()) return s;
      return scope;
    }
    absl::Status s = ParseResource(id, segments, 1, scope);
    if (!s.ok()) return s;
    return scope;
  }
  return Invalid(id, absl::StrCat("must start with \"/subscriptions\" or "
                                  "\"/providers\", found \"",
                                  segments[0], "\""));
}

std::string_view ResourceTypeLabel(std::string_view type) {
  for (const TypeLabel& entry : kTypeLabels) {
    if (absl::EqualsIgnoreCase(entry.type, Av(type))) return Sv(entry.label);
  }
  return {};
}

std::string DescribeScope(const Scope& scope) {
  switch (scope.kind) {
    case ScopeKind::kRoot:
      return "tenant root \"/\"";
    case ScopeKind::kManagementGroup:
      return absl::StrCat("management group \"", scope.management_group, "\"");
    case ScopeKind::kSubscription:
      return absl::StrCat("subscription \"", scope.subscription_id, "\"");
    case ScopeKind::kResourceGroup:
      return absl::StrCat("resource group \"", scope.resource_group, "\"");
    case ScopeKind::kResource: {
      std::string out = absl::StrCat("resource ", scope.resource_type, " \"",
                                     scope.resource_name, "\"");
      absl::string_view label = Av(ResourceTypeLabel(scope.resource_type));
      if (!label.empty()) absl::StrAppend(&out, " (", label, ")");
      return out;
    }
    case ScopeKind::kUnknown:
      break;
  }
  return "unknown scope";
}

}  // namespace threatmodel::rules
