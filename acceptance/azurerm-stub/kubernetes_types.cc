// hashicorp/kubernetes v2.x resources (kubernetes/resource_kubernetes_*_v1.go,
// Terraform Plugin SDK v2), cut down to what T-1 and D-1 read (metadata
// name and namespace, ConfigMap data, NetworkPolicy spec) plus what a
// configuration sets. Every one has the required single `metadata` block
// of schema_metadata.go; IDs are "<namespace>/<name>" for namespaced
// objects and the name for a namespace (buildId).
#include <string>
#include <utility>
#include <vector>

#include "acceptance/azurerm-stub/azurerm_type_parts.h"
#include "acceptance/azurerm-stub/workload_types.h"

namespace threatmodel::azurerm_stub {
namespace {

using cty::Value;

// metadataSchema / namespacedMetadataSchema: `name` is Optional+Computed
// (generate_name may choose it), `namespace` defaults to "default".
StubNestedBlock Metadata(bool namespaced) {
  std::vector<StubAttribute> attributes = {
      Optional("annotations", StringMap()),
      Optional("labels", StringMap()),
      ForceNew(OptionalComputed("name", String(), "stub-{uuid}")),
      ForceNew(Optional("generate_name", String())),
      FakeValue(Computed("generation", Number()), Value::Int(1)),
      FakeString(Computed("resource_version", String()), "1"),
      Computed("uid", String(), "{uuid}")};
  if (namespaced) {
    attributes.push_back(
        ForceNew(Defaulted("namespace", Value::String("default"))));
  }
  return RequiredListBlock("metadata", 1, {std::move(attributes)});
}

StubType Namespace() {
  StubType t{
      "kubernetes_namespace_v1",
      {{Computed("id", String(), "{metadata.0.name}"),
        Defaulted("wait_for_default_service_account", Value::Bool(false))},
       {Metadata(false)}}};
  t.timeouts = {"delete"};
  return t;
}

StubType ConfigMap() {
  StubType t{
      "kubernetes_config_map_v1",
      {{Computed("id", String(), "{metadata.0.namespace}/{metadata.0.name}"),
        Optional("data", StringMap()), Optional("binary_data", StringMap()),
        Optional("immutable", Bool())},
       {Metadata(true)}}};
  t.timeouts.clear();
  return t;
}

// `data` and `binary_data` are Sensitive: their values never show in a
// plan, only which keys are set when the map itself is known.
StubType Secret() {
  StubType t{
      "kubernetes_secret_v1",
      {{Computed("id", String(), "{metadata.0.namespace}/{metadata.0.name}"),
        Sensitive(Optional("data", StringMap())),
        Sensitive(Optional("binary_data", StringMap())),
        ForceNew(Defaulted("type", Value::String("Opaque"))),
        Optional("immutable", Bool()),
        Defaulted("wait_for_service_account_token", Value::Bool(true))},
       {Metadata(true)}}};
  t.timeouts = {"create"};
  return t;
}

// labelSelectorFields: what a pod or namespace selector matches on.
StubBlock LabelSelector() {
  return {
      {Optional("match_labels", StringMap())},
      {ListBlock("match_expressions", 0,
                 {{Optional("key", String()), Optional("operator", String()),
                   Optional("values", StringSet())}})}};
}

// networkPolicyV1Spec{Ingress,Egress}Peer and ...Ports.
StubNestedBlock Peers(std::string name) {
  return ListBlock(std::move(name), 0,
                   {{},
                    {ListBlock("ip_block", 1,
                               {{Optional("cidr", String()),
                                 Optional("except", StringList())}}),
                     ListBlock("namespace_selector", 1, LabelSelector()),
                     ListBlock("pod_selector", 1, LabelSelector())}});
}

StubNestedBlock Ports() {
  return ListBlock("ports", 0,
                   {{Optional("port", String()), Optional("end_port", Number()),
                     Defaulted("protocol", Value::String("TCP"))}});
}

// `spec` and its `pod_selector` are required single blocks; an empty
// `pod_selector {}` selects every pod in the namespace. `ingress` and
// `egress` are optional rule lists (absent: none, so nothing is allowed
// for the policy types named).
StubType NetworkPolicy() {
  StubType t{
      "kubernetes_network_policy_v1",
      {{Computed("id", String(), "{metadata.0.namespace}/{metadata.0.name}")},
       {Metadata(true),
        RequiredListBlock(
            "spec", 1,
            {{Required("policy_types", StringList())},
             {RequiredListBlock("pod_selector", 1, LabelSelector()),
              ListBlock("ingress", 0, {{}, {Ports(), Peers("from")}}),
              ListBlock("egress", 0, {{}, {Ports(), Peers("to")}})}})}}};
  t.timeouts.clear();
  return t;
}

}  // namespace

std::vector<StubType> KubernetesTypes() {
  std::vector<StubType> types;
  types.push_back(Namespace());
  types.push_back(ConfigMap());
  types.push_back(Secret());
  types.push_back(NetworkPolicy());
  return types;
}

}  // namespace threatmodel::azurerm_stub
