// File: workload_providers.h
//
// The test-only `helm` and `kubernetes` providers: the same stub machinery
// as the azurerm one (azurerm_provider.h), serving HelmTypes() and
// KubernetesTypes() (workload_types.h) in place of hashicorp/helm and
// hashicorp/kubernetes. Their provider blocks accept what the real ones
// commonly carry (a kubeconfig path, a host, helm's `kubernetes` block)
// and never use it: nothing talks to a cluster.
//
// Like the SDKv2 providers they stand in for, both declare the legacy type
// system.
//
// Test-only: never installed or packaged.
#ifndef THREATMODEL_ACCEPTANCE_AZURERM_STUB_WORKLOAD_PROVIDERS_H_
#define THREATMODEL_ACCEPTANCE_AZURERM_STUB_WORKLOAD_PROVIDERS_H_

#include <memory>

#include "threatmodel/provider/provider.h"

namespace threatmodel::azurerm_stub {

[[nodiscard]] std::unique_ptr<provider::Provider> NewHelmStubProvider();
[[nodiscard]] std::unique_ptr<provider::Provider> NewKubernetesStubProvider();

}  // namespace threatmodel::azurerm_stub

#endif  // THREATMODEL_ACCEPTANCE_AZURERM_STUB_WORKLOAD_PROVIDERS_H_
