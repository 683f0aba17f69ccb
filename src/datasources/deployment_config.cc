#include "datasources/deployment_config.h"

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "datasources/config_reader.h"
#include "threatmodel/rules/rule.h"

namespace threatmodel::datasources {
namespace {

using rules::Maybe;
using rules::PlanValue;

PlanValue ToPlanValue(const Maybe<std::string>& v) {
  if (v.is_unknown()) return PlanValue::Unknown();
  if (v.is_null()) return PlanValue::Null();
  return PlanValue::String(v.value());
}

// The reference an input's nesting stands for: an account's nested
// assignments go to its identity, a user's to the user.
rules::Reference NestedUnder(const std::string& address, std::string type,
                             std::string attribute) {
  rules::Reference ref;
  ref.kind = rules::Reference::Kind::kResource;
  ref.resource = address;
  ref.type = std::move(type);
  ref.attribute = std::move(attribute);
  ref.text = ref.attribute.empty() ? address
                                   : absl::StrCat(address, ".", ref.attribute);
  return ref;
}

// The type in a resource address: "azurerm_role_assignment" in
// "module.platform.azurerm_role_assignment.users"; empty when `address` is
// not an address without instance keys.
std::string AddressType(std::string_view address, bool& data) {
  std::vector<std::string_view> parts;
  for (size_t start = 0;;) {
    const size_t dot = address.find('.', start);
    parts.push_back(address.substr(start, dot - start));
    if (dot == std::string_view::npos) break;
    start = dot + 1;
  }
  size_t i = 0;
  while (i + 1 < parts.size() && parts[i] == "module") i += 2;
  data = i < parts.size() && parts[i] == "data";
  if (data) ++i;
  if (parts.size() - i != 2) return "";
  for (std::string_view part : parts) {
    if (part.empty() ||
        part.find_first_of("[]\" \t") != std::string_view::npos) {
      return "";
    }
  }
  return std::string(parts[i]);
}

// A cty value as the engine's planned value. Sets become lists; maps and
// objects become objects.
PlanValue ToPlanValue(const cty::Value& v) {
  if (!v.IsKnown()) return PlanValue::Unknown();
  if (v.IsNull()) return PlanValue::Null();
  switch (v.type().kind()) {
    case cty::Type::Kind::kBool:
      return PlanValue::Bool(v.AsBool());
    case cty::Type::Kind::kNumber:
      return PlanValue::Number(v.AsNumber().ToString());
    case cty::Type::Kind::kString:
      return PlanValue::String(v.AsString());
    case cty::Type::Kind::kList:
    case cty::Type::Kind::kSet:
    case cty::Type::Kind::kTuple: {
      PlanValue::Elements elements;
      for (const cty::Value& e : v.elements()) {
        elements.push_back(ToPlanValue(e));
      }
      return PlanValue::List(std::move(elements));
    }
    case cty::Type::Kind::kMap: {
      PlanValue::Members members;
      for (const auto& [k, e] : v.map_elements()) members[k] = ToPlanValue(e);
      return PlanValue::Object(std::move(members));
    }
    case cty::Type::Kind::kObject: {
      PlanValue::Members members;
      for (const auto& [k, e] : v.attributes()) members[k] = ToPlanValue(e);
      return PlanValue::Object(std::move(members));
    }
    default:
      return PlanValue::Unknown();
  }
}

// Whether `v` is one resource object rather than a `for_each` map of them:
// every resource Terraform plans has an `id` attribute, and a map of
// instances has objects as its values.
bool IsSingleResource(const cty::Value& v) {
  const cty::Value* id = Member(v, "id");
  if (id == nullptr) return false;
  const auto kind = id->type().kind();
  return kind == cty::Type::Kind::kString || kind == cty::Type::Kind::kDynamic;
}

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

  // A whole resource's source: its address, which findings name, then
  // where in the input it was given.
  std::string LocateResource(const std::string& address,
                             const cty::Path& path) {
    std::string source = absl::StrCat(address, " at ", path.ToString());
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

  // One role assignment; `holder` is the reference its nesting stands for
  // (none at the top level) and `holder_principal` the holder's principal,
  // used when the assignment does not name one itself.
  rules::Resource Assignment(const cty::Value& v, const cty::Path& path,
                             const rules::Reference* holder,
                             const Maybe<std::string>& holder_principal) {
    rules::Resource r;
    r.type = "azurerm_role_assignment";
    r.address = Locate(path);
    r.base_address = r.address;
    r.source = r.address;
    Maybe<std::string> principal =
        FirstString(v, {"principal_id", "object_id"}, path);
    if (principal.is_null() && holder != nullptr) principal = holder_principal;
    PlanValue::Members values;
    values["principal_id"] = ToPlanValue(principal);
    values["principal_type"] = ToPlanValue(String(v, "principal_type", path));
    values["role_definition_name"] =
        ToPlanValue(FirstString(v, {"role_definition_name", "role"}, path));
    values["role_definition_id"] =
        ToPlanValue(String(v, "role_definition_id", path));
    values["scope"] = ToPlanValue(String(v, "scope", path));
    r.values = PlanValue::Object(std::move(values));
    if (holder != nullptr) r.references["principal_id"] = {*holder};
    return r;
  }

  // An input whose value is unknown (the CLI judging a deferred read)
  // holds resources nobody can list yet.
  bool Unknown(const cty::Value* value, const cty::Path& path,
               std::initializer_list<std::string_view> types) {
    if (value == nullptr || value->IsKnown()) return false;
    for (std::string_view type : types) {
      out_.input.unknown_resources.push_back({std::string(type), Locate(path)});
    }
    return true;
  }

  void Assignments(const cty::Value* value, const cty::Path& path,
                   const rules::Reference* holder,
                   const Maybe<std::string>& holder_principal) {
    if (value == nullptr) return;
    if (Unknown(value, path, {"azurerm_role_assignment"})) return;
    ForEachElement(
        *value, path, "role_assignments", diags_,
        [&](const std::string&, const cty::Path& p, const cty::Value& e) {
          if (Unknown(&e, p, {"azurerm_role_assignment"})) return;
          if (RequireObject(e, p, "role_assignments")) {
            out_.input.resources.push_back(
                Assignment(e, p, holder, holder_principal));
          }
        });
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
    if (Unknown(accounts, cty::Path().Attr("automation_accounts"),
                {"azurerm_automation_account", "azurerm_role_assignment"})) {
      return;
    }
    const bool keyed = Keyed(*accounts);
    ForEachElement(
        *accounts, cty::Path().Attr("automation_accounts"),
        "automation_accounts", diags_,
        [&](const std::string& label, const cty::Path& p, const cty::Value& e) {
          if (Unknown(
                  &e, p,
                  {"azurerm_automation_account", "azurerm_role_assignment"})) {
            return;
          }
          if (!RequireObject(e, p, "automation_accounts")) return;
          rules::Resource account;
          account.type = "azurerm_automation_account";
          account.address = Locate(p);
          account.base_address = account.address;
          account.source = account.address;
          Maybe<std::string> name = String(e, "name", p);
          // Waivers name the subject, so it should be what the author
          // wrote: the map key, else the account's name, else its path.
          if (keyed) {
            account.subject = label;
          } else if (name.is_known()) {
            account.subject = name.value();
          }
          Maybe<std::string> principal = String(e, "principal_id", p);
          Maybe<std::string> identity_type = String(e, "identity_type", p);
          if (const cty::Value* identity = Identity(e)) {
            const cty::Path ip = p.Attr("identity");
            if (identity->IsKnown() && !identity->IsNull()) {
              if (principal.is_null()) {
                principal = String(*identity, "principal_id", ip);
              }
              if (identity_type.is_null()) {
                identity_type = String(*identity, "type", ip);
              }
            } else if (!identity->IsKnown()) {
              principal = Maybe<std::string>::Unknown();
            }
          }
          account.values = PlanValue::Object(
              {{"name", ToPlanValue(name)},
               {"identity",
                PlanValue::List({PlanValue::Object(
                    {{"type", ToPlanValue(identity_type)},
                     {"principal_id", ToPlanValue(principal)}})})}});
          const rules::Reference holder = NestedUnder(
              account.address, account.type, "identity[0].principal_id");
          out_.input.resources.push_back(std::move(account));
          Assignments(Member(e, "role_assignments"), p.Attr("role_assignments"),
                      &holder, principal);
        });
  }

  void Users(const cty::Value& config) {
    const cty::Value* users = Member(config, "users");
    if (users == nullptr) return;
    if (Unknown(users, cty::Path().Attr("users"),
                {"azurerm_role_assignment"})) {
      return;
    }
    const bool keyed = Keyed(*users);
    ForEachElement(
        *users, cty::Path().Attr("users"), "users", diags_,
        [&](const std::string& label, const cty::Path& p, const cty::Value& e) {
          if (Unknown(&e, p, {"azurerm_role_assignment"})) return;
          if (!RequireObject(e, p, "users")) return;
          rules::DeclaredUser user;
          user.source = Locate(p);
          user.address = user.source;
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
          const rules::Reference holder = NestedUnder(user.address, "", "");
          const Maybe<std::string> principal = user.principal_id;
          out_.input.users.push_back(std::move(user));
          Assignments(Member(e, "role_assignments"), p.Attr("role_assignments"),
                      &holder, principal);
        });
  }

  // `resources`: whole resources keyed by their address, each a single
  // object, a `count` list or a `for_each` map of objects.
  void Resources(const cty::Value& config) {
    const cty::Value* resources = Member(config, "resources");
    const cty::Path root = cty::Path().Attr("resources");
    if (resources == nullptr || resources->IsNull()) return;
    if (!resources->IsKnown()) {
      for (const std::string& type : rules::RelevantResourceTypes()) {
        out_.input.unknown_resources.push_back({type, Locate(root)});
      }
      return;
    }
    if (!Keyed(*resources)) {
      diags_.AddAttributeError(
          root, "Invalid value",
          absl::StrCat("\"resources\" must be an object whose keys are "
                       "resource addresses, such as { "
                       "\"azurerm_role_assignment.users\" = "
                       "azurerm_role_assignment.users }, not ",
                       resources->type().FriendlyName(), "."));
      return;
    }
    ForEachElement(*resources, root, "resources", diags_,
                   [&](const std::string& address, const cty::Path& p,
                       const cty::Value& v) { ResourceEntry(address, p, v); });
  }

  void RoleAssignments(const cty::Value& config) {
    Assignments(Member(config, "role_assignments"),
                cty::Path().Attr("role_assignments"), nullptr,
                Maybe<std::string>::Null());
  }

 private:
  void ResourceEntry(const std::string& address, const cty::Path& path,
                     const cty::Value& value) {
    bool data = false;
    const std::string type = AddressType(address, data);
    if (type.empty()) {
      diags_.AddAttributeError(
          path, "Invalid resource address",
          absl::StrCat("\"", address,
                       "\" is not a resource address. Key each resource by "
                       "its address without instance keys, such as "
                       "\"azurerm_role_assignment.users\" or "
                       "\"module.platform.azurerm_key_vault.this\"."));
      return;
    }
    if (!rules::IsRelevantResourceType(data, type)) {
      // A type of the threat model that a rule reads only for context
      // (RuleInfo::context_types): passing it is not a mistake, and
      // nothing in it is judged.
      if (!data && rules::IsContextResourceType(type)) return;
      diags_.AddAttributeError(
          path, "Resource type not judged",
          absl::StrCat("No rule reads resources of type \"", type,
                       "\", so passing them would check nothing. Types the "
                       "rules read: ",
                       absl::StrJoin(rules::RelevantResourceTypes(), ", "),
                       "."));
      return;
    }
    if (!value.IsKnown()) {
      out_.input.unknown_resources.push_back({type, Locate(path)});
      return;
    }
    if (value.IsNull()) return;
    const auto kind = value.type().kind();
    const bool listed = kind == cty::Type::Kind::kList ||
                        kind == cty::Type::Kind::kTuple ||
                        kind == cty::Type::Kind::kSet;
    if (!listed &&
        (kind != cty::Type::Kind::kObject && kind != cty::Type::Kind::kMap)) {
      diags_.AddAttributeError(
          path, "Invalid value",
          absl::StrCat("\"", address,
                       "\" must be a resource object, a "
                       "list of them (count) or a map of them (for_each), "
                       "not ",
                       value.type().FriendlyName(), "."));
      return;
    }
    if (!listed && IsSingleResource(value)) {
      Instance(address, "", type, data, path, value);
      return;
    }
    ForEachElement(
        value, path, address, diags_,
        [&](const std::string& label, const cty::Path& p, const cty::Value& e) {
          const std::string key = listed ? absl::StrCat("[", label, "]")
                                         : absl::StrCat("[\"", label, "\"]");
          if (!e.IsKnown()) {
            out_.input.unknown_resources.push_back({type, Locate(p)});
            return;
          }
          if (!RequireObject(e, p, address)) return;
          if (!IsSingleResource(e)) {
            diags_.AddAttributeError(
                p, "Not a resource object",
                absl::StrCat("The elements of \"", address,
                             "\" must be resource objects, which have an "
                             "`id` attribute. Pass the resource itself, "
                             "such as ",
                             address, ", not a value derived from it."));
            return;
          }
          Instance(address, key, type, data, p, e);
        });
  }

  void Instance(const std::string& base, const std::string& key,
                const std::string& type, bool data, const cty::Path& path,
                const cty::Value& value) {
    rules::Resource r;
    r.base_address = base;
    r.key = key;
    r.address = base + key;
    r.type = type;
    r.data = data;
    r.name = base.substr(base.rfind('.') + 1);
    r.action = rules::Action::kCreate;
    r.values = ToPlanValue(value);
    // Findings name the address; the configuration line is the input's.
    r.source = LocateResource(r.address, path);
    r.subject = r.address;
    out_.input.resources.push_back(std::move(r));
  }

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
  reader.Resources(config);
  return out;
}

}  // namespace threatmodel::datasources
