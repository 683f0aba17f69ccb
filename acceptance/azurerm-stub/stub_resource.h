// File: stub_resource.h
//
// A managed resource type of the test-only azurerm stub, driven entirely
// by its StubType: it plans and applies as stub_plan.h describes, reads
// back its state unchanged, deletes nothing and never calls a network.
//
// Thread-safety: immutable after construction; every method is const and
// may run concurrently, as the provider core requires.
#ifndef THREATMODEL_ACCEPTANCE_AZURERM_STUB_STUB_RESOURCE_H_
#define THREATMODEL_ACCEPTANCE_AZURERM_STUB_STUB_RESOURCE_H_

#include <memory>

#include "acceptance/azurerm-stub/stub_schema.h"
#include "threatmodel/provider/managed_resource.h"

namespace threatmodel::azurerm_stub {

[[nodiscard]] std::unique_ptr<provider::ManagedResource> NewStubResource(
    StubType type);

}  // namespace threatmodel::azurerm_stub

#endif  // THREATMODEL_ACCEPTANCE_AZURERM_STUB_STUB_RESOURCE_H_
