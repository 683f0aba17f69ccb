// File: backend_types.h
//
// What T-2 knows about each Terraform state backend type: which settings
// carry secrets (and which may, depending on their value), and how the
// backend locks state. Covers the backends of Terraform 1.x (local, remote,
// cloud, azurerm, s3, gcs, http, pg, consul, cos, oss, kubernetes, oci,
// inmem); for any other type, secret settings are recognised by name and
// locking is unknown.
//
// Thread-safety: immutable static data and pure functions.
#ifndef THREATMODEL_SRC_RULES_BACKEND_TYPES_H_
#define THREATMODEL_SRC_RULES_BACKEND_TYPES_H_

#include <string>
#include <vector>

#include "absl/strings/string_view.h"
#include "threatmodel/rules/maybe.h"
#include "threatmodel/rules/model.h"

namespace threatmodel::rules::internal {

enum class SecretClass {
  kNone,
  kSecret,       // the value is a credential
  kMaybeSecret,  // depends on the value (BackendSetting::embeds_credential)
};

// Classifies a setting of a backend type by name (nested names use '.').
[[nodiscard]] SecretClass ClassifySetting(absl::string_view type,
                                          absl::string_view name);

// Name-based recognition of a credential by the last step of its name
// ("client_secret", "kube_config.password", "primary_access_key"); used for
// backend settings without a table entry, as a safety net for those with
// one, and by I-2 for leaves a plan marks sensitive.
[[nodiscard]] bool LooksLikeSecretName(absl::string_view full_name);

// True when a backend `type` is one this module has facts about.
[[nodiscard]] bool IsKnownBackendType(absl::string_view type);

struct LockingVerdict {
  // true: state locking is configured; false: it is not; unknown: the type
  // is not known to this module.
  Maybe<bool> locked;
  // Why, naming settings only, e.g. "neither dynamodb_table nor use_lockfile
  // is set".
  std::string evidence;
};

[[nodiscard]] LockingVerdict EvaluateLocking(
    absl::string_view type, const std::vector<BackendSetting>& settings);

// True for the setting names ClassifySetting may call kMaybeSecret; whether
// such a setting carries a credential depends on its value, which backend
// discovery (threatmodel/workdir) inspects and records as
// BackendSetting::embeds_credential.
[[nodiscard]] bool IsValueDependentSetting(absl::string_view setting_name);

// How to keep secrets out of this backend's configuration, one sentence.
[[nodiscard]] absl::string_view SecretFreeAuthHint(absl::string_view type);

}  // namespace threatmodel::rules::internal

#endif  // THREATMODEL_SRC_RULES_BACKEND_TYPES_H_
