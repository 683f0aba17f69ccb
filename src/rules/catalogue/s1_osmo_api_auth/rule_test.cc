// S-1 through the engine, over helm_release resources as the plan reader
// builds them.

#include <optional>
#include <string>
#include <vector>

#include "gtest/gtest.h"
#include "nlohmann/json.hpp"
#include "rules/test_util.h"
#include "threatmodel/rules/engine.h"

namespace threatmodel::rules {
namespace {

using testing::ExpectContains;
using testing::Planned;
using testing::WithFacet;

std::vector<Finding> S1(std::vector<Resource> resources,
                        const Policy& policy = Policy(),
                        bool* passed = nullptr) {
  return testing::FindingsOver(std::move(resources), "S-1", policy, passed);
}

// The reference architecture's control-plane values (old chart).
constexpr char kReferenceValues[] =
    R"(global: { logs: { enabled: true, logLevel: DEBUG } }
services:
  postgres: { enabled: false, user: "pgadmin" }
  service:
    auth: { enabled: false }
sidecars:
  envoy:      { enabled: false, osmoauth: { enabled: false } }
  oauth2Proxy: { enabled: false }
  authz:       { enabled: false }
  rateLimit:   { enabled: false }
)";

Resource Release(
    const std::string& chart, const std::string& repository,
    const std::vector<std::string>& values,
    const nlohmann::json& set = nlohmann::json::array(),
    const nlohmann::json& after_unknown = nlohmann::json::object()) {
  nlohmann::json after = {{"name", "osmo"},
                          {"chart", chart},
                          {"repository", repository},
                          {"values", values},
                          {"set", set},
                          {"set_sensitive", nlohmann::json::array()}};
  return Planned("module.osmo.helm_release.service", after.dump(),
                 after_unknown.dump());
}

constexpr char kNgc[] = "https://helm.ngc.nvidia.com/nvidia/osmo";

TEST(S1OsmoApiAuth, ReferenceArchitectureValuesViolateEveryFacet) {
  bool passed = true;
  std::vector<Finding> f =
      S1({Release("service", kNgc, {kReferenceValues})}, Policy(), &passed);
  ASSERT_EQ(f.size(), 4u);
  for (const char* facet :
       {"service-auth", "envoy-osmoauth", "oauth2-proxy", "authz"}) {
    EXPECT_EQ(WithFacet(f, facet)->status, Status::kViolation) << facet;
    EXPECT_EQ(WithFacet(f, facet)->subject, "module.osmo.helm_release.service");
  }
  ExpectContains(WithFacet(f, "service-auth")->message,
                 "services.service.auth.enabled = false (values[0])");
  EXPECT_FALSE(passed);
}

TEST(S1OsmoApiAuth, SetOverridesValuesAndNamesTheWinner) {
  nlohmann::json set = nlohmann::json::array();
  for (const char* key :
       {"services.service.auth.enabled", "sidecars.envoy.osmoauth.enabled",
        "sidecars.oauth2Proxy.enabled", "sidecars.authz.enabled"}) {
    set.push_back({{"name", key}, {"value", "true"}, {"type", nullptr}});
  }
  bool passed = false;
  std::vector<Finding> f =
      S1({Release("osmo/service", "", {kReferenceValues}, set)}, Policy(),
         &passed);
  ASSERT_EQ(f.size(), 4u);
  EXPECT_EQ(WithFacet(f, "authz")->status, Status::kPass);
  ExpectContains(WithFacet(f, "authz")->message,
                 "sidecars.authz.enabled = true (set[3])");
  EXPECT_TRUE(passed);
}

TEST(S1OsmoApiAuth, NewerChartKeysAndNoServiceAuth) {
  const std::string values = R"(sidecars:
  envoy: { enabled: true, osmoauth: { enabled: true } }
gateway:
  oauth2Proxy: { enabled: true }
  authz: { enabled: false }
)";
  std::vector<Finding> f = S1({Release("osmo", kNgc, {values})});
  EXPECT_EQ(WithFacet(f, "service-auth")->status, Status::kNotApplicable);
  EXPECT_EQ(WithFacet(f, "oauth2-proxy")->status, Status::kPass);
  EXPECT_EQ(WithFacet(f, "authz")->status, Status::kViolation);
  ExpectContains(WithFacet(f, "authz")->message,
                 "gateway.authz.enabled = false (values[0])");
}

TEST(S1OsmoApiAuth, UnknownValuesAndSensitiveSetsAreUndecided) {
  Resource r = Release("service", kNgc, {"placeholder"},
                       nlohmann::json::array(), {{"values", {true}}});
  std::vector<Finding> f = S1({r});
  EXPECT_EQ(WithFacet(f, "authz")->status, Status::kUndecided);
  ExpectContains(WithFacet(f, "authz")->message,
                 "values[0] is unknown at plan time");

  nlohmann::json after = {
      {"chart", "service"},
      {"repository", kNgc},
      {"values", {"sidecars: {authz: {enabled: true}}\n"}},
      {"set_sensitive",
       {{{"name", "sidecars.authz.enabled"}, {"value", "hunter2-false"}}}}};
  r = Planned("helm_release.osmo", after.dump());
  // The plan reader makes sensitive values Sensitive(); do the same.
  r.values.mutable_members()["set_sensitive"]
      .mutable_elements()[0]
      .mutable_members()["value"] = PlanValue::Sensitive();
  f = S1({r});
  EXPECT_EQ(WithFacet(f, "authz")->status, Status::kUndecided);
  ExpectContains(WithFacet(f, "authz")->message,
                 "set by set_sensitive[0], whose value is never read");
  EXPECT_EQ(WithFacet(f, "authz")->message.find("hunter2"), std::string::npos);
}

TEST(S1OsmoApiAuth, AbsentKeysNeedTheChartDefaultFromThePolicy) {
  Resource r = Release("web-ui", kNgc, {"replicas: 2\n"});
  std::vector<Finding> f = S1({r});
  EXPECT_EQ(WithFacet(f, "authz")->status, Status::kUndecided);
  ExpectContains(WithFacet(f, "authz")->message,
                 "sidecars.authz.enabled and gateway.authz.enabled not set");
  Policy policy;
  policy.osmo_chart_defaults["sidecars.authz.enabled"] = true;
  policy.osmo_chart_defaults["sidecars.oauth2Proxy.enabled"] = false;
  f = S1({r}, policy);
  EXPECT_EQ(WithFacet(f, "authz")->status, Status::kPass);
  EXPECT_EQ(WithFacet(f, "oauth2-proxy")->status, Status::kViolation);
  ExpectContains(WithFacet(f, "oauth2-proxy")->message,
                 "the policy states the chart's default, false");
}

TEST(S1OsmoApiAuth, OtherChartsAreNotOsmo) {
  std::vector<Finding> f =
      S1({Release("router", "https://charts.example.com/stable",
                  {kReferenceValues}),
          Release("ingress-nginx", "https://kubernetes.github.io/ingress-nginx",
                  {})});
  ASSERT_EQ(f.size(), 1u);
  EXPECT_EQ(f[0].status, Status::kNotApplicable);
  ExpectContains(f[0].message, "OSMO not managed by Terraform");
  // Unless the policy names the chart.
  Policy policy;
  policy.osmo_charts = {"router"};
  f = S1({Release("router", "https://charts.example.com/stable",
                  {kReferenceValues})},
         policy);
  ASSERT_EQ(f.size(), 4u);
  EXPECT_EQ(WithFacet(f, "authz")->status, Status::kViolation);
  // An unknown chart with no repository may be OSMO.
  Resource r =
      Release("service", "", {}, nlohmann::json::array(), {{"chart", true}});
  f = S1({r});
  ASSERT_EQ(f.size(), 1u);
  EXPECT_EQ(f[0].status, Status::kUndecided);
}

// The premise facet: the API server of the cluster that runs OSMO.

Resource Cluster(const std::string& name, const std::string& members,
                 const std::string& after_unknown = "{}") {
  return Planned("azurerm_kubernetes_cluster." + name,
                 R"({"name": "aks-)" + name + R"(")" + members + "}",
                 after_unknown, std::vector<std::string>{"name"});
}

TEST(S1OsmoApiAuth, PublicApiServerOfTheOnlyClusterBreaksThePremise) {
  std::vector<Finding> f =
      S1({Release("service", kNgc, {kReferenceValues}),
          Cluster("main", R"(, "private_cluster_enabled": false,
                             "api_server_access_profile": [])")});
  std::optional<Finding> premise = WithFacet(f, "premise-private-api");
  ASSERT_TRUE(premise.has_value());
  EXPECT_EQ(premise->status, Status::kViolation);
  EXPECT_EQ(premise->subject, "azurerm_kubernetes_cluster.main");
  EXPECT_EQ(premise->enforcement, Enforcement::kMandatory);
  ExpectContains(premise->message, "private_cluster_enabled = false");
  ExpectContains(premise->message, "module.osmo.helm_release.service");
}

TEST(S1OsmoApiAuth, PrivateOrAuthorizedRangesKeepThePremise) {
  const std::string variants[] = {
      R"(, "private_cluster_enabled": true)",
      R"(, "private_cluster_enabled": false, "api_server_access_profile":
          [{"authorized_ip_ranges": ["203.0.113.0/24"]}])",
      // azurerm 3.x: the top-level list.
      R"(, "private_cluster_enabled": false,
          "api_server_authorized_ip_ranges": ["203.0.113.0/24"])",
  };
  for (const std::string& members : variants) {
    std::vector<Finding> f = S1({Release("service", kNgc, {kReferenceValues}),
                                 Cluster("main", members)});
    std::optional<Finding> premise = WithFacet(f, "premise-private-api");
    ASSERT_TRUE(premise.has_value());
    EXPECT_EQ(premise->status, Status::kPass) << members << premise->message;
  }
}

TEST(S1OsmoApiAuth, EveryAddressRangeIsNoRestriction) {
  std::vector<Finding> f = S1({Release("service", kNgc, {kReferenceValues}),
                               Cluster("main", R"(, "api_server_access_profile":
                             [{"authorized_ip_ranges": ["0.0.0.0/0"]}])")});
  EXPECT_EQ(WithFacet(f, "premise-private-api")->status, Status::kViolation);
}

TEST(S1OsmoApiAuth, SeveralClustersCannotBeTiedToTheRelease) {
  std::vector<Finding> f =
      S1({Release("service", kNgc, {kReferenceValues}), Cluster("a", ""),
          Cluster("b", R"(, "private_cluster_enabled": true)")});
  std::optional<Finding> a = testing::About(f, "azurerm_kubernetes_cluster.a");
  ASSERT_TRUE(a.has_value());
  EXPECT_EQ(a->status, Status::kUndecided);
  ExpectContains(a->message, "helm provider's configuration");
  std::optional<Finding> b = testing::About(f, "azurerm_kubernetes_cluster.b");
  ASSERT_TRUE(b.has_value());
  EXPECT_EQ(b->status, Status::kPass);
}

TEST(S1OsmoApiAuth, UnknownFlagSetByReferenceIsUndecided) {
  Resource c =
      Planned("azurerm_kubernetes_cluster.main", R"({"name": "aks-main"})",
              R"({"private_cluster_enabled": true})",
              std::vector<std::string>{"name", "private_cluster_enabled"});
  c.references["private_cluster_enabled"] = {
      testing::RefTo("terraform_data.flags", "output")};
  std::vector<Finding> f =
      S1({Release("service", kNgc, {kReferenceValues}), std::move(c)});
  EXPECT_EQ(WithFacet(f, "premise-private-api")->status, Status::kUndecided);
}

TEST(S1OsmoApiAuth, NoOsmoReleaseLeavesClustersAlone) {
  std::vector<Finding> f = S1({Cluster("main", "")});
  ASSERT_EQ(f.size(), 1u);
  EXPECT_EQ(f[0].status, Status::kNotApplicable);
}

}  // namespace
}  // namespace threatmodel::rules
