// File: assignment_facts.h
//
// What E-1 and E-3 need to know about one role assignment: which role it
// grants (resolved through the role catalogue, or unknown at plan time) and
// where (the scope parsed from its ARM ID, or what is known about it). Also
// the wording both rules use for them in messages.
//
// Thread-safety: pure functions over their arguments.
#ifndef THREATMODEL_SRC_RULES_ASSIGNMENT_FACTS_H_
#define THREATMODEL_SRC_RULES_ASSIGNMENT_FACTS_H_

#include <optional>
#include <string>

#include "threatmodel/rules/arm_id.h"
#include "threatmodel/rules/maybe.h"
#include "threatmodel/rules/model.h"
#include "threatmodel/rules/role_catalogue.h"

namespace threatmodel::rules::internal {

struct ResolvedRole {
  // kKnown: the role is identified (catalogued or not); kUnknown: neither
  // role_definition_name nor role_definition_id is known yet; kNull: the
  // assignment names no role at all.
  ValueState state = ValueState::kNull;
  std::string key;      // RoleKey(), when known
  std::string display;  // the catalogue name, else the name or ID given
  const BuiltinRole* builtin = nullptr;
};

// Prefers role_definition_id when both are known (Azure keys assignments by
// definition ID), otherwise whichever is known.
[[nodiscard]] ResolvedRole ResolveRole(const RoleAssignment& assignment);

// "\"Contributor\" (admin-level built-in role)" or
// "\"Runbook Operator\" (not a catalogued built-in role)".
[[nodiscard]] std::string DescribeRole(const ResolvedRole& role);

struct ResolvedScope {
  ValueState state = ValueState::kNull;
  ScopeKind kind = ScopeKind::kUnknown;  // from the ID, else from the hint
  std::optional<Scope> scope;            // when the ID parsed
  std::string text;  // "at resource group \"rg\" (scope kind ..., ID ...)"
};

[[nodiscard]] ResolvedScope ResolveScope(const RoleAssignment& assignment);

// "principal 1111-..." / "principal unknown at plan time".
[[nodiscard]] std::string DescribePrincipal(const Maybe<std::string>& id);

}  // namespace threatmodel::rules::internal

#endif  // THREATMODEL_SRC_RULES_ASSIGNMENT_FACTS_H_
