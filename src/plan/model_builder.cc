#include "plan/model_builder.h"

#include <algorithm>
#include <charconv>
#include <map>
#include <set>
#include <string>
#include <system_error>
#include <utility>
#include <variant>
#include <vector>

#include "absl/strings/ascii.h"
#include "absl/strings/escaping.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "plan/json_cursor.h"
#include "plan/string_view_compat.h"
#include "threatmodel/base/status_macros.h"

namespace threatmodel::plan::internal {
namespace {

using rules::Maybe;

// The planned value at `path`, as merged by the reader (marks.h).
rules::Lookup ReadAttr(const RawChange& rc, std::string_view path) {
  return rules::LookupPath(rc.values, path);
}

// The builder's state across resources.
class Builder {
 public:
  Builder(const RawPlan& raw, Plan* plan)
      : raw_(raw), resolver_(raw.root), plan_(*plan) {}

  absl::Status Run();

 private:
  void Note(const std::string& address, std::string text) {
    if (plan_.notes.size() < 1000) {
      plan_.notes.push_back({address, std::move(text)});
    }
  }

  absl::StatusOr<Maybe<std::string>> StringAttr(const RawChange& rc,
                                                std::string_view path);
  absl::Status AddAccount(const RawChange& rc);
  absl::Status AddIdentity(const RawChange& rc);
  absl::Status AddAssignment(const RawChange& rc);
  const RawResourceConfig* ConfigOf(const ResourceAddress& address) const;
  void Declare(const ResourceAddress& address);
  // The account `terminals` lead to, or -1.
  int AccountFor(const std::vector<Terminal>& terminals,
                 const ResourceAddress& assignment,
                 const Maybe<std::string>& principal);

  const RawPlan& raw_;
  ReferenceResolver resolver_;
  Plan& plan_;
  // Account address -> index into plan_.deployment.automation_accounts.
  std::map<std::string, std::size_t> accounts_;
  // "module path|type.name" (no key) -> account addresses.
  std::map<std::string, std::vector<std::string>> account_instances_;
  // Known principal ids (lowercase) of user-assigned identities.
  std::set<std::string> identity_principals_;
  // Known principal ids (lowercase) of Automation accounts -> index.
  std::map<std::string, std::size_t> account_principals_;
  // Reference key -> index into plan_.deployment.users.
  std::map<std::string, std::size_t> user_groups_;
  std::vector<const RawChange*> assignments_;
};

absl::StatusOr<Maybe<std::string>> Builder::StringAttr(const RawChange& rc,
                                                       std::string_view path) {
  const rules::Lookup attr = ReadAttr(rc, path);
  switch (attr.state) {
    case rules::Lookup::State::kAbsent:
    case rules::Lookup::State::kNull:
      return Maybe<std::string>::Null();
    case rules::Lookup::State::kUnknown:
    case rules::Lookup::State::kSensitive:
      return Maybe<std::string>::Unknown();
    case rules::Lookup::State::kFound:
      break;
  }
  const rules::PlanValue::Kind kind = attr.value->kind();
  if (kind != rules::PlanValue::Kind::kString) {
    // JSON's names for the kinds.
    const std::string_view got = kind == rules::PlanValue::Kind::kList ? "array"
                                 : kind == rules::PlanValue::Kind::kBool
                                     ? "boolean"
                                     : rules::PlanValueKindName(kind);
    return absl::InvalidArgumentError(
        absl::StrCat(rc.json_path, ".change.after.", Av(path),
                     ": expected a string, got ", Av(got)));
  }
  return Maybe<std::string>(attr.value->string_value());
}

const RawResourceConfig* Builder::ConfigOf(
    const ResourceAddress& address) const {
  const RawModule* module = resolver_.ModuleAt(address.module);
  if (module == nullptr) return nullptr;
  auto it = module->resources.find(absl::StrCat(
      address.data ? "data." : "", address.type, ".", address.name));
  return it == module->resources.end() ? nullptr : &it->second;
}

void Builder::Declare(const ResourceAddress& address) {
  Declaration d;
  for (const ModuleStep& step : address.module) {
    d.module_calls.push_back(step.name);
  }
  d.module_sources = resolver_.Sources(address.module);
  d.data = address.data;
  d.type = address.type;
  d.name = address.name;
  plan_.declarations[FormatResourceAddress(address)] = std::move(d);
}

std::string InstanceGroup(const ModulePath& module, bool data,
                          std::string_view type, std::string_view name) {
  return absl::StrCat(FormatModulePath(module), "|", data ? "data." : "",
                      Av(type), ".", Av(name));
}

absl::Status Builder::AddAccount(const RawChange& rc) {
  rules::AutomationAccount account;
  account.subject = rc.address;
  account.source = rc.address;
  THREATMODEL_ASSIGN_OR_RETURN(account.name, StringAttr(rc, "name"));
  THREATMODEL_ASSIGN_OR_RETURN(account.identity_type,
                               StringAttr(rc, "identity[0].type"));
  THREATMODEL_ASSIGN_OR_RETURN(account.principal_id,
                               StringAttr(rc, "identity[0].principal_id"));
  const std::size_t index = plan_.deployment.automation_accounts.size();
  accounts_[rc.address] = index;
  account_instances_[InstanceGroup(rc.parsed.module, false, rc.parsed.type,
                                   rc.parsed.name)]
      .push_back(rc.address);
  if (const std::string* p = account.principal_id.if_known()) {
    account_principals_.emplace(absl::AsciiStrToLower(*p), index);
  }
  plan_.deployment.automation_accounts.push_back(std::move(account));
  return absl::OkStatus();
}

absl::Status Builder::AddIdentity(const RawChange& rc) {
  THREATMODEL_ASSIGN_OR_RETURN(Maybe<std::string> principal,
                               StringAttr(rc, "principal_id"));
  if (const std::string* p = principal.if_known()) {
    identity_principals_.insert(absl::AsciiStrToLower(*p));
  }
  return absl::OkStatus();
}

int Builder::AccountFor(const std::vector<Terminal>& terminals,
                        const ResourceAddress& assignment,
                        const Maybe<std::string>& principal) {
  const Terminal* account = nullptr;
  for (const Terminal& t : terminals) {
    switch (t.kind) {
      case Terminal::Kind::kInstance:
      case Terminal::Kind::kConstant:
        continue;
      case Terminal::Kind::kResource:
        if (t.type == "azurerm_automation_account" &&
            (t.rest.empty() || (t.rest[0].kind == Step::Kind::kAttr &&
                                t.rest[0].name == "identity"))) {
          if (account != nullptr &&
              InstanceGroup(account->module, account->data, account->type,
                            account->name) !=
                  InstanceGroup(t.module, t.data, t.type, t.name)) {
            return -1;  // two different accounts: a conditional
          }
          if (account == nullptr ||
              std::holds_alternative<std::monostate>(account->key)) {
            account = &t;
          }
          continue;
        }
        return -1;
      default:
        return -1;
    }
  }
  if (account == nullptr) return -1;
  const std::string assignment_address = FormatResourceAddress(assignment);
  ResourceAddress target;
  target.module = account->module;
  target.data = account->data;
  target.type = account->type;
  target.name = account->name;
  target.key = account->key;
  if (std::holds_alternative<std::monostate>(account->key)) {
    auto it = account_instances_.find(InstanceGroup(
        account->module, account->data, account->type, account->name));
    if (it != account_instances_.end() && it->second.size() == 1) {
      return static_cast<int>(accounts_[it->second[0]]);
    }
    if (it != account_instances_.end() && it->second.size() > 1) {
      // `azurerm_automation_account.x[each.key]`: the reference loses the
      // key; the assignment's own key is the usual pairing.
      ResourceAddress same_key = target;
      same_key.key = assignment.key;
      auto match = accounts_.find(FormatResourceAddress(same_key));
      if (match != accounts_.end()) return static_cast<int>(match->second);
      Note(
          assignment_address,
          absl::StrCat("principal_id refers to ", FormatResourceAddress(target),
                       ", which has several instances; the assignment is "
                       "not attributed to one of them"));
      return -1;
    }
  }
  const std::string address = FormatResourceAddress(target);
  auto found = accounts_.find(address);
  if (found != accounts_.end()) return static_cast<int>(found->second);
  // An account this plan does not change (a data source, or one managed
  // elsewhere): judge its identity all the same.
  rules::AutomationAccount synthetic;
  synthetic.subject = address;
  synthetic.source = address;
  synthetic.name = Maybe<std::string>::Unknown();
  synthetic.identity_type = Maybe<std::string>::Unknown();
  synthetic.principal_id =
      principal.is_known() ? principal : Maybe<std::string>::Unknown();
  accounts_[address] = plan_.deployment.automation_accounts.size();
  account_instances_[InstanceGroup(target.module, target.data, target.type,
                                   target.name)]
      .push_back(address);
  plan_.deployment.automation_accounts.push_back(std::move(synthetic));
  Declare(target);
  Note(address,
       "not changed by this plan; its identity is judged from the role "
       "assignments that refer to it");
  return static_cast<int>(accounts_[address]);
}

absl::Status Builder::AddAssignment(const RawChange& rc) {
  rules::RoleAssignment a;
  a.source = rc.address;
  THREATMODEL_ASSIGN_OR_RETURN(a.principal_id, StringAttr(rc, "principal_id"));
  THREATMODEL_ASSIGN_OR_RETURN(Maybe<std::string> type,
                               StringAttr(rc, "principal_type"));
  if (const std::string* t = type.if_known()) {
    a.principal_type = rules::PrincipalTypeFromName(*t);
  } else {
    a.principal_type = type.is_unknown()
                           ? Maybe<rules::PrincipalType>::Unknown()
                           : Maybe<rules::PrincipalType>::Null();
  }
  THREATMODEL_ASSIGN_OR_RETURN(a.role_definition_name,
                               StringAttr(rc, "role_definition_name"));
  THREATMODEL_ASSIGN_OR_RETURN(a.role_definition_id,
                               StringAttr(rc, "role_definition_id"));
  THREATMODEL_ASSIGN_OR_RETURN(a.scope, StringAttr(rc, "scope"));

  const RawResourceConfig* config = ConfigOf(rc.parsed);
  std::vector<Terminal> principal_refs;
  std::vector<Terminal> scope_refs;
  if (config != nullptr) {
    auto p = config->expressions.find("principal_id");
    if (p != config->expressions.end()) {
      principal_refs = resolver_.Resolve(rc.parsed.module, p->second);
    }
    auto s = config->expressions.find("scope");
    if (s != config->expressions.end()) {
      scope_refs = resolver_.Resolve(rc.parsed.module, s->second);
    }
  }

  // The scope's kind, when its ID is not known (or not shown).
  if (!a.scope.is_known()) {
    a.scope_kind_hint = ScopeKindFromTerminals(scope_refs);
  }

  // Infer the principal type when the plan does not know it.
  if (!a.principal_type.is_known()) {
    Maybe<rules::PrincipalType> inferred =
        PrincipalTypeFromTerminals(principal_refs);
    if (!inferred.is_known()) {
      if (const std::string* p = a.principal_id.if_known()) {
        if (identity_principals_.count(absl::AsciiStrToLower(*p)) > 0) {
          inferred = rules::PrincipalType::kServicePrincipal;
        }
      }
    }
    if (inferred.is_known()) a.principal_type = inferred;
  }

  // E-1: the assignment belongs to an Automation account's identity.
  int account = AccountFor(principal_refs, rc.parsed, a.principal_id);
  if (account < 0) {
    if (const std::string* p = a.principal_id.if_known()) {
      auto it = account_principals_.find(absl::AsciiStrToLower(*p));
      if (it != account_principals_.end()) {
        account = static_cast<int>(it->second);
      }
    }
  }
  if (account >= 0) {
    plan_.deployment.automation_accounts[static_cast<std::size_t>(account)]
        .role_assignments.push_back(std::move(a));
    return absl::OkStatus();
  }

  // E-3: group by reference when the principal's value is unknown.
  if (!a.principal_id.is_known()) {
    const std::string key = PrincipalGroupKey(principal_refs);
    const rules::PrincipalType* t = a.principal_type.if_known();
    if (!key.empty() && t != nullptr && *t == rules::PrincipalType::kUser) {
      auto it = user_groups_.find(key);
      if (it == user_groups_.end()) {
        rules::User user;
        user.subject = key;
        user.principal_id = Maybe<std::string>::Unknown();
        user.tier = Maybe<std::string>::Null();
        user.source = rc.address;
        it = user_groups_.emplace(key, plan_.deployment.users.size()).first;
        plan_.deployment.users.push_back(std::move(user));
      }
      plan_.deployment.users[it->second].role_assignments.push_back(
          std::move(a));
      return absl::OkStatus();
    }
  }
  plan_.deployment.role_assignments.push_back(std::move(a));
  return absl::OkStatus();
}

bool Present(const RawChange& rc) {
  if (rc.deposed) return false;
  for (const std::string& action : rc.actions) {
    if (action == "create" || action == "update" || action == "no-op" ||
        action == "read") {
      return true;
    }
  }
  return false;
}

absl::Status Builder::Run() {
  // Accounts and identities first, so that assignments can refer to them
  // whatever the order of resource_changes.
  for (const RawChange& rc : raw_.changes) {
    const ResourceAddress& addr = rc.parsed;
    if (addr.data || rc.from_deferred || !Present(rc)) continue;
    if (addr.type == "azurerm_automation_account") {
      THREATMODEL_RETURN_IF_ERROR(AddAccount(rc));
    } else if (addr.type == "azurerm_user_assigned_identity") {
      THREATMODEL_RETURN_IF_ERROR(AddIdentity(rc));
    } else if (addr.type == "azurerm_role_assignment") {
      assignments_.push_back(&rc);
    }
  }
  for (const RawChange* rc : assignments_) {
    THREATMODEL_RETURN_IF_ERROR(AddAssignment(*rc));
  }
  return absl::OkStatus();
}

}  // namespace

Maybe<rules::PrincipalType> PrincipalTypeFromTerminals(
    const std::vector<Terminal>& terminals) {
  Maybe<rules::PrincipalType> out;
  for (const Terminal& t : terminals) {
    if (t.kind == Terminal::Kind::kConstant) continue;
    if (t.kind != Terminal::Kind::kResource) return {};
    rules::PrincipalType type;
    const bool identity_block =
        !t.rest.empty() && t.rest[0].kind == Step::Kind::kAttr &&
        (t.rest[0].name == "identity" || t.rest[0].name == "kubelet_identity");
    if (t.type == "azurerm_user_assigned_identity" ||
        t.type == "azuread_service_principal" ||
        (absl::StartsWith(t.type, "azurerm_") && identity_block)) {
      type = rules::PrincipalType::kServicePrincipal;
    } else if (t.type == "azuread_user" || t.type == "azuread_users") {
      type = rules::PrincipalType::kUser;
    } else if (t.type == "azuread_group") {
      type = rules::PrincipalType::kGroup;
    } else {
      return {};
    }
    if (out.is_known() && out.value() != type) return {};
    out = type;
  }
  return out;
}

Maybe<rules::ScopeKind> ScopeKindFromTerminals(
    const std::vector<Terminal>& terminals) {
  Maybe<rules::ScopeKind> out;
  for (const Terminal& t : terminals) {
    if (t.kind == Terminal::Kind::kConstant) continue;
    if (t.kind != Terminal::Kind::kResource) return {};
    // The scope must be the resource's ID (directly, or a whole object
    // passed into a module whose `.id` is then taken).
    const bool id = t.rest.empty() || (t.rest[0].kind == Step::Kind::kAttr &&
                                       t.rest[0].name == "id");
    if (!id) return {};
    rules::ScopeKind kind;
    if (t.type == "azurerm_resource_group") {
      kind = rules::ScopeKind::kResourceGroup;
    } else if (t.type == "azurerm_subscription") {
      kind = rules::ScopeKind::kSubscription;
    } else if (t.type == "azurerm_management_group") {
      kind = rules::ScopeKind::kManagementGroup;
    } else if (absl::StartsWith(t.type, "azurerm_")) {
      kind = rules::ScopeKind::kResource;
    } else {
      return {};
    }
    if (out.is_known() && out.value() != kind) return {};
    out = kind;
  }
  return out;
}

std::string PrincipalGroupKey(const std::vector<Terminal>& terminals) {
  std::set<std::string> parts;
  for (const Terminal& t : terminals) {
    switch (t.kind) {
      case Terminal::Kind::kConstant:
        continue;
      case Terminal::Kind::kResource:
      case Terminal::Kind::kLocal:
      case Terminal::Kind::kRootVariable:
        parts.insert(t.text);
        continue;
      case Terminal::Kind::kInstance:
      case Terminal::Kind::kUnresolved:
        return "";
    }
  }
  return absl::StrJoin(parts, " + ");
}

absl::Status AddDeployment(const RawPlan& raw, Plan* plan) {
  Builder builder(raw, plan);
  return builder.Run();
}

}  // namespace threatmodel::plan::internal
