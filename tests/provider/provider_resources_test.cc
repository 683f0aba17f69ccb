// The managed-resource half of the provider core (provider_resources.cc):
// what the core enforces around a resource's own Plan, Apply and Delete.
#include <functional>
#include <memory>
#include <string>

#include "gtest/gtest.h"
#include "threatmodel/provider/provider.h"

namespace threatmodel::provider {
namespace {

using cty::Type;
using cty::Value;

// A managed resource whose behaviour each test sets through std::function
// members; an empty member falls back to the interface's default (or, for
// Plan and Apply, to echoing the proposed or planned state). Counters record
// which methods the core called.
class FakeResource final : public ManagedResource {
 public:
  FakeResource() {
    Attribute secret = OptionalAttribute("secret", Type::String(), "");
    secret.write_only = true;
    schema_.version = 1;
    schema_.block.attributes = {OptionalAttribute("input", Type::String(), ""),
                                ComputedAttribute("output", Type::String(), ""),
                                std::move(secret)};
  }
  std::string_view TypeName() const override { return "fake_widget"; }
  const Schema& GetSchema() const override { return schema_; }
  void Validate(const Value&, const ClientCapabilities&,
                diag::Diagnostics&) const override {}
  void Plan(const RequestContext&, const PlanRequest& request,
            PlanResponse& response, diag::Diagnostics& d) const override {
    ++plan_calls;
    if (plan) plan(request, response, d);
  }
  void Apply(const RequestContext&, const ApplyRequest& request,
             Value& new_state, diag::Diagnostics& d) const override {
    ++apply_calls;
    new_state = request.planned_state;
    if (apply) apply(request, new_state, d);
  }
  void Delete(const RequestContext&, const Value&,
              diag::Diagnostics& d) const override {
    ++delete_calls;
    if (remove) remove(d);
  }

  std::function<void(const PlanRequest&, PlanResponse&, diag::Diagnostics&)>
      plan;
  std::function<void(const ApplyRequest&, Value&, diag::Diagnostics&)> apply;
  std::function<void(diag::Diagnostics&)> remove;
  mutable int plan_calls = 0;
  mutable int apply_calls = 0;
  mutable int delete_calls = 0;

 private:
  Schema schema_;
};

struct Fixture {
  Fixture() {
    auto r = std::make_unique<FakeResource>();
    fake = r.get();
    ProviderDefinition def;
    def.type_name = "fake";
    def.resources.push_back(std::move(r));
    provider = std::make_unique<Provider>(std::move(def));
  }
  Type StateType() const { return ImpliedType(fake->GetSchema().block); }
  Value State(Value input, Value output, Value secret) const {
    return Value::ObjectOf(StateType(), {{"input", std::move(input)},
                                         {"output", std::move(output)},
                                         {"secret", std::move(secret)}});
  }
  Value Null() const { return Value::Null(StateType()); }

  ClientCapabilities capabilities{.write_only_attributes_allowed = true};
  FakeResource* fake;
  std::unique_ptr<Provider> provider;
};

TEST(ProviderResources, WriteOnlyValuesNeverReachThePlannedState) {
  Fixture f;
  const Value config = f.State(Value::String("a"), Value::Null(Type::String()),
                               Value::String("hunter2"));
  PlanRequest request{f.Null(), config, config};
  f.fake->plan = [](const PlanRequest&, PlanResponse& response,
                    diag::Diagnostics&) {
    // Plans that carry the secret forward must still not leak it.
    EXPECT_EQ(response.planned_state.GetAttr("secret")->AsString(), "hunter2");
  };
  PlanResourceChangeResult r =
      f.provider->PlanResourceChange("fake_widget", request, f.capabilities);
  ASSERT_FALSE(r.diagnostics.HasError());
  EXPECT_EQ(f.fake->plan_calls, 1);
  EXPECT_TRUE(r.planned_state.GetAttr("secret")->IsNull());
  EXPECT_EQ(r.planned_state.GetAttr("input")->AsString(), "a");
}

TEST(ProviderResources, WriteOnlyValuesNeverReachTheAppliedState) {
  Fixture f;
  const Value config = f.State(Value::String("a"), Value::Null(Type::String()),
                               Value::String("hunter2"));
  f.fake->apply = [&](const ApplyRequest& request, Value& state,
                      diag::Diagnostics&) {
    // The secret is in the configuration only; a careless resource copies
    // it into the state.
    state = f.State(*request.config.GetAttr("input"), Value::String("out"),
                    *request.config.GetAttr("secret"));
  };
  ApplyRequest request{
      f.Null(),
      f.State(Value::String("a"), Value::Unknown(Type::String()),
              Value::Null(Type::String())),
      config};
  ResourceStateResult r =
      f.provider->ApplyResourceChange("fake_widget", request, f.capabilities);
  ASSERT_FALSE(r.diagnostics.HasError());
  EXPECT_EQ(f.fake->apply_calls, 1);
  EXPECT_TRUE(r.state.GetAttr("secret")->IsNull());
  EXPECT_EQ(r.state.GetAttr("output")->AsString(), "out");
}

TEST(ProviderResources, DestroyPlanIsNullAndNeverReachesPlan) {
  Fixture f;
  const Value prior = f.State(Value::String("a"), Value::String("out"),
                              Value::Null(Type::String()));
  PlanRequest request{prior, f.Null(), f.Null()};
  PlanResourceChangeResult r =
      f.provider->PlanResourceChange("fake_widget", request, f.capabilities);
  EXPECT_FALSE(r.diagnostics.HasError());
  EXPECT_TRUE(r.planned_state.IsNull());
  EXPECT_EQ(r.planned_state.type(), f.StateType());
  EXPECT_EQ(f.fake->plan_calls, 0);
}

TEST(ProviderResources, ApplyOfANullPlanDeletes) {
  Fixture f;
  const Value prior = f.State(Value::String("a"), Value::String("out"),
                              Value::Null(Type::String()));
  ApplyRequest request{prior, f.Null(), f.Null()};
  ResourceStateResult r =
      f.provider->ApplyResourceChange("fake_widget", request, f.capabilities);
  EXPECT_FALSE(r.diagnostics.HasError());
  EXPECT_EQ(f.fake->delete_calls, 1);
  EXPECT_EQ(f.fake->apply_calls, 0);
  EXPECT_TRUE(r.state.IsNull());
}

TEST(ProviderResources, FailedDeleteKeepsThePriorState) {
  Fixture f;
  f.fake->remove = [](diag::Diagnostics& d) { d.AddError("still in use"); };
  const Value prior = f.State(Value::String("a"), Value::String("out"),
                              Value::Null(Type::String()));
  ApplyRequest request{prior, f.Null(), f.Null()};
  ResourceStateResult r =
      f.provider->ApplyResourceChange("fake_widget", request, f.capabilities);
  EXPECT_TRUE(r.diagnostics.HasError());
  // Terraform keeps whatever state comes back; null would forget an object
  // that still exists.
  EXPECT_EQ(r.state, prior);
}

TEST(ProviderResources, ApplyThatLeavesUnknownsIsAnError) {
  Fixture f;
  const Value planned =
      f.State(Value::String("a"), Value::Unknown(Type::String()),
              Value::Null(Type::String()));
  // No apply hook: the planned state, unknown `output` included, is echoed.
  ApplyRequest request{f.Null(), planned, planned};
  ResourceStateResult r =
      f.provider->ApplyResourceChange("fake_widget", request, f.capabilities);
  ASSERT_TRUE(r.diagnostics.HasError());
  EXPECT_EQ(r.diagnostics.items()[0].summary,
            "Provider produced an incomplete result");
}

TEST(ProviderResources, UnknownTypeNameIsADiagnosticInEveryRpc) {
  Fixture f;
  EXPECT_EQ(f.provider->FindResource("fake_nope"), nullptr);
  EXPECT_TRUE(
      f.provider->ValidateResourceConfig("fake_nope", Value(), f.capabilities)
          .HasError());
  EXPECT_TRUE(f.provider->UpgradeResourceState("fake_nope", 0, "{}")
                  .diagnostics.HasError());
  EXPECT_TRUE(f.provider->ReadResource("fake_nope", Value(), f.capabilities)
                  .diagnostics.HasError());
  EXPECT_TRUE(
      f.provider->PlanResourceChange("fake_nope", PlanRequest{}, f.capabilities)
          .diagnostics.HasError());
  EXPECT_TRUE(
      f.provider
          ->ApplyResourceChange("fake_nope", ApplyRequest{}, f.capabilities)
          .diagnostics.HasError());
  EXPECT_TRUE(f.provider->ImportResourceState("fake_nope", "id", f.capabilities)
                  .diagnostics.HasError());
  EXPECT_EQ(f.fake->plan_calls + f.fake->apply_calls + f.fake->delete_calls, 0);
}

TEST(ProviderResources, UpgradeRefusesStateFromANewerSchema) {
  Fixture f;
  ResourceStateResult r = f.provider->UpgradeResourceState(
      "fake_widget", 2, R"({"input":"a","output":"out","secret":null})");
  ASSERT_TRUE(r.diagnostics.HasError());
  EXPECT_EQ(r.diagnostics.items()[0].summary,
            "State written by a newer provider");
}

TEST(ProviderResources, UpgradeOfTheCurrentVersionDecodesTheJson) {
  Fixture f;
  // `gone` belongs to an earlier schema; the default upgrade drops it.
  ResourceStateResult r = f.provider->UpgradeResourceState(
      "fake_widget", 1,
      R"({"input":"a","output":"out","secret":null,"gone":1})");
  ASSERT_FALSE(r.diagnostics.HasError());
  EXPECT_EQ(r.state, f.State(Value::String("a"), Value::String("out"),
                             Value::Null(Type::String())));
}

}  // namespace
}  // namespace threatmodel::provider
