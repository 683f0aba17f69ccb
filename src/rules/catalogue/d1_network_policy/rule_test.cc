// D-1 through the engine, over planned resources as the plan reader builds
// them.

#include <optional>
#include <string>
#include <vector>

#include "gtest/gtest.h"
#include "rules/test_util.h"
#include "threatmodel/rules/engine.h"

namespace threatmodel::rules {
namespace {

using testing::About;
using testing::ExpectContains;
using testing::Planned;
using testing::RefTo;
using testing::WithFacet;

constexpr char kAks[] = "module.platform.azurerm_kubernetes_cluster.main";
constexpr char kOsmo[] = "kubernetes_namespace_v1.osmo";

Resource Aks(const std::string& network_profile) {
  return Planned(kAks,
                 R"({"name": "aks-robotics-dev", "network_profile": )" +
                     network_profile + "}",
                 R"({"id": true})",
                 std::vector<std::string>{"name", "network_profile"});
}

Resource Namespace(const std::string& address, const std::string& name) {
  return Planned(address, R"({"metadata": [{"name": ")" + name + R"("}]})",
                 R"({"id": true})",
                 std::vector<std::string>{"metadata[0].name"});
}

Resource DenyAll(const std::string& address, const std::string& ns,
                 const std::string& types = R"(["Ingress", "Egress"])",
                 const std::string& ingress = "[]") {
  return Planned(
      address,
      R"({"metadata": [{"name": "default-deny", "namespace": ")" + ns + R"("}],
                     "spec": [{"pod_selector": [{}], "policy_types": )" +
          types + R"(, "ingress": )" + ingress + R"(, "egress": []}]})",
      R"({"id": true})",
      std::vector<std::string>{"metadata[0].name", "metadata[0].namespace",
                               "spec[0].policy_types"});
}

std::vector<Finding> D1(std::vector<Resource> resources,
                        bool* passed = nullptr) {
  return testing::FindingsOver(std::move(resources), "D-1", Policy(), passed);
}

TEST(D1NetworkPolicy, ReferenceArchitectureHasNoEngineAndNoObjectsToJudge) {
  // azurerm 4.x, Azure CNI without a policy engine.
  bool passed = true;
  const std::vector<Finding> f =
      D1({Aks(R"([{"network_plugin": "azure", "network_policy": null,
                   "network_data_plane": "azure"}])")},
         &passed);
  ASSERT_EQ(f.size(), 2u);
  std::optional<Finding> engine = WithFacet(f, "engine");
  ASSERT_NE(engine, std::nullopt);
  EXPECT_EQ(engine->subject, kAks);
  EXPECT_EQ(engine->status, Status::kViolation);
  EXPECT_EQ(engine->enforcement, Enforcement::kMandatory);
  ExpectContains(engine->message, "network_policy is not set");
  std::optional<Finding> objects = WithFacet(f, "objects");
  ASSERT_NE(objects, std::nullopt);
  EXPECT_EQ(objects->status, Status::kNotApplicable);
  EXPECT_FALSE(passed);
}

TEST(D1NetworkPolicy, AnEngineOrACiliumDataPlanePasses) {
  for (const char* profile :
       {R"([{"network_policy": "azure"}])", R"([{"network_policy": "calico"}])",
        R"([{"network_policy": null, "network_data_plane": "cilium"}])",
        R"([{"network_policy": null, "ebpf_data_plane": "cilium"}])"}) {
    SCOPED_TRACE(profile);
    bool passed = false;
    const std::vector<Finding> f = D1({Aks(profile)}, &passed);
    EXPECT_EQ(WithFacet(f, "engine")->status, Status::kPass);
    EXPECT_TRUE(passed);
  }
}

TEST(D1NetworkPolicy, AnUnknownProfileIsADefaultOnlyWhenNotConfigured) {
  Resource aks = Planned(kAks, R"({"name": "aks"})",
                         R"({"id": true, "network_profile": true})",
                         std::vector<std::string>{"name"});
  EXPECT_EQ(WithFacet(D1({aks}), "engine")->status, Status::kViolation);
  aks.configured->insert("network_profile[0].network_policy");
  Reference local;
  local.kind = Reference::Kind::kLocal;
  local.text = "local.network_policy";
  aks.references["network_profile[0].network_policy"] = {local};
  const std::optional<Finding> engine = WithFacet(D1({aks}), "engine");
  EXPECT_EQ(engine->status, Status::kUndecided);
  ExpectContains(engine->message, "local.network_policy");
}

TEST(D1NetworkPolicy, EveryManagedNamespaceNeedsADefaultDenyPolicy) {
  Resource release =
      Planned("helm_release.gpu_operator",
              R"({"name": "gpu-operator", "namespace": "gpu-operator"})",
              R"({"id": true})", std::vector<std::string>{"name", "namespace"});
  bool passed = true;
  const std::vector<Finding> f =
      D1({Aks(R"([{"network_policy": "azure"}])"), Namespace(kOsmo, "osmo"),
          release, DenyAll("kubernetes_network_policy_v1.osmo", "osmo")},
         &passed);
  std::optional<Finding> osmo = About(f, kOsmo);
  ASSERT_NE(osmo, std::nullopt);
  EXPECT_EQ(osmo->facet, "objects");
  EXPECT_EQ(osmo->status, Status::kPass);
  ExpectContains(osmo->message, "kubernetes_network_policy_v1.osmo");
  std::optional<Finding> gpu = About(f, "helm_release.gpu_operator");
  ASSERT_NE(gpu, std::nullopt);
  EXPECT_EQ(gpu->status, Status::kViolation);
  ExpectContains(gpu->message, "namespace \"gpu-operator\"");
  EXPECT_FALSE(passed);
}

TEST(D1NetworkPolicy, APolicyThatAllowsOrSelectsSomePodsIsNoDefaultDeny) {
  struct Case {
    Resource policy;
    Status want;
  };
  Resource selects = DenyAll("kubernetes_network_policy.osmo", "osmo");
  selects.values = Planned("kubernetes_network_policy.osmo",
                           R"({"metadata": [{"namespace": "osmo"}],
                               "spec": [{"pod_selector": [{"match_labels":
                                           {"app": "web"}}],
                                         "policy_types": ["Ingress"]}]})")
                       .values;
  const std::vector<Case> cases = {
      {DenyAll("kubernetes_network_policy.osmo", "osmo", R"(["Ingress"])"),
       Status::kPass},
      {DenyAll("kubernetes_network_policy.osmo", "osmo", R"(["Egress"])"),
       Status::kViolation},
      {DenyAll("kubernetes_network_policy.osmo", "osmo", R"(["Ingress"])",
               R"([{"from": [{"namespace_selector": [{}]}]}])"),
       Status::kViolation},
      {selects, Status::kViolation},
      {DenyAll("kubernetes_network_policy.osmo", "other"), Status::kViolation},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.policy.address);
    const std::vector<Finding> f = D1({Namespace(kOsmo, "osmo"), c.policy});
    EXPECT_EQ(About(f, kOsmo)->status, c.want) << About(f, kOsmo)->message;
  }
}

TEST(D1NetworkPolicy, APolicyNamespaceByReferenceLinks) {
  Resource policy = DenyAll("kubernetes_network_policy_v1.osmo", "x");
  policy.values = Planned("kubernetes_network_policy_v1.osmo",
                          R"({"metadata": [{"name": "deny"}],
                              "spec": [{"pod_selector": [{}],
                                        "policy_types": ["Ingress"],
                                        "ingress": []}]})",
                          R"({"metadata": [{"namespace": true}]})")
                      .values;
  policy.references["metadata[0].namespace"] = {
      RefTo("kubernetes_namespace_v1.osmo", "metadata[0].name")};
  std::vector<Finding> f = D1({Namespace(kOsmo, "osmo"), policy});
  EXPECT_EQ(About(f, kOsmo)->status, Status::kPass);

  Reference local;
  local.kind = Reference::Kind::kLocal;
  local.text = "local.namespace";
  policy.references["metadata[0].namespace"] = {local};
  f = D1({Namespace(kOsmo, "osmo"), policy});
  EXPECT_EQ(About(f, kOsmo)->status, Status::kUndecided);
  ExpectContains(About(f, kOsmo)->message, "local.namespace");
}

TEST(D1NetworkPolicy, ManifestsCountAndAnUnknownManifestIsUndecided) {
  Resource manifest =
      Planned("kubernetes_manifest.deny_all",
              R"({"manifest": {
                                  "apiVersion": "networking.k8s.io/v1",
                                  "kind": "NetworkPolicy",
                                  "metadata": {"name": "deny-all",
                                               "namespace": "azureml"},
                                  "spec": {"podSelector": {},
                                           "policyTypes": ["Ingress"]}}})",
              R"({"object": true})", std::vector<std::string>{"manifest"});
  const char* ns = "kubernetes_namespace.azureml";
  std::vector<Finding> f = D1({Namespace(ns, "azureml"), manifest});
  EXPECT_EQ(About(f, ns)->status, Status::kPass);

  manifest.values =
      Planned("kubernetes_manifest.deny_all", "{}", R"({"manifest": true})")
          .values;
  f = D1({Namespace(ns, "azureml"), manifest});
  EXPECT_EQ(About(f, ns)->status, Status::kUndecided);
  ExpectContains(About(f, ns)->message, "manifest is unknown at plan time");
}

TEST(D1NetworkPolicy, AnUnknownNamespaceNameIsUndecided) {
  Resource ns = Planned(kOsmo, R"({"metadata": [{}]})",
                        R"({"metadata": [{"name": true}]})",
                        std::vector<std::string>{"metadata[0].name"});
  const std::vector<Finding> f = D1({ns});
  EXPECT_EQ(About(f, kOsmo)->status, Status::kUndecided);
}

TEST(D1NetworkPolicy, NothingToCheckIsNotApplicable) {
  bool passed = false;
  const std::vector<Finding> f = D1({}, &passed);
  ASSERT_EQ(f.size(), 1u);
  EXPECT_EQ(f[0].status, Status::kNotApplicable);
  EXPECT_TRUE(passed);
  // Namespaces without a cluster: the objects are judged, the engine is
  // not applicable.
  const std::vector<Finding> only_objects = D1({Namespace(kOsmo, "osmo")});
  EXPECT_EQ(WithFacet(only_objects, "engine")->status, Status::kNotApplicable);
  EXPECT_EQ(WithFacet(only_objects, "objects")->status, Status::kViolation);
}

}  // namespace
}  // namespace threatmodel::rules
