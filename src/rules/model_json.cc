#include "threatmodel/rules/model_json.h"

#include <string>
#include <utility>

#include "absl/status/status.h"
#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/string_view.h"
#include "rules/backend_types.h"
#include "rules/json_fields.h"
#include "rules/json_limits.h"
#include "rules/string_view_compat.h"
#include "threatmodel/base/status_macros.h"

namespace threatmodel::rules {
namespace {

using internal::CheckObject;
using internal::FieldError;
using internal::ForEachListItem;
using internal::IndexPath;
using internal::JoinPath;
using internal::ReadString;
using Json = nlohmann::json;

constexpr absl::string_view kWhat = "model";

bool IsUnknownMarker(const Json& value) {
  if (!value.is_object() || value.size() != 1) return false;
  auto it = value.find("unknown");
  return it != value.end() && it->is_boolean() && it->get<bool>();
}

// Reads a Maybe<T> field: missing or null is null, {"unknown": true} is
// unknown, anything else goes through `convert`.
template <typename T, typename Convert>
absl::Status ReadMaybe(const Json& obj, absl::string_view key,
                       absl::string_view path, Maybe<T>* out, Convert convert) {
  auto it = obj.find(std::string(key));
  if (it == obj.end() || it->is_null()) {
    *out = Maybe<T>::Null();
    return absl::OkStatus();
  }
  if (IsUnknownMarker(*it)) {
    *out = Maybe<T>::Unknown();
    return absl::OkStatus();
  }
  return convert(*it, JoinPath(path, key), out);
}

absl::Status ReadMaybeString(const Json& obj, absl::string_view key,
                             absl::string_view path, Maybe<std::string>* out) {
  return ReadMaybe<std::string>(
      obj, key, path, out,
      [](const Json& v, const std::string& p, Maybe<std::string>* o) {
        if (!v.is_string()) {
          return FieldError(kWhat, p,
                            absl::StrCat("expected a string or "
                                         "{\"unknown\": true}, got ",
                                         internal::JsonTypeName(v)));
        }
        *o = v.get<std::string>();
        return absl::OkStatus();
      });
}

absl::Status ReadMaybeBool(const Json& obj, absl::string_view key,
                           absl::string_view path, Maybe<bool>* out) {
  return ReadMaybe<bool>(
      obj, key, path, out,
      [](const Json& v, const std::string& p, Maybe<bool>* o) {
        if (!v.is_boolean()) {
          return FieldError(kWhat, p,
                            absl::StrCat("expected a boolean or "
                                         "{\"unknown\": true}, got ",
                                         internal::JsonTypeName(v)));
        }
        *o = v.get<bool>();
        return absl::OkStatus();
      });
}

absl::StatusOr<RoleAssignment> ReadAssignment(const Json& v,
                                              const std::string& path) {
  THREATMODEL_RETURN_IF_ERROR(
      CheckObject(v,
                  {"principal_id", "principal_type", "role_definition_name",
                   "role_definition_id", "scope", "scope_kind_hint", "source"},
                  kWhat, path));
  RoleAssignment a;
  THREATMODEL_RETURN_IF_ERROR(
      ReadMaybeString(v, "principal_id", path, &a.principal_id));
  Maybe<std::string> type;
  THREATMODEL_RETURN_IF_ERROR(
      ReadMaybeString(v, "principal_type", path, &type));
  if (const std::string* t = type.if_known()) {
    a.principal_type = PrincipalTypeFromName(*t);
  } else if (type.is_unknown()) {
    a.principal_type = Maybe<PrincipalType>::Unknown();
  }
  THREATMODEL_RETURN_IF_ERROR(ReadMaybeString(v, "role_definition_name", path,
                                              &a.role_definition_name));
  THREATMODEL_RETURN_IF_ERROR(
      ReadMaybeString(v, "role_definition_id", path, &a.role_definition_id));
  THREATMODEL_RETURN_IF_ERROR(ReadMaybeString(v, "scope", path, &a.scope));
  Maybe<std::string> hint;
  THREATMODEL_RETURN_IF_ERROR(
      ReadMaybeString(v, "scope_kind_hint", path, &hint));
  if (const std::string* h = hint.if_known()) {
    ScopeKind kind = ScopeKindFromName(*h);
    if (kind == ScopeKind::kUnknown) {
      return FieldError(kWhat, JoinPath(path, "scope_kind_hint"),
                        "expected root, management_group, subscription, "
                        "resource_group or resource");
    }
    a.scope_kind_hint = kind;
  } else if (hint.is_unknown()) {
    a.scope_kind_hint = Maybe<ScopeKind>::Unknown();
  }
  THREATMODEL_RETURN_IF_ERROR(ReadString(v, "source", kWhat, path, &a.source));
  return a;
}

absl::Status ReadAssignments(const Json& obj, absl::string_view key,
                             const std::string& path,
                             std::vector<RoleAssignment>* out) {
  return ForEachListItem(
      obj, key, kWhat, path,
      [&](const Json& item, const std::string& item_path) -> absl::Status {
        THREATMODEL_ASSIGN_OR_RETURN(RoleAssignment a,
                                     ReadAssignment(item, item_path));
        out->push_back(std::move(a));
        return absl::OkStatus();
      });
}

absl::StatusOr<BackendSetting> ReadSetting(const Json& v,
                                           const std::string& path) {
  BackendSetting setting;
  if (v.is_string()) {
    setting.name = v.get<std::string>();
    if (internal::IsValueDependentSetting(setting.name)) {
      setting.embeds_credential = Maybe<bool>::Unknown();
    }
    return setting;
  }
  THREATMODEL_RETURN_IF_ERROR(
      CheckObject(v, {"name", "state", "embeds_credential"}, kWhat, path));
  THREATMODEL_RETURN_IF_ERROR(
      ReadString(v, "name", kWhat, path, &setting.name));
  if (setting.name.empty()) return FieldError(kWhat, path, "name is missing");
  std::string state = "set";
  THREATMODEL_RETURN_IF_ERROR(ReadString(v, "state", kWhat, path, &state));
  if (state == "set") {
    setting.state = SettingState::kSet;
  } else if (state == "false") {
    setting.state = SettingState::kFalse;
  } else if (state == "empty") {
    setting.state = SettingState::kEmpty;
  } else {
    return FieldError(kWhat, JoinPath(path, "state"),
                      "expected \"set\", \"false\" or \"empty\"");
  }
  THREATMODEL_RETURN_IF_ERROR(
      ReadMaybeBool(v, "embeds_credential", path, &setting.embeds_credential));
  return setting;
}

absl::Status ReadBackend(const Json& root, Deployment& model) {
  auto it = root.find("backend");
  if (it == root.end() || it->is_null()) return absl::OkStatus();
  if (IsUnknownMarker(*it)) {
    model.backend = Maybe<Backend>::Unknown();
    return absl::OkStatus();
  }
  const std::string path = "backend";
  THREATMODEL_RETURN_IF_ERROR(
      CheckObject(*it, {"type", "settings", "origin", "source"}, kWhat, path));
  Backend backend;
  THREATMODEL_RETURN_IF_ERROR(
      ReadMaybeString(*it, "type", path, &backend.type));
  std::string origin = "stated";
  THREATMODEL_RETURN_IF_ERROR(ReadString(*it, "origin", kWhat, path, &origin));
  if (origin == "stated") {
    backend.origin = BackendOrigin::kStated;
  } else if (origin == "backend_file") {
    backend.origin = BackendOrigin::kBackendFile;
  } else if (origin == "no_backend_file") {
    backend.origin = BackendOrigin::kNoBackendFile;
  } else {
    return FieldError(kWhat, JoinPath(path, "origin"),
                      "expected \"stated\", \"backend_file\" or "
                      "\"no_backend_file\"");
  }
  THREATMODEL_RETURN_IF_ERROR(
      ReadString(*it, "source", kWhat, path, &backend.source));
  THREATMODEL_RETURN_IF_ERROR(ForEachListItem(
      *it, "settings", kWhat, path,
      [&](const Json& item, const std::string& item_path) -> absl::Status {
        THREATMODEL_ASSIGN_OR_RETURN(BackendSetting setting,
                                     ReadSetting(item, item_path));
        backend.settings.push_back(std::move(setting));
        return absl::OkStatus();
      }));
  model.backend = std::move(backend);
  return absl::OkStatus();
}

absl::Status ReadAccounts(const Json& root, Deployment& model) {
  return ForEachListItem(
      root, "automation_accounts", kWhat, "",
      [&](const Json& v, const std::string& path) -> absl::Status {
        THREATMODEL_RETURN_IF_ERROR(
            CheckObject(v,
                        {"subject", "name", "identity_type", "principal_id",
                         "role_assignments", "source"},
                        kWhat, path));
        AutomationAccount account;
        THREATMODEL_RETURN_IF_ERROR(
            ReadString(v, "subject", kWhat, path, &account.subject));
        THREATMODEL_RETURN_IF_ERROR(
            ReadMaybeString(v, "name", path, &account.name));
        THREATMODEL_RETURN_IF_ERROR(
            ReadMaybeString(v, "identity_type", path, &account.identity_type));
        THREATMODEL_RETURN_IF_ERROR(
            ReadMaybeString(v, "principal_id", path, &account.principal_id));
        THREATMODEL_RETURN_IF_ERROR(ReadAssignments(v, "role_assignments", path,
                                                    &account.role_assignments));
        THREATMODEL_RETURN_IF_ERROR(
            ReadString(v, "source", kWhat, path, &account.source));
        model.automation_accounts.push_back(std::move(account));
        return absl::OkStatus();
      });
}

absl::Status ReadUsers(const Json& root, Deployment& model) {
  return ForEachListItem(
      root, "users", kWhat, "",
      [&](const Json& v, const std::string& path) -> absl::Status {
        THREATMODEL_RETURN_IF_ERROR(CheckObject(
            v,
            {"subject", "principal_id", "tier", "role_assignments", "source"},
            kWhat, path));
        User user;
        THREATMODEL_RETURN_IF_ERROR(
            ReadString(v, "subject", kWhat, path, &user.subject));
        THREATMODEL_RETURN_IF_ERROR(
            ReadMaybeString(v, "principal_id", path, &user.principal_id));
        THREATMODEL_RETURN_IF_ERROR(
            ReadMaybeString(v, "tier", path, &user.tier));
        THREATMODEL_RETURN_IF_ERROR(ReadAssignments(v, "role_assignments", path,
                                                    &user.role_assignments));
        THREATMODEL_RETURN_IF_ERROR(
            ReadString(v, "source", kWhat, path, &user.source));
        model.users.push_back(std::move(user));
        return absl::OkStatus();
      });
}

absl::StatusOr<Deployment> Parse(absl::string_view json) {
  internal::JsonLimits limits;
  limits.max_bytes = std::size_t{4} << 20;
  THREATMODEL_ASSIGN_OR_RETURN(Json root,
                               internal::ParseBoundedJson(json, limits, kWhat));
  THREATMODEL_RETURN_IF_ERROR(CheckObject(
      root, {"backend", "automation_accounts", "users", "role_assignments"},
      kWhat, ""));
  Deployment model;
  THREATMODEL_RETURN_IF_ERROR(ReadBackend(root, model));
  THREATMODEL_RETURN_IF_ERROR(ReadAccounts(root, model));
  THREATMODEL_RETURN_IF_ERROR(ReadUsers(root, model));
  THREATMODEL_RETURN_IF_ERROR(
      ReadAssignments(root, "role_assignments", "", &model.role_assignments));
  return model;
}

}  // namespace

absl::StatusOr<Deployment> ParseDeploymentJson(std::string_view json) {
  return internal::LoadWithoutExceptions(
      kWhat, [&] { return Parse(internal::Av(json)); });
}

}  // namespace threatmodel::rules
