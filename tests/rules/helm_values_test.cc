#include "rules/helm_values.h"

#include <string>
#include <vector>

#include "gtest/gtest.h"
#include "threatmodel/rules/plan_value.h"

namespace threatmodel::rules::internal {
namespace {

PlanValue Str(std::string s) { return PlanValue::String(std::move(s)); }

PlanValue SetEntry(std::string name, PlanValue value, std::string type = "") {
  PlanValue::Members m;
  m["name"] = Str(std::move(name));
  m["value"] = std::move(value);
  m["type"] = type.empty() ? PlanValue::Null() : Str(std::move(type));
  return PlanValue::Object(std::move(m));
}

PlanValue Release(std::vector<PlanValue> values,
                  std::vector<PlanValue> set = {},
                  std::vector<PlanValue> set_sensitive = {}) {
  PlanValue::Members m;
  m["values"] = PlanValue::List(std::move(values));
  m["set"] = PlanValue::List(std::move(set));
  m["set_sensitive"] = PlanValue::List(std::move(set_sensitive));
  return PlanValue::Object(std::move(m));
}

TEST(HelmValuesYaml, ResolvesPlainScalarsAsHelmDoes) {
  absl::StatusOr<PlanValue> v = ParseHelmValuesYaml(
      "a: {enabled: false}\nb: off\nc: 'false'\nd: ~\ne: 42\nf: text\n"
      "g: !!str true\nh: [1, yes]\n");
  ASSERT_TRUE(v.ok()) << v.status();
  EXPECT_EQ(*LookupPath(*v, "a.enabled").value, PlanValue::Bool(false));
  EXPECT_EQ(*LookupPath(*v, "b").value, PlanValue::Bool(false));
  EXPECT_EQ(*LookupPath(*v, "c").value, Str("false"));
  EXPECT_EQ(LookupPath(*v, "d").state, Lookup::State::kNull);
  EXPECT_EQ(*LookupPath(*v, "e").value, PlanValue::Number("42"));
  EXPECT_EQ(*LookupPath(*v, "f").value, Str("text"));
  EXPECT_EQ(*LookupPath(*v, "g").value, Str("true"));
  EXPECT_EQ(*LookupPath(*v, "h[1]").value, PlanValue::Bool(true));
}

TEST(HelmValuesYaml, EmptyDocumentIsAnEmptyMapping) {
  for (const char* text : {"", "---\n", "# only a comment\n", "~\n"}) {
    absl::StatusOr<PlanValue> v = ParseHelmValuesYaml(text);
    ASSERT_TRUE(v.ok()) << text << ": " << v.status();
    EXPECT_EQ(*v, PlanValue::Object({})) << text;
  }
}

TEST(HelmValuesYaml, RefusesWhatCouldExpandOrMislead) {
  const char* bad[] = {
      "a: &x {b: 1}\nc: *x\n",         // anchor and alias
      "a: &x 1\n",                     // anchor alone
      "a: {b: 1}\nc: {<<: {d: 2}}\n",  // merge key
      "a: 1\na: 2\n",                  // duplicate key
      "- 1\n- 2\n",                    // not a mapping
      "a: 1\n---\nb: 2\n",             // two documents
      "a: [1\n",                       // malformed
      "? [a]\n: 1\n",                  // complex key
  };
  for (const char* text : bad) {
    EXPECT_FALSE(ParseHelmValuesYaml(text).ok()) << text;
  }
}

TEST(HelmValuesYaml, BoundsDepthAndSize) {
  std::string deep;
  for (int i = 0; i < kMaxHelmValuesDepth + 1; ++i) deep += "[";
  EXPECT_FALSE(ParseHelmValuesYaml("a: " + deep).ok());
  std::string nested = "a: ";
  for (int i = 0; i < 10; ++i) nested += "[";
  for (int i = 0; i < 10; ++i) nested += "]";
  EXPECT_TRUE(ParseHelmValuesYaml(nested).ok());
  EXPECT_FALSE(
      ParseHelmValuesYaml(std::string(kMaxHelmValuesBytes + 1, ' ')).ok());
  std::string many = "a: [";
  for (std::size_t i = 0; i < kMaxHelmValuesNodes; ++i) many += "1,";
  many += "1]\n";
  EXPECT_FALSE(ParseHelmValuesYaml(many).ok());
}

TEST(HelmKey, ParsesEscapedDotsAndIndexes) {
  absl::StatusOr<std::vector<HelmKeyStep>> k =
      ParseHelmKey("ingress.annotations.nginx\\.io/x[2].y");
  ASSERT_TRUE(k.ok()) << k.status();
  ASSERT_EQ(k->size(), 5u);
  EXPECT_EQ((*k)[2].key, "nginx.io/x");
  EXPECT_TRUE((*k)[3].is_index);
  EXPECT_EQ((*k)[3].index, 2u);
  EXPECT_EQ((*k)[4].key, "y");
  for (const char* bad :
       {"", ".a", "a.", "a..b", "a[", "a[x]", "[0]", "a\\", "a[0]b"}) {
    EXPECT_FALSE(ParseHelmKey(bad).ok()) << bad;
  }
}

TEST(HelmResolve, LaterValuesWinAndSetWinsOverValues) {
  PlanValue r = Release({Str("sidecars:\n  authz:\n    enabled: true\n"),
                         Str("sidecars: {authz: {enabled: false}}\n")});
  HelmValue v = ResolveHelmValue(r, "sidecars.authz.enabled");
  EXPECT_EQ(v.state, HelmValue::State::kFound);
  EXPECT_EQ(v.value, PlanValue::Bool(false));
  EXPECT_EQ(v.source, "values[1]");

  r = Release({Str("sidecars: {authz: {enabled: false}}\n"),
               Str("sidecars: {envoy: {enabled: true}}\n")});
  v = ResolveHelmValue(r, "sidecars.authz.enabled");
  EXPECT_EQ(v.source, "values[0]");  // maps merge: values[1] leaves it
  EXPECT_EQ(v.value, PlanValue::Bool(false));

  r = Release({Str("sidecars: {authz: {enabled: false}}\n")},
              {SetEntry("sidecars.authz.enabled", Str("true"))});
  v = ResolveHelmValue(r, "sidecars.authz.enabled");
  EXPECT_EQ(v.source, "set[0]");
  EXPECT_EQ(v.value, PlanValue::Bool(true));
}

TEST(HelmResolve, SetValuesAreTypedAsHelmTypesThem) {
  PlanValue r = Release(
      {}, {SetEntry("a", Str("FALSE")), SetEntry("b", Str("false"), "string"),
           SetEntry("c", Str("null")), SetEntry("d", Str("x,e=1")),
           SetEntry("f\\.g", Str("false"), "auto")});
  EXPECT_EQ(ResolveHelmValue(r, "a").value, PlanValue::Bool(false));
  EXPECT_EQ(ResolveHelmValue(r, "b").value, Str("false"));
  EXPECT_EQ(ResolveHelmValue(r, "c").value, PlanValue::Null());
  EXPECT_EQ(ResolveHelmValue(r, "d").state, HelmValue::State::kUndecided);
  EXPECT_EQ(ResolveHelmValue(r, "f\\.g").value, PlanValue::Bool(false));
  EXPECT_EQ(ResolveHelmValue(r, "f.g").state, HelmValue::State::kAbsent);
}

TEST(HelmResolve, UnknownsAboveTheWinnerLeaveItUndecided) {
  // An unknown document above the one that sets the key.
  PlanValue r = Release({Str("a: {enabled: true}\n"), PlanValue::Unknown()});
  HelmValue v = ResolveHelmValue(r, "a.enabled");
  EXPECT_EQ(v.state, HelmValue::State::kUndecided);
  EXPECT_EQ(v.reason, "values[1] is unknown at plan time");
  // Below the winner it does not matter.
  r = Release({PlanValue::Unknown(), Str("a: {enabled: true}\n")});
  EXPECT_EQ(ResolveHelmValue(r, "a.enabled").state, HelmValue::State::kFound);
  // An unknown set value for the key; for another key it does not matter.
  r = Release({Str("a: {enabled: true}\n")},
              {SetEntry("a.enabled", PlanValue::Unknown())});
  EXPECT_EQ(ResolveHelmValue(r, "a.enabled").state,
            HelmValue::State::kUndecided);
  EXPECT_EQ(ResolveHelmValue(r, "b.enabled").state, HelmValue::State::kAbsent);
}

TEST(HelmResolve, SensitiveSetIsNeverRead) {
  PlanValue r = Release({Str("a: {enabled: true}\n")}, {},
                        {SetEntry("a.enabled", PlanValue::Sensitive())});
  HelmValue v = ResolveHelmValue(r, "a.enabled");
  EXPECT_EQ(v.state, HelmValue::State::kUndecided);
  EXPECT_EQ(v.source, "set_sensitive[0]");
  EXPECT_EQ(v.reason,
            "a.enabled is set by set_sensitive[0], whose value is never read");
}

TEST(HelmResolve, ASensitiveSetEntrysNameDecidesButIsNeverQuoted) {
  // The name may come from a sensitive map (a dynamic block over it).
  for (const char* name : {"a.CANARY-NAME", "a"}) {
    PlanValue r = Release({Str("a: {enabled: true}\n")}, {},
                          {SetEntry(name, PlanValue::Sensitive())});
    const std::string key = std::string(name) == "a" ? "a.enabled" : "a";
    HelmValue v = ResolveHelmValue(r, key);
    EXPECT_EQ(v.state, HelmValue::State::kUndecided) << name;
    EXPECT_EQ(v.reason.find("CANARY"), std::string::npos) << v.reason;
    EXPECT_NE(v.reason.find("set_sensitive[0]"), std::string::npos) << v.reason;
  }
}

TEST(HelmResolve, ReplacedAncestorsAndUnreadableDocumentsAreUndecided) {
  PlanValue r =
      Release({Str("a: {enabled: false}\n")}, {SetEntry("a", Str("x"))});
  EXPECT_EQ(ResolveHelmValue(r, "a.enabled").state,
            HelmValue::State::kUndecided);
  r = Release({Str("a: {enabled: false}\n"), Str("a: 3\n")});
  EXPECT_EQ(ResolveHelmValue(r, "a.enabled").state,
            HelmValue::State::kUndecided);
  r = Release({Str("a: {enabled: false}\n"), Str("b: &x 1\nc: *x\n")});
  HelmValue v = ResolveHelmValue(r, "a.enabled");
  EXPECT_EQ(v.state, HelmValue::State::kUndecided);
  EXPECT_EQ(v.source, "values[1]");
  // A null ancestor removes the key and the chart's default with it.
  r = Release({Str("a: {enabled: false}\n"), Str("a: null\n")});
  v = ResolveHelmValue(r, "a.enabled");
  EXPECT_EQ(v.state, HelmValue::State::kFound);
  EXPECT_TRUE(v.value.is_null());
}

TEST(HelmResolve, NothingSetsTheKey) {
  PlanValue::Members m;
  EXPECT_EQ(ResolveHelmValue(PlanValue::Object(m), "a.b").state,
            HelmValue::State::kAbsent);
  m["values"] = PlanValue::Unknown();
  EXPECT_EQ(ResolveHelmValue(PlanValue::Object(m), "a.b").state,
            HelmValue::State::kUndecided);
}

}  // namespace
}  // namespace threatmodel::rules::internal
