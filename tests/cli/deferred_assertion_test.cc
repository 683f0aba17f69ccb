// Deferred assertions judged by the CLI through the data source's own Read.

#include "cli/deferred_assertion.h"

#include <string>

#include "gtest/gtest.h"

namespace threatmodel::cli {
namespace {

using rules::PlanValue;

constexpr char kRg[] =
    "/subscriptions/00000000-0000-0000-0000-000000000001/resourceGroups/"
    "rg-robotics-dev";

PlanValue Grant(std::string role) {
  return PlanValue::Object(
      {{"role_definition_name", PlanValue::String(std::move(role))},
       {"scope", PlanValue::String(kRg)}});
}

// The planned `after` of a deferred data.threatmodel_assertion whose
// account's principal is unknown and holds Contributor.
PlanValue Assertion(std::string role) {
  return PlanValue::Object(
      {{"automation_accounts",
        PlanValue::Object(
            {{"aa-robotics-dev",
              PlanValue::Object(
                  {{"principal_id", PlanValue::Unknown()},
                   {"role_assignments",
                    PlanValue::List({Grant(std::move(role))})}})}})},
       {"threats", PlanValue::List({PlanValue::String("E-1")})},
       {"findings", PlanValue::Unknown()},
       {"passed", PlanValue::Unknown()}});
}

TEST(DeferredAssertion, ContributorIsAViolationAsTheDataSourceSays) {
  absl::StatusOr<DeferredAssertionResult> r =
      EvaluateDeferredAssertion(Assertion("Contributor"), rules::Policy(),
                                std::nullopt, absl::CivilDay(2026, 3, 1));
  ASSERT_TRUE(r.ok()) << r.status();
  EXPECT_FALSE(r->passed);
  EXPECT_TRUE(r->errors.empty());
  ASSERT_EQ(r->findings.size(), 1u);
  EXPECT_EQ(r->findings[0].threat_id, "E-1");
  EXPECT_EQ(r->findings[0].status, rules::Status::kViolation);
  EXPECT_EQ(r->findings[0].subject, "aa-robotics-dev");
  EXPECT_NE(r->findings[0].message.find("Contributor"), std::string::npos);
}

// The CLI's policy plays the provider block's part.
TEST(DeferredAssertion, TheCliPolicyStandsInForTheProviderBlock) {
  rules::Policy policy;
  policy.enforcement["E-1"] = rules::Enforcement::kAdvisory;
  absl::StatusOr<DeferredAssertionResult> r =
      EvaluateDeferredAssertion(Assertion("Contributor"), policy, std::nullopt,
                                absl::CivilDay(2026, 3, 1));
  ASSERT_TRUE(r.ok()) << r.status();
  ASSERT_EQ(r->findings.size(), 1u);
  EXPECT_EQ(r->findings[0].status, rules::Status::kViolation);
  EXPECT_EQ(r->findings[0].enforcement, rules::Enforcement::kAdvisory);
  EXPECT_TRUE(r->passed);
}

TEST(DeferredAssertion, NarrowRolePasses) {
  absl::StatusOr<DeferredAssertionResult> r = EvaluateDeferredAssertion(
      Assertion("Robotics Runbook Start Stop"), rules::Policy(), std::nullopt,
      absl::CivilDay(2026, 3, 1));
  ASSERT_TRUE(r.ok()) << r.status();
  EXPECT_TRUE(r->passed);
  ASSERT_EQ(r->findings.size(), 1u);
  EXPECT_EQ(r->findings[0].status, rules::Status::kPass);
}

TEST(DeferredAssertion, InputsTheDataSourceRejectsAreErrors) {
  PlanValue bad = Assertion("Contributor");
  bad.mutable_members()["threats"] =
      PlanValue::List({PlanValue::String("X-9")});
  absl::StatusOr<DeferredAssertionResult> r = EvaluateDeferredAssertion(
      bad, rules::Policy(), std::nullopt, absl::CivilDay(2026, 3, 1));
  ASSERT_TRUE(r.ok()) << r.status();
  EXPECT_FALSE(r->passed);
  ASSERT_FALSE(r->errors.empty());
  EXPECT_NE(r->errors[0].find("X-9"), std::string::npos);
}

TEST(DeferredAssertion, ShapesThatDoNotFitAreInputErrors) {
  PlanValue bad = Assertion("Contributor");
  bad.mutable_members()["threats"] = PlanValue::String("E-1");
  EXPECT_FALSE(EvaluateDeferredAssertion(bad, rules::Policy(), std::nullopt,
                                         absl::CivilDay(2026, 3, 1))
                   .ok());
  bad = Assertion("Contributor");
  bad.mutable_members()["no_such_input"] = PlanValue::Bool(true);
  EXPECT_FALSE(EvaluateDeferredAssertion(bad, rules::Policy(), std::nullopt,
                                         absl::CivilDay(2026, 3, 1))
                   .ok());
  EXPECT_FALSE(EvaluateDeferredAssertion(PlanValue::String("x"),
                                         rules::Policy(), std::nullopt,
                                         absl::CivilDay(2026, 3, 1))
                   .ok());
}

TEST(PlanValueToCty, UnknownAndSensitiveBecomeUnknown) {
  absl::StatusOr<cty::Value> v =
      PlanValueToCty(PlanValue::Sensitive(), cty::Type::String());
  ASSERT_TRUE(v.ok());
  EXPECT_FALSE(v->IsKnown());
  v = PlanValueToCty(PlanValue::Number("12"), cty::Type::Number());
  ASSERT_TRUE(v.ok());
  EXPECT_EQ(v->AsNumber().AsInt64(), 12);
}

}  // namespace
}  // namespace threatmodel::cli
