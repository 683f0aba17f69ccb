// File: azurerm_provider.h
//
// Assembles the test-only `azurerm` provider: a provider block that
// accepts what azurerm's commonly carries (an empty `features` block,
// subscription_id and friends) and never uses it, and one StubResource per
// entry of AzurermTypes(). Acceptance tests run it in place of
// hashicorp/azurerm through dev_overrides so that a real `terraform plan`
// yields azurerm-shaped planned resources without any network.
//
// Like the SDKv2 azurerm it stands in for, it declares the legacy type
// system, so Terraform tolerates SDKv2-style plans (defaults the
// configuration did not set, Optional+Computed blocks planned unknown).
//
// Test-only: never installed or packaged.
#ifndef THREATMODEL_ACCEPTANCE_AZURERM_STUB_AZURERM_PROVIDER_H_
#define THREATMODEL_ACCEPTANCE_AZURERM_STUB_AZURERM_PROVIDER_H_

#include <memory>

#include "threatmodel/provider/provider.h"

namespace threatmodel::azurerm_stub {

[[nodiscard]] std::unique_ptr<provider::Provider> NewAzurermStubProvider();

}  // namespace threatmodel::azurerm_stub

#endif  // THREATMODEL_ACCEPTANCE_AZURERM_STUB_AZURERM_PROVIDER_H_
