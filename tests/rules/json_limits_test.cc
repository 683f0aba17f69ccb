#include "rules/json_limits.h"

#include <string>

#include "gtest/gtest.h"

namespace threatmodel::rules::internal {
namespace {

TEST(ParseBoundedJson, ParsesWithinLimits) {
  absl::StatusOr<nlohmann::json> v =
      ParseBoundedJson(R"({"a": [1, {"b": null}]})", JsonLimits{}, "thing");
  ASSERT_TRUE(v.ok()) << v.status();
  EXPECT_TRUE((*v)["a"][1]["b"].is_null());
}

TEST(ParseBoundedJson, RejectsOversizeDeepAndBrokenInput) {
  JsonLimits small;
  small.max_bytes = 4;
  small.max_depth = 2;
  absl::StatusOr<nlohmann::json> v = ParseBoundedJson("[1,2,3]", small, "t");
  EXPECT_EQ(v.status().code(), absl::StatusCode::kResourceExhausted);
  v = ParseBoundedJson("[[[]]]", JsonLimits{1 << 10, 2}, "t");
  EXPECT_EQ(v.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_NE(std::string(v.status().message()).find("deeper than 2"),
            std::string::npos);
  v = ParseBoundedJson(std::string(1 << 19, '['), JsonLimits{}, "t");
  EXPECT_EQ(v.status().code(), absl::StatusCode::kInvalidArgument);
  v = ParseBoundedJson("{\"a\": }", JsonLimits{}, "thing");
  EXPECT_EQ(v.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_NE(std::string(v.status().message()).find("thing: not valid JSON"),
            std::string::npos);
  v = ParseBoundedJson("", JsonLimits{}, "t");
  EXPECT_FALSE(v.ok());
}

TEST(ParseBoundedJson, DuplicateKeysAreErrorsWithThePosition) {
  const struct {
    std::string name, text, error;
  } cases[] = {
      {"top level", R"({"a":1,"a":2})",
       R"(t: duplicate object key "a" at line 1, column 8 (byte 7))"},
      {"nested in an array", "[{\"x\":{}},\n {\"y\":1,\"y\":1}]",
       R"(t: duplicate object key "y" at line 2, column 9 (byte 19))"},
      {"escaped spelling", R"({"ab":1,"a\u0062":2})",
       R"(t: duplicate object key "ab" at line 1, column 9 (byte 8))"},
      {"key with escaped quotes", R"({"a\"":1,"a\"":2})",
       R"(t: duplicate object key "a\"" at line 1, column 10 (byte 9))"},
      {"unprintable key", "{\"\\u0007\":1,\"\\u0007\":2}",
       R"(t: duplicate object key "\x07" at line 1, column 13 (byte 12))"},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(c.name);
    absl::StatusOr<nlohmann::json> v =
        ParseBoundedJson(c.text, JsonLimits{}, "t");
    EXPECT_EQ(v.status().code(), absl::StatusCode::kInvalidArgument);
    EXPECT_EQ(v.status().message(), c.error);
  }
  // The same key in different objects is fine.
  absl::StatusOr<nlohmann::json> v = ParseBoundedJson(
      R"({"a":{"a":1},"b":[{"a":1},{"a":2}]})", JsonLimits{}, "t");
  EXPECT_TRUE(v.ok()) << v.status();
}

TEST(JsonTypeName, Names) {
  EXPECT_EQ(JsonTypeName(nlohmann::json()), "null");
  EXPECT_EQ(JsonTypeName(nlohmann::json::object()), "object");
  EXPECT_EQ(JsonTypeName(nlohmann::json::array()), "array");
  EXPECT_EQ(JsonTypeName(nlohmann::json("s")), "string");
  EXPECT_EQ(JsonTypeName(nlohmann::json(true)), "boolean");
  EXPECT_EQ(JsonTypeName(nlohmann::json(1)), "number");
  EXPECT_EQ(JsonTypeName(nlohmann::json(-1)), "number");
  EXPECT_EQ(JsonTypeName(nlohmann::json(1.5)), "number");
}

}  // namespace
}  // namespace threatmodel::rules::internal
