#include "rules/assignment_facts.h"

#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/str_cat.h"
#include "rules/string_view_compat.h"

namespace threatmodel::rules::internal {

ResolvedRole ResolveRole(const RoleAssignment& assignment) {
  ResolvedRole role;
  const std::string* id = assignment.role_definition_id.if_known();
  const std::string* name = assignment.role_definition_name.if_known();
  if (id != nullptr) {
    absl::StatusOr<std::string> guid = ParseRoleDefinitionId(*id);
    if (guid.ok() || name == nullptr) {
      role.state = ValueState::kKnown;
      role.key = RoleKey(*id);
      role.builtin = guid.ok() ? FindRoleByGuid(*guid) : nullptr;
      // Azure refuses a custom role named like a built-in one, so a
      // built-in name beside an uncatalogued ID is that built-in role (a
      // provider, or a stand-in, may report an ID the catalogue lacks); the
      // ID alone must never make a named Contributor look harmless.
      if (role.builtin == nullptr && name != nullptr) {
        role.builtin = FindRoleByName(*name);
      }
      role.display = role.builtin != nullptr ? std::string(role.builtin->name)
                     : name != nullptr       ? *name
                                             : *id;
      return role;
    }
  }
  if (name != nullptr) {
    role.state = ValueState::kKnown;
    role.key = RoleKey(*name);
    role.builtin = FindRoleByName(*name);
    role.display =
        role.builtin != nullptr ? std::string(role.builtin->name) : *name;
    return role;
  }
  if (assignment.role_definition_id.is_unknown() ||
      assignment.role_definition_name.is_unknown()) {
    role.state = ValueState::kUnknown;
  }
  return role;
}

std::string DescribeRole(const ResolvedRole& role) {
  switch (role.state) {
    case ValueState::kKnown:
      if (role.builtin != nullptr) {
        return absl::StrCat("\"", role.display, "\" (",
                            Av(PrivilegeLevelName(role.builtin->level)),
                            " built-in role)");
      }
      return absl::StrCat("\"", role.display,
                          "\" (not a catalogued built-in role)");
    case ValueState::kUnknown:
      return "a role unknown at plan time";
    case ValueState::kNull:
      break;
  }
  return "no role (neither role_definition_name nor role_definition_id)";
}

ResolvedScope ResolveScope(const RoleAssignment& assignment) {
  ResolvedScope out;
  if (const std::string* id = assignment.scope.if_known()) {
    out.state = ValueState::kKnown;
    absl::StatusOr<Scope> scope = ParseScope(*id);
    if (scope.ok()) {
      out.kind = scope->kind;
      out.text =
          absl::StrCat("at ", DescribeScope(*scope), " (scope kind ",
                       Av(ScopeKindName(scope->kind)), ", ID ", scope->id, ")");
      out.scope = *std::move(scope);
    } else {
      out.text = absl::StrCat("at an unparseable scope (",
                              scope.status().message(), ")");
    }
    return out;
  }
  out.state = assignment.scope.state();
  const ScopeKind* hint = assignment.scope_kind_hint.if_known();
  if (hint != nullptr) out.kind = *hint;
  if (assignment.scope.is_unknown()) {
    out.text = hint != nullptr && *hint != ScopeKind::kUnknown
                   ? absl::StrCat("at a ", Av(ScopeKindName(*hint)),
                                  " scope whose ID is unknown at plan time")
                   : "at a scope unknown at plan time";
  } else {
    out.text = "at no scope (scope is null)";
  }
  return out;
}

std::string DescribePrincipal(const Maybe<std::string>& id) {
  if (const std::string* v = id.if_known()) {
    return absl::StrCat("principal ", *v);
  }
  return id.is_unknown() ? "principal unknown at plan time" : "no principal";
}

}  // namespace threatmodel::rules::internal
