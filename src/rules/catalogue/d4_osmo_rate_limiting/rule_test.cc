// D-4 through the engine, over helm_release resources as the plan reader
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

std::vector<Finding> D4(std::vector<Resource> resources,
                        const Policy& policy = Policy(),
                        bool* passed = nullptr) {
  return testing::FindingsOver(std::move(resources), "D-4", policy, passed);
}

Resource Release(const std::string& chart,
                 const std::vector<std::string>& values,
                 const nlohmann::json& set = nlohmann::json::array()) {
  nlohmann::json after = {
      {"chart", chart},
      {"repository", "https://helm.ngc.nvidia.com/nvidia/osmo/"},
      {"values", values},
      {"set", set}};
  return Planned("helm_release.osmo_router", after.dump());
}

TEST(D4OsmoRateLimiting, ReferenceArchitectureTurnsBothOff) {
  bool passed = true;
  std::vector<Finding> f =
      D4({Release("router", {"sidecars:\n  envoy: {enabled: false}\n"
                             "  rateLimit: {enabled: false}\n"})},
         Policy(), &passed);
  ASSERT_EQ(f.size(), 2u);
  EXPECT_EQ(WithFacet(f, "rate-limit")->status, Status::kViolation);
  EXPECT_EQ(WithFacet(f, "envoy")->status, Status::kViolation);
  ExpectContains(WithFacet(f, "envoy")->message,
                 "sidecars.envoy.enabled = false (values[0])");
  EXPECT_FALSE(passed);
}

TEST(D4OsmoRateLimiting, LaterValuesAndSetTurnThemOn) {
  nlohmann::json set = {{{"name", "sidecars.rateLimit.enabled"},
                         {"value", "true"},
                         {"type", "auto"}}};
  bool passed = false;
  std::vector<Finding> f =
      D4({Release("router",
                  {"sidecars: {envoy: {enabled: false}, rateLimit: {enabled: "
                   "false}}\n",
                   "sidecars: {envoy: {enabled: true}}\n"},
                  set)},
         Policy(), &passed);
  EXPECT_EQ(WithFacet(f, "envoy")->status, Status::kPass);
  ExpectContains(WithFacet(f, "envoy")->message,
                 "sidecars.envoy.enabled = true (values[1])");
  EXPECT_EQ(WithFacet(f, "rate-limit")->status, Status::kPass);
  ExpectContains(WithFacet(f, "rate-limit")->message, "(set[0])");
  EXPECT_TRUE(passed);
}

TEST(D4OsmoRateLimiting, StringFalseIsNotABooleanAndUnknownSetIsUndecided) {
  nlohmann::json set = {{{"name", "sidecars.envoy.enabled"},
                         {"value", "false"},
                         {"type", "string"}}};
  std::vector<Finding> f = D4(
      {Release("router", {"sidecars: {rateLimit: {enabled: true}}\n"}, set)});
  EXPECT_EQ(WithFacet(f, "envoy")->status, Status::kUndecided);
  ExpectContains(WithFacet(f, "envoy")->message, "not a boolean");

  nlohmann::json after = {
      {"chart", "router"},
      {"repository", "https://helm.ngc.nvidia.com/nvidia/osmo"},
      {"values", {"sidecars: {envoy: {enabled: true}}\n"}},
      {"set", {{{"name", "sidecars.envoy.enabled"}, {"value", nullptr}}}}};
  nlohmann::json unknown = {{"set", {{{"value", true}}}}};
  f = D4({Planned("helm_release.r", after.dump(), unknown.dump())});
  EXPECT_EQ(WithFacet(f, "envoy")->status, Status::kUndecided);
  ExpectContains(WithFacet(f, "envoy")->message,
                 "set[0].value is unknown at plan time");
}

TEST(D4OsmoRateLimiting, NewerChartHasNoRateLimitKey) {
  std::vector<Finding> f =
      D4({Release("osmo", {"sidecars: {envoy: {enabled: false}}\n"})});
  EXPECT_EQ(WithFacet(f, "rate-limit")->status, Status::kNotApplicable);
  EXPECT_EQ(WithFacet(f, "envoy")->status, Status::kViolation);
}

TEST(D4OsmoRateLimiting, NoOsmoReleaseIsNotApplicable) {
  std::vector<Finding> f = D4({});
  ASSERT_EQ(f.size(), 1u);
  EXPECT_EQ(f[0].status, Status::kNotApplicable);
  ExpectContains(f[0].message, "OSMO not managed by Terraform");
}

}  // namespace
}  // namespace threatmodel::rules
