#include "plan/marks.h"

#include <string>
#include <utility>
#include <vector>

#include "gtest/gtest.h"
#include "nlohmann/json.hpp"
#include "plan/json_cursor.h"

namespace threatmodel::plan::internal {
namespace {

using nlohmann::json;
using rules::PlanValue;

PlanValue Read(const std::string& text) {
  JsonCursor c(text, {});
  absl::StatusOr<PlanValue> v = c.ReadPlanValue();
  EXPECT_TRUE(v.ok()) << v.status();
  return v.ok() ? *v : PlanValue();
}

struct Merged {
  absl::Status status;
  PlanValue value;
  std::vector<std::string> sensitive;
};

Merged Merge(const std::string& after, const std::string& unknown,
             const std::string& sensitive) {
  Merged m;
  m.value = Read(after);
  m.status = ApplyMarks(json::parse(unknown), json::parse(sensitive),
                        "resource_changes[0].change", &m.value, &m.sensitive);
  return m;
}

TEST(ApplyMarks, NoMarksLeaveTheValue) {
  Merged m = Merge(R"({"a":"x","b":[1]})", "{}", "{}");
  ASSERT_TRUE(m.status.ok()) << m.status;
  EXPECT_EQ(m.value, Read(R"({"a":"x","b":[1]})"));
  m = Merge(R"({"a":"x"})", "null", "false");
  ASSERT_TRUE(m.status.ok()) << m.status;
  EXPECT_EQ(m.value, Read(R"({"a":"x"})"));
}

TEST(ApplyMarks, UnknownAttributesAndBlocks) {
  Merged m = Merge(
      R"({"name":"aa","id":null,"identity":[{"type":"SystemAssigned",
          "principal_id":null}]})",
      R"({"id":true,"identity":[{"principal_id":true}],"tags":true})", "{}");
  ASSERT_TRUE(m.status.ok()) << m.status;
  EXPECT_TRUE(m.value.Find("id")->is_unknown());
  // Marked but absent from `after`: present as unknown.
  EXPECT_TRUE(m.value.Find("tags")->is_unknown());
  EXPECT_EQ(rules::LookupPath(m.value, "identity[0].principal_id").state,
            rules::Lookup::State::kUnknown);
  EXPECT_EQ(rules::StringAt(m.value, "identity[0].type"),
            rules::Maybe<std::string>("SystemAssigned"));
  EXPECT_EQ(rules::StringAt(m.value, "name"), rules::Maybe<std::string>("aa"));
}

TEST(ApplyMarks, WholeBlockUnknown) {
  // A block that is unknown as a whole: `after` has null or nothing.
  Merged m = Merge(R"({"identity":null})", R"({"identity":true})", "{}");
  ASSERT_TRUE(m.status.ok());
  EXPECT_EQ(rules::LookupPath(m.value, "identity[0].principal_id").state,
            rules::Lookup::State::kUnknown);
  // Markers below a block `after` does not have build it.
  m = Merge(R"({})", R"({"identity":[{"principal_id":true}]})", "{}");
  ASSERT_TRUE(m.status.ok());
  EXPECT_EQ(rules::LookupPath(m.value, "identity[0].principal_id").state,
            rules::Lookup::State::kUnknown);
  // Empty markers build nothing.
  m = Merge(R"({"identity":null})", R"({"identity":[{}]})", "{}");
  ASSERT_TRUE(m.status.ok());
  EXPECT_TRUE(m.value.Find("identity")->is_null());
  // The whole value unknown.
  m = Merge("null", "true", "{}");
  ASSERT_TRUE(m.status.ok());
  EXPECT_TRUE(m.value.is_unknown());
}

TEST(ApplyMarks, SensitiveValuesAreDropped) {
  Merged m = Merge(
      R"({"secret":"TOPSECRET","tags":{"k":"v","p w":"CANARY"},
          "block":[{"a":"CANARY2"}],"plain":"ok"})",
      R"({"secret":true})",
      R"({"secret":true,"tags":{"p w":true},"block":true})");
  ASSERT_TRUE(m.status.ok()) << m.status;
  EXPECT_TRUE(m.value.Find("secret")->is_sensitive());  // sensitive wins
  EXPECT_TRUE(m.value.Find("tags")->Find("p w")->is_sensitive());
  EXPECT_EQ(m.value.Find("tags")->Find("k")->string_value(), "v");
  EXPECT_TRUE(m.value.Find("block")->is_sensitive());
  EXPECT_EQ(m.value.Find("plain")->string_value(), "ok");
  EXPECT_EQ(m.sensitive,
            (std::vector<std::string>{"secret", "block", "tags[\"p w\"]"}));
  // Unknown and sensitive: sensitive, but nothing was withheld.
  m = Merge(R"({"key":null})", R"({"key":true})", R"({"key":true})");
  ASSERT_TRUE(m.status.ok());
  EXPECT_TRUE(m.value.Find("key")->is_sensitive());
  EXPECT_TRUE(m.sensitive.empty());
  // A sensitive marker that does not fit the value's shape hides the node.
  m = Merge(R"({"s":"CANARY"})", "{}", R"({"s":{"x":true}})");
  ASSERT_TRUE(m.status.ok());
  EXPECT_TRUE(m.value.Find("s")->is_sensitive());
  // An unknown marker that does not fit is ignored.
  m = Merge(R"({"s":"x"})", R"({"s":[true]})", "{}");
  ASSERT_TRUE(m.status.ok());
  EXPECT_EQ(m.value.Find("s")->string_value(), "x");
  // The whole value sensitive.
  m = Merge(R"({"s":"CANARY"})", "{}", "true");
  ASSERT_TRUE(m.status.ok());
  EXPECT_TRUE(m.value.is_sensitive());
  EXPECT_EQ(m.sensitive, (std::vector<std::string>{""}));
}

TEST(NarrowWholeSetMarks, AHelmReleaseSetSensitiveKeepsItsNamesOnly) {
  const std::string after =
      R"({"name":"osmo","set_sensitive":[
          {"name":"services.postgres.password","value":"CANARY","type":""},
          "odd"]})";
  PlanValue marker = Read(R"({"set_sensitive":true})");
  NarrowWholeSetMarks("helm_release", Read(after), &marker);
  PlanValue value = Read(after);
  std::vector<std::string> sensitive;
  ASSERT_TRUE(ApplyMarks(PlanValue(), marker, "resource_changes[0].change",
                         &value, &sensitive)
                  .ok());
  const PlanValue& entry = value.Find("set_sensitive")->elements()[0];
  EXPECT_EQ(entry.Find("name")->string_value(), "services.postgres.password");
  EXPECT_EQ(entry.Find("type")->string_value(), "");
  EXPECT_TRUE(entry.Find("value")->is_sensitive());
  // An element that is not an object stays hidden whole.
  EXPECT_TRUE(value.Find("set_sensitive")->elements()[1].is_sensitive());
  EXPECT_EQ(sensitive, (std::vector<std::string>{"set_sensitive[0].value",
                                                 "set_sensitive[1]"}));

  // Other types, attributes and markers are left as they are.
  for (const auto& [type, marker_text] :
       std::vector<std::pair<std::string, std::string>>{
           {"kubernetes_secret_v1", R"({"set_sensitive":true})"},
           {"helm_release", R"({"set_sensitive":[{"value":true}]})"},
           {"helm_release", "true"}}) {
    SCOPED_TRACE(type + " " + marker_text);
    PlanValue m = Read(marker_text);
    const PlanValue before = m;
    NarrowWholeSetMarks(type, Read(after), &m);
    EXPECT_EQ(m, before);
  }
}

TEST(ApplyMarks, MalformedMarkersAreErrors) {
  struct Case {
    std::string unknown, sensitive, error;
  };
  const std::vector<Case> cases = {
      {R"("x")", "{}",
       "resource_changes[0].change.after_unknown: expected an object or a "
       "boolean, got string"},
      {"{}", "3", "change.after_sensitive: expected an object or a boolean"},
      {R"({"a":"yes"})", "{}",
       "change.after_unknown.a: expected a boolean, got string"},
      {"{}", R"({"b":[{"c":1}]})",
       "change.after_sensitive.b[0].c: expected a boolean, got number"},
      // Leaves under nothing planned are checked too.
      {R"({"zz":{"y":"no"}})", "{}", "after_unknown.zz.y: expected a boolean"},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.error);
    Merged m =
        Merge(R"({"a":"x","b":[{"c":"CANARY"}]})", c.unknown, c.sensitive);
    ASSERT_FALSE(m.status.ok());
    EXPECT_TRUE(absl::IsInvalidArgument(m.status));
    EXPECT_NE(std::string(m.status.message()).find(c.error), std::string::npos)
        << m.status;
    EXPECT_EQ(std::string(m.status.message()).find("CANARY"),
              std::string::npos);
  }
}

}  // namespace
}  // namespace threatmodel::plan::internal
