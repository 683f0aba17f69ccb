#include "datasources/deployment_config.h"

#include "absl/strings/str_cat.h"
#include "datasources/config_reader.h"

namespace threatmodel::datasources {
namespace {

using rules::Maybe;

class Reader {
 public:
  Reader(DeploymentInputs& out, diag::Diagnostics& diags)
      : out_(out), diags_(diags) {}

  static bool Keyed(const cty::Value& collection) {
    if (collection.IsNull() || !collection.IsKnown()) return false;
    const auto kind = collection.type().kind();
    return kind == cty::Type::Kind::kMap || kind == cty::Type::Kind::kObject;
  }

  std::string Locate(const cty::Path& path) {
    std::string source = path.ToString();
    out_.paths.emplace(source, path);
    return source;
  }

  Maybe<std::string> String(const cty::Value& object, std::string_view name,
                            const cty::Path& path) {
    return StringMember(object, name, path, diags_);
  }

  // The first of `names` that is present and not null.
  Maybe<std::string> FirstString(const cty::Value& object,
                                 std::initializer_list<std::string_view> names,
                                 const cty::Path& path) {
    for (std::string_view name : names) {
      Maybe<std::string> v = String(object, name, path);
      if (!v.is_null()) return v;
    }
    return Maybe<std::string>::Null();
  }

  bool RequireObject(const cty::Value& v, const cty::Path& path,
                     std::string_view what) {
    if (v.IsNull() || !v.IsKnown()) return false;
    const auto kind = v.type().kind();
    if (kind == cty::Type::Kind::kObject || kind == cty::Type::Kind::kMap) {
      return true;
    }
    diags_.AddAttributeError(
        path, "Invalid value",
        absl::StrCat("Each element of \"", std::string(what),
                     "\" must be an object, not ", v.type().FriendlyName(),
                     "."));
    return false;
  }

  rules::RoleAssignment Assignment(const cty::Value& v, const cty::Path& path) {
    rules::RoleAssignment a;
    a.source = Locate(path);
    a.principal_id = FirstString(v, {"principal_id", "object_id"}, path);
    Maybe<std::string> type = String(v, "principal_type", path);
    if (type.is_known()) {
      a.principal_type = rules::PrincipalTypeFromName(type.value());
    } else if (type.is_unknown()) {
      a.principal_type = Maybe<rules::PrincipalType>::Unknown();
    }
    a.role_definition_name =
        FirstString(v, {"role_definition_name", "role"}, path);
    a.role_definition_id = String(v, "role_definition_id", path);
    a.scope = String(v, "scope", path);
    return a;
  }

  std::vector<rules::RoleAssignment> Assignments(const cty::Value* value,
                                                 const cty::Path& path) {
    std::vector<rules::RoleAssignment> out;
    if (value == nullptr) return out;
    ForEachElement(
        *value, path, "role_assignments", diags_,
        [&](const std::string&, const cty::Path& p, const cty::Value& e) {
          if (RequireObject(e, p, "role_assignments")) {
            out.push_back(Assignment(e, p));
          }
        });
    return out;
  }

  // azurerm_automation_account exposes `identity` as a list of one block;
  // module locals often hold it as a plain object.
  const cty::Value* Identity(const cty::Value& account) {
    const cty::Value* identity = Member(account, "identity");
    if (identity == nullptr || identity->IsNull() || !identity->IsKnown()) {
      return identity;
    }
    const auto kind = identity->type().kind();
    if (kind == cty::Type::Kind::kList || kind == cty::Type::Kind::kTuple ||
        kind == cty::Type::Kind::kSet) {
      return identity->elements().empty() ? nullptr
                                          : &identity->elements().front();
    }
    return identity;
  }

  void AutomationAccounts(const cty::Value& config) {
    const cty::Value* accounts = Member(config, "automation_accounts");
    if (accounts == nullptr) return;
    const bool keyed = Keyed(*accounts);
    ForEachElement(
        *accounts, cty::Path().Attr("automation_accounts"),
        "automation_accounts", diags_,
        [&](const std::string& label, const cty::Path& p, const cty::Value& e) {
          if (!RequireObject(e, p, "automation_accounts")) return;
          rules::AutomationAccount account;
          account.source = Locate(p);
          account.name = String(e, "name", p);
          // Waivers name the subject, so it should be what the author
          // wrote: the map key, else the account's name, else its path.
          if (keyed) {
            account.subject = label;
          } else if (account.name.is_known()) {
            account.subject = account.name.value();
          } else {
            account.subject = account.source;
          }
          account.principal_id = String(e, "principal_id", p);
          account.identity_type = String(e, "identity_type", p);
          if (const cty::Value* identity = Identity(e)) {
            const cty::Path ip = p.Attr("identity");
            if (identity->IsKnown() && !identity->IsNull()) {
              if (account.principal_id.is_null()) {
                account.principal_id = String(*identity, "principal_id", ip);
              }
              if (account.identity_type.is_null()) {
                account.identity_type = String(*identity, "type", ip);
              }
            } else if (!identity->IsKnown()) {
              account.principal_id = Maybe<std::string>::Unknown();
            }
          }
          account.role_assignments = Assignments(Member(e, "role_assignments"),
                                                 p.Attr("role_assignments"));
          out_.deployment.automation_accounts.push_back(std::move(account));
        });
  }

  void Users(const cty::Value& config) {
    const cty::Value* users = Member(config, "users");
    if (users == nullptr) return;
    const bool keyed = Keyed(*users);
    ForEachElement(
        *users, cty::Path().Attr("users"), "users", diags_,
        [&](const std::string& label, const cty::Path& p, const cty::Value& e) {
          if (!RequireObject(e, p, "users")) return;
          rules::User user;
          user.source = Locate(p);
          user.principal_id = FirstString(e, {"principal_id", "object_id"}, p);
          user.tier = String(e, "tier", p);
          Maybe<std::string> upn = String(e, "user_principal_name", p);
          if (keyed) {
            user.subject = label;
          } else if (upn.is_known()) {
            user.subject = upn.value();
          } else if (user.principal_id.is_known()) {
            user.subject = user.principal_id.value();
          } else {
            user.subject = user.source;
          }
          user.role_assignments = Assignments(Member(e, "role_assignments"),
                                              p.Attr("role_assignments"));
          out_.deployment.users.push_back(std::move(user));
        });
  }

  void RoleAssignments(const cty::Value& config) {
    out_.deployment.role_assignments =
        Assignments(Member(config, "role_assignments"),
                    cty::Path().Attr("role_assignments"));
  }

 private:
  DeploymentInputs& out_;
  diag::Diagnostics& diags_;
};

}  // namespace

DeploymentInputs ReadDeploymentInputs(const cty::Value& config,
                                      diag::Diagnostics& diags) {
  DeploymentInputs out;
  Reader reader(out, diags);
  reader.AutomationAccounts(config);
  reader.Users(config);
  reader.RoleAssignments(config);
  return out;
}

}  // namespace threatmodel::datasources
