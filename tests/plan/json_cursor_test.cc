#include "plan/json_cursor.h"

#include <string>
#include <string_view>
#include <vector>

#include "gtest/gtest.h"

namespace threatmodel::plan::internal {
namespace {

struct Case {
  std::string name;
  std::string text;
  bool ok;
  std::string error_part;  // expected substring of the error
};

// SkipValue and ReadValue must agree on what is valid JSON.
TEST(JsonCursor, SkipAndReadAgreeOnValidity) {
  const std::vector<Case> cases = {
      {"empty object", "{}", true, ""},
      {"empty array", " [ ] ", true, ""},
      {"nested", R"({"a":[1,-2.5e3,true,false,null,"x",{"b":{}}]})", true, ""},
      {"escapes", R"("a\"b\\c\/d\b\f\n\r\t\u00e9\ud83d\ude00")", true, ""},
      {"utf8", "\"caf\xC3\xA9 \xF0\x9F\x98\x80\"", true, ""},
      {"big integer", "123456789012345678901234567890", true, ""},
      {"truncated object", R"({"a":1)", false, "truncated"},
      {"truncated string", R"({"a":"xyz)", false, "truncated"},
      {"truncated literal", "tru", false, "truncated"},
      {"missing colon", R"({"a" 1})", false, "expected ':'"},
      {"trailing comma", R"([1,2,])", false, "unexpected character ']'"},
      {"trailing comma object", R"({"a":1,})", false, "string as object key"},
      {"leading zero", "01", false, "unexpected data"},
      {"bare minus", "-", false, "truncated"},
      {"bad fraction", "1.", false, "digit after '.'"},
      {"bad exponent", "1e+", false, "exponent"},
      {"single quotes", "'a'", false, "unexpected character"},
      {"control char", "\"a\x01b\"", false, "control character"},
      {"bad escape", R"("\x41")", false, "invalid escape"},
      {"lone high surrogate", R"("\ud800")", false, "surrogate"},
      {"lone low surrogate", R"("\udc00")", false, "surrogate"},
      {"bad hex", R"("\u12G4")", false, "\\u escape"},
      {"overlong utf8", "\"\xC0\xAF\"", false, "UTF-8"},
      {"utf16 surrogate in utf8", "\"\xED\xA0\x80\"", false, "UTF-8"},
      {"latin1", "\"caf\xE9\"", false, "UTF-8"},
      {"above U+10FFFF", "\"\xF4\x90\x80\x80\"", false, "UTF-8"},
      {"nul byte", std::string("[\0]", 3), false, "unexpected byte 0x00"},
      {"two values", "{} {}", false, "unexpected data"},
      {"empty", "", false, "truncated"},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.name);
    JsonCursor skip(c.text, {});
    absl::Status s = skip.SkipValue();
    if (s.ok()) s = skip.ExpectEnd();
    JsonCursor read(c.text, {});
    absl::StatusOr<nlohmann::json> v = read.ReadValue();
    absl::Status r = v.ok() ? read.ExpectEnd() : v.status();
    JsonCursor planned(c.text, {});
    absl::StatusOr<rules::PlanValue> pv = planned.ReadPlanValue();
    absl::Status p = pv.ok() ? planned.ExpectEnd() : pv.status();
    EXPECT_EQ(s.ok(), c.ok) << s;
    EXPECT_EQ(r.ok(), c.ok) << r;
    EXPECT_EQ(p.ok(), c.ok) << p;
    if (!c.ok) {
      EXPECT_NE(std::string(s.message()).find(c.error_part), std::string::npos)
          << s;
      EXPECT_TRUE(absl::IsInvalidArgument(s));
    }
  }
}

TEST(JsonCursor, ReadValueDecodes) {
  JsonCursor c(R"({"s":"a\u00e9\ud83d\ude00","i":-7,"u":18446744073709551615,
                   "f":1.5,"b":true,"n":null,"a":[1,"x"]})",
               {});
  absl::StatusOr<nlohmann::json> v = c.ReadValue();
  ASSERT_TRUE(v.ok()) << v.status();
  EXPECT_EQ((*v)["s"], "a\xC3\xA9\xF0\x9F\x98\x80");
  EXPECT_EQ((*v)["i"], -7);
  EXPECT_EQ((*v)["u"].get<std::uint64_t>(), 18446744073709551615ull);
  EXPECT_EQ((*v)["f"], 1.5);
  EXPECT_EQ((*v)["b"], true);
  EXPECT_TRUE((*v)["n"].is_null());
  EXPECT_EQ((*v)["a"].size(), 2u);
}

TEST(JsonCursor, ReadPlanValueKeepsNumberText) {
  using rules::PlanValue;
  JsonCursor c(R"({"s":"a\u00e9","big":123456789012345678901234567890,
                   "f":-1.50e3,"b":false,"n":null,"a":[1,{"k":"v"}]})",
               {});
  absl::StatusOr<PlanValue> v = c.ReadPlanValue();
  ASSERT_TRUE(v.ok()) << v.status();
  EXPECT_EQ(v->Find("s")->string_value(), "a\xC3\xA9");
  EXPECT_EQ(v->Find("big")->number_text(), "123456789012345678901234567890");
  EXPECT_EQ(v->Find("f")->number_text(), "-1.50e3");
  EXPECT_FALSE(v->Find("b")->bool_value());
  EXPECT_TRUE(v->Find("n")->is_null());
  EXPECT_EQ(v->Find("a")->elements().size(), 2u);
  EXPECT_EQ(rules::StringAt(*v, "a[1].k"), rules::Maybe<std::string>("v"));
  // A repeated key is an error, never "the last one wins".
  JsonCursor twice(R"({"a":{"d":1,"\u0064":2}})", {});
  absl::StatusOr<PlanValue> t = twice.ReadPlanValue();
  ASSERT_FALSE(t.ok());
  EXPECT_NE(
      std::string(t.status().message()).find("duplicate object key \"d\""),
      std::string::npos)
      << t.status();
  const std::string nested = std::string(200, '[') + std::string(200, ']');
  JsonCursor deep(nested, {});
  absl::StatusOr<PlanValue> d = deep.ReadPlanValue();
  ASSERT_FALSE(d.ok());
  EXPECT_NE(std::string(d.status().message()).find("nesting deeper than 128"),
            std::string::npos)
      << d.status();
}

TEST(JsonCursor, WalksObjectsAndArrays) {
  JsonCursor c(R"( {"k1": [1, 2], "k\"2": {"x": "y"}, "k3": "v"} )", {});
  ASSERT_TRUE(c.EnterObject().ok());
  std::string_view key;
  std::vector<std::string> keys;
  for (;;) {
    absl::StatusOr<bool> more = c.NextKey(&key);
    ASSERT_TRUE(more.ok()) << more.status();
    if (!*more) break;
    keys.emplace_back(key);
    if (keys.back() == "k1") {
      ASSERT_TRUE(c.EnterArray().ok());
      int n = 0;
      for (;;) {
        absl::StatusOr<bool> elem = c.NextElement();
        ASSERT_TRUE(elem.ok());
        if (!*elem) break;
        ASSERT_TRUE(c.SkipValue().ok());
        ++n;
      }
      EXPECT_EQ(n, 2);
    } else if (keys.back() == "k3") {
      absl::StatusOr<std::string> v = c.ReadString();
      ASSERT_TRUE(v.ok());
      EXPECT_EQ(*v, "v");
    } else {
      ASSERT_TRUE(c.SkipValue().ok());
    }
  }
  EXPECT_EQ(keys, (std::vector<std::string>{"k1", "k\"2", "k3"}));
  EXPECT_TRUE(c.ExpectEnd().ok());
}

TEST(JsonCursor, DepthLimit) {
  JsonLimits limits;
  limits.max_depth = 100;
  const std::string ok_text = std::string(100, '[') + std::string(100, ']');
  const std::string deep = std::string(101, '[') + std::string(101, ']');
  {
    JsonCursor c(ok_text, limits);
    EXPECT_TRUE(c.SkipValue().ok());
    JsonCursor r(ok_text, limits);
    EXPECT_TRUE(r.ReadValue().ok());
  }
  {
    JsonCursor c(deep, limits);
    absl::Status s = c.SkipValue();
    EXPECT_NE(std::string(s.message()).find("nesting deeper than 100"),
              std::string::npos)
        << s;
    JsonCursor r(deep, limits);
    EXPECT_FALSE(r.ReadValue().ok());
  }
  // A million levels: an error, not a stack overflow.
  const std::string huge(1'000'000, '[');
  JsonCursor c(huge, {});
  EXPECT_FALSE(c.SkipValue().ok());
  JsonCursor r(huge, {});
  EXPECT_FALSE(r.ReadValue().ok());
}

TEST(JsonCursor, StringLimitStopsEarly) {
  JsonLimits limits;
  limits.max_string_bytes = 16;
  JsonCursor ok_cursor("\"0123456789abcdef\"", limits);
  EXPECT_TRUE(ok_cursor.SkipValue().ok());
  JsonCursor c("\"0123456789abcdefg\"", limits);
  absl::Status s = c.SkipValue();
  EXPECT_NE(std::string(s.message()).find("longer than 16 bytes"),
            std::string::npos)
      << s;
}

TEST(JsonCursor, ErrorsCarryLineAndColumn) {
  JsonCursor c("{\n  \"a\": tru3\n}", {});
  absl::Status s = c.SkipValue();
  EXPECT_NE(std::string(s.message()).find("line 2, column 8"),
            std::string::npos)
      << s;
}

// The error for `text` read through SkipValue, ReadValue and, when it is an
// object, NextKey with every member skipped.
std::vector<std::string> ErrorsFromEveryPath(const std::string& text) {
  std::vector<std::string> errors;
  {
    JsonCursor c(text, {});
    errors.emplace_back(c.SkipValue().message());
  }
  {
    JsonCursor c(text, {});
    errors.emplace_back(c.ReadValue().status().message());
  }
  {
    JsonCursor c(text, {});
    absl::Status s = c.EnterObject();
    while (s.ok()) {
      std::string_view key;
      absl::StatusOr<bool> more = c.NextKey(&key);
      if (!more.ok()) {
        s = more.status();
        break;
      }
      if (!*more) break;
      s = c.SkipValue();
    }
    errors.emplace_back(s.message());
  }
  return errors;
}

TEST(JsonCursor, DuplicateKeysAreErrorsOnEveryPath) {
  const struct {
    std::string name;
    std::string text;
    std::string error;
  } cases[] = {
      {"top level", R"({"a":1,"b":2,"a":3})",
       R"(duplicate object key "a" at line 1, column 14 (byte 13))"},
      {"nested in a skipped value",
       R"({"after":{"role_definition_name":"contributor","scope":"s",)"
       R"("role_definition_name":"Reader"}})",
       R"(duplicate object key "role_definition_name" at line 1, column 60 (byte 59))"},
      {"escaped spelling of the same key", R"({"x":{"ab":1,"a\u0062":2}})",
       R"(duplicate object key "ab")"},
      {"inside an array", R"({"l":[{"k":1},{"k":1,"k":2}]})",
       R"(duplicate object key "k")"},
      {"after many keys (hash index)",
       [] {
         std::string t = R"({"o":{)";
         for (int i = 0; i < 40; ++i) t += "\"k" + std::to_string(i) + "\":0,";
         return t + R"("k7":1}})";
       }(),
       R"(duplicate object key "k7")"},
      {"unprintable key shown escaped", R"({"o":{"\u0001":1,"\u0001":2}})",
       R"(duplicate object key "\x01")"},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(c.name);
    for (const std::string& error : ErrorsFromEveryPath(c.text)) {
      EXPECT_NE(error.find(c.error), std::string::npos) << error;
    }
  }
}

TEST(JsonCursor, SameKeyInSiblingAndNestedObjectsIsFine) {
  std::string many = R"({"o":{)";
  for (int i = 0; i < 40; ++i) many += "\"k" + std::to_string(i) + "\":{},";
  many += R"("last":0},"p":{"k1":0}})";
  for (const std::string& text :
       {std::string(R"({"a":{"a":{"a":1}},"b":[{"a":1},{"a":2}],"c":{"a":1}})"),
        std::string(R"({"ab":1,"a\u0063":2})"), many}) {
    SCOPED_TRACE(text);
    for (const std::string& error : ErrorsFromEveryPath(text)) {
      EXPECT_EQ(error, "");
    }
  }
}

TEST(JsonCursor, KindNames) {
  EXPECT_EQ(JsonKindName(JsonKind::kBool), "boolean");
  EXPECT_EQ(JsonKindName(nlohmann::json::array()), "array");
  EXPECT_EQ(JsonKindName(nlohmann::json(3.5)), "number");
}

}  // namespace
}  // namespace threatmodel::plan::internal
