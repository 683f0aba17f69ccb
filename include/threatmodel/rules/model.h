// File: model.h
//
// The typed model of a planned deployment that the rules judge: the state
// backend, Automation accounts with their identities and role assignments,
// user principals with their declared tiers and role assignments, and any
// other role assignments. Front ends (the provider's data source, the plan
// JSON CLI) build a Deployment from their own inputs; the engine knows
// nothing of Terraform's wire values.
//
// Every value that comes from Terraform is a Maybe<T> (known, unknown or
// null). Each element also carries a `source`: an opaque locator chosen by
// the front end (an attribute path such as `automation_accounts[0]`, or a
// resource address such as
// `module.automation.azurerm_role_assignment.postgresql_contributor[0]`).
// The engine copies it unchanged into findings so that a front end can point
// its diagnostics at the offending input element.
//
// Secrets: the Backend holds the NAMES of configured settings and derived
// facts only, never their values; see workdir/backend_discovery.h.
//
// Thread-safety: plain value types; const access is safe from any thread.
#ifndef THREATMODEL_RULES_MODEL_H_
#define THREATMODEL_RULES_MODEL_H_

#include <string>
#include <string_view>
#include <vector>

#include "threatmodel/rules/arm_id.h"
#include "threatmodel/rules/maybe.h"

namespace threatmodel::rules {

enum class PrincipalType {
  kUser,
  kGroup,
  kServicePrincipal,
  kOther,  // ForeignGroup, Device, or anything else Azure reports
};

// "User", "Group", "ServicePrincipal" or "Other" (Azure's spelling).
[[nodiscard]] std::string_view PrincipalTypeName(PrincipalType type);
// Case-insensitive inverse of PrincipalTypeName; unrecognised names map to
// kOther.
[[nodiscard]] PrincipalType PrincipalTypeFromName(std::string_view name);

// One azurerm_role_assignment (or equivalent). The role is given by name
// (`role_definition_name`) or by definition ID (`role_definition_id`: a full
// ARM ID ending in `/providers/Microsoft.Authorization/roleDefinitions/<guid>`
// or a bare GUID); azurerm computes whichever one was not set, so at plan
// time the other one is usually unknown.
struct RoleAssignment {
  Maybe<std::string> principal_id;
  Maybe<PrincipalType> principal_type;
  Maybe<std::string> role_definition_name;
  Maybe<std::string> role_definition_id;
  Maybe<std::string> scope;
  // What the front end could infer about the scope when its value is
  // unknown (for example from a reference to `azurerm_resource_group.x.id`).
  // Ignored when `scope` is known.
  Maybe<ScopeKind> scope_kind_hint;
  // The principal is unknown at plan time and its configuration references
  // do not identify it (a local value, a per-instance expression, no
  // configuration): it may be anyone, including an Automation account's
  // identity. `principal_reference` says what it refers to, for messages.
  bool unattributable = false;
  std::string principal_reference;
  std::string source;
};

// An Azure Automation account and its managed identity. `role_assignments`
// are the assignments the front end attributes to this account's identity
// (for example because their principal_id refers to
// `azurerm_automation_account.x.identity[0].principal_id`); assignments in
// Deployment::role_assignments whose known principal_id equals the account's
// known principal_id are attributed to it as well.
struct AutomationAccount {
  // What findings and waivers call this account, for example
  // "azurerm_automation_account.this" or the account name. When empty the
  // engine uses the known name, then the source.
  std::string subject;
  Maybe<std::string> name;
  // "SystemAssigned", "UserAssigned", "SystemAssigned, UserAssigned".
  Maybe<std::string> identity_type;
  Maybe<std::string> principal_id;
  // User-assigned identities the account runs as (addresses or IDs), whose
  // principals' assignments are in role_assignments too.
  std::vector<std::string> user_assigned_identities;
  std::vector<RoleAssignment> role_assignments;
  std::string source;
};

// A user principal with the tier it is declared to belong to (a tier name
// from the policy, for example "reader", "contributor" or "admin"; null when
// the user has no declared tier). `role_assignments` are attributed to the
// user; assignments in Deployment::role_assignments with the same known
// principal_id are added.
struct User {
  // What findings and waivers call this user, for example the UPN or
  // `var.users["alice"]`. When empty the engine uses the principal id, then
  // the source.
  std::string subject;
  Maybe<std::string> principal_id;
  Maybe<std::string> tier;
  std::vector<RoleAssignment> role_assignments;
  std::string source;
};

// How a configured backend setting was set. Values themselves are never
// kept.
enum class SettingState {
  kSet,    // a non-empty value, or boolean true
  kFalse,  // boolean false
  kEmpty,  // empty string, object or list
};

struct BackendSetting {
  // The setting's name, nested names joined with '.'
  // ("assume_role_with_web_identity.web_identity_token").
  std::string name;
  SettingState state = SettingState::kSet;
  // Only for settings whose value may or may not carry a credential (a `pg`
  // `conn_str` with or without a password, a `gcs` `credentials` file path
  // or inline key): whether it does. Backend discovery decides this from the
  // value and drops the value; a caller that states only setting names leaves
  // it unknown.
  Maybe<bool> embeds_credential;
};

enum class BackendOrigin {
  kStated,         // given explicitly by the caller
  kBackendFile,    // read from <data dir>/terraform.tfstate
  kNoBackendFile,  // no backend file: Terraform uses local state
};

[[nodiscard]] std::string_view BackendOriginName(BackendOrigin origin);

// The state backend of the Terraform working directory.
struct Backend {
  // "local", "azurerm", "s3", "http", "remote", "cloud", ...
  Maybe<std::string> type;
  // Configured (non-null) settings. For a stated backend, list the settings
  // that are set; booleans only when true.
  std::vector<BackendSetting> settings;
  BackendOrigin origin = BackendOrigin::kStated;
  std::string source;
};

struct Deployment {
  // Null: no backend information supplied (T-2 reports not_applicable).
  Maybe<Backend> backend;
  std::vector<AutomationAccount> automation_accounts;
  std::vector<User> users;
  // Role assignments not attributed to an account or a declared user.
  std::vector<RoleAssignment> role_assignments;
};

}  // namespace threatmodel::rules

#endif  // THREATMODEL_RULES_MODEL_H_
