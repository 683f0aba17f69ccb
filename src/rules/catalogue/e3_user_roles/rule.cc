// E-3: user onboarding that grants too many, or too powerful, roles.
//
// Role assignments are grouped by principal: declared users (with their own
// assignments plus any unattributed assignment with the same principal id),
// then any other principal whose assignments say (or may say) "User". Each
// group gets one finding, subject = the user. Checks, in order: the number
// of assignments against the policy's limit; privileged roles held outside
// an admin tier; roles outside the declared tier's list. Anything that could
// change the verdict but is unknown at plan time makes the finding
// undecided; an assignment whose principal is unknown becomes its own
// undecided finding rather than being dropped.

#include <map>
#include <string>
#include <utility>
#include <vector>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "rules/assignment_facts.h"
#include "rules/rules_internal.h"

namespace threatmodel::rules::internal {
namespace {

struct Group {
  const User* user = nullptr;  // a declared user
  std::size_t user_index = 0;
  Maybe<std::string> principal_id;
  bool says_user = false;      // an assignment says principal_type = User
  bool says_not_user = false;  // an assignment says another principal type
  std::vector<const RoleAssignment*> assignments;
};

bool SaysUser(const RoleAssignment& a) {
  const PrincipalType* t = a.principal_type.if_known();
  return t != nullptr && *t == PrincipalType::kUser;
}

bool SaysNotUser(const RoleAssignment& a) {
  const PrincipalType* t = a.principal_type.if_known();
  return t != nullptr && *t != PrincipalType::kUser;
}

std::string Subject(const Group& g) {
  if (g.user != nullptr) {
    if (!g.user->subject.empty()) return g.user->subject;
    if (const std::string* id = g.user->principal_id.if_known()) return *id;
    if (!g.user->source.empty()) return g.user->source;
    return absl::StrCat("users[", g.user_index, "]");
  }
  return g.principal_id.value();
}

std::string Source(const Group& g) {
  if (g.user != nullptr && !g.user->source.empty()) return g.user->source;
  for (const RoleAssignment* a : g.assignments) {
    if (!a->source.empty()) return a->source;
  }
  return {};
}

void AddRelated(std::vector<std::string>& related, const RoleAssignment& a) {
  if (a.source.empty()) return;
  for (const std::string& s : related) {
    if (s == a.source) return;
  }
  related.push_back(a.source);
}

Finding EvaluateGroup(const Group& g, const CompiledPolicy& policy) {
  std::vector<std::string> violations;
  std::vector<std::string> undecided;
  std::vector<std::string> related;

  // The declared tier.
  const CompiledTier* tier = nullptr;
  bool tier_unknown = false;
  std::string tier_text;
  if (g.user != nullptr) {
    if (const std::string* name = g.user->tier.if_known()) {
      tier = policy.FindTier(*name);
      tier_text = absl::StrCat(", tier \"", *name, "\"");
      if (tier == nullptr) {
        violations.push_back(absl::StrCat(
            "declared tier \"", *name, "\" is not one of the policy's tiers (",
            policy.tiers_configured() ? policy.TierNames() : "none configured",
            ")"));
      }
    } else if (g.user->tier.is_unknown()) {
      tier_unknown = true;
      tier_text = ", tier unknown at plan time";
    }
  }
  const bool admin_allowed = tier != nullptr && tier->admin;

  const int count = static_cast<int>(g.assignments.size());
  if (count > policy.max_roles_per_user()) {
    std::vector<std::string> names;
    for (const RoleAssignment* a : g.assignments) {
      ResolvedRole role = ResolveRole(*a);
      names.push_back(role.state == ValueState::kKnown ? role.display
                                                       : "(unknown role)");
      AddRelated(related, *a);
    }
    violations.push_back(absl::StrCat(
        "holds ", count, " role assignments, more than the limit of ",
        policy.max_roles_per_user(), " (", absl::StrJoin(names, ", "), ")"));
  }

  std::vector<std::string> privileged;
  std::vector<std::string> beyond_tier;
  int unknown_roles = 0;
  bool privileged_with_unknown_tier = false;
  for (const RoleAssignment* a : g.assignments) {
    ResolvedRole role = ResolveRole(*a);
    if (role.state != ValueState::kKnown) {
      ++unknown_roles;
      continue;
    }
    const std::string what =
        absl::StrCat(DescribeRole(role), " ", ResolveScope(*a).text);
    if (policy.IsPrivileged(role) && !admin_allowed) {
      if (tier_unknown) {
        privileged_with_unknown_tier = true;
      } else {
        privileged.push_back(what);
        AddRelated(related, *a);
        continue;
      }
    }
    if (tier != nullptr && !policy.TierAllows(*tier, role)) {
      beyond_tier.push_back(what);
      AddRelated(related, *a);
    }
  }
  if (!privileged.empty()) {
    violations.push_back(absl::StrCat(
        "privileged role", privileged.size() == 1 ? "" : "s",
        " outside an admin tier: ", absl::StrJoin(privileged, "; ")));
  }
  if (!beyond_tier.empty()) {
    violations.push_back(absl::StrCat(
        "role", beyond_tier.size() == 1 ? "" : "s", " beyond tier \"",
        tier->name, "\": ", absl::StrJoin(beyond_tier, "; ")));
  }
  if (unknown_roles > 0 && !(admin_allowed && tier->any_role)) {
    undecided.push_back(absl::StrCat(
        unknown_roles, " role assignment",
        unknown_roles == 1 ? " has" : "s have",
        " a role unknown at plan time, so privileged and out-of-tier roles "
        "cannot be ruled out"));
  }
  if (privileged_with_unknown_tier) {
    undecided.push_back(
        "the user holds privileged roles and its tier is unknown at plan "
        "time, so whether it is an admin tier cannot be decided");
  } else if (tier_unknown && policy.tiers_configured()) {
    undecided.push_back(
        "the user's tier is unknown at plan time, so its roles cannot be "
        "checked against a tier");
  }

  const bool is_user = g.user != nullptr || (g.says_user && !g.says_not_user);
  std::string who =
      g.user != nullptr
          ? absl::StrCat("user \"", Subject(g), "\" (",
                         DescribePrincipal(g.user->principal_id), tier_text,
                         ")")
          : absl::StrCat(
                is_user ? "user " : "principal ", g.principal_id.value(),
                is_user ? "" : " (principal type unknown at plan time)");

  Finding finding;
  if (!violations.empty()) {
    std::string message =
        is_user ? absl::StrCat(who, ": ", absl::StrJoin(violations, "; "))
                : absl::StrCat(who, ": if it is a user, ",
                               absl::StrJoin(violations, "; "));
    if (!undecided.empty()) {
      absl::StrAppend(&message,
                      "; also undecided: ", absl::StrJoin(undecided, "; "));
    }
    finding = MakeFinding(is_user ? Status::kViolation : Status::kUndecided,
                          Subject(g), Source(g), std::move(message));
  } else if (!undecided.empty()) {
    finding =
        MakeFinding(Status::kUndecided, Subject(g), Source(g),
                    absl::StrCat(who, " holds ", count, " role assignment",
                                 count == 1 ? "" : "s", "; ",
                                 absl::StrJoin(undecided, "; ")));
  } else {
    std::string message = absl::StrCat(
        who, " holds ", count, " role assignment", count == 1 ? "" : "s",
        " (limit ", policy.max_roles_per_user(),
        admin_allowed ? "), in an admin tier"
                      : "), none privileged outside an admin tier");
    if (tier != nullptr && !admin_allowed) {
      absl::StrAppend(&message, ", all within tier \"", tier->name, "\"");
    }
    finding =
        MakeFinding(Status::kPass, Subject(g), Source(g), std::move(message));
  }
  finding.related_sources = std::move(related);
  return finding;
}

std::vector<Finding> Evaluate(const Facts& facts, const CompiledPolicy& policy,
                              const DeclaredFindings&) {
  const Deployment& model = facts.access;
  std::vector<Group> groups;
  std::map<std::string, std::size_t> by_principal;  // lowercased id -> group

  for (std::size_t i = 0; i < model.users.size(); ++i) {
    const User& user = model.users[i];
    Group g;
    g.user = &user;
    g.user_index = i;
    g.principal_id = user.principal_id;
    for (const RoleAssignment& a : user.role_assignments) {
      g.assignments.push_back(&a);
    }
    if (const std::string* id = user.principal_id.if_known()) {
      std::string key = absl::AsciiStrToLower(*id);
      auto it = by_principal.find(key);
      if (it != by_principal.end()) {
        // The same user declared twice: merge into the first declaration.
        for (const RoleAssignment* a : g.assignments) {
          groups[it->second].assignments.push_back(a);
        }
        continue;
      }
      by_principal[key] = groups.size();
    }
    groups.push_back(std::move(g));
  }

  std::vector<const RoleAssignment*> unattributed;
  for (const RoleAssignment& a : model.role_assignments) {
    const std::string* id = a.principal_id.if_known();
    if (id == nullptr) {
      if (!SaysNotUser(a)) unattributed.push_back(&a);
      continue;
    }
    std::string key = absl::AsciiStrToLower(*id);
    auto it = by_principal.find(key);
    if (it == by_principal.end()) {
      Group g;
      g.principal_id = *id;
      it = by_principal.emplace(key, groups.size()).first;
      groups.push_back(std::move(g));
    }
    Group& g = groups[it->second];
    g.assignments.push_back(&a);
    if (SaysUser(a)) g.says_user = true;
    if (SaysNotUser(a)) g.says_not_user = true;
  }

  std::vector<Finding> out;
  for (const Group& g : groups) {
    // A principal that is known not to be a user is outside E-3.
    if (g.user == nullptr && g.says_not_user && !g.says_user) continue;
    out.push_back(EvaluateGroup(g, policy));
  }
  for (std::size_t i = 0; i < unattributed.size(); ++i) {
    const RoleAssignment& a = *unattributed[i];
    std::string subject =
        a.source.empty() ? absl::StrCat("role_assignments[", i, "]") : a.source;
    out.push_back(MakeFinding(
        Status::kUndecided, subject, a.source,
        absl::StrCat("role assignment of ", DescribeRole(ResolveRole(a)), " ",
                     ResolveScope(a).text, " has ",
                     DescribePrincipal(a.principal_id),
                     ", so it cannot be counted towards any user's limit or "
                     "checked against a tier; if it is no user, say so with "
                     "principal_type (\"ServicePrincipal\" for a managed "
                     "identity, \"Group\")")));
  }
  if (out.empty()) {
    out.push_back(MakeFinding(Status::kNotApplicable, "deployment", "",
                              "the deployment has no user role assignments"));
  }
  return out;
}

}  // namespace

namespace catalogue {

RuleEntry E3UserRoles() {
  RuleInfo info;
  info.id = "E-3";
  info.short_code = "user-role-sprawl";
  info.title =
      "Users must hold few roles, and admin roles only in an admin "
      "tier";
  info.description =
      "Groups role assignments by user principal (declared users, and any "
      "principal whose assignments say principal_type User or leave it "
      "unknown). Violates when a user holds more role assignments than the "
      "policy's limit (default 5), holds a privileged (admin-level) role "
      "without being in an admin tier, or holds a role outside its declared "
      "tier's list (default tiers: reader, contributor, admin). Unknown "
      "roles, tiers or principal types that could change the verdict make "
      "the finding undecided; an assignment with an unknown principal is "
      "reported on its own as undecided, never dropped.";
  info.remediation =
      "Define tiered role profiles (reader, contributor, admin), assign each "
      "user the minimum roles of one tier, grant admin-level roles only to "
      "the admin tier, and prefer Entra ID groups over per-user "
      "assignments.";
  info.stride = Stride::kElevationOfPrivilege;
  info.severity = Severity::kHigh;
  info.security_severity = 8.0;
  info.threat_model_rating = "High";
  info.doc_path = "docs/rules/E-3.md";
  info.parameters = {
      {"max_roles_per_user", "number",
       "The most role assignments one user may hold (0 to 10000).", "5"},
      {"tiers", "map(object({roles = list(string), admin = optional(bool)}))",
       "Role profiles by tier name; each user's `tier` names one. `roles` "
       "are role names or definition IDs members may hold (`*`: any); "
       "`admin` lets members hold admin-level roles. Replaces the default "
       "tiers.",
       "reader, contributor, admin"},
      {"privileged_roles", "list(string)",
       "The roles that count as privileged, by name or role definition ID. "
       "Replaces the built-in list (Owner, Contributor, User Access "
       "Administrator, Role Based Access Control Administrator and the "
       "service-level admin roles).",
       "every catalogued admin-level role"},
      {"additional_privileged_roles", "list(string)",
       "Roles added to the privileged list, for example custom roles.", "[]"},
  };
  info.resource_types = {"azurerm_role_assignment"};
  // A custom role a grant names is read through the grant, not judged.
  info.context_types = {"azurerm_role_definition"};
  return {info, &Evaluate};
}

}  // namespace catalogue
}  // namespace threatmodel::rules::internal
