// D-1: no Kubernetes NetworkPolicy, so all pod-to-pod traffic flows (Open).
//
// Two facets, both mandatory:
//
//   engine   every AKS cluster runs a network policy engine:
//            `network_profile[0].network_policy` (azure, calico, cilium),
//            or a Cilium data plane (`network_data_plane` in azurerm 4.x,
//            `ebpf_data_plane` up to 3.x), which enforces policies itself.
//            Without one, NetworkPolicy objects are accepted and ignored.
//   objects  every namespace the deployment manages (kubernetes_namespace,
//            kubernetes_namespace_v1, a helm_release's `namespace`) holds a
//            default-deny policy: a kubernetes_network_policy(_v1) or a
//            kubernetes_manifest of kind NetworkPolicy with an empty pod
//            selector, policy types including Ingress and no ingress allow
//            rules. Judged only when the plan holds kubernetes_* or
//            helm_release resources; the reference architecture applies
//            its workloads with shell scripts, which no plan shows.
//
// A namespace name, policy namespace or manifest unknown at plan time
// leaves the namespaces it may concern undecided.

#include <map>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "rules/links.h"
#include "rules/rules_internal.h"
#include "rules/string_view_compat.h"
#include "rules/unknown_ladder.h"

namespace threatmodel::rules::internal {
namespace {

constexpr char kClusterType[] = "azurerm_kubernetes_cluster";
constexpr char kHelmType[] = "helm_release";
constexpr char kManifestType[] = "kubernetes_manifest";
constexpr const char* kNamespaceTypes[] = {"kubernetes_namespace",
                                           "kubernetes_namespace_v1"};
constexpr const char* kPolicyTypes[] = {"kubernetes_network_policy",
                                        "kubernetes_network_policy_v1"};
constexpr char kEngineFacet[] = "engine";
constexpr char kObjectsFacet[] = "objects";
// What the Kubernetes provider and Helm put a namespaced object in when
// the configuration names no namespace.
constexpr char kDefaultNamespace[] = "default";

Finding EngineFinding(const Resource& cluster) {
  const Decided policy =
      Decide(cluster, "network_profile[0].network_policy", PlanValue::Null());
  if (policy.decided() && policy.value.kind() == PlanValue::Kind::kString &&
      !policy.value.string_value().empty()) {
    return ResourceFinding(Status::kPass, cluster, kEngineFacet, policy.text);
  }
  for (const char* plane : {"network_profile[0].network_data_plane",
                            "network_profile[0].ebpf_data_plane"}) {
    const Maybe<std::string> value = StringAt(cluster.values, plane);
    if (value.is_known() && absl::EqualsIgnoreCase(value.value(), "cilium")) {
      return ResourceFinding(
          Status::kPass, cluster, kEngineFacet,
          absl::StrCat(Av(plane),
                       " = \"cilium\": the Cilium data plane enforces "
                       "network policies"));
    }
  }
  std::string null_text;
  if (!policy.decided()) {
    // network_profile is Optional+Computed: left out of the
    // configuration, or set to an expression that gave null, the cluster
    // gets no policy engine.
    const Maybe<bool> sets =
        ConfigurationSets(cluster, "network_profile[0].network_policy");
    if (!(sets.is_known() && !sets.value()) &&
        !NullInConfiguration(cluster, "network_profile[0].network_policy",
                             &null_text)) {
      return ResourceFinding(
          Status::kUndecided, cluster, kEngineFacet,
          absl::StrCat("whether the cluster has a network policy engine is "
                       "decided at apply: ",
                       policy.text));
    }
  }
  return ResourceFinding(
      Status::kViolation, cluster, kEngineFacet,
      absl::StrCat(null_text.empty()
                       ? "network_profile[0].network_policy is not set"
                       : null_text,
                   ", so the cluster has no network policy engine: "
                   "NetworkPolicy objects are accepted and never enforced, "
                   "and every pod can reach every other"));
}

// A namespace the deployment manages, by name, and the resource that
// findings about it name.
struct Namespace {
  const Resource* subject;
  std::vector<std::string> related;
};

// What the policies give one namespace.
struct Policies {
  std::set<std::string> deny_all;  // namespaces with a default-deny policy
  std::map<std::string, std::string> denied_by;  // namespace -> address
  std::vector<std::string> open;  // policies whose namespace is unknown
  // Per namespace: policies in it that are undecided as default-deny.
  std::map<std::string, std::vector<std::string>> maybe;
};

// Whether a pod selector selects every pod: no labels, no expressions.
Maybe<bool> SelectsAll(const PlanValue* selector) {
  if (selector == nullptr || selector->is_null()) return Maybe<bool>(true);
  if (!selector->is_known()) return Maybe<bool>::Unknown();
  if (selector->kind() == PlanValue::Kind::kList) {
    if (selector->elements().empty()) return Maybe<bool>(true);
    return SelectsAll(&selector->elements().front());
  }
  if (selector->kind() != PlanValue::Kind::kObject) return Maybe<bool>(false);
  for (const auto& [key, value] : selector->members()) {
    if (value.is_null()) continue;
    if (!value.is_known()) return Maybe<bool>::Unknown();
    if ((value.kind() == PlanValue::Kind::kList && value.elements().empty()) ||
        (value.kind() == PlanValue::Kind::kObject && value.members().empty())) {
      continue;
    }
    return Maybe<bool>(false);
  }
  return Maybe<bool>(true);
}

// Whether a list of strings holds `wanted`; unknown when it or an element
// is.
Maybe<bool> ListHas(const PlanValue* list, std::string_view wanted) {
  if (list == nullptr || list->is_null()) return Maybe<bool>(false);
  if (!list->is_known()) return Maybe<bool>::Unknown();
  if (list->kind() != PlanValue::Kind::kList) return Maybe<bool>(false);
  bool unknown = false;
  for (const PlanValue& e : list->elements()) {
    if (!e.is_known()) unknown = true;
    if (e.kind() == PlanValue::Kind::kString &&
        absl::EqualsIgnoreCase(e.string_value(), Av(wanted))) {
      return Maybe<bool>(true);
    }
  }
  return unknown ? Maybe<bool>::Unknown() : Maybe<bool>(false);
}

// Whether a list of allow rules is empty.
Maybe<bool> NoRules(const PlanValue* rules) {
  if (rules == nullptr || rules->is_null()) return Maybe<bool>(true);
  if (!rules->is_known()) return Maybe<bool>::Unknown();
  return Maybe<bool>(rules->kind() == PlanValue::Kind::kList &&
                     rules->elements().empty());
}

// Default-deny: all three parts known true; false when one is known false.
Maybe<bool> DefaultDeny(const PlanValue* selector, const PlanValue* types,
                        const PlanValue* ingress) {
  const Maybe<bool> parts[] = {SelectsAll(selector), ListHas(types, "Ingress"),
                               NoRules(ingress)};
  bool unknown = false;
  for (const Maybe<bool>& p : parts) {
    if (p.is_known() && !p.value()) return Maybe<bool>(false);
    if (!p.is_known()) unknown = true;
  }
  return unknown ? Maybe<bool>::Unknown() : Maybe<bool>(true);
}

const PlanValue* At(const PlanValue& root, std::string_view path) {
  const Lookup l = LookupPath(root, path);
  static const PlanValue kUnknown = PlanValue::Unknown();
  if (l.state == Lookup::State::kFound) return l.value;
  if (l.state == Lookup::State::kUnknown ||
      l.state == Lookup::State::kSensitive) {
    return &kUnknown;
  }
  return nullptr;
}

void AddPolicy(const std::string& ns, const std::string& address,
               const Maybe<bool>& deny, Policies* out) {
  if (deny.is_known() && deny.value()) {
    out->deny_all.insert(ns);
    out->denied_by.emplace(ns, address);
  } else if (!deny.is_known()) {
    out->maybe[ns].push_back(
        absl::StrCat(address,
                     " (whether it denies by default is unknown at "
                     "plan time)"));
  }
}

// The namespace a policy's `path` names: its value, or the namespace
// resources its references name.
std::vector<std::string> PolicyNamespaces(const Facts& facts,
                                          const Resource& policy,
                                          std::string_view path,
                                          std::string* unknown) {
  const Maybe<std::string> ns = StringAt(policy.values, path);
  if (!ns.is_unknown()) {
    return {ns.is_null() ? std::string(kDefaultNamespace) : ns.value()};
  }
  std::vector<std::string> out;
  for (const char* type : kNamespaceTypes) {
    const Link link = LinkOf(facts, policy, path, type, "metadata[0].name");
    if (link.state != Link::State::kLinked) {
      if (link.state == Link::State::kUnknown) *unknown = link.text;
      continue;
    }
    for (const Resource* target : link.targets) {
      const Maybe<std::string> name =
          StringAt(target->values, "metadata[0].name");
      if (name.is_known() && !name.is_null()) out.push_back(name.value());
    }
  }
  if (out.empty() && unknown->empty()) {
    *unknown = absl::StrCat(Av(path), " is unknown at plan time");
  }
  return out;
}

Policies CollectPolicies(const Facts& facts) {
  Policies out;
  for (const char* type : kPolicyTypes) {
    for (const Resource* p : facts.OfType(type)) {
      std::string unknown;
      const std::vector<std::string> namespaces =
          PolicyNamespaces(facts, *p, "metadata[0].namespace", &unknown);
      const Maybe<bool> deny =
          DefaultDeny(At(p->values, "spec[0].pod_selector"),
                      At(p->values, "spec[0].policy_types"),
                      At(p->values, "spec[0].ingress"));
      if (namespaces.empty()) {
        if (!deny.is_known() || deny.value()) {
          out.open.push_back(absl::StrCat(p->address, ": ", unknown));
        }
        continue;
      }
      for (const std::string& ns : namespaces) {
        AddPolicy(ns, p->address, deny, &out);
      }
    }
  }
  for (const Resource* m : facts.OfType(kManifestType)) {
    const Lookup manifest = LookupPath(m->values, "manifest");
    if (manifest.state != Lookup::State::kFound) {
      if (manifest.state == Lookup::State::kUnknown ||
          manifest.state == Lookup::State::kSensitive) {
        out.open.push_back(
            absl::StrCat(m->address, ": manifest is unknown at plan time"));
      }
      continue;
    }
    const Maybe<std::string> kind = StringAt(*manifest.value, "kind");
    if (kind.is_unknown()) {
      out.open.push_back(
          absl::StrCat(m->address, ": manifest.kind is unknown at plan time"));
      continue;
    }
    if (!kind.is_known() || kind.value() != "NetworkPolicy") continue;
    const Maybe<std::string> ns =
        StringAt(*manifest.value, "metadata.namespace");
    const Maybe<bool> deny =
        DefaultDeny(At(*manifest.value, "spec.podSelector"),
                    At(*manifest.value, "spec.policyTypes"),
                    At(*manifest.value, "spec.ingress"));
    if (ns.is_unknown()) {
      if (!deny.is_known() || deny.value()) {
        out.open.push_back(
            absl::StrCat(m->address,
                         ": manifest.metadata.namespace is unknown at plan "
                         "time"));
      }
      continue;
    }
    AddPolicy(ns.is_null() ? kDefaultNamespace : ns.value(), m->address, deny,
              &out);
  }
  return out;
}

bool HasKubernetesResources(const Facts& facts) {
  for (const auto& [type, resources] : facts.by_type) {
    if (resources.empty()) continue;
    if (absl::StartsWith(type, "kubernetes_") || type == kHelmType) {
      return true;
    }
  }
  return false;
}

std::vector<Finding> ObjectFindings(const Facts& facts) {
  std::vector<Finding> out;
  if (!HasKubernetesResources(facts)) {
    Finding f = MakeFinding(
        Status::kNotApplicable, "kubernetes objects", "",
        "the plan holds no kubernetes_* or helm_release resources, so the "
        "namespaces and their NetworkPolicy objects are managed elsewhere "
        "(kubectl, scripts) and cannot be judged here");
    f.facet = kObjectsFacet;
    out.push_back(std::move(f));
    return out;
  }
  const Policies policies = CollectPolicies(facts);
  // Namespaces by name; a kubernetes_namespace is the subject when one
  // declares it, else the first helm_release installing into it.
  std::map<std::string, Namespace> namespaces;
  for (const char* type : kNamespaceTypes) {
    for (const Resource* ns : facts.OfType(type)) {
      const Maybe<std::string> name = StringAt(ns->values, "metadata[0].name");
      if (!name.is_known() || name.is_null()) {
        out.push_back(ResourceFinding(
            Status::kUndecided, *ns, kObjectsFacet,
            "metadata[0].name is unknown at plan time, so whether a "
            "default-deny NetworkPolicy covers the namespace cannot be "
            "told"));
        continue;
      }
      namespaces[name.value()].subject = ns;
    }
  }
  for (const Resource* release : facts.OfType(kHelmType)) {
    const Maybe<std::string> name = StringAt(release->values, "namespace");
    if (name.is_unknown()) {
      out.push_back(ResourceFinding(
          Status::kUndecided, *release, kObjectsFacet,
          "namespace is unknown at plan time, so whether a default-deny "
          "NetworkPolicy covers the release cannot be told"));
      continue;
    }
    Namespace& ns =
        namespaces[name.is_null() ? kDefaultNamespace : name.value()];
    if (ns.subject == nullptr) ns.subject = release;
    ns.related.push_back(release->source);
  }
  for (const auto& [name, ns] : namespaces) {
    const std::string what = absl::StrCat("namespace \"", name, "\"");
    if (policies.deny_all.count(name) > 0) {
      Finding f =
          ResourceFinding(Status::kPass, *ns.subject, kObjectsFacet,
                          absl::StrCat(what, " has the default-deny policy ",
                                       policies.denied_by.at(name)));
      f.related_sources = ns.related;
      out.push_back(std::move(f));
      continue;
    }
    std::vector<std::string> open = policies.open;
    if (auto it = policies.maybe.find(name); it != policies.maybe.end()) {
      open.insert(open.end(), it->second.begin(), it->second.end());
    }
    Finding f;
    if (!open.empty()) {
      f = ResourceFinding(
          Status::kUndecided, *ns.subject, kObjectsFacet,
          absl::StrCat(what,
                       " has no known default-deny NetworkPolicy, and that "
                       "is decided at apply: ",
                       absl::StrJoin(open, "; ")));
    } else {
      f = ResourceFinding(
          Status::kViolation, *ns.subject, kObjectsFacet,
          absl::StrCat(what,
                       " has no default-deny NetworkPolicy (an empty pod "
                       "selector, policy types including Ingress and no "
                       "ingress rules), so every pod in the cluster can "
                       "reach its pods"));
    }
    f.related_sources = ns.related;
    out.push_back(std::move(f));
  }
  if (out.empty()) {
    Finding f = MakeFinding(Status::kNotApplicable, "kubernetes objects", "",
                            "the plan manages no namespace "
                            "(kubernetes_namespace or helm_release)");
    f.facet = kObjectsFacet;
    out.push_back(std::move(f));
  }
  return out;
}

std::vector<Finding> Evaluate(const Facts& facts,
                              const CompiledPolicy& /*policy*/,
                              const DeclaredFindings&) {
  std::vector<Finding> out;
  const bool objects = HasKubernetesResources(facts);
  if (facts.OfType(kClusterType).empty() && !objects) {
    return {MakeFinding(Status::kNotApplicable, "deployment", "",
                        "the deployment has no AKS cluster and no "
                        "kubernetes_* or helm_release resources")};
  }
  for (const Resource* cluster : facts.OfType(kClusterType)) {
    out.push_back(EngineFinding(*cluster));
  }
  if (out.empty()) {
    Finding f = MakeFinding(Status::kNotApplicable, "deployment", "",
                            "the deployment has no AKS cluster");
    f.facet = kEngineFacet;
    out.push_back(std::move(f));
  }
  for (Finding& f : ObjectFindings(facts)) out.push_back(std::move(f));
  return out;
}

}  // namespace

namespace catalogue {

RuleEntry D1NetworkPolicy() {
  RuleInfo info;
  info.id = "D-1";
  info.short_code = "network-policy";
  info.title =
      "AKS needs a network policy engine, and every namespace a "
      "default-deny NetworkPolicy";
  info.description =
      "Facet engine: an azurerm_kubernetes_cluster without "
      "network_profile[0].network_policy (azure, calico or cilium) and "
      "without a Cilium data plane (network_data_plane in azurerm 4.x, "
      "ebpf_data_plane up to 3.x) enforces no NetworkPolicy; network_profile "
      "left out of the configuration counts as none. Facet objects, judged "
      "when the plan holds kubernetes_* or helm_release resources: every "
      "namespace it manages (kubernetes_namespace, kubernetes_namespace_v1, "
      "a helm_release's namespace, \"default\" when unset) needs a "
      "default-deny kubernetes_network_policy, kubernetes_network_policy_v1 "
      "or kubernetes_manifest of kind NetworkPolicy in it: an empty pod "
      "selector, policy types including Ingress, and no ingress rules. A "
      "namespace name, a policy's namespace or a manifest unknown at plan "
      "time is undecided; without kubernetes or Helm resources the facet "
      "is not applicable.";
  info.remediation =
      "Set network_profile { network_policy = \"azure\" } (or calico, or "
      "cilium with network_data_plane = \"cilium\") on the cluster, and "
      "give every namespace a default-deny policy, for example "
      "kubernetes_network_policy_v1 with spec { pod_selector {} "
      "policy_types = [\"Ingress\", \"Egress\"] }, then allow-list the "
      "flows each workload needs (OSMO, gpu-operator, azureml).";
  info.stride = Stride::kDenialOfService;
  info.severity = Severity::kHigh;
  info.security_severity = 7.4;
  info.threat_model_rating = "High";
  info.doc_path = "docs/rules/D-1.md";
  info.resource_types = {
      kClusterType,       kHelmType,       kManifestType,  kNamespaceTypes[0],
      kNamespaceTypes[1], kPolicyTypes[0], kPolicyTypes[1]};
  info.facets = {
      {kEngineFacet,
       "Every AKS cluster runs a network policy engine, without which "
       "NetworkPolicy objects are ignored.",
       Enforcement::kMandatory},
      {kObjectsFacet,
       "Every namespace the plan manages holds a default-deny "
       "NetworkPolicy.",
       Enforcement::kMandatory},
  };
  info.peers = {
      {"checkov", "CKV_AZURE_7", ""},
      {"trivy", "AZU-0043", "AVD-AZU-0043"},
      {"PSRule", "Azure.AKS.NetworkPolicy", "AZR-000027"},
  };
  return {info, &Evaluate};
}

}  // namespace catalogue
}  // namespace threatmodel::rules::internal
