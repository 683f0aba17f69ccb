// File: role_catalogue.h
//
// A catalogue of Azure built-in roles: name, role-definition GUID and a
// privilege level. It covers every role named in the threat model and the
// reference architecture plus the common roles around them; it is not all of
// Azure's several hundred built-in roles. A role that is not in the
// catalogue (a custom role, or a built-in one it does not list) has no
// privilege level; rules say so in their messages instead of guessing.
//
// Role definition GUIDs are public, fixed Azure identifiers. Name matching is
// case-insensitive and ignores surrounding whitespace.
//
// Thread-safety: the catalogue is immutable static data; every function is
// safe from any thread.
#ifndef THREATMODEL_RULES_ROLE_CATALOGUE_H_
#define THREATMODEL_RULES_ROLE_CATALOGUE_H_

#include <string>
#include <string_view>

#include "absl/status/statusor.h"
#include "absl/types/span.h"

namespace threatmodel::rules {

enum class PrivilegeLevel {
  kReader,       // reads resources or data
  kContributor,  // writes within one service, cannot take over the service
  kAdmin,        // full control of a service, its data or a whole scope
  kEscalation,   // can grant access to others (Owner, User Access Admin, ...)
};

// "reader", "contributor", "admin-level" or "privileged-escalation".
[[nodiscard]] std::string_view PrivilegeLevelName(PrivilegeLevel level);

struct BuiltinRole {
  std::string_view name;  // Azure's display name
  std::string_view guid;  // lowercase role-definition GUID
  PrivilegeLevel level;
};

// All catalogued roles, in a fixed order.
[[nodiscard]] absl::Span<const BuiltinRole> BuiltinRoles();

// Case-insensitive lookup by display name (also accepts a few former names,
// such as "Role Based Access Control Administrator (Preview)").
[[nodiscard]] const BuiltinRole* FindRoleByName(std::string_view name);

// Lookup by GUID, case-insensitive.
[[nodiscard]] const BuiltinRole* FindRoleByGuid(std::string_view guid);

// True for a GUID in 8-4-4-4-12 hex form.
[[nodiscard]] bool IsGuid(std::string_view text);

// Extracts the lowercase GUID from a role-definition ID: a bare GUID, or an
// ARM ID ending in /providers/Microsoft.Authorization/roleDefinitions/<guid>
// at any scope. InvalidArgument otherwise.
[[nodiscard]] absl::StatusOr<std::string> ParseRoleDefinitionId(
    std::string_view id);

// Looks a role up by whatever the caller has: a display name, a bare GUID or
// a role-definition ID. nullptr when it is not a catalogued built-in role.
[[nodiscard]] const BuiltinRole* FindRole(std::string_view name_or_id);

// A key under which two references to the same role compare equal: "guid:<g>"
// for catalogued roles and for anything that parses as a role-definition ID,
// otherwise "name:<lowercased, trimmed name>".
[[nodiscard]] std::string RoleKey(std::string_view name_or_id);

}  // namespace threatmodel::rules

#endif  // THREATMODEL_RULES_ROLE_CATALOGUE_H_
