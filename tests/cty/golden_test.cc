// Golden vectors written by the real go-cty (tests/golden/ctymsgpack): every
// case must decode, re-encode byte for byte (sets up to element order), and
// agree with go-cty's JSON form.

#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <string>
#include <vector>

#include "cty/test_util.h"
#include "threatmodel/cty/json.h"
#include "threatmodel/cty/msgpack.h"
#include "threatmodel/cty/type.h"
#include "threatmodel/cty/value.h"

namespace threatmodel::cty {
namespace {

using testing::Hex;
using testing::Message;
using testing::ReadFile;
using testing::TestDataDir;
using testing::Unhex;

std::vector<std::string> GoldenCases() {
  std::vector<std::string> names;
  const std::string suffix = ".type.json";
  for (const auto& entry : std::filesystem::directory_iterator(TestDataDir())) {
    const std::string file = entry.path().filename().string();
    if (file.size() > suffix.size() &&
        file.compare(file.size() - suffix.size(), suffix.size(), suffix) == 0) {
      names.push_back(file.substr(0, file.size() - suffix.size()));
    }
  }
  std::sort(names.begin(), names.end());
  return names;
}

std::string Trim(std::string s) {
  while (!s.empty() && (s.back() == '\n' || s.back() == '\r')) s.pop_back();
  return s;
}

bool HasSet(const Type& t) {
  switch (t.kind()) {
    case Type::Kind::kSet:
      return true;
    case Type::Kind::kList:
    case Type::Kind::kMap:
      return HasSet(t.element_type());
    case Type::Kind::kTuple:
      return std::any_of(t.tuple_elements().begin(), t.tuple_elements().end(),
                         HasSet);
    case Type::Kind::kObject:
      return std::any_of(t.attribute_types().begin(), t.attribute_types().end(),
                         [](const auto& a) { return HasSet(a.second); });
    default:
      return false;
  }
}

TEST(GoldenTest, CorpusIsPresent) {
  // Guards against a silently empty glob: the generator writes 70 cases.
  EXPECT_GE(GoldenCases().size(), 70u);
}

class GoldenCaseTest : public ::testing::TestWithParam<std::string> {};

TEST_P(GoldenCaseTest, MatchesGoCty) {
  const std::string base = TestDataDir() + "/" + GetParam();
  const std::string type_json = Trim(ReadFile(base + ".type.json"));
  const std::string golden = Unhex(ReadFile(base + ".msgpack.hex"));
  const std::string value_json = Trim(ReadFile(base + ".value.json"));

  absl::StatusOr<Type> type = ParseTypeJson(type_json);
  ASSERT_TRUE(type.ok()) << Message(type.status());
  EXPECT_EQ(TypeToJson(*type), type_json);

  absl::StatusOr<Value> value = DecodeMsgpack(golden, *type);
  ASSERT_TRUE(value.ok()) << Message(value.status());
  EXPECT_TRUE(Conforms(*value, *type)) << value->DebugString();

  absl::StatusOr<std::string> encoded = EncodeMsgpack(*value, *type);
  ASSERT_TRUE(encoded.ok()) << Message(encoded.status());
  if (HasSet(*type)) {
    // go-cty orders non-primitive set elements by hash; compare as
    // multisets: same size, and both decode to the same canonical set.
    EXPECT_EQ(encoded->size(), golden.size());
    absl::StatusOr<Value> again = DecodeMsgpack(*encoded, *type);
    ASSERT_TRUE(again.ok()) << Message(again.status());
    EXPECT_EQ(*again, *value) << again->DebugString();
  } else {
    EXPECT_EQ(Hex(*encoded), Hex(golden)) << value->DebugString();
  }

  if (value_json.rfind("unknown:", 0) == 0) {
    EXPECT_FALSE(value->IsWhollyKnown());
    absl::StatusOr<std::string> js = EncodeJson(*value, *type);
    testing::ExpectInvalid(js, "value is not known");
  } else if (value_json.rfind("nojson:", 0) == 0) {
    EXPECT_FALSE(EncodeJson(*value, *type).ok());
  } else {
    absl::StatusOr<Value> from_json = DecodeJson(value_json, *type);
    ASSERT_TRUE(from_json.ok()) << Message(from_json.status());
    EXPECT_EQ(*from_json, *value)
        << from_json->DebugString() << " vs " << value->DebugString();
    absl::StatusOr<std::string> js = EncodeJson(*value, *type);
    ASSERT_TRUE(js.ok()) << Message(js.status());
    if (HasSet(*type)) {
      absl::StatusOr<Value> again = DecodeJson(*js, *type);
      ASSERT_TRUE(again.ok()) << Message(again.status());
      EXPECT_EQ(*again, *value);
      EXPECT_EQ(js->size(), value_json.size());
    } else {
      EXPECT_EQ(*js, value_json);
    }
  }
}

INSTANTIATE_TEST_SUITE_P(GoCty, GoldenCaseTest,
                         ::testing::ValuesIn(GoldenCases()),
                         [](const auto& info) { return info.param; });

}  // namespace
}  // namespace threatmodel::cty
