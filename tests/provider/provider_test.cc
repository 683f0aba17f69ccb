#include "threatmodel/provider/provider.h"

#include <thread>

#include "gtest/gtest.h"

namespace threatmodel::provider {
namespace {

using cty::Type;
using cty::Value;

// A data source whose behaviour each test sets through std::function
// members; an empty member does nothing.
class FakeDataSource final : public DataSource {
 public:
  FakeDataSource() {
    schema_.block.attributes = {
        OptionalAttribute("input", Type::String(), ""),
        ComputedAttribute("output", Type::String(), "")};
  }
  std::string_view TypeName() const override { return "fake_thing"; }
  const Schema& GetSchema() const override { return schema_; }
  void Validate(const Value& config, diag::Diagnostics& d) const override {
    if (validate) validate(config, d);
  }
  void Read(const RequestContext& ctx, const Value& config, Value& state,
            diag::Diagnostics& d) const override {
    if (read) read(ctx, config, state, d);
  }

  std::function<void(const Value&, diag::Diagnostics&)> validate;
  std::function<void(const RequestContext&, const Value&, Value&,
                     diag::Diagnostics&)>
      read;

 private:
  Schema schema_;
};

struct Fixture {
  Fixture() {
    auto ds = std::make_unique<FakeDataSource>();
    fake = ds.get();
    ProviderDefinition def;
    def.type_name = "fake";
    def.provider_schema.block.attributes = {
        OptionalAttribute("setting", Type::String(), "")};
    def.data_sources.push_back(std::move(ds));
    def.validate_config = [](const Value& v, diag::Diagnostics& d) {
      if (v.IsNull() || !v.IsKnown()) return;
      const Value* s = v.GetAttr("setting");
      if (s != nullptr && s->IsKnown() && !s->IsNull() &&
          s->AsString() == "bad") {
        d.AddAttributeError(cty::Path().Attr("setting"), "bad setting");
      }
    };
    provider = std::make_unique<Provider>(std::move(def));
  }
  Value Config(Value input) const {
    return Value::ObjectOf(ImpliedType(fake->GetSchema().block),
                           {{"input", std::move(input)}});
  }
  Value ProviderConfig(std::string setting) const {
    return Value::ObjectOf(ImpliedType(provider->provider_schema().block),
                           {{"setting", Value::String(std::move(setting))}});
  }
  FakeDataSource* fake;
  std::unique_ptr<Provider> provider;
};

void EchoRead(const RequestContext& ctx, const Value& config, Value& state,
              diag::Diagnostics&) {
  std::string setting = "unset";
  if (!ctx.provider_config.IsNull()) {
    setting = ctx.provider_config.GetAttr("setting")->AsString();
  }
  state = Value::Object(
      {{"input", *config.GetAttr("input")},
       {"output", Value::String(setting + "/" + ctx.terraform_version)}});
}

TEST(Provider, UnknownDataSourceIsADiagnosticNotACrash) {
  Fixture f;
  EXPECT_EQ(f.provider->FindDataSource("nope"), nullptr);
  EXPECT_TRUE(
      f.provider->ValidateDataResourceConfig("nope", Value()).HasError());
  ReadDataSourceResult r = f.provider->ReadDataSource("nope", Value());
  EXPECT_TRUE(r.diagnostics.HasError());
}

TEST(Provider, ValidatePassesUnknownsThrough) {
  Fixture f;
  bool saw_unknown = false;
  f.fake->validate = [&](const Value& v, diag::Diagnostics&) {
    saw_unknown = !v.GetAttr("input")->IsKnown();
  };
  diag::Diagnostics d = f.provider->ValidateDataResourceConfig(
      "fake_thing", f.Config(Value::Unknown(Type::String())));
  EXPECT_FALSE(d.HasError());
  EXPECT_TRUE(saw_unknown);
}

TEST(Provider, ReadBeforeConfigureSeesNullProviderConfig) {
  Fixture f;
  f.fake->read = EchoRead;
  ReadDataSourceResult r =
      f.provider->ReadDataSource("fake_thing", f.Config(Value::String("x")));
  ASSERT_FALSE(r.diagnostics.HasError());
  EXPECT_EQ(r.state.GetAttr("output")->AsString(), "unset/");
}

TEST(Provider, LatestConfigurationWins) {
  Fixture f;
  f.fake->read = EchoRead;
  EXPECT_FALSE(f.provider->ConfigureProvider(f.ProviderConfig("one"), "1.11.4")
                   .HasError());
  EXPECT_FALSE(f.provider->ConfigureProvider(f.ProviderConfig("two"), "1.12.0")
                   .HasError());
  ReadDataSourceResult r =
      f.provider->ReadDataSource("fake_thing", f.Config(Value::String("x")));
  EXPECT_EQ(r.state.GetAttr("output")->AsString(), "two/1.12.0");
}

TEST(Provider, InvalidProviderConfigIsRejectedAndNotApplied) {
  Fixture f;
  f.fake->read = EchoRead;
  diag::Diagnostics d =
      f.provider->ConfigureProvider(f.ProviderConfig("bad"), "");
  ASSERT_TRUE(d.HasError());
  ASSERT_TRUE(d.items()[0].attribute.has_value());
  EXPECT_EQ(d.items()[0].attribute->ToString(), ".setting");
  ReadDataSourceResult r =
      f.provider->ReadDataSource("fake_thing", f.Config(Value::String("x")));
  EXPECT_EQ(r.state.GetAttr("output")->AsString(), "unset/");
}

TEST(Provider, ValidationErrorsStopTheRead) {
  Fixture f;
  bool read_called = false;
  f.fake->validate = [](const Value&, diag::Diagnostics& d) {
    d.AddError("invalid");
  };
  f.fake->read = [&](auto&&...) { read_called = true; };
  ReadDataSourceResult r =
      f.provider->ReadDataSource("fake_thing", f.Config(Value::String("x")));
  EXPECT_TRUE(r.diagnostics.HasError());
  EXPECT_FALSE(read_called);
}

TEST(Provider, UnknownConfigIsNeverRead) {
  Fixture f;
  bool read_called = false;
  f.fake->read = [&](auto&&...) { read_called = true; };
  ReadDataSourceResult r = f.provider->ReadDataSource(
      "fake_thing", f.Config(Value::Unknown(Type::String())));
  EXPECT_TRUE(r.diagnostics.HasError());
  EXPECT_FALSE(read_called);
}

TEST(Provider, NullConfigIsADiagnosticNotARead) {
  Fixture f;
  bool read_called = false;
  f.fake->read = [&](auto&&...) { read_called = true; };
  ReadDataSourceResult r = f.provider->ReadDataSource(
      "fake_thing", Value::Null(ImpliedType(f.fake->GetSchema().block)));
  EXPECT_TRUE(r.diagnostics.HasError());
  EXPECT_FALSE(read_called);
}

TEST(Provider, IncompleteStateIsReportedAsProviderBug) {
  Fixture f;
  f.fake->read = [](const RequestContext&, const Value&, Value& state,
                    diag::Diagnostics&) {
    state = Value::Object({{"input", Value::Null(Type::String())},
                           {"output", Value::Unknown(Type::String())}});
  };
  ReadDataSourceResult r =
      f.provider->ReadDataSource("fake_thing", f.Config(Value::String("x")));
  ASSERT_TRUE(r.diagnostics.HasError());
  EXPECT_NE(r.diagnostics.items()[0].summary.find("incomplete"),
            std::string::npos);
}

TEST(Provider, StopCancelsInFlightReadOnly) {
  Fixture f;
  std::atomic<bool> in_read{false};
  f.fake->read = [&](const RequestContext& ctx, const Value& config,
                     Value& state, diag::Diagnostics& d) {
    if (config.GetAttr("input")->AsString() == "wait") {
      in_read = true;
      while (!ctx.Stopped()) std::this_thread::yield();
    }
    EchoRead(ctx, config, state, d);
  };
  ReadDataSourceResult stopped;
  std::thread reader([&] {
    stopped = f.provider->ReadDataSource("fake_thing",
                                         f.Config(Value::String("wait")));
  });
  while (!in_read) std::this_thread::yield();
  f.provider->Stop();
  reader.join();
  EXPECT_TRUE(stopped.diagnostics.HasError());

  ReadDataSourceResult later =
      f.provider->ReadDataSource("fake_thing", f.Config(Value::String("x")));
  EXPECT_FALSE(later.diagnostics.HasError());
}

TEST(Provider, ConcurrentReadsAndConfigures) {
  Fixture f;
  f.fake->read = EchoRead;
  std::vector<std::thread> threads;
  std::atomic<int> failures{0};
  for (int t = 0; t < 8; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < 200; ++i) {
        if (t % 2 == 0) {
          (void)f.provider->ConfigureProvider(
              f.ProviderConfig("c" + std::to_string(i)), "1");
        } else if (f.provider
                       ->ReadDataSource("fake_thing",
                                        f.Config(Value::String("x")))
                       .diagnostics.HasError()) {
          ++failures;
        }
      }
    });
  }
  for (std::thread& t : threads) t.join();
  EXPECT_EQ(failures.load(), 0);
}

}  // namespace
}  // namespace threatmodel::provider
