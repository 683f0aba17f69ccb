// T-1 through the engine, over planned resources as the plan reader builds
// them.

#include <optional>
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

constexpr char kMap[] = "kubernetes_config_map_v1.osmo";
// Stands in for key material; must never reach a finding.
constexpr char kSecretValue[] = "c2VjcmV0LWtleS1tYXRlcmlhbA";

Resource ConfigMap(const std::string& data,
                   const std::string& unknown = R"({"id": true})") {
  return Planned(kMap,
                 R"({"metadata": [{"name": "osmo-config",
                                   "namespace": "osmo"}],
                     "data": )" +
                     data + "}",
                 unknown, std::vector<std::string>{"metadata[0].name", "data"});
}

std::vector<Finding> T1(std::vector<Resource> resources,
                        bool* passed = nullptr) {
  return testing::FindingsOver(std::move(resources), "T-1", Policy(), passed);
}

TEST(T1Mek, TheMekFileInAConfigMapIsAViolationAndItsValueNeverShows) {
  bool passed = true;
  const std::vector<Finding> f = T1(
      {ConfigMap(std::string(R"({"mek.yaml": "currentMek: 1\nmeks:\n  1: )") +
                 kSecretValue + R"("})")},
      &passed);
  ASSERT_EQ(f.size(), 1u);
  EXPECT_EQ(f[0].subject, kMap);
  EXPECT_EQ(f[0].facet, "mek-config-map");
  EXPECT_EQ(f[0].status, Status::kViolation);
  EXPECT_EQ(f[0].enforcement, Enforcement::kMandatory);
  ExpectContains(f[0].message, "data key \"mek.yaml\" is named like the MEK");
  EXPECT_EQ(f[0].message.find(kSecretValue), std::string::npos);
  EXPECT_FALSE(passed);
}

TEST(T1Mek, MarkersInValuesUnderOtherKeys) {
  for (const char* value : {R"(currentMek: 2)", R"(meks:\n  2: x)",
                            R"({\"kty\": \"oct\", \"k\": \"c2VjcmV0\"})"}) {
    SCOPED_TRACE(value);
    const std::vector<Finding> f =
        T1({ConfigMap(std::string(R"({"config.yaml": ")") + value + "\"}")});
    EXPECT_EQ(f[0].status, Status::kViolation);
    ExpectContains(f[0].message, "the value of data key \"config.yaml\"");
    EXPECT_EQ(f[0].message.find("c2VjcmV0"), std::string::npos);
  }
}

TEST(T1Mek, OrdinaryConfigurationPasses) {
  bool passed = false;
  const std::vector<Finding> f =
      T1({ConfigMap(R"({"log_level": "INFO", "endpoint": "https://x"})")},
         &passed);
  EXPECT_EQ(f[0].status, Status::kPass);
  EXPECT_TRUE(passed);
}

TEST(T1Mek, KeyPatternsComeFromThePolicy) {
  const Resource map = ConfigMap(R"({"model-key.json": "x", "MEK": "y"})");
  std::vector<Finding> f = T1({map});
  EXPECT_EQ(f[0].status, Status::kViolation);
  ExpectContains(f[0].message,
                 "data key \"MEK\" is named like the MEK file "
                 "(*mek*)");
  Policy policy;
  policy.mek_key_patterns = {"model-*.json"};
  f = testing::FindingsOver({map}, "T-1", policy);
  EXPECT_EQ(f[0].status, Status::kViolation);
  ExpectContains(f[0].message,
                 "\"model-key.json\" is named like the MEK "
                 "file (model-*.json)");
  EXPECT_EQ(f[0].message.find("\"MEK\""), std::string::npos);
  policy.mek_key_patterns = {"mek.yaml"};
  f = testing::FindingsOver({map}, "T-1", policy);
  EXPECT_EQ(f[0].status, Status::kPass);
  policy.mek_key_patterns = {" "};
  EXPECT_FALSE(ValidatePolicy(policy).ok());
}

TEST(T1Mek, DataFromAGeneratedOrStoredSecretIsAViolation) {
  struct Case {
    Reference ref;
    Status want;
  };
  const std::vector<Case> cases = {
      {RefTo("random_password.mek", "result"), Status::kViolation},
      {RefTo("random_bytes.mek", "base64"), Status::kViolation},
      {RefTo("tls_private_key.k", "private_key_pem"), Status::kViolation},
      {RefTo("azurerm_key_vault_secret.mek", "value"), Status::kViolation},
      {RefTo("azurerm_key_vault_secret.mek", "name"), Status::kPass},
      {RefTo("azurerm_storage_account.sa", "name"), Status::kPass},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.ref.resource + "." + c.ref.attribute);
    Resource map =
        ConfigMap(R"({"key": null})", R"({"id": true, "data": {"key": true}})");
    Reference ref = c.ref;
    ref.text = ref.resource + "." + ref.attribute;
    map.references["data"] = {ref};
    const std::vector<Finding> f = T1({map});
    EXPECT_EQ(f[0].status, c.want) << f[0].message;
    if (c.want == Status::kViolation) {
      ExpectContains(f[0].message, "data is set from " + ref.text);
    }
  }
}

TEST(T1Mek, AWhollyUnknownDataMapIsUndecided) {
  Resource map = ConfigMap("null", R"({"id": true, "data": true})");
  const std::vector<Finding> f = T1({map});
  EXPECT_EQ(f[0].status, Status::kUndecided);
  ExpectContains(f[0].message, "data is unknown at plan time as a whole");
}

TEST(T1Mek, ManifestsOfKindConfigMap) {
  Resource manifest =
      Planned("kubernetes_manifest.osmo_mek",
              R"({"manifest": {
                                  "apiVersion": "v1", "kind": "ConfigMap",
                                  "metadata": {"name": "mek-config",
                                               "namespace": "osmo"},
                                  "data": {"MEK": "x"}}})",
              R"({"object": true})", std::vector<std::string>{"manifest"});
  std::vector<Finding> f = T1({manifest});
  ASSERT_EQ(f.size(), 1u);
  EXPECT_EQ(f[0].status, Status::kViolation);
  ExpectContains(f[0].message, "manifest.data key \"MEK\"");

  Resource secret = manifest;
  secret.values = Planned("kubernetes_manifest.osmo_mek",
                          R"({"manifest": {"kind": "Secret",
                                           "data": {"mek.yaml": "x"}}})")
                      .values;
  f = T1({secret});
  EXPECT_EQ(f[0].status, Status::kNotApplicable);

  Resource unknown = manifest;
  unknown.values =
      Planned("kubernetes_manifest.osmo_mek", "{}", R"({"manifest": true})")
          .values;
  f = T1({unknown});
  EXPECT_EQ(f[0].status, Status::kUndecided);
}

TEST(T1Mek, NoConfigMapIsNotApplicable) {
  const std::vector<Finding> f = T1({});
  ASSERT_EQ(f.size(), 1u);
  EXPECT_EQ(f[0].status, Status::kNotApplicable);
}

// The advisory facet per AKS cluster: the CSI driver and etcd KMS the
// remediation needs.
TEST(T1Mek, ClustersAreReadyForTheKeyStoreOrNot) {
  const auto cluster = [](const std::string& after, const std::string& unknown,
                          std::vector<std::string> configured) {
    return Planned("azurerm_kubernetes_cluster.aks", after, unknown,
                   std::move(configured));
  };
  // The reference architecture: neither.
  bool passed = false;
  std::vector<Finding> f = T1({cluster(R"({"key_vault_secrets_provider": [],
                      "key_management_service": []})",
                                       "{}", {"name"})},
                              &passed);
  auto ready = WithFacet(f, "key-store-ready");
  ASSERT_TRUE(ready.has_value());
  EXPECT_EQ(ready->status, Status::kViolation);
  EXPECT_EQ(ready->enforcement, Enforcement::kAdvisory);
  ExpectContains(ready->message, "no Secrets Store CSI driver");
  ExpectContains(ready->message, "no etcd encryption");
  // Advisory only: the plan still passes, and the ConfigMap facet says
  // there is none.
  EXPECT_TRUE(passed);
  ASSERT_EQ(f.size(), 2u);
  const Finding& none = f[0].subject == "deployment" ? f[0] : f[1];
  EXPECT_EQ(none.subject, "deployment");
  EXPECT_EQ(none.status, Status::kNotApplicable);

  // Both, the KMS key known only at apply (a reference).
  f = T1({cluster(R"({"key_vault_secrets_provider": [
                        {"secret_rotation_enabled": true}],
                      "key_management_service": [
                        {"key_vault_key_id": null}]})",
                  R"({"key_management_service": [
                        {"key_vault_key_id": true}]})",
                  {"key_vault_secrets_provider[0].secret_rotation_enabled",
                   "key_management_service[0].key_vault_key_id"})});
  EXPECT_EQ(WithFacet(f, "key-store-ready")->status, Status::kPass);

  // The CSI block unknown and set by the configuration: undecided.
  Resource r = cluster(R"({"key_vault_secrets_provider": null,
                           "key_management_service": [
                             {"key_vault_key_id": "kid"}]})",
                       R"({"key_vault_secrets_provider": true})",
                       {"key_vault_secrets_provider[0].secret_rotation_enabled",
                        "key_management_service[0].key_vault_key_id"});
  r.references["key_vault_secrets_provider[0].secret_rotation_enabled"] = {
      RefTo("terraform_data.flags", "output")};
  f = T1({r});
  EXPECT_EQ(WithFacet(f, "key-store-ready")->status, Status::kUndecided);

  // The KMS block unknown as a whole (a dynamic block over an unknown
  // collection, set by reference) may be empty: undecided, not a pass.
  Resource kms =
      cluster(R"({"key_vault_secrets_provider": [
                               {"secret_rotation_enabled": true}],
                             "key_management_service": null})",
              R"({"key_management_service": true})",
              {"key_vault_secrets_provider[0].secret_rotation_enabled",
               "key_management_service"});
  kms.references["key_management_service"] = {
      RefTo("azurerm_key_vault_key.etcd", "id")};
  f = T1({kms});
  EXPECT_EQ(WithFacet(f, "key-store-ready")->status, Status::kUndecided);
}

}  // namespace
}  // namespace threatmodel::rules
