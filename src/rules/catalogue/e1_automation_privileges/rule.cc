// E-1: an Automation account's managed identity holding a privileged role.
//
// A runbook runs as the account's identity, so whoever can edit or trigger a
// runbook gets every role that identity holds. One violation per privileged
// assignment (role, scope kind and scope named), one undecided finding per
// assignment whose role is unknown, and one pass per account otherwise. The
// scope does not decide the outcome (a privileged role is too much at any
// scope), so an unknown scope is reported but does not make a finding
// undecided. Those findings are about the threat as a whole (no facet).
//
// An account whose identity holds a privileged role (or one not yet known)
// and that the plan itself creates or changes is also judged on what lets
// others start its runbooks, one finding per facet, subject the account:
//
//   local-auth          (mandatory) `local_authentication_enabled` (default
//                       true): webhooks and the account's keys act without
//                       Entra ID.
//   public-network      (mandatory) `public_network_access_enabled` (default
//                       true): the account's endpoints, webhooks included,
//                       answer from the internet.
//   premise-no-webhook  (mandatory) an azurerm_automation_webhook names the
//                       account (`automation_account_name`, by value or
//                       reference, with `resource_group_name`). The threat
//                       model rates E-1 Low because the account "runs
//                       scheduled maintenance tasks only; no external
//                       triggers"; a webhook is such a trigger, reachable by
//                       whoever holds its URL. E-1 is Open, and every part
//                       of an Open threat is mandatory by default, so this
//                       facet is too (the specification's "advisory" is
//                       for accepted threats' conditions, not a broken
//                       premise of an open one).
//   plain-variable      (advisory) an azurerm_automation_variable_* of the
//                       account with `encrypted` false (the default): its
//                       value is readable by anyone who can read the
//                       account, beside the identity's roles. Advisory: the
//                       plan does not tell whether the value is a
//                       credential.
//
// When the account's privilege is itself undecided (a role unknown, or a
// privileged grant to a principal that cannot be attributed and may be the
// account's), a facet that would violate is undecided too. Accounts without a
// privileged role get no facet findings: without the roles there is nothing to
// escalate to. The webhook and variable facets are judged only when the
// deployment has resources of those types, and the flags only when the account
// states them (plan JSON always does; the data source's automation_accounts
// describes an identity only), so deployments without them read as before.

#include <map>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "rules/assignment_facts.h"
#include "rules/links.h"
#include "rules/rules_internal.h"
#include "rules/string_view_compat.h"
#include "rules/unknown_ladder.h"

namespace threatmodel::rules::internal {
namespace {

constexpr char kAccountType[] = "azurerm_automation_account";
constexpr char kWebhookType[] = "azurerm_automation_webhook";
constexpr const char* kVariableTypes[] = {
    "azurerm_automation_variable_bool", "azurerm_automation_variable_datetime",
    "azurerm_automation_variable_int", "azurerm_automation_variable_object",
    "azurerm_automation_variable_string"};
constexpr char kLocalAuthFacet[] = "local-auth";
constexpr char kPublicFacet[] = "public-network";
constexpr char kWebhookFacet[] = "premise-no-webhook";
constexpr char kVariableFacet[] = "plain-variable";

// What the role findings decided about an account's identity.
enum class Privilege {
  kNone,     // no privileged role: the facets do not apply
  kHeld,     // at least one privileged role
  kUnknown,  // no privileged role known, at least one role unknown
};

// A facet's own reading: bad, good or unknown, and what the plan says.
struct Reading {
  Maybe<bool> bad;
  std::string text;
};

// The facet's finding, given the account's privilege: a bad reading
// violates when the account holds a privileged role and is undecided when
// that is not known yet.
Finding FacetFinding(const Resource& account, const char* facet,
                     Privilege privilege, const Reading& reading,
                     std::string_view bad_reason,
                     std::string_view good_reason) {
  if (reading.bad.is_unknown()) {
    return ResourceFinding(Status::kUndecided, account, facet, reading.text);
  }
  if (!reading.bad.value()) {
    return ResourceFinding(Status::kPass, account, facet,
                           absl::StrCat(reading.text, ": ", Av(good_reason)));
  }
  if (privilege == Privilege::kHeld) {
    return ResourceFinding(
        Status::kViolation, account, facet,
        absl::StrCat(reading.text, ": ", Av(bad_reason),
                     ", and the account's identity holds a privileged role"));
  }
  return ResourceFinding(
      Status::kUndecided, account, facet,
      absl::StrCat(reading.text, ": ", Av(bad_reason),
                   "; whether the account's identity holds a privileged "
                   "role is decided at apply time"));
}

Reading FlagOn(const Resource& account, std::string_view path) {
  const DecidedBool d = DecideBool(account, path, /*provider_default=*/true);
  return {d.value, d.text};
}

Reading Webhooks(const Facts& facts, const Resource& account,
                 std::vector<std::string>* sources) {
  const Children hooks = ChildrenByName(
      facts, account, kAccountType, kWebhookType, "automation_account_name");
  if (!hooks.linked.empty()) {
    std::vector<std::string> names;
    for (const Resource* h : hooks.linked) {
      names.push_back(h->address);
      sources->push_back(h->source);
    }
    return {true, absl::StrCat("webhook", names.size() == 1 ? " " : "s ",
                               absl::StrJoin(names, ", "), " start",
                               names.size() == 1 ? "s" : "", " its runbooks")};
  }
  if (!hooks.unknown.empty()) {
    return {Maybe<bool>::Unknown(),
            absl::StrCat("which account these webhooks start runbooks of is "
                         "unknown at plan time: ",
                         absl::StrJoin(hooks.unknown, "; "))};
  }
  return {false, "no webhook in the plan names the account"};
}

Reading PlainVariables(const Facts& facts, const Resource& account,
                       std::vector<std::string>* sources) {
  std::vector<std::string> plain;
  std::vector<std::string> unknown;
  for (const char* type : kVariableTypes) {
    const Children vars = ChildrenByName(facts, account, kAccountType, type,
                                         "automation_account_name");
    for (const std::string& u : vars.unknown) unknown.push_back(u);
    for (const Resource* v : vars.linked) {
      const DecidedBool encrypted = DecideBool(*v, "encrypted", false);
      if (encrypted.value.is_unknown()) {
        unknown.push_back(absl::StrCat(v->address, ": ", encrypted.text));
      } else if (!encrypted.value.value()) {
        plain.push_back(absl::StrCat(v->address, " (", encrypted.text, ")"));
        sources->push_back(v->source);
      }
    }
  }
  if (!plain.empty()) {
    return {true,
            absl::StrCat("unencrypted variable", plain.size() == 1 ? " " : "s ",
                         absl::StrJoin(plain, ", "))};
  }
  if (!unknown.empty()) {
    return {Maybe<bool>::Unknown(),
            absl::StrCat("variables whose account or encryption is unknown "
                         "at plan time: ",
                         absl::StrJoin(unknown, "; "))};
  }
  return {false, "no unencrypted variable in the plan names the account"};
}

void WebhookFacet(const Facts& facts, const Resource& account,
                  Privilege privilege, std::vector<Finding>& out) {
  std::vector<std::string> hook_sources;
  const Reading hooks = Webhooks(facts, account, &hook_sources);
  Finding hook = FacetFinding(
      account, kWebhookFacet, privilege, hooks,
      "anyone holding a webhook URL starts a runbook, so the threat model's "
      "\"no external triggers\" control does not hold",
      "runbooks start only on schedules and from Entra ID callers");
  hook.related_sources = std::move(hook_sources);
  out.push_back(std::move(hook));
}

void VariableFacet(const Facts& facts, const Resource& account,
                   Privilege privilege, std::vector<Finding>& out) {
  std::vector<std::string> variable_sources;
  Finding vars = FacetFinding(
      account, kVariableFacet, privilege,
      PlainVariables(facts, account, &variable_sources),
      "anyone who can read the account reads their values, a credential "
      "kept there included",
      "nothing the account keeps is in plain text");
  vars.related_sources = std::move(variable_sources);
  out.push_back(std::move(vars));
}

// The facet findings of a planned account whose identity holds a
// privileged role, or may.
void AccountFacets(const Facts& facts, const Resource& account,
                   Privilege privilege, std::vector<Finding>& out) {
  // Every azurerm generation E-1 knows plans both flags (known, unknown or
  // null); they are absent only from an account the data source's
  // automation_accounts describes by its identity alone, whose settings
  // nobody stated: no finding then, rather than one on a default nobody
  // chose.
  if (LookupPath(account.values, "local_authentication_enabled").state !=
      Lookup::State::kAbsent) {
    out.push_back(FacetFinding(
        account, kLocalAuthFacet, privilege,
        FlagOn(account, "local_authentication_enabled"),
        "webhooks and the account's keys start runbooks without Entra ID",
        "only Entra ID identities can reach the account"));
  }
  if (LookupPath(account.values, "public_network_access_enabled").state !=
      Lookup::State::kAbsent) {
    out.push_back(FacetFinding(
        account, kPublicFacet, privilege,
        FlagOn(account, "public_network_access_enabled"),
        "the account's endpoints, webhooks included, answer from the "
        "internet",
        "the account answers only on private networks"));
  }
  // Webhooks and variables are judged when the deployment has any, so a
  // deployment without them reads as before.
  bool any_variable = false;
  for (const char* type : kVariableTypes) {
    any_variable = any_variable || !facts.OfType(type).empty();
  }
  if (!facts.OfType(kWebhookType).empty()) {
    WebhookFacet(facts, account, privilege, out);
  }
  if (any_variable) VariableFacet(facts, account, privilege, out);
}

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

std::vector<Finding> Evaluate(const Facts& facts, const CompiledPolicy& policy,
                              const DeclaredFindings&) {
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
  std::map<std::string, Privilege, std::less<>> privilege_of;
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
        privilege_of.try_emplace(account.subject, Privilege::kUnknown);
        out.push_back(MakeFinding(
            Status::kUndecided, subject, SourceOf(*a, account),
            absl::StrCat(who, " holds ", DescribeRole(role), " ", scope.text,
                         "; whether it is privileged is decided at apply "
                         "time")));
        continue;
      }
      if (policy.IsPrivileged(role)) {
        flagged = true;
        privilege_of[account.subject] = Privilege::kHeld;
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
  // The facets, for the accounts the plan creates or changes (the facts
  // stage names each after its resource's subject or address).
  // A privileged grant to a principal nobody can name may be any
  // account's: its facets are judged as if its privilege were unknown.
  for (const Resource* r : facts.OfType(kAccountType)) {
    auto it = privilege_of.find(r->subject.empty() ? r->address : r->subject);
    if (it != privilege_of.end()) {
      AccountFacets(facts, *r, it->second, out);
    } else if (open_grants > 0) {
      AccountFacets(facts, *r, Privilege::kUnknown, out);
    }
  }
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
      "rule rates it High because the outcome is privilege escalation. "
      "These findings concern the threat as a whole. An account the plan "
      "creates or changes whose identity holds a privileged role is also "
      "judged per facet, each finding naming the account: local-auth "
      "(mandatory) when local_authentication_enabled is true (the "
      "default); public-network (mandatory) when "
      "public_network_access_enabled is true (the default); "
      "premise-no-webhook (mandatory) when an azurerm_automation_webhook "
      "names the account (automation_account_name, by value or by "
      "reference, and resource_group_name), which breaks the threat model's "
      "\"no external triggers\" control (E-1 is Open, so this premise is "
      "mandatory); plain-variable (advisory) when an "
      "azurerm_automation_variable_{bool,datetime,int,object,string} of the "
      "account has encrypted false (the default). The webhook and variable "
      "facets are judged when the deployment has such resources, and the "
      "flags when the account states them (an account given under the data "
      "source's automation_accounts states only its identity; pass it under "
      "resources to have its settings judged). When the identity's role "
      "is unknown, or a privileged grant goes to a principal that cannot be "
      "attributed and may be the account's, a facet that would violate is "
      "undecided. A flag unknown "
      "at plan time that the configuration does not set takes the "
      "provider's default; one set by reference is undecided, and so is a "
      "webhook or variable whose account cannot be told.";
  info.remediation =
      "Replace the built-in role with a custom role that grants only the "
      "operations the runbook performs, at the narrowest scope: for a "
      "start/stop runbook, Microsoft.ContainerService/managedClusters/"
      "{read,start/action,stop/action} on the AKS cluster and "
      "Microsoft.DBforPostgreSQL/flexibleServers/"
      "{read,start/action,stop/action} on the PostgreSQL server. Set "
      "local_authentication_enabled = false and "
      "public_network_access_enabled = false (reach the account through a "
      "private endpoint), start runbooks from schedules rather than "
      "webhooks, and set encrypted = true on every Automation variable.";
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
  info.resource_types = {kAccountType, "azurerm_role_assignment",
                         "azurerm_user_assigned_identity", kWebhookType};
  for (const char* type : kVariableTypes) info.resource_types.push_back(type);
  // A grant's scope (a resource group) and a custom role it names are read
  // through the grant's references, not judged themselves.
  info.context_types = {"azurerm_resource_group", "azurerm_role_definition"};
  info.facets = {
      {kLocalAuthFacet,
       "Local authentication is off on an account whose identity holds a "
       "privileged role, so only Entra ID callers reach its runbooks.",
       Enforcement::kMandatory},
      {kPublicFacet,
       "Public network access is off on an account whose identity holds a "
       "privileged role.",
       Enforcement::kMandatory},
      {kWebhookFacet,
       "No webhook starts the runbooks of an account whose identity holds a "
       "privileged role: the \"no external triggers\" control behind the "
       "threat model's Low rating.",
       Enforcement::kMandatory},
      {kVariableFacet,
       "The variables of an account whose identity holds a privileged role "
       "are encrypted.",
       Enforcement::kAdvisory},
  };
  info.peers = {
      {"checkov", "CKV2_AZURE_36", "", ""},
      {"PSRule", "Azure.Automation.ManagedIdentity", "AZR-000090", ""},
      {"checkov", "CKV2_AZURE_24", "", kPublicFacet},
      {"PSRule", "Azure.Automation.WebHookExpiry", "AZR-000087", kWebhookFacet},
      {"checkov", "CKV_AZURE_73", "", kVariableFacet},
  };
  return {info, &Evaluate};
}

}  // namespace catalogue
}  // namespace threatmodel::rules::internal
