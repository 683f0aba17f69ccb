// File: backend_values.h
//
// What backend discovery decides from a backend file's values, which are
// inspected here and never kept: whether a name is plausible enough to echo,
// and whether a value-dependent setting (`pg` `conn_str`, `gcs`
// `credentials`) carries a credential. The rules module's T-2 classifies
// settings by name (rules/backend_types.h) and reads the facts decided here
// from BackendSetting::embeds_credential.
//
// Thread-safety: pure functions; safe from any thread.
#ifndef THREATMODEL_SRC_WORKDIR_BACKEND_VALUES_H_
#define THREATMODEL_SRC_WORKDIR_BACKEND_VALUES_H_

#include "absl/strings/string_view.h"

namespace threatmodel::workdir::internal {

// True for the settings whose value is inspected: `conn_str` and
// `credentials` (the names the rules module classifies as maybe-secret).
[[nodiscard]] bool IsValueDependentSetting(absl::string_view setting_name);

// For a value-dependent setting: whether this value carries a credential.
//   conn_str:    a non-empty `password` or `sslpassword`, or inline key
//                material (`sslinline` with `sslkey`), in libpq keyword/value
//                form (whitespace around '=', single-quoted values with
//                backslash escapes) or in a postgres:// URI (user info
//                `user:password@`, or query parameters, percent-decoded).
//                A keyword/value string that does not parse counts as
//                carrying one when it mentions "password".
//   credentials: inline JSON key material rather than a file path.
// False for any other setting.
[[nodiscard]] bool ValueEmbedsCredential(absl::string_view setting_name,
                                         absl::string_view value);

// A plausible backend type or setting name: 1-64 bytes of [A-Za-z0-9_.-].
// Names that fail this come from a damaged or hostile file and are never
// echoed.
[[nodiscard]] bool IsPlausibleName(absl::string_view name);

}  // namespace threatmodel::workdir::internal

#endif  // THREATMODEL_SRC_WORKDIR_BACKEND_VALUES_H_
