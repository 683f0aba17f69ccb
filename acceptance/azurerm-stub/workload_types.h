// File: workload_types.h
//
// The cluster-workload types the stub serves besides azurerm, declared as
// data like azurerm_types.h: hashicorp/helm's helm_release and
// hashicorp/kubernetes's namespace, ConfigMap, Secret and NetworkPolicy
// resources, with the names, nesting and flags the real providers declare
// (both are Terraform Plugin SDK v2 providers, so the stub's SDKv2 planning
// fits them), cut down to what the threat-model rules read (S-1, D-4, T-1,
// D-1; docs: ../shared/docs/rules-next.md) plus what a configuration sets.
//
// Test-only. Returns fresh values; safe from any thread.
#ifndef THREATMODEL_ACCEPTANCE_AZURERM_STUB_WORKLOAD_TYPES_H_
#define THREATMODEL_ACCEPTANCE_AZURERM_STUB_WORKLOAD_TYPES_H_

#include <vector>

#include "acceptance/azurerm-stub/stub_schema.h"

namespace threatmodel::azurerm_stub {

// helm_release as hashicorp/helm v2.x declares it (helm/resource_release.go):
// `set`, `set_list` and `set_sensitive` are blocks. v3.x (Plugin
// Framework) turned them into list-of-object attributes; the plan JSON
// shape of an element ({name, value, type}) is the same.
[[nodiscard]] std::vector<StubType> HelmTypes();

// kubernetes_namespace_v1, kubernetes_config_map_v1, kubernetes_secret_v1
// and kubernetes_network_policy_v1 as hashicorp/kubernetes v2.x declares
// them (kubernetes/resource_kubernetes_*_v1.go, schema_metadata.go,
// schema_network_policy_spec.go).
[[nodiscard]] std::vector<StubType> KubernetesTypes();

}  // namespace threatmodel::azurerm_stub

#endif  // THREATMODEL_ACCEPTANCE_AZURERM_STUB_WORKLOAD_TYPES_H_
