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

using nlohmann::json;
using rules::Maybe;

// One step into a planned value: an object key or a list index.
struct Elem {
  std::string_view key;
  int index = -1;
};

std::string PathText(std::string_view base, const std::vector<Elem>& path,
                     std::size_t n) {
  std::string out(base);
  for (std::size_t i = 0; i < n && i < path.size(); ++i) {
    if (path[i].index >= 0) {
      absl::StrAppend(&out, "[", path[i].index, "]");
    } else {
      absl::StrAppend(&out, ".", Av(path[i].key));
    }
  }
  return out;
}

// Walks a marker tree (after_unknown / after_sensitive): true when `path`
// or one of its ancestors is marked `true`.
// `base` and `tree_name` name the tree in error messages only.
absl::StatusOr<bool> Marked(const json& tree, const std::vector<Elem>& path,
                            const std::string& base,
                            std::string_view tree_name) {
  const json* node = &tree;
  for (std::size_t i = 0;; ++i) {
    if (node->is_boolean()) return node->get<bool>();
    if (node->is_null()) return false;
    if (i == path.size()) {
      if (node->is_object() || node->is_array()) return false;
      return absl::InvalidArgumentError(absl::StrCat(
          PathText(absl::StrCat(base, ".change.", Av(tree_name)), path, i),
          ": expected a boolean, got ", Av(JsonKindName(*node))));
    }
    const Elem& e = path[i];
    if (e.index >= 0) {
      if (!node->is_array()) {
        if (node->is_object()) return false;  // shape differs: not marked
        return absl::InvalidArgumentError(absl::StrCat(
            PathText(absl::StrCat(base, ".change.", Av(tree_name)), path, i),
            ": expected an array or a boolean, got ", Av(JsonKindName(*node))));
      }
      if (static_cast<std::size_t>(e.index) >= node->size()) return false;
      node = &(*node)[static_cast<std::size_t>(e.index)];
    } else {
      if (!node->is_object()) {
        if (node->is_array()) return false;
        return absl::InvalidArgumentError(absl::StrCat(
            PathText(absl::StrCat(base, ".change.", Av(tree_name)), path, i),
            ": expected an object or a boolean, got ",
            Av(JsonKindName(*node))));
      }
      auto it = node->find(std::string(e.key));
      if (it == node->end()) return false;
      node = &*it;
    }
  }
}

struct Attr {
  enum class State { kAbsent, kNull, kUnknown, kSensitive, kValue };
  State state = State::kAbsent;
  const json* value = nullptr;
};

absl::StatusOr<Attr> ReadAttr(const RawChange& rc,
                              const std::vector<Elem>& path) {
  THREATMODEL_ASSIGN_OR_RETURN(
      bool sensitive,
      Marked(rc.after_sensitive, path, rc.json_path, "after_sensitive"));
  THREATMODEL_ASSIGN_OR_RETURN(
      bool unknown,
      Marked(rc.after_unknown, path, rc.json_path, "after_unknown"));
  Attr out;
  if (sensitive) {
    out.state = Attr::State::kSensitive;
    return out;
  }
  if (unknown) {
    out.state = Attr::State::kUnknown;
    return out;
  }
  const json* node = &rc.after;
  for (std::size_t i = 0; i < path.size(); ++i) {
    if (node->is_null()) {
      out.state = Attr::State::kNull;
      return out;
    }
    const Elem& e = path[i];
    if (e.index >= 0) {
      if (!node->is_array()) {
        return absl::InvalidArgumentError(absl::StrCat(
            PathText(absl::StrCat(rc.json_path, ".change.after"), path, i),
            ": expected an array, got ", Av(JsonKindName(*node))));
      }
      if (static_cast<std::size_t>(e.index) >= node->size()) return out;
      node = &(*node)[static_cast<std::size_t>(e.index)];
    } else {
      if (!node->is_object()) {
        return absl::InvalidArgumentError(absl::StrCat(
            PathText(absl::StrCat(rc.json_path, ".change.after"), path, i),
            ": expected an object, got ", Av(JsonKindName(*node))));
      }
      auto it = node->find(std::string(e.key));
      if (it == node->end()) return out;
      node = &*it;
    }
  }
  out.state = node->is_null() ? Attr::State::kNull : Attr::State::kValue;
  out.value = node;
  return out;
}

// Names only, never values.
std::string AttrName(const std::vector<Elem>& path) {
  return PathText("", path, path.size()).substr(1);
}

// The builder's state across resources.
class Builder {
 public:
  explicit Builder(RawPlan raw) : raw_(std::move(raw)), resolver_(raw_.root) {}

  absl::StatusOr<Plan> Run();

 private:
  void Note(const std::string& address, std::string text) {
    if (plan_.notes.size() < 1000) {
      plan_.notes.push_back({address, std::move(text)});
    }
  }

  absl::StatusOr<Maybe<std::string>> StringAttr(const RawChange& rc,
                                                const std::vector<Elem>& path);
  absl::Status CheckShapes(const RawChange& rc) const;
  absl::Status AddAccount(const RawChange& rc);
  absl::Status AddIdentity(const RawChange& rc);
  absl::Status AddAssignment(const RawChange& rc);
  const RawResourceConfig* ConfigOf(const ResourceAddress& address) const;
  void Declare(const ResourceAddress& address);
  // The account `terminals` lead to, or -1.
  int AccountFor(const std::vector<Terminal>& terminals,
                 const ResourceAddress& assignment,
                 const Maybe<std::string>& principal);

  RawPlan raw_;
  ReferenceResolver resolver_;
  Plan plan_;
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

absl::StatusOr<Maybe<std::string>> Builder::StringAttr(
    const RawChange& rc, const std::vector<Elem>& path) {
  THREATMODEL_ASSIGN_OR_RETURN(Attr attr, ReadAttr(rc, path));
  switch (attr.state) {
    case Attr::State::kAbsent:
    case Attr::State::kNull:
      return Maybe<std::string>::Null();
    case Attr::State::kUnknown:
      return Maybe<std::string>::Unknown();
    case Attr::State::kSensitive:
      Note(rc.address,
           absl::StrCat(AttrName(path),
                        " is sensitive: it is treated as unknown and never "
                        "shown"));
      return Maybe<std::string>::Unknown();
    case Attr::State::kValue:
      break;
  }
  if (!attr.value->is_string()) {
    return absl::InvalidArgumentError(absl::StrCat(
        PathText(absl::StrCat(rc.json_path, ".change.after"), path,
                 path.size()),
        ": expected a string, got ", Av(JsonKindName(*attr.value))));
  }
  return Maybe<std::string>(attr.value->get<std::string>());
}

absl::Status Builder::CheckShapes(const RawChange& rc) const {
  const std::string base = rc.after.is_object() || rc.after.is_null()
                               ? ""
                               : absl::StrCat(rc.json_path, ".change.");
  if (!rc.after.is_object() && !rc.after.is_null()) {
    return absl::InvalidArgumentError(
        absl::StrCat(base, "after: expected an object or null, got ",
                     Av(JsonKindName(rc.after))));
  }
  for (const auto& [name, tree] : {std::pair<std::string_view, const json*>{
                                       "after_unknown", &rc.after_unknown},
                                   {"after_sensitive", &rc.after_sensitive}}) {
    if (!tree->is_object() && !tree->is_boolean() && !tree->is_null()) {
      return absl::InvalidArgumentError(absl::StrCat(
          rc.json_path, ".change.", Av(name),
          ": expected an object or a boolean, got ", Av(JsonKindName(*tree))));
    }
  }
  return absl::OkStatus();
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
  THREATMODEL_ASSIGN_OR_RETURN(account.name, StringAttr(rc, {{"name"}}));
  THREATMODEL_ASSIGN_OR_RETURN(
      account.identity_type, StringAttr(rc, {{"identity"}, {"", 0}, {"type"}}));
  THREATMODEL_ASSIGN_OR_RETURN(
      account.principal_id,
      StringAttr(rc, {{"identity"}, {"", 0}, {"principal_id"}}));
  const std::size_t index = plan_.deployment.automation_accounts.size();
  accounts_[rc.address] = index;
  account_instances_[InstanceGroup(rc.parsed.module, false, rc.parsed.type,
                                   rc.parsed.name)]
      .push_back(rc.address);
  if (const std::string* p = account.principal_id.if_known()) {
    account_principals_.emplace(absl::AsciiStrToLower(*p), index);
  }
  plan_.deployment.automation_accounts.push_back(std::move(account));
  Declare(rc.parsed);
  ++plan_.summary.automation_accounts;
  return absl::OkStatus();
}

absl::Status Builder::AddIdentity(const RawChange& rc) {
  THREATMODEL_ASSIGN_OR_RETURN(Maybe<std::string> principal,
                               StringAttr(rc, {{"principal_id"}}));
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
  THREATMODEL_ASSIGN_OR_RETURN(a.principal_id,
                               StringAttr(rc, {{"principal_id"}}));
  THREATMODEL_ASSIGN_OR_RETURN(Maybe<std::string> type,
                               StringAttr(rc, {{"principal_type"}}));
  if (const std::string* t = type.if_known()) {
    a.principal_type = rules::PrincipalTypeFromName(*t);
  } else {
    a.principal_type = type.is_unknown()
                           ? Maybe<rules::PrincipalType>::Unknown()
                           : Maybe<rules::PrincipalType>::Null();
  }
  THREATMODEL_ASSIGN_OR_RETURN(a.role_definition_name,
                               StringAttr(rc, {{"role_definition_name"}}));
  THREATMODEL_ASSIGN_OR_RETURN(a.role_definition_id,
                               StringAttr(rc, {{"role_definition_id"}}));
  THREATMODEL_ASSIGN_OR_RETURN(Attr scope_attr, ReadAttr(rc, {{"scope"}}));
  THREATMODEL_ASSIGN_OR_RETURN(a.scope, StringAttr(rc, {{"scope"}}));
  Declare(rc.parsed);
  ++plan_.summary.role_assignments;

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
  } else if (!a.principal_id.is_known() || !a.scope.is_known()) {
    Note(rc.address,
         raw_.has_configuration
             ? "no configuration for this resource in the plan: references "
               "of unknown values cannot be followed"
             : "the plan has no configuration: references of unknown values "
               "cannot be followed");
  }

  // The scope's kind, when its ID is not known (or not shown).
  if (!a.scope.is_known()) {
    if (scope_attr.state == Attr::State::kSensitive) {
      // The value is there but must not be shown; its kind is not secret.
      const std::string* v = nullptr;
      if (rc.after.is_object()) {
        auto it = rc.after.find("scope");
        if (it != rc.after.end() && it->is_string()) {
          v = it->get_ptr<const std::string*>();
        }
      }
      if (v != nullptr) {
        absl::StatusOr<rules::Scope> parsed = rules::ParseScope(*v);
        if (parsed.ok()) a.scope_kind_hint = parsed->kind;
      }
    } else {
      a.scope_kind_hint = ScopeKindFromTerminals(scope_refs);
    }
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

absl::Status CheckFormatVersion(const std::string& version, Plan* plan) {
  const std::string shown =
      version.size() <= 16 ? version : version.substr(0, 16) + "...";
  const auto bad = [&]() {
    return absl::InvalidArgumentError(
        absl::StrCat("unsupported plan format_version \"",
                     absl::CHexEscape(shown), "\" (supported: 0.1 to 1.2)"));
  };
  const std::size_t dot = version.find('.');
  if (dot == std::string::npos || dot == 0 || dot + 1 >= version.size()) {
    return bad();
  }
  int major = 0, minor = 0;
  auto r1 = std::from_chars(version.data(), version.data() + dot, major);
  auto r2 = std::from_chars(version.data() + dot + 1,
                            version.data() + version.size(), minor);
  if (r1.ec != std::errc() || r1.ptr != version.data() + dot ||
      r2.ec != std::errc() || r2.ptr != version.data() + version.size()) {
    return bad();
  }
  if (major == 0 && (minor == 1 || minor == 2)) return absl::OkStatus();
  if (major == 1 && minor <= 2) return absl::OkStatus();
  if (major == 1) {
    plan->notes.push_back(
        {"", absl::StrCat("plan format_version ", version,
                          " is newer than 1.2; read as 1.2 (Terraform keeps "
                          "minor versions backward compatible)")});
    return absl::OkStatus();
  }
  return bad();
}

absl::StatusOr<Plan> Builder::Run() {
  THREATMODEL_RETURN_IF_ERROR(CheckFormatVersion(raw_.format_version, &plan_));
  plan_.summary.format_version = raw_.format_version;
  plan_.summary.terraform_version = raw_.terraform_version.substr(0, 64);
  plan_.summary.resource_changes = raw_.resource_change_count;
  plan_.summary.has_configuration = raw_.has_configuration;
  plan_.summary.errored = raw_.errored;
  plan_.summary.complete = raw_.complete;
  if (raw_.errored) {
    Note("", "the plan records that planning errored: it may be incomplete");
  }

  // Accounts and identities first, so that assignments can refer to them
  // whatever the order of resource_changes.
  for (const RawChange& rc : raw_.changes) {
    const ResourceAddress& addr = rc.parsed;
    if (addr.data) {
      if (addr.type == "threatmodel_assertion" &&
          (rc.from_deferred || std::find(rc.actions.begin(), rc.actions.end(),
                                         "read") != rc.actions.end())) {
        plan_.deferred_assertions.push_back({rc.address, rc.action_reason});
      }
      continue;
    }
    if (rc.from_deferred) {
      Note(rc.address,
           "deferred to a later plan by Terraform: not judged in this one");
      continue;
    }
    THREATMODEL_RETURN_IF_ERROR(CheckShapes(rc));
    if (!Present(rc)) {
      ++plan_.summary.destroyed;
      continue;
    }
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
  return std::move(plan_);
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

absl::StatusOr<Plan> BuildPlan(RawPlan raw) {
  Builder builder(std::move(raw));
  return builder.Run();
}

}  // namespace threatmodel::plan::internal
