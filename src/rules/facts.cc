#include "rules/facts.h"

#include <set>
#include <string>
#include <utility>
#include <vector>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "rules/reference_facts.h"
#include "rules/string_view_compat.h"

namespace threatmodel::rules::internal {
namespace {

constexpr std::string_view kAccountType = "azurerm_automation_account";
constexpr std::string_view kIdentityType = "azurerm_user_assigned_identity";
constexpr std::string_view kAssignmentType = "azurerm_role_assignment";

std::string Lower(std::string_view s) { return absl::AsciiStrToLower(Av(s)); }

class FactsBuilder {
 public:
  explicit FactsBuilder(const Input& input) : input_(input) {}

  Facts Run() {
    Index();
    Identities();
    DeclaredUsers();
    Assignments();
    Backend();
    return std::move(facts_);
  }

 private:
  void Note(std::string address, std::string text) {
    if (facts_.notes.size() < 1000) {
      facts_.notes.push_back({std::move(address), std::move(text)});
    }
  }

  // Step 1.
  void Index() {
    for (const Resource& r : input_.resources) {
      if (r.action == Action::kDelete) continue;
      const std::string key = r.data ? absl::StrCat("data.", r.type) : r.type;
      facts_.by_type[key].push_back(&r);
      facts_.by_base[r.base_address].push_back(&r);
    }
    for (const RootOutput& output : input_.outputs) {
      facts_.outputs.push_back(&output);
    }
  }

  const Resource* Instance(const Reference& ref, const Resource& from,
                           bool* ambiguous) const {
    return facts_.Instance(ref, from, ambiguous);
  }

  std::size_t AddAccount(const Resource& r) {
    AutomationAccount account;
    account.subject = r.subject.empty() ? r.address : r.subject;
    account.source = r.source;
    account.name = StringAt(r.values, "name");
    account.identity_type = StringAt(r.values, "identity[0].type");
    account.principal_id = StringAt(r.values, "identity[0].principal_id");
    const std::size_t index = facts_.access.automation_accounts.size();
    account_index_[r.address] = index;
    if (const std::string* p = account.principal_id.if_known()) {
      if (!p->empty()) principal_accounts_[Lower(*p)].push_back(index);
    }
    facts_.access.automation_accounts.push_back(std::move(account));
    return index;
  }

  void LinkIdentity(const Resource& identity, std::size_t account) {
    identity_accounts_[identity.address].push_back(account);
    facts_.access.automation_accounts[account]
        .user_assigned_identities.push_back(identity.address);
    const Maybe<std::string> principal =
        StringAt(identity.values, "principal_id");
    if (const std::string* p = principal.if_known()) {
      principal_accounts_[Lower(*p)].push_back(account);
    }
  }

  // Step 2.
  void Identities() {
    std::map<std::string, const Resource*> identity_by_id;
    for (const Resource* identity : facts_.OfType(kIdentityType)) {
      const Maybe<std::string> id = StringAt(identity->values, "id");
      if (const std::string* known = id.if_known()) {
        identity_by_id[Lower(*known)] = identity;
      }
      const Maybe<std::string> principal =
          StringAt(identity->values, "principal_id");
      if (const std::string* p = principal.if_known()) {
        identity_principals_.insert(Lower(*p));
      }
    }
    for (const Resource* r : facts_.OfType(kAccountType)) {
      const std::size_t index = AddAccount(*r);
      std::set<std::string> linked;
      for (const Reference& ref : RefsOf(*r, "identity[0].identity_ids")) {
        if (ref.kind != Reference::Kind::kResource ||
            ReferencedType(ref) != kIdentityType) {
          continue;
        }
        bool ambiguous = false;
        const Resource* identity = Instance(ref, *r, &ambiguous);
        if (identity != nullptr && linked.insert(identity->address).second) {
          LinkIdentity(*identity, index);
        }
      }
      Lookup ids = LookupPath(r->values, "identity[0].identity_ids");
      if (ids.state == Lookup::State::kFound &&
          ids.value->kind() == PlanValue::Kind::kList) {
        for (const PlanValue& id : ids.value->elements()) {
          if (id.kind() != PlanValue::Kind::kString) continue;
          auto found = identity_by_id.find(Lower(id.string_value()));
          if (found == identity_by_id.end()) {
            facts_.access.automation_accounts[index]
                .user_assigned_identities.push_back(id.string_value());
            Note(r->address,
                 "runs as a user-assigned identity this plan does not "
                 "create or change; role assignments to it are attributed "
                 "only by principal ID");
            continue;
          }
          if (linked.insert(found->second->address).second) {
            LinkIdentity(*found->second, index);
          }
        }
      }
    }
  }

  void DeclaredUsers() {
    for (const DeclaredUser& d : input_.users) {
      User user;
      user.subject = d.subject;
      user.principal_id = d.principal_id;
      user.tier = d.tier;
      user.source = d.source;
      const std::size_t index = facts_.access.users.size();
      if (!d.address.empty()) user_by_address_[d.address] = index;
      if (const std::string* p = d.principal_id.if_known()) {
        user_by_principal_.emplace(Lower(*p), index);
      }
      facts_.access.users.push_back(std::move(user));
    }
  }

  // An account referenced by an assignment that this plan does not
  // change: its identity is judged all the same.
  std::size_t SyntheticAccount(const Reference& ref) {
    const std::string address = absl::StrCat(ref.resource, ref.key);
    auto it = account_index_.find(address);
    if (it != account_index_.end()) return it->second;
    AutomationAccount account;
    account.subject = address;
    account.source = address;
    account.name = Maybe<std::string>::Unknown();
    account.identity_type = Maybe<std::string>::Unknown();
    account.principal_id = Maybe<std::string>::Unknown();
    const std::size_t index = facts_.access.automation_accounts.size();
    account_index_[address] = index;
    facts_.access.automation_accounts.push_back(std::move(account));
    Note(address,
         "not changed by this plan; its identity is judged from the role "
         "assignments that refer to it");
    return index;
  }

  // The accounts whose identity `refs` lead to. Empty when they lead
  // elsewhere, nowhere, or to two different accounts (a conditional).
  std::vector<std::size_t> AccountsByReference(
      const std::vector<Reference>& refs, const Resource& from,
      bool* ambiguous) {
    std::vector<std::size_t> out;
    std::string target;
    for (const Reference& ref : refs) {
      if (ref.kind == Reference::Kind::kInstance ||
          ref.kind == Reference::Kind::kConstant) {
        continue;
      }
      if (ref.kind != Reference::Kind::kResource) return {};
      const std::string_view type = ReferencedType(ref);
      const bool account =
          type == kAccountType && (ref.attribute.empty() ||
                                   absl::StartsWith(ref.attribute, "identity"));
      const bool identity = type == kIdentityType &&
                            (ref.attribute.empty() ||
                             absl::StartsWith(ref.attribute, "principal_id"));
      if (!account && !identity) return {};
      if (!target.empty() && target != ref.resource) {
        *ambiguous = true;
        return {};
      }
      target = ref.resource;
      bool several = false;
      const Resource* instance = Instance(ref, from, &several);
      if (several) {
        *ambiguous = true;
        return {};
      }
      out.clear();
      if (account) {
        if (instance == nullptr) {
          out.push_back(SyntheticAccount(ref));
        } else {
          out.push_back(account_index_.at(instance->address));
        }
      } else if (instance != nullptr) {
        auto it = identity_accounts_.find(instance->address);
        if (it != identity_accounts_.end()) out = it->second;
      }
    }
    return out;
  }

  // A declared user `refs` lead to (the provider's structured inputs), or
  // -1.
  int UserByReference(const std::vector<Reference>& refs) const {
    for (const Reference& ref : refs) {
      if (ref.kind != Reference::Kind::kResource) continue;
      auto it = user_by_address_.find(ref.resource);
      if (it != user_by_address_.end()) return static_cast<int>(it->second);
    }
    return -1;
  }

  // Step 3: one assignment read.
  RoleAssignment ReadAssignment(const Resource& r) {
    RoleAssignment a;
    a.source = r.source;
    a.principal_id = StringAt(r.values, "principal_id");
    const Maybe<std::string> type = StringAt(r.values, "principal_type");
    if (const std::string* t = type.if_known()) {
      a.principal_type = PrincipalTypeFromName(*t);
    } else {
      a.principal_type = type.is_unknown() ? Maybe<PrincipalType>::Unknown()
                                           : Maybe<PrincipalType>::Null();
    }
    a.role_definition_name = StringAt(r.values, "role_definition_name");
    a.role_definition_id = StringAt(r.values, "role_definition_id");
    a.scope = StringAt(r.values, "scope");
    if (!a.scope.is_known()) {
      a.scope_kind_hint = ScopeKindFromReferences(RefsOf(r, "scope"));
    }
    if (!a.principal_type.is_known()) {
      Maybe<PrincipalType> inferred =
          PrincipalTypeFromReferences(RefsOf(r, "principal_id"));
      if (!inferred.is_known()) {
        if (const std::string* p = a.principal_id.if_known()) {
          if (identity_principals_.count(Lower(*p)) > 0) {
            inferred = PrincipalType::kServicePrincipal;
          }
        }
      }
      if (inferred.is_known()) a.principal_type = inferred;
    }
    return a;
  }

  // Steps 3-4.
  void Assignments() {
    for (const Resource* r : facts_.OfType(kAssignmentType)) {
      RoleAssignment a = ReadAssignment(*r);
      const std::vector<Reference>& refs = RefsOf(*r, "principal_id");
      bool ambiguous = false;
      std::vector<std::size_t> accounts =
          AccountsByReference(refs, *r, &ambiguous);
      const std::string* principal = a.principal_id.if_known();
      if (accounts.empty() && principal != nullptr) {
        auto it = principal_accounts_.find(Lower(*principal));
        if (it != principal_accounts_.end()) accounts = it->second;
      }
      if (!accounts.empty()) {
        std::set<std::size_t> seen;
        for (std::size_t account : accounts) {
          if (!seen.insert(account).second) continue;
          facts_.access.automation_accounts[account].role_assignments.push_back(
              a);
        }
        continue;
      }
      int user = UserByReference(refs);
      if (user < 0 && principal != nullptr) {
        auto it = user_by_principal_.find(Lower(*principal));
        if (it != user_by_principal_.end()) user = static_cast<int>(it->second);
      }
      if (user >= 0) {
        facts_.access.users[static_cast<std::size_t>(user)]
            .role_assignments.push_back(std::move(a));
        continue;
      }
      if (principal == nullptr) {
        const std::string key = ambiguous ? "" : PrincipalGroupKey(refs);
        const bool identified = !ambiguous && LeadsToResources(refs);
        if (!identified) {
          a.unattributable = true;
          a.principal_reference = DescribeReferences(refs);
          if (ambiguous) {
            Note(r->address,
                 absl::StrCat("principal_id refers to ", a.principal_reference,
                              ", which does not name one Automation account "
                              "instance; the assignment is not attributed"));
          }
        }
        const PrincipalType* t = a.principal_type.if_known();
        if (identified && !key.empty() && t != nullptr &&
            *t == PrincipalType::kUser) {
          auto it = user_groups_.find(key);
          if (it == user_groups_.end()) {
            User group;
            group.subject = key;
            group.principal_id = Maybe<std::string>::Unknown();
            group.tier = Maybe<std::string>::Null();
            group.source = r->source;
            it = user_groups_.emplace(key, facts_.access.users.size()).first;
            facts_.access.users.push_back(std::move(group));
          }
          facts_.access.users[it->second].role_assignments.push_back(
              std::move(a));
          continue;
        }
      }
      facts_.access.role_assignments.push_back(std::move(a));
    }
  }

  // Step 5.
  void Backend() {
    const BackendObservation& observed = input_.observed_backend;
    switch (observed.state) {
      case BackendObservation::State::kObserved: {
        facts_.access.backend = observed.backend;
        if (!input_.stated_backend.has_value()) break;
        const std::string* stated = input_.stated_backend->type.if_known();
        const std::string* seen = observed.backend.type.if_known();
        const std::string stated_type =
            stated == nullptr
                ? ""
                : absl::AsciiStrToLower(absl::StripAsciiWhitespace(*stated));
        const std::string seen_type =
            seen == nullptr
                ? ""
                : absl::AsciiStrToLower(absl::StripAsciiWhitespace(*seen));
        if (stated_type != seen_type) {
          facts_.backend_contradiction =
              Facts::Contradiction{stated == nullptr ? "(unknown)" : *stated,
                                   seen == nullptr ? "(unknown)" : *seen,
                                   input_.stated_backend->source};
        }
        break;
      }
      case BackendObservation::State::kUnavailable:
        facts_.access.backend = Maybe<rules::Backend>::Unknown();
        facts_.backend_unavailable_reason = observed.reason;
        break;
      case BackendObservation::State::kNotObserved:
        if (input_.stated_backend.has_value()) {
          facts_.access.backend = *input_.stated_backend;
        }
        break;
    }
  }

  const Input& input_;
  Facts facts_;
  std::map<std::string, std::size_t> account_index_;
  std::map<std::string, std::vector<std::size_t>> identity_accounts_;
  std::map<std::string, std::vector<std::size_t>> principal_accounts_;
  std::set<std::string> identity_principals_;
  std::map<std::string, std::size_t> user_by_address_;
  std::map<std::string, std::size_t> user_by_principal_;
  std::map<std::string, std::size_t> user_groups_;
};

}  // namespace

const std::vector<const Resource*>& Facts::OfType(std::string_view type) const {
  static const std::vector<const Resource*> kNone;
  auto it = by_type.find(type);
  return it == by_type.end() ? kNone : it->second;
}

const Resource* Facts::Instance(const Reference& ref, const Resource& from,
                                bool* ambiguous) const {
  auto it = by_base.find(ref.resource);
  if (it == by_base.end()) return nullptr;
  if (!ref.key.empty()) {
    for (const Resource* r : it->second) {
      if (r->key == ref.key) return r;
    }
    return nullptr;
  }
  if (it->second.size() == 1) return it->second[0];
  for (const Resource* r : it->second) {
    if (r->key == from.key) return r;
  }
  *ambiguous = true;
  return nullptr;
}

const std::vector<std::string_view>& FactResourceTypes() {
  static const std::vector<std::string_view> kTypes = {
      kAccountType, kIdentityType, kAssignmentType};
  return kTypes;
}

Facts BuildFacts(const Input& input) { return FactsBuilder(input).Run(); }

}  // namespace threatmodel::rules::internal
