// File: azurerm_type_parts.h
//
// The attribute and block shapes that recur across azurerm resource types
// (id, name, location, resource group, tags, secrets, identity), shared by
// the type tables in azurerm_types.cc and azurerm_platform_types.cc.
//
// Test-only. Pure functions returning fresh values.
#ifndef THREATMODEL_ACCEPTANCE_AZURERM_STUB_AZURERM_TYPE_PARTS_H_
#define THREATMODEL_ACCEPTANCE_AZURERM_STUB_AZURERM_TYPE_PARTS_H_

#include <string>
#include <utility>

#include "acceptance/azurerm-stub/stub_schema.h"

namespace threatmodel::azurerm_stub {

inline constexpr char kGroupId[] =
    "/subscriptions/{subscription_id}/resourceGroups/{resource_group_name}";

// An ARM ID under the resource's own resource group.
inline std::string InGroup(const std::string& provider_path) {
  return std::string(kGroupId) + "/providers/" + provider_path;
}

inline StubAttribute Id(std::string fake_template) {
  return Computed("id", String(), std::move(fake_template));
}
inline StubAttribute Name() { return ForceNew(Required("name", String())); }
inline StubAttribute Location() {
  return ForceNew(Required("location", String()));
}
inline StubAttribute ResourceGroupName() {
  return ForceNew(Required("resource_group_name", String()));
}
inline StubAttribute Tags() { return Optional("tags", StringMap()); }
inline StubAttribute Secret(std::string name, std::string fake_template) {
  return Sensitive(
      Computed(std::move(name), String(), std::move(fake_template)));
}
inline StubAttribute FakeString(StubAttribute a, std::string value) {
  return FakeValue(std::move(a), cty::Value::String(std::move(value)));
}

// commonschema.SystemAssignedUserAssignedIdentityOptional() and
// SystemOrUserAssignedIdentityOptional(): the same shape.
inline StubNestedBlock Identity() {
  return ListBlock(
      "identity", 1,
      {{Required("type", String()), Optional("identity_ids", StringSet()),
        Computed("principal_id", String(), "{uuid}"),
        Computed("tenant_id", String(), "{uuid}")}});
}

}  // namespace threatmodel::azurerm_stub

#endif  // THREATMODEL_ACCEPTANCE_AZURERM_STUB_AZURERM_TYPE_PARTS_H_
