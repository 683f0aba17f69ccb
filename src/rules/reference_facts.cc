#include "rules/reference_facts.h"

#include <set>

#include "absl/strings/match.h"
#include "absl/strings/str_join.h"
#include "rules/string_view_compat.h"

namespace threatmodel::rules::internal {

std::string_view ReferencedType(const Reference& ref) {
  if (ref.kind != Reference::Kind::kResource) return {};
  if (!ref.type.empty()) return ref.type;
  // The address ends in TYPE.NAME after any module steps; module instance
  // keys (which may hold dots) are in brackets before it.
  std::string_view tail = ref.resource;
  const std::size_t bracket = tail.rfind(']');
  if (bracket != std::string_view::npos) tail.remove_prefix(bracket + 1);
  const std::size_t last_dot = tail.rfind('.');
  if (last_dot == std::string_view::npos || last_dot == 0) return {};
  std::string_view type = tail.substr(0, last_dot);
  const std::size_t type_dot = type.rfind('.');
  if (type_dot != std::string_view::npos) type.remove_prefix(type_dot + 1);
  return type;
}

namespace {

bool StartsWithAttr(std::string_view attribute, std::string_view name) {
  if (!absl::StartsWith(Av(attribute), Av(name))) return false;
  return attribute.size() == name.size() || attribute[name.size()] == '.' ||
         attribute[name.size()] == '[';
}

}  // namespace

Maybe<PrincipalType> PrincipalTypeFromReferences(
    const std::vector<Reference>& refs) {
  Maybe<PrincipalType> out;
  for (const Reference& ref : refs) {
    if (ref.kind == Reference::Kind::kConstant) continue;
    if (ref.kind != Reference::Kind::kResource) return {};
    const std::string_view type = ReferencedType(ref);
    const bool identity_block =
        StartsWithAttr(ref.attribute, "identity") ||
        StartsWithAttr(ref.attribute, "kubelet_identity");
    PrincipalType kind;
    if (type == "azurerm_user_assigned_identity" ||
        type == "azuread_service_principal" ||
        (absl::StartsWith(Av(type), "azurerm_") && identity_block)) {
      kind = PrincipalType::kServicePrincipal;
    } else if (type == "azuread_user" || type == "azuread_users") {
      kind = PrincipalType::kUser;
    } else if (type == "azuread_group") {
      kind = PrincipalType::kGroup;
    } else {
      return {};
    }
    if (out.is_known() && out.value() != kind) return {};
    out = kind;
  }
  return out;
}

Maybe<ScopeKind> ScopeKindFromReferences(const std::vector<Reference>& refs) {
  Maybe<ScopeKind> out;
  for (const Reference& ref : refs) {
    if (ref.kind == Reference::Kind::kConstant) continue;
    if (ref.kind != Reference::Kind::kResource) return {};
    // The scope must be the resource's ID (directly, or a whole object
    // passed into a module whose `.id` is then taken).
    if (!ref.attribute.empty() && !StartsWithAttr(ref.attribute, "id")) {
      return {};
    }
    const std::string_view type = ReferencedType(ref);
    ScopeKind kind;
    if (type == "azurerm_resource_group") {
      kind = ScopeKind::kResourceGroup;
    } else if (type == "azurerm_subscription") {
      kind = ScopeKind::kSubscription;
    } else if (type == "azurerm_management_group") {
      kind = ScopeKind::kManagementGroup;
    } else if (absl::StartsWith(Av(type), "azurerm_")) {
      kind = ScopeKind::kResource;
    } else {
      return {};
    }
    if (out.is_known() && out.value() != kind) return {};
    out = kind;
  }
  return out;
}

std::string PrincipalGroupKey(const std::vector<Reference>& refs) {
  std::set<std::string> parts;
  for (const Reference& ref : refs) {
    switch (ref.kind) {
      case Reference::Kind::kConstant:
        continue;
      case Reference::Kind::kResource:
      case Reference::Kind::kLocal:
      case Reference::Kind::kRootVariable:
        parts.insert(ref.text);
        continue;
      case Reference::Kind::kInstance:
      case Reference::Kind::kUnresolved:
        return "";
    }
  }
  return absl::StrJoin(parts, " + ");
}

bool LeadsToResources(const std::vector<Reference>& refs) {
  bool resource = false;
  for (const Reference& ref : refs) {
    switch (ref.kind) {
      case Reference::Kind::kConstant:
      case Reference::Kind::kInstance:
        continue;
      case Reference::Kind::kResource:
        resource = true;
        continue;
      default:
        return false;
    }
  }
  return resource;
}

const std::vector<Reference>& RefsOf(const Resource& r, std::string_view path) {
  static const std::vector<Reference> kNone;
  auto it = r.references.find(path);
  return it == r.references.end() ? kNone : it->second;
}

std::string DescribeReferences(const std::vector<Reference>& refs) {
  std::set<std::string> parts;
  for (const Reference& ref : refs) {
    if (ref.kind != Reference::Kind::kConstant) parts.insert(ref.text);
  }
  return absl::StrJoin(parts, " + ");
}

}  // namespace threatmodel::rules::internal
