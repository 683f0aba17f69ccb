// File: azurerm_types.h
//
// The subset of hashicorp/azurerm v4 that the stub serves, declared as
// data: resource type names, attribute names, nesting and flags as azurerm
// v4.81.0 declares them (internal/services/*/..._resource.go and
// go-azure-helpers commonschema), cut down to name, location,
// resource_group_name, id, tags and the attributes the threat-model rules
// read (docs: ../shared/docs/rules-next.md). Attributes absent here are
// absent from the stub's plans; those present have azurerm's types, so
// plan JSON has azurerm's shape for them.
//
// Test-only. Returns fresh values; safe from any thread.
#ifndef THREATMODEL_ACCEPTANCE_AZURERM_STUB_AZURERM_TYPES_H_
#define THREATMODEL_ACCEPTANCE_AZURERM_STUB_AZURERM_TYPES_H_

#include <vector>

#include "acceptance/azurerm-stub/stub_schema.h"

namespace threatmodel::azurerm_stub {

// Every type the stub serves: the gate's (azurerm_types.cc) and
// PlatformTypes().
[[nodiscard]] std::vector<StubType> AzurermTypes();

// The further types the reference-architecture platform plans use
// (azurerm_platform_types.cc): Managed Redis, Key Vault secrets, PostgreSQL
// firewall rules, cluster extensions and node pools, route tables, NSG
// rules, firewalls and public IPs.
[[nodiscard]] std::vector<StubType> PlatformTypes();

}  // namespace threatmodel::azurerm_stub

#endif  // THREATMODEL_ACCEPTANCE_AZURERM_STUB_AZURERM_TYPES_H_
