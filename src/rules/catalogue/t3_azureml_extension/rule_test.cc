// T-3 through the engine, over planned resources as the plan reader builds
// them.

#include <string>
#include <vector>

#include "gtest/gtest.h"
#include "rules/test_util.h"
#include "threatmodel/rules/engine.h"

namespace threatmodel::rules {
namespace {

using testing::ExpectContains;
using testing::Planned;
using testing::RefTo;
using testing::WithFacet;

std::vector<Finding> T3(std::vector<Resource> resources,
                        bool* passed = nullptr) {
  return testing::FindingsOver(std::move(resources), "T-3", Policy(), passed);
}

// The reference architecture's extension settings
// (config/azureml-aks-config.template.json), as a Terraform extension.
Resource Extension(const std::string& type, const std::string& settings) {
  return Planned("azurerm_kubernetes_cluster_extension.azureml",
                 R"({"name": "azureml", "extension_type": ")" + type +
                     R"(", "configuration_settings": )" + settings + "}",
                 R"({"id": true})",
                 std::vector<std::string>{"name", "extension_type",
                                          "configuration_settings"});
}

TEST(T3AzureMl, InsecureConnectionsAreAdvisory) {
  bool passed = false;
  std::vector<Finding> f = T3({Extension("Microsoft.AzureML.Kubernetes",
                                         R"({"enableInference": "True",
                     "allowInsecureConnections": "True",
                     "inferenceRouterServiceType": "LoadBalancer",
                     "internalLoadBalancerProvider": "azure"})")},
                              &passed);
  ASSERT_EQ(f.size(), 2u);
  const auto insecure = WithFacet(f, "insecure-connections");
  EXPECT_EQ(insecure->status, Status::kViolation);
  EXPECT_EQ(insecure->enforcement, Enforcement::kAdvisory);
  ExpectContains(insecure->message,
                 "configuration_settings[\"allowInsecureConnections\"] = "
                 "\"True\"");
  ExpectContains(insecure->message, "supplies no sslCertPemFile");
  EXPECT_EQ(WithFacet(f, "premise-internal")->status, Status::kPass);
  EXPECT_TRUE(passed);
}

TEST(T3AzureMl, PublicLoadBalancerBreaksThePremise) {
  bool passed = true;
  std::vector<Finding> f = T3({Extension("microsoft.azureml.kubernetes",
                                         R"({"allowInsecureConnections": "true",
                        "inferenceRouterServiceType": "loadBalancer"})")},
                              &passed);
  const auto premise = WithFacet(f, "premise-internal");
  EXPECT_EQ(premise->status, Status::kViolation);
  EXPECT_EQ(premise->enforcement, Enforcement::kMandatory);
  ExpectContains(premise->message,
                 "internalLoadBalancerProvider\"] is not set");
  EXPECT_FALSE(passed);
}

TEST(T3AzureMl, DefaultsAndTlsPass) {
  Resource r = Extension("Microsoft.AzureML.Kubernetes",
                         R"({"enableInference": "True",
                             "inferenceRouterServiceType": "ClusterIP"})");
  r.values.mutable_members()["configuration_protected_settings"] =
      PlanValue::Object({{"sslCertPemFile", PlanValue::Sensitive()},
                         {"sslKeyPemFile", PlanValue::Sensitive()}});
  bool passed = false;
  std::vector<Finding> f = T3({r}, &passed);
  for (const Finding& finding : f) {
    EXPECT_EQ(finding.status, Status::kPass) << finding.message;
  }
  ExpectContains(WithFacet(f, "insecure-connections")->message,
                 "the extension's default, False");
  EXPECT_TRUE(passed);
  // "False" in any case is no violation either.
  f = T3({Extension("Microsoft.AzureML.Kubernetes",
                    R"({"allowInsecureConnections": "FALSE"})")});
  EXPECT_EQ(WithFacet(f, "insecure-connections")->status, Status::kPass);
}

TEST(T3AzureMl, UnknownSettingsAreUndecided) {
  // One key unknown.
  Resource r = Extension("Microsoft.AzureML.Kubernetes",
                         R"({"allowInsecureConnections": "True",
                    "inferenceRouterServiceType": "LoadBalancer"})");
  r.values.mutable_members()["configuration_settings"]
      .mutable_members()["internalLoadBalancerProvider"] = PlanValue::Unknown();
  EXPECT_EQ(WithFacet(T3({r}), "premise-internal")->status, Status::kUndecided);
  // The whole map unknown and set by reference.
  r.values.mutable_members()["configuration_settings"] = PlanValue::Unknown();
  r.references["configuration_settings"] = {
      RefTo("terraform_data.settings", "output")};
  std::vector<Finding> f = T3({r});
  EXPECT_EQ(WithFacet(f, "insecure-connections")->status, Status::kUndecided);
  EXPECT_EQ(WithFacet(f, "premise-internal")->status, Status::kUndecided);
  ExpectContains(WithFacet(f, "premise-internal")->message,
                 "terraform_data.settings.output");
}

TEST(T3AzureMl, OtherExtensionsAreNotJudgedButAnUnknownTypeIs) {
  std::vector<Finding> f = T3(
      {Extension("microsoft.flux", R"({"allowInsecureConnections": "true"})")});
  ASSERT_EQ(f.size(), 1u);
  EXPECT_EQ(f[0].status, Status::kNotApplicable);

  Resource r = Extension("x", "{}");
  r.values.mutable_members()["extension_type"] = PlanValue::Unknown();
  r.references["extension_type"] = {RefTo("terraform_data.type", "output")};
  f = T3({r});
  EXPECT_EQ(WithFacet(f, "insecure-connections")->status, Status::kUndecided);
}

// The same extension through the AzAPI provider: `body` is an object in
// azapi 2.x and a JSON string in 1.x.
Resource Azapi(const std::string& type, const std::string& body) {
  return Planned(
      "azapi_resource.azureml",
      R"({"name": "azureml", "type": ")" + type + R"(", "body": )" + body + "}",
      R"({"id": true})", std::vector<std::string>{"name", "type", "body"});
}

TEST(T3AzureMl, AzapiBodyObjectAndJsonStringAreJudgedAlike) {
  const std::string body = R"({"properties": {
      "extensionType": "Microsoft.AzureML.Kubernetes",
      "configurationSettings": {"allowInsecureConnections": "True",
                                "inferenceRouterServiceType": "LoadBalancer"}}})";
  std::string quoted;
  for (char c : body) {
    if (c == '"') quoted += '\\';
    if (c != '\n') quoted += c;
  }
  for (const std::string& b : {body, "\"" + quoted + "\""}) {
    SCOPED_TRACE(b);
    bool passed = true;
    std::vector<Finding> f = T3(
        {Azapi("Microsoft.KubernetesConfiguration/extensions@2023-05-01", b)},
        &passed);
    ASSERT_EQ(f.size(), 2u);
    EXPECT_EQ(WithFacet(f, "insecure-connections")->status, Status::kViolation);
    const auto internal = WithFacet(f, "premise-internal");
    EXPECT_EQ(internal->status, Status::kViolation);
    ExpectContains(internal->message,
                   "body.properties.configurationSettings["
                   "\"inferenceRouterServiceType\"] = \"LoadBalancer\"");
    EXPECT_FALSE(passed);
  }
}

TEST(T3AzureMl, AzapiOtherTypesAndExtensionsAreNotJudgedButUnknownsAre) {
  // Another resource type, another extension.
  std::vector<Finding> f =
      T3({Azapi("Microsoft.Storage/storageAccounts@2023-01-01",
                R"({"properties": {}})"),
          Azapi("microsoft.kubernetesconfiguration/extensions@2023-05-01",
                R"({"properties": {"extensionType": "microsoft.flux"}})")});
  ASSERT_EQ(f.size(), 1u);
  EXPECT_EQ(f[0].status, Status::kNotApplicable);

  // The settings unknown (a value from another resource).
  Resource r =
      Azapi("Microsoft.KubernetesConfiguration/extensions@2023-05-01",
            R"({"properties": {"extensionType": "microsoft.azureml.kubernetes",
                               "configurationSettings": null}})");
  r.values.mutable_members()["body"]
      .mutable_members()["properties"]
      .mutable_members()["configurationSettings"] = PlanValue::Unknown();
  f = T3({r});
  EXPECT_EQ(WithFacet(f, "insecure-connections")->status, Status::kUndecided);
  EXPECT_EQ(WithFacet(f, "premise-internal")->status, Status::kUndecided);

  // azapi 1.x: the JSON string unknown as a whole, set by reference.
  r.values.mutable_members()["body"] = PlanValue::Unknown();
  r.references["body"] = {RefTo("azurerm_kubernetes_cluster.aks", "id")};
  f = T3({r});
  EXPECT_EQ(WithFacet(f, "insecure-connections")->status, Status::kUndecided);
  ExpectContains(WithFacet(f, "insecure-connections")->message,
                 "azurerm_kubernetes_cluster.aks.id");

  // A body string that is not JSON cannot pass.
  f = T3({Azapi("Microsoft.KubernetesConfiguration/extensions@2023-05-01",
                R"("{\"properties\": ")")});
  EXPECT_EQ(WithFacet(f, "insecure-connections")->status, Status::kUndecided);
}

}  // namespace
}  // namespace threatmodel::rules
