// E-1: an Automation account's managed identity holding a privileged role.
//
// A runbook runs as the account's identity, so whoever can edit or trigger a
// runbook gets every role that identity holds. One violation per privileged
// assignment (role, scope kind and scope named), one undecided finding per
// assignment whose role is unknown, and one pass per account otherwise. The
// scope does not decide the outcome (a privileged role is too much at any
// scope), so an unknown scope is reported but does not make a finding
// undecided.

#include <string>
#include <utility>
#include <vector>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "rules/assignment_facts.h"
#include "rules/rules_internal.h"

namespace threatmodel::rules::internal {
namespace {

std::string AccountSubject(const AutomationAccount& account,
                           std::size_t index) {
  if (!account.subject.empty()) return account.subject;
  if (const std::string* name = account.name.if_known()) return *name;
  if (!account.source.empty()) return account.source;
  return absl::StrCat("automation_accounts[", index, "]");
}

std::string SourceOf(const RoleAssignment& assignment,
                     const AutomationAccount& account) {
  return assignment.source.empty() ? account.source : assignment.source;
}

// The account's assignments: its own, plus unattributed ones whose known
// principal is the account's known principal.
std::vector<const RoleAssignment*> AssignmentsOf(
    const AutomationAccount& account, const Deployment& model) {
  std::vector<const RoleAssignment*> out;
  for (const RoleAssignment& a : account.role_assignments) out.push_back(&a);
  const std::string* principal = account.principal_id.if_known();
  if (principal == nullptr) return out;
  for (const RoleAssignment& a : model.role_assignments) {
    const std::string* p = a.principal_id.if_known();
    if (p != nullptr && absl::EqualsIgnoreCase(*p, *principal)) {
      out.push_back(&a);
    }
  }
  return out;
}

// Whether an assignment's principal could be an Automation account's
// identity although the facts could not attribute it: unknown, not linked
// by its references, and not said to be a user or a group.
bool MayBeAccountIdentity(const RoleAssignment& a) {
  if (!a.unattributable) return false;
  const PrincipalType* t = a.principal_type.if_known();
  return t == nullptr || *t == PrincipalType::kServicePrincipal ||
         *t == PrincipalType::kOther;
}

// Privileged (or not yet known) roles granted to principals nobody can
// name are never a pass: one undecided finding each.
void Unattributable(const Deployment& model, const CompiledPolicy& policy,
                    std::vector<Finding>& out) {
  for (const RoleAssignment& a : model.role_assignments) {
    if (!MayBeAccountIdentity(a)) continue;
    ResolvedRole role = ResolveRole(a);
    if (role.state == ValueState::kKnown && !policy.IsPrivileged(role)) {
      continue;
    }
    ResolvedScope scope = ResolveScope(a);
    out.push_back(MakeFinding(
        Status::kUndecided, a.source, a.source,
        absl::StrCat(
            "role assignment of ",
            role.state == ValueState::kKnown
                ? absl::StrCat("privileged role ", DescribeRole(role))
                : DescribeRole(role),
            " ", scope.text, " goes to a principal unknown at plan time ",
            a.principal_reference.empty()
                ? std::string("that no configuration reference links to an "
                              "identity")
                : absl::StrCat("whose principal_id refers to ",
                               a.principal_reference),
            ", so it cannot be told apart from an Automation account's "
            "identity; state the link: refer to the identity's resource "
            "directly (azurerm_automation_account.X.identity[0].principal_id, "
            "azurerm_user_assigned_identity.X.principal_id, "
            "azuread_service_principal.X.object_id), or give the assignment "
            "under its account in the assertion's automation_accounts")));
  }
}

std::vector<Finding> Evaluate(const Facts& facts,
                              const CompiledPolicy& policy) {
  const Deployment& model = facts.access;
  std::vector<Finding> out;
  if (model.automation_accounts.empty()) {
    out.push_back(MakeFinding(Status::kNotApplicable, "deployment", "",
                              "the deployment has no Automation accounts"));
    return out;
  }
  int open_grants = 0;
  for (const RoleAssignment& a : model.role_assignments) {
    if (!MayBeAccountIdentity(a)) continue;
    ResolvedRole role = ResolveRole(a);
    if (role.state != ValueState::kKnown || policy.IsPrivileged(role)) {
      ++open_grants;
    }
  }
  for (std::size_t i = 0; i < model.automation_accounts.size(); ++i) {
    const AutomationAccount& account = model.automation_accounts[i];
    const std::string subject = AccountSubject(account, i);
    std::string who =
        absl::StrCat("Automation account \"", subject, "\" identity (",
                     DescribePrincipal(account.principal_id), ")");
    if (!account.user_assigned_identities.empty()) {
      who = absl::StrCat(
          "Automation account \"", subject, "\" identities (",
          DescribePrincipal(account.principal_id), "; user-assigned ",
          absl::StrJoin(account.user_assigned_identities, ", "), ")");
    }
    std::vector<std::string> harmless;
    bool flagged = false;
    for (const RoleAssignment* a : AssignmentsOf(account, model)) {
      ResolvedRole role = ResolveRole(*a);
      ResolvedScope scope = ResolveScope(*a);
      if (role.state != ValueState::kKnown) {
        flagged = true;
        out.push_back(MakeFinding(
            Status::kUndecided, subject, SourceOf(*a, account),
            absl::StrCat(who, " holds ", DescribeRole(role), " ", scope.text,
                         "; whether it is privileged is decided at apply "
                         "time")));
        continue;
      }
      if (policy.IsPrivileged(role)) {
        flagged = true;
        out.push_back(
            MakeFinding(Status::kViolation, subject, SourceOf(*a, account),
                        absl::StrCat(who, " holds privileged role ",
                                     DescribeRole(role), " ", scope.text)));
        continue;
      }
      harmless.push_back(absl::StrCat(DescribeRole(role), " ", scope.text));
    }
    if (flagged) continue;
    std::string message = harmless.empty()
                              ? absl::StrCat(who, " holds no role assignments")
                              : absl::StrCat(who, " holds no privileged role: ",
                                             absl::StrJoin(harmless, "; "));
    if (open_grants > 0) {
      absl::StrAppend(&message, " that can be attributed to it; ", open_grants,
                      " privileged grant", open_grants == 1 ? "" : "s",
                      " to principals that cannot be attributed ",
                      open_grants == 1 ? "is" : "are", " undecided");
    }
    out.push_back(MakeFinding(Status::kPass, subject, account.source,
                              std::move(message)));
  }
  Unattributable(model, policy, out);
  return out;
}

}  // namespace

namespace catalogue {

RuleEntry E1AutomationPrivileges() {
  RuleInfo info;
  info.id = "E-1";
  info.short_code = "automation-privileged-identity";
  info.title = "Automation account identities must not hold privileged roles";
  info.description =
      "An Automation account's runbooks run as its managed identity, so "
      "anyone who can edit or start a runbook acts with that identity's "
      "roles. Violates for every assignment of a privileged role to the "
      "identity at any scope: Owner, User Access Administrator, Role Based "
      "Access Control Administrator, Contributor, and service-level "
      "admin/contributor roles such as Azure Kubernetes Service Contributor "
      "Role (the policy's privileged roles; by default every catalogued "
      "role at admin-level or above). Roles are recognised by name, by "
      "GUID and by full role-definition ID. An assignment whose role is "
      "unknown at plan time is undecided; an unknown scope is reported but "
      "does not change the outcome. The threat model rates E-1 Low; this "
      "rule rates it High because the outcome is privilege escalation.";
  info.remediation =
      "Replace the built-in role with a custom role that grants only the "
      "operations the runbook performs, at the narrowest scope: for a "
      "start/stop runbook, Microsoft.ContainerService/managedClusters/"
      "{read,start/action,stop/action} on the AKS cluster and "
      "Microsoft.DBforPostgreSQL/flexibleServers/"
      "{read,start/action,stop/action} on the PostgreSQL server.";
  info.stride = Stride::kElevationOfPrivilege;
  info.severity = Severity::kHigh;
  info.security_severity = 7.5;
  info.threat_model_rating = "Low";
  info.doc_path = "docs/rules/E-1.md";
  info.parameters = {
      {"privileged_roles", "list(string)",
       "The roles that count as privileged, by name or role definition ID. "
       "Replaces the built-in list (Owner, Contributor, User Access "
       "Administrator, Role Based Access Control Administrator and the "
       "service-level admin roles).",
       "every catalogued admin-level role"},
      {"additional_privileged_roles", "list(string)",
       "Roles added to the privileged list, for example custom roles.", "[]"},
  };
  info.resource_types = {"azurerm_automation_account",
                         "azurerm_role_assignment",
                         "azurerm_user_assigned_identity"};
  return {info, &Evaluate};
}

}  // namespace catalogue
}  // namespace threatmodel::rules::internal
