// S-1 through the engine, over helm_release resources as the plan reader
// builds them.

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

}  // namespace
}  // namespace threatmodel::rules
