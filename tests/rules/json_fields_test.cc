#include "rules/json_fields.h"

#include <string>
#include <vector>

#include "gtest/gtest.h"

namespace threatmodel::rules::internal {
namespace {

using Json = nlohmann::json;

TEST(JsonFields, Paths) {
  EXPECT_EQ(JoinPath("", "a"), "a");
  EXPECT_EQ(JoinPath("a", "b"), "a.b");
  EXPECT_EQ(IndexPath("a.b", 3), "a.b[3]");
  EXPECT_EQ(FieldError("model", "", "bad").message(),
            "model: (top level): bad");
}

TEST(JsonFields, CheckObject) {
  EXPECT_TRUE(
      CheckObject(Json::parse(R"({"a": 1})"), {"a", "b"}, "w", "p").ok());
  absl::Status s = CheckObject(Json::parse(R"({"c": 1})"), {"a"}, "w", "p");
  EXPECT_EQ(s.message(), "w: p.c: unknown key");
  s = CheckObject(Json::parse("[]"), {"a"}, "w", "p");
  EXPECT_EQ(s.message(), "w: p: expected an object, got array");
}

TEST(JsonFields, TypedReadsLeaveMissingAndNullAlone) {
  Json obj = Json::parse(
      R"({"s": "x", "b": true, "i": 7, "l": ["a", "b"], "n": null,
          "bad": 1.5})");
  std::string s = "keep";
  bool b = false;
  int i = 0;
  std::vector<std::string> l;
  EXPECT_TRUE(ReadString(obj, "s", "w", "", &s).ok());
  EXPECT_EQ(s, "x");
  EXPECT_TRUE(ReadString(obj, "n", "w", "", &s).ok());
  EXPECT_TRUE(ReadString(obj, "missing", "w", "", &s).ok());
  EXPECT_EQ(s, "x");
  EXPECT_TRUE(ReadBool(obj, "b", "w", "", &b).ok());
  EXPECT_TRUE(b);
  EXPECT_TRUE(ReadInt(obj, "i", "w", "", &i).ok());
  EXPECT_EQ(i, 7);
  EXPECT_TRUE(ReadStrings(obj, "l", "w", "", &l).ok());
  EXPECT_EQ(l, (std::vector<std::string>{"a", "b"}));
  EXPECT_FALSE(ReadInt(obj, "bad", "w", "", &i).ok());
  EXPECT_FALSE(ReadString(obj, "b", "w", "", &s).ok());
  EXPECT_FALSE(ReadBool(obj, "s", "w", "", &b).ok());
  EXPECT_FALSE(ReadStrings(obj, "s", "w", "", &l).ok());
}

}  // namespace
}  // namespace threatmodel::rules::internal
