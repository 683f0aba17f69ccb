// File: fake_values.h
//
// The deterministic stand-ins the azurerm stub stores for values Azure
// would compute: UUID-shaped strings derived from a seed, and string
// templates such as
//   /subscriptions/{subscription_id}/resourceGroups/{resource_group_name}
// whose placeholders are
//   {uuid}             a UUID derived from the seed and the value's path
//   {subscription_id}  the all-zero subscription the stub pretends to use
//   {<attribute>}      a top-level string attribute of the resource
//   {<block>.<i>.<attribute>}  a string inside a nested block (list index
//                      i), e.g. {metadata.0.name} for hashicorp/kubernetes
// The same configuration always yields the same values, so plans after an
// apply are stable and test expectations can be written down.
//
// Test-only. Pure functions; safe from any thread.
#ifndef THREATMODEL_ACCEPTANCE_AZURERM_STUB_FAKE_VALUES_H_
#define THREATMODEL_ACCEPTANCE_AZURERM_STUB_FAKE_VALUES_H_

#include <string>
#include <string_view>

#include "absl/status/statusor.h"
#include "threatmodel/cty/value.h"

namespace threatmodel::azurerm_stub {

inline constexpr char kFakeSubscriptionId[] =
    "00000000-0000-0000-0000-000000000000";

// A version-4-shaped UUID (xxxxxxxx-xxxx-4xxx-8xxx-xxxxxxxxxxxx) that
// depends only on `seed` and `salt`. Not random and not unique across
// seeds by any guarantee stronger than a 122-bit hash.
[[nodiscard]] std::string FakeUuid(std::string_view seed,
                                   std::string_view salt);

// A seed naming one resource instance: its type and the top-level string,
// number and bool attributes of `config` that are known and non-null.
[[nodiscard]] std::string ResourceSeed(std::string_view type_name,
                                       const cty::Value& config);

// Expands `tmpl` against the top-level attributes of `state`; `path`
// salts {uuid}. Returns Unavailable when a referenced attribute is still
// unknown (the caller retries once it is filled), InvalidArgument when it
// is null, not a string, absent, or the template is malformed.
[[nodiscard]] absl::StatusOr<std::string> ExpandTemplate(
    std::string_view tmpl, const cty::Value& state, std::string_view seed,
    std::string_view path);

}  // namespace threatmodel::azurerm_stub

#endif  // THREATMODEL_ACCEPTANCE_AZURERM_STUB_FAKE_VALUES_H_
