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

// For settings whose classification is kMaybeSecret: whether this value
// carries a credential. Decided from the value, which is not kept.
//   conn_str:    a password in key/value form or in a URI's user info
//   credentials: inline JSON key material rather than a file path
[[nodiscard]] bool ValueEmbedsCredential(absl::string_view setting_name,
                                         absl::string_view value);

// True for the setting names ClassifySetting may call kMaybeSecret.
[[nodiscard]] bool IsValueDependentSetting(absl::string_view setting_name);

// How to keep secrets out of this backend's configuration, one sentence.
[[nodiscard]] absl::string_view SecretFreeAuthHint(absl::string_view type);

// A plausible backend type or setting name: 1-64 bytes of [A-Za-z0-9_.-].
// Names that fail this come from a damaged or hostile file and are never
// echoed.
[[nodiscard]] bool IsPlausibleName(absl::string_view name);

}  // namespace threatmodel::rules::internal

#endif  // THREATMODEL_SRC_RULES_BACKEND_TYPES_H_
