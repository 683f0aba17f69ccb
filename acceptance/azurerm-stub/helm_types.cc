// hashicorp/helm v2.x helm_release (helm/resource_release.go, Terraform
// Plugin SDK v2), cut down to what S-1, D-4 and D-1 read (name, chart,
// repository, namespace, values, set, set_list, set_sensitive) and what a
// release configuration commonly sets. SDKv2 `Default`s appear as
// Defaulted; the computed-only `metadata` list is an attribute of
// list-of-object type, as SDKv2 presents a computed nested resource.
#include <string>
#include <utility>
#include <vector>

#include "acceptance/azurerm-stub/azurerm_type_parts.h"
#include "acceptance/azurerm-stub/workload_types.h"

namespace threatmodel::azurerm_stub {
namespace {

using cty::Type;
using cty::Value;

StubType HelmRelease() {
  // `metadata`: name, revision, namespace, chart, version, app_version and
  // values (JSON, sensitive parts cloaked), all computed.
  const Type metadata = Type::Object({{"name", String()},
                                      {"revision", Number()},
                                      {"namespace", String()},
                                      {"chart", String()},
                                      {"version", String()},
                                      {"app_version", String()},
                                      {"values", String()}});
  StubType t{
      "helm_release",
      {{Computed("id", String(), "{name}"),
        ForceNew(Required("name", String())), Optional("repository", String()),
        Sensitive(Optional("repository_password", String())),
        Required("chart", String()),
        FakeString(OptionalComputed("version", String()), "1.0.0"),
        Optional("values", StringList()),
        // DefaultFunc: $HELM_NAMESPACE, else "default".
        ForceNew(Defaulted("namespace", Value::String("default"))),
        Defaulted("create_namespace", Value::Bool(false)),
        Defaulted("timeout", Value::Int(300)),
        Defaulted("wait", Value::Bool(true)),
        Defaulted("atomic", Value::Bool(false)),
        Optional("description", String()),
        FakeString(Computed("status", String()), "deployed"),
        FakeString(Computed("manifest", String()), ""),
        Computed("metadata", Type::List(metadata))},
       {// value Required in set and set_sensitive (SDKv2); type "auto" or
        // "string", optional.
        SetBlock("set",
                 {{Required("name", String()), Required("value", String()),
                   Optional("type", String())}}),
        // v2.10+: a list value for one key.
        ListBlock(
            "set_list", 0,
            {{Required("name", String()), Required("value", StringList())}}),
        SetBlock("set_sensitive", {{Required("name", String()),
                                    Sensitive(Required("value", String())),
                                    Optional("type", String())}})}}};
  t.timeouts.clear();    // helm_release has `timeout` (seconds), no block
  t.schema_version = 1;  // resource_helm_release_stateupgrader.go
  return t;
}

}  // namespace

std::vector<StubType> HelmTypes() {
  std::vector<StubType> types;
  types.push_back(HelmRelease());
  return types;
}

}  // namespace threatmodel::azurerm_stub
