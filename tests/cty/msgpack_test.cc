#include "threatmodel/cty/msgpack.h"

#include <gtest/gtest.h>

#include <chrono>
#include <cmath>
#include <limits>
#include <string>
#include <vector>

#include "cty/test_util.h"

namespace threatmodel::cty {
namespace {

using testing::ExpectInvalid;
using testing::Hex;
using testing::Message;
using testing::Unhex;

Number P(std::string_view text) { return *Number::Parse(text); }

// Hex of the msgpack str holding `s` (s shorter than 32 bytes).
std::string StrHex(std::string_view s) {
  std::string out = Hex(std::string(1, static_cast<char>(0xa0 | s.size())));
  return out + Hex(s);
}

const Type kObjType = Type::Object(
    {{"name", Type::String()}, {"tags", Type::Map(Type::String())}});

Refinement NotNullWithPrefix(std::string prefix) {
  Refinement r;
  r.not_null = true;
  r.string_prefix = std::move(prefix);
  return r;
}

TEST(MsgpackDecode, ValidInput) {
  struct Case {
    std::string name;
    Type type;
    std::string hex;
    Value want;
  };
  Refinement number_bounds;
  number_bounds.number_lower = std::make_pair(Number::FromInt64(0), true);
  number_bounds.number_upper = std::make_pair(Number::FromDouble(10.5), false);
  Refinement lengths;
  lengths.length_min = 1;
  lengths.length_max = 5;
  Refinement not_null;
  not_null.not_null = true;

  const std::vector<Case> cases = {
      // Nil first: null of every type.
      {"nil_string", Type::String(), "c0", Value::Null(Type::String())},
      {"nil_object", kObjType, "c0", Value::Null(kObjType)},
      {"nil_dynamic", Type::Dynamic(), "c0", Value::Null(Type::Dynamic())},
      {"zero", Type::Number(), "00", Value::Int(0)},
      // Every integer width.
      {"positive_fixint", Type::Number(), "7f", Value::Int(127)},
      {"negative_fixint", Type::Number(), "e0", Value::Int(-32)},
      {"uint8", Type::Number(), "ccff", Value::Int(255)},
      {"uint16", Type::Number(), "cd0100", Value::Int(256)},
      {"uint32", Type::Number(), "ce00010000", Value::Int(65536)},
      {"uint64_max", Type::Number(), "cfffffffffffffffff",
       Value::NumberVal(P("18446744073709551615"))},
      {"uint64_small", Type::Number(), "cf0000000000000001", Value::Int(1)},
      {"int8", Type::Number(), "d080", Value::Int(-128)},
      {"int16", Type::Number(), "d18000", Value::Int(-32768)},
      {"int32", Type::Number(), "d280000000", Value::Int(-2147483648LL)},
      {"int64_min", Type::Number(), "d38000000000000000",
       Value::Int(std::numeric_limits<int64_t>::min())},
      {"int8_positive", Type::Number(), "d001", Value::Int(1)},
      // Floats.
      {"float32_half", Type::Number(), "ca3f000000",
       Value::NumberVal(Number::FromDouble(0.5))},
      {"float64_tenth", Type::Number(), "cb3fb999999999999a",
       Value::NumberVal(Number::FromDouble(0.1))},
      {"float64_inf", Type::Number(), "cb7ff0000000000000",
       Value::NumberVal(Number::Infinity())},
      {"float64_neg_inf", Type::Number(), "cbfff0000000000000",
       Value::NumberVal(Number::Infinity(true))},
      // Numbers as strings (and bin, which go-cty also reads as a string).
      {"number_string", Type::Number(), StrHex("1.5"),
       Value::NumberVal(P("1.5"))},
      {"number_bin", Type::Number(), "c403" + Hex("2e5") + "",
       Value::NumberVal(P("2e5"))},
      {"number_string_big", Type::Number(), StrHex("18446744073709551617"),
       Value::NumberVal(P("18446744073709551617"))},
      // Strings and bools.
      {"string", Type::String(), StrHex("hi"), Value::String("hi")},
      {"string_str8", Type::String(), "d903" + Hex("abc"),
       Value::String("abc")},
      {"string_bin", Type::String(), "c402" + Hex("hi"), Value::String("hi")},
      {"string_utf8", Type::String(), "a3e29c93", Value::String("\u2713")},
      {"bool_true", Type::Bool(), "c3", Value::Bool(true)},
      {"bool_false", Type::Bool(), "c2", Value::Bool(false)},
      // Collections.
      {"list", Type::List(Type::Number()), "920102",
       Value::List(Type::Number(), {Value::Int(1), Value::Int(2)})},
      {"list_array16", Type::List(Type::Number()), "dc000101",
       Value::List(Type::Number(), {Value::Int(1)})},
      {"set_dedups", Type::Set(Type::Number()), "93020102",
       Value::Set(Type::Number(), {Value::Int(1), Value::Int(2)})},
      {"map", Type::Map(Type::String()), "81" + StrHex("env") + StrHex("prod"),
       Value::Map(Type::String(), {{"env", Value::String("prod")}})},
      {"map_map16", Type::Map(Type::Bool()), "de0001" + StrHex("a") + "c3",
       Value::Map(Type::Bool(), {{"a", Value::Bool(true)}})},
      {"tuple", Type::Tuple({Type::String(), Type::Bool()}),
       "92" + StrHex("x") + "c2",
       Value::Tuple({Value::String("x"), Value::Bool(false)})},
      {"object_any_key_order", kObjType,
       "82" + StrHex("tags") + "80" + StrHex("name") + "c0",
       Value::Object({{"name", Value::Null(Type::String())},
                      {"tags", Value::Map(Type::String(), {})}})},
      {"object_empty", Type::Object({}), "80", Value::Object({})},
      // Dynamic: type JSON as bin (go-cty) or str.
      {"dynamic_bin", Type::Dynamic(),
       "92c408" + Hex("\"string\"") + StrHex("x"), Value::String("x")},
      {"dynamic_str", Type::Dynamic(), "92a8" + Hex("\"number\"") + "05",
       Value::Int(5)},
      {"dynamic_null_string", Type::Dynamic(),
       "92c408" + Hex("\"string\"") + "c0", Value::Null(Type::String())},
      {"dynamic_nested_dynamic", Type::Dynamic(),
       "92c409" + Hex("\"dynamic\"") + "92c406" + Hex("\"bool\"") + "c3",
       Value::Bool(true)},
      // Unknowns: any extension, any code.
      {"unknown_plain", Type::String(), "d40000",
       Value::Unknown(Type::String())},
      {"unknown_other_code", Type::Number(), "d40500",
       Value::Unknown(Type::Number())},
      {"unknown_negative_code", Type::Number(), "d4ff00",
       Value::Unknown(Type::Number())},
      {"unknown_ext8_empty", Type::Bool(), "c7000c",
       Value::Unknown(Type::Bool())},
      {"unknown_other_code_long_payload", Type::String(),
       "c70501" + Hex("hello"), Value::Unknown(Type::String())},
      {"unknown_ext12_one_byte", Type::String(), "d40c80",
       Value::Unknown(Type::String())},
      {"unknown_dynamic", Type::Dynamic(), "d40000",
       Value::Unknown(Type::Dynamic())},
      {"unknown_in_list", Type::List(Type::String()), "92a161d40000",
       Value::List(Type::String(),
                   {Value::String("a"), Value::Unknown(Type::String())})},
      // Refined unknowns (ext 12). These bytes came from Terraform v1.11.4
      // for `value = "prefix-${terraform_data.r.id}"`.
      {"refined_terraform_prefix", Type::String(),
       "c70c0c8201c202a7" + Hex("prefix-"),
       Value::Unknown(Type::String(), NotNullWithPrefix("prefix-"))},
      {"refined_number_bounds", Type::Number(),
       "c7"
       "11"
       "0c"
       "82"
       "03"
       "9200c3"
       "04"
       "92cb4025000000000000c2",
       Value::Unknown(Type::Number(), number_bounds)},
      {"refined_number_bound_as_string", Type::Number(),
       "c7"
       "09"
       "0c"
       "81"
       "03"
       "92"
       "a4" +
           Hex("-1.5") + "c2",
       Value::Unknown(Type::Number(), Refinement{.number_lower = std::make_pair(
                                                     P("-1.5"), false)})},
      {"refined_lengths", Type::List(Type::String()),
       "c7050c82050106"
       "05",
       Value::Unknown(Type::List(Type::String()), lengths)},
      {"refined_unknown_keys_ignored", Type::Object({}),
       "c7"
       "0f"
       "0c"
       "83"
       "07"
       "930102"
       "81a161a162"
       "01c2"
       "63a178",
       Value::Unknown(Type::Object({}), not_null)},
      {"refined_trailing_bytes_ignored", Type::String(), "d50c8001",
       Value::Unknown(Type::String())},
      {"refined_dynamic_ignored", Type::Dynamic(),
       "c70c0c8201c202a7" + Hex("prefix-"), Value::Unknown(Type::Dynamic())},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.name);
    absl::StatusOr<Value> got = DecodeMsgpack(Unhex(c.hex), c.type);
    ASSERT_TRUE(got.ok()) << Message(got.status());
    EXPECT_EQ(*got, c.want)
        << got->DebugString() << " vs " << c.want.DebugString();
  }
}

TEST(MsgpackDecode, DefinitelyNullRefinementIsNull) {
  // {1: true}: "definitely null" collapses into the null value, as in cty.
  absl::StatusOr<Value> got =
      DecodeMsgpack(Unhex("c7030c8101c3"), Type::String());
  ASSERT_TRUE(got.ok()) << Message(got.status());
  EXPECT_EQ(*got, Value::Null(Type::String()));
}

TEST(MsgpackDecode, Malformed) {
  struct Case {
    std::string name;
    Type type;
    std::string bytes;
    std::string fragment;
  };
  const std::string deep_lists(65, '\x91');
  std::string oversize = Unhex("c9000004010c");
  oversize += Unhex("81");
  oversize.append(1024, '\x01');
  const std::vector<Case> cases = {
      {"empty", Type::String(), "", "msgpack: empty input"},
      {"never_used_byte", Type::String(), Unhex("c1"), "malformed input"},
      {"truncated_string", Type::String(), Unhex("a56865"), "malformed input"},
      {"truncated_array", Type::List(Type::Number()), Unhex("9301"),
       "malformed input"},
      {"trailing_bytes", Type::String(), Unhex("c0c0"), "malformed input"},
      {"truncated_float", Type::Number(), Unhex("cb3ff0"), "malformed input"},
      {"non_string_map_key", Type::Map(Type::String()), Unhex("8101a161"),
       "malformed input"},
      {"string_got_array", Type::String(), Unhex("90"),
       "msgpack: expected string, got array"},
      {"bool_got_integer", Type::Bool(), Unhex("01"),
       "expected bool, got integer"},
      {"number_got_bool", Type::Number(), Unhex("c3"),
       "expected number, got bool"},
      {"number_bad_string", Type::Number(), Unhex(StrHex("abc")),
       "msgpack: invalid number: no digits"},
      {"number_nan", Type::Number(), Unhex("cb7ff8000000000000"),
       "NaN is not a number"},
      {"number_nan_float32", Type::Number(), Unhex("ca7fc00000"),
       "NaN is not a number"},
      {"list_got_map", Type::List(Type::String()), Unhex("80"),
       "expected list of string, got map"},
      {"object_got_array", kObjType, Unhex("90"), "expected object, got array"},
      {"nested_path", kObjType,
       Unhex("82" + StrHex("name") + "c0" + StrHex("tags") + "81" +
             StrHex("env") + "90"),
       R"(msgpack: .tags["env"]: expected string, got array)"},
      {"list_element_path", Type::List(Type::String()), Unhex("92a16101"),
       "msgpack: [1]: expected string, got integer"},
      {"invalid_utf8_string", Type::String(), Unhex("a2c328"),
       "string is not valid UTF-8"},
      {"invalid_utf8_surrogate", Type::String(), Unhex("a3eda080"),
       "string is not valid UTF-8"},
      {"invalid_utf8_map_key", Type::Map(Type::Bool()), Unhex("81a1ffc3"),
       "map key is not valid UTF-8"},
      {"duplicate_map_key", Type::Map(Type::Number()), Unhex("82a16101a16102"),
       R"(duplicate map key "a")"},
      {"duplicate_attribute", kObjType,
       Unhex("82" + StrHex("name") + "c0" + StrHex("name") + "c0"),
       R"(duplicate attribute "name")"},
      {"unknown_attribute", kObjType,
       Unhex("82" + StrHex("name") + "c0" + StrHex("zzz") + "c0"),
       R"(unsupported attribute "zzz")"},
      {"too_few_attributes", kObjType, Unhex("81" + StrHex("name") + "c0"),
       "an object with 2 attributes is required (1 given)"},
      {"empty_map_for_object", kObjType, Unhex("80"),
       "an object with 2 attributes is required (0 given)"},
      {"tuple_length", Type::Tuple({Type::Bool(), Type::Bool()}), Unhex("91c3"),
       "a tuple of length 2 is required (1 given)"},
      {"dynamic_not_array", Type::Dynamic(), Unhex("a161"),
       "expected dynamic value [type, value], got string"},
      {"dynamic_three_elements", Type::Dynamic(), Unhex("93c0c0c0"),
       "exactly two elements"},
      {"dynamic_type_not_bytes", Type::Dynamic(), Unhex("9201c0"),
       "dynamic value type must be binary, got integer"},
      {"dynamic_bad_type_json", Type::Dynamic(),
       Unhex("92c405" + Hex("\"foo\"") + "c0"),
       R"(invalid dynamic value type: type json: invalid primitive type name "foo")"},
      {"dynamic_value_mismatch", Type::Dynamic(),
       Unhex("92c408" + Hex("\"string\"") + "01"),
       "expected string, got integer"},
      {"too_deep", Type::Dynamic(), deep_lists + Unhex("c0"),
       "nesting exceeds 64 levels"},
      {"hostile_depth", Type::Dynamic(), std::string(200000, '\x91'),
       "nesting exceeds 64 levels"},
      {"deep_maps", Type::Dynamic(),
       [] {
         std::string s;
         for (int i = 0; i < 70; ++i) s += Unhex("81a161");
         return s + Unhex("c0");
       }(),
       "nesting exceeds 64 levels"},
      // Declared lengths far beyond the input: no allocation up front, just
      // an end-of-input error.
      {"huge_array32", Type::List(Type::Number()), Unhex("ddffffffff01"),
       "malformed input"},
      {"huge_map32", Type::Map(Type::Number()), Unhex("dfffffffff"),
       "malformed input"},
      {"huge_str32", Type::String(), Unhex("dbffffffff61"), "malformed input"},
      {"huge_bin32", Type::String(), Unhex("c6ffffffff"), "malformed input"},
      {"huge_ext32", Type::String(), Unhex("c9ffffffff0c"), "malformed input"},
      // Refinements.
      {"refinement_oversize", Type::String(), oversize,
       "oversize unknown value refinement (1025 bytes, limit 1024)"},
      {"refinement_not_a_map", Type::String(), Unhex("d50c9101"),
       "payload is not a map"},
      {"refinement_key_not_int", Type::String(), Unhex("d60c81a161c2"),
       "key is not an integer"},
      {"refinement_nullness_not_bool", Type::String(), Unhex("c7030c810101"),
       "nullness is not a bool"},
      {"refinement_prefix_on_number", Type::Number(), Unhex("c7030c8102a0"),
       "string prefix for a non-string type"},
      {"refinement_prefix_not_string", Type::String(), Unhex("c7030c810201"),
       "string prefix is not a string"},
      {"refinement_prefix_invalid_utf8", Type::String(),
       Unhex("c7040c8102a1ff"), "string prefix is not valid UTF-8"},
      {"refinement_bound_on_string", Type::String(), Unhex("c7050c81039200c3"),
       "number bound for a non-number type"},
      {"refinement_bound_not_array", Type::Number(), Unhex("c7030c810300"),
       "must be a [number, bool] array"},
      {"refinement_bound_null", Type::Number(), Unhex("c7050c810392c0c3"),
       "number bound is not a number"},
      {"refinement_bound_nan", Type::Number(),
       Unhex("c70d0c810392cb7ff8000000000000c3"),
       "number bound is not a number"},
      {"refinement_bound_inclusive_missing", Type::Number(),
       Unhex("c7050c8103920001"), "must be a [number, bool] array"},
      {"refinement_length_on_object", kObjType, Unhex("c7030c810501"),
       "length bound for a non-collection type"},
      {"refinement_length_negative", Type::List(Type::Bool()),
       Unhex("c7030c8105ff"), "non-negative integer"},
      {"refinement_length_uint64", Type::List(Type::Bool()),
       Unhex("c70b0c8105cfffffffffffffffff"), "non-negative integer"},
      {"refinement_truncated_unknown_key", Type::String(),
       Unhex("c7050c8109dc0005"), "truncated payload"},
      {"refinement_truncated_entries", Type::String(), Unhex("c7030c8201c2"),
       "key is not an integer"},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.name);
    const auto start = std::chrono::steady_clock::now();
    ExpectInvalid(DecodeMsgpack(c.bytes, c.type), c.fragment);
    // Hostile lengths and depths must fail fast, not after megabytes of work.
    EXPECT_LT(std::chrono::steady_clock::now() - start,
              std::chrono::seconds(2));
  }
}

TEST(MsgpackDecode, MapKeysMustBeStrings) {
  struct Case {
    std::string name;
    Type type;
    std::string hex;
    std::string message;
  };
  const std::vector<Case> cases = {
      {"array_key", Type::Map(Type::Bool()), "8190c3",
       "msgpack: malformed input: map key is not a string"},
      {"bin_key", Type::Map(Type::Bool()), "81c40161c3",
       "msgpack: malformed input: map key is not a string"},
      {"nested_int_key", kObjType,
       "82" + StrHex("name") + "c0" + StrHex("tags") + "8101a161",
       R"(msgpack: malformed input: ["tags"]: map key is not a string)"},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.name);
    absl::StatusOr<Value> got = DecodeMsgpack(Unhex(c.hex), c.type);
    ASSERT_FALSE(got.ok());
    EXPECT_EQ(Message(got.status()), c.message);
  }

  // An array as the key of the 64th nested map: the key is the fault, not
  // the depth the array would add.
  std::string deep;
  for (int i = 0; i < 63; ++i) deep += "81a161";
  deep += "8190c0";
  ExpectInvalid(DecodeMsgpack(Unhex(deep), Type::Dynamic()),
                "map key is not a string");
}

TEST(MsgpackDecode, RefinementPayloadEdges) {
  // {9: [[1], ""], 1: false}: the reserved key's value is skipped whole.
  absl::StatusOr<Value> skipped =
      DecodeMsgpack(Unhex("c7080c82099291 01a0 01c2"), Type::String());
  ASSERT_TRUE(skipped.ok()) << Message(skipped.status());
  EXPECT_EQ(*skipped,
            Value::Unknown(Type::String(), Refinement{.not_null = true}));

  // A reserved key's value nested beyond the limit.
  std::string deep =
      "81"
      "09";
  for (int i = 0; i < 65; ++i) deep += "91";
  deep += "c0";
  absl::StatusOr<Value> too_deep =
      DecodeMsgpack(Unhex("c7440c" + deep), Type::String());
  ExpectInvalid(too_deep,
                "invalid unknown value refinement: nesting exceeds 64 levels");

  // A bound declared with three elements, cut short before any of them.
  ExpectInvalid(DecodeMsgpack(Unhex("c7030c810393"), Type::Number()),
                "number bound must be a [number, bool] array");

  // An ext 8 of length 0 carries only its type byte: a plain unknown.
  absl::StatusOr<Value> empty_ext =
      DecodeMsgpack(Unhex("c7000c"), Type::Bool());
  ASSERT_TRUE(empty_ext.ok()) << Message(empty_ext.status());
  EXPECT_EQ(*empty_ext, Value::Unknown(Type::Bool()));
}

TEST(MsgpackDecode, ExactPathInMessage) {
  absl::StatusOr<Value> got =
      DecodeMsgpack(Unhex("82" + StrHex("name") + "c0" + StrHex("tags") + "81" +
                          StrHex("env") + "90"),
                    kObjType);
  ASSERT_FALSE(got.ok());
  EXPECT_EQ(Message(got.status()),
            R"(msgpack: .tags["env"]: expected string, got array)");
}

TEST(MsgpackDecode, SixtyFourLevelsAreAllowed) {
  Type type = Type::Bool();
  for (int i = 0; i < 64; ++i) type = Type::List(type);
  absl::StatusOr<Value> got =
      DecodeMsgpack(std::string(64, '\x91') + Unhex("c3"), type);
  ASSERT_TRUE(got.ok()) << Message(got.status());
  absl::StatusOr<std::string> back = EncodeMsgpack(*got, type);
  ASSERT_TRUE(back.ok()) << Message(back.status());
  EXPECT_EQ(*back, std::string(64, '\x91') + Unhex("c3"));
}

TEST(MsgpackEncode, Bytes) {
  struct Case {
    std::string name;
    Value value;
    Type type;
    std::string hex;
  };
  std::string long_prefix(300, 'a');
  long_prefix.replace(254, 3, "\u2713");  // a 3-byte character across 255
  const std::vector<Case> cases = {
      {"null", Value::Null(Type::String()), Type::String(), "c0"},
      {"null_dynamic", Value::Null(Type::Dynamic()), Type::Dynamic(), "c0"},
      {"zero", Value::Int(0), Type::Number(), "00"},
      {"uint8", Value::Int(255), Type::Number(), "ccff"},
      {"int8", Value::Int(-33), Type::Number(), "d0df"},
      {"int16", Value::Int(-300), Type::Number(), "d1fed4"},
      {"uint32", Value::Int(70000), Type::Number(), "ce00011170"},
      {"int64_min", Value::Int(std::numeric_limits<int64_t>::min()),
       Type::Number(), "d38000000000000000"},
      {"double_integer_is_int", Value::NumberVal(Number::FromDouble(3.0)),
       Type::Number(), "03"},
      {"negative_zero", Value::NumberVal(Number::FromDouble(-0.0)),
       Type::Number(), "00"},
      {"double_tenth", Value::NumberVal(Number::FromDouble(0.1)),
       Type::Number(), "cb3fb999999999999a"},
      {"decimal_tenth_is_string", Value::NumberVal(P("0.1")), Type::Number(),
       StrHex("0.1")},
      {"decimal_half_is_float64", Value::NumberVal(P("0.5")), Type::Number(),
       "cb3fe0000000000000"},
      // Current go-cty writes an integer beyond int64 as a string even when a
      // double holds it exactly.
      {"double_1e20_is_string", Value::NumberVal(Number::FromDouble(1e20)),
       Type::Number(), StrHex("100000000000000000000")},
      {"uint64_max_is_string", Value::NumberVal(P("18446744073709551615")),
       Type::Number(), StrHex("18446744073709551615")},
      {"infinity", Value::NumberVal(Number::Infinity()), Type::Number(),
       "cb7ff0000000000000"},
      {"string_str8", Value::String(std::string(32, 'x')), Type::String(),
       "d920" + Hex(std::string(32, 'x'))},
      {"object_all_attributes_sorted",
       Value::ObjectOf(kObjType, {{"tags", Value::Map(Type::String(), {})}}),
       kObjType, "82" + StrHex("name") + "c0" + StrHex("tags") + "80"},
      {"map_sorted",
       Value::Map(Type::Number(), {{"b", Value::Int(2)}, {"a", Value::Int(1)}}),
       Type::Map(Type::Number()), "82a16101a16202"},
      {"set_canonical",
       Value::Set(Type::String(), {Value::String("b"), Value::String("a")}),
       Type::Set(Type::String()), "92a161a162"},
      {"dynamic_string", Value::String("x"), Type::Dynamic(),
       "92c408" + Hex("\"string\"") + StrHex("x")},
      {"dynamic_null_string", Value::Null(Type::String()), Type::Dynamic(),
       "92c408" + Hex("\"string\"") + "c0"},
      {"dynamic_unknown", Value::Unknown(Type::Dynamic()), Type::Dynamic(),
       "d40000"},
      {"dynamic_unknown_string", Value::Unknown(Type::String()),
       Type::Dynamic(), "92c408" + Hex("\"string\"") + "d40000"},
      {"list_of_dynamic", Value::List(Type::Bool(), {Value::Bool(true)}),
       Type::List(Type::Dynamic()), "9192c406" + Hex("\"bool\"") + "c3"},
      {"unknown_plain", Value::Unknown(Type::String()), Type::String(),
       "d40000"},
      {"unknown_null_dynamic_as_string", Value::Unknown(Type::Dynamic()),
       Type::String(), "d40000"},
      {"refined_terraform_prefix",
       Value::Unknown(Type::String(), NotNullWithPrefix("prefix-")),
       Type::String(), "c70c0c8201c202a7" + Hex("prefix-")},
      {"refined_not_null_only",
       Value::Unknown(Type::Number(), Refinement{.not_null = true}),
       Type::Number(), "c7030c8101c2"},
      {"refined_lengths",
       Value::Unknown(Type::Map(Type::String()),
                      Refinement{.length_min = 1, .length_max = 5}),
       Type::Map(Type::String()),
       "c7050c82050106"
       "05"},
      {"refined_number_bounds",
       Value::Unknown(
           Type::Number(),
           Refinement{.number_lower = std::make_pair(P("0.1"), true),
                      .number_upper = std::make_pair(P("7"), false)}),
       Type::Number(),
       "c70c0c82"
       "0392" +
           StrHex("0.1") +
           "c3"
           "049207c2"},
      {"refined_prefix_truncated_to_255_bytes",
       Value::Unknown(Type::String(), Refinement{.string_prefix = long_prefix}),
       Type::String(),
       "c80102"
       "0c"
       "8102d9fe" +
           Hex(long_prefix.substr(0, 254))},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.name);
    absl::StatusOr<std::string> got = EncodeMsgpack(c.value, c.type);
    ASSERT_TRUE(got.ok()) << Message(got.status());
    EXPECT_EQ(Hex(*got), c.hex);
  }
}

TEST(MsgpackEncode, Errors) {
  struct Case {
    std::string name;
    Value value;
    Type type;
    std::string fragment;
  };
  const testing::Nested deep = testing::NestedLists(65);
  const std::vector<Case> cases = {
      {"null_wrong_type", Value::Null(Type::String()), Type::Number(),
       "msgpack: value of type string does not conform to type number"},
      {"wrong_kind", Value::String("1"), Type::Number(), "does not conform"},
      {"missing_attribute", Value::Object({{"name", Value::String("x")}}),
       kObjType, R"(missing attribute "tags")"},
      {"nested_mismatch",
       Value::Object(
           {{"name", Value::String("x")},
            {"tags", Value::Map(Type::Dynamic(), {{"k", Value::Int(1)}})}}),
       kObjType,
       R"(msgpack: .tags["k"]: value of type number does not conform to type string)"},
      {"invalid_utf8", Value::String("\xff"), Type::String(),
       "string is not valid UTF-8"},
      {"invalid_utf8_key",
       Value::Map(Type::Bool(), {{"\xff", Value::Bool(true)}}),
       Type::Map(Type::Bool()), "map key is not valid UTF-8"},
      {"invalid_utf8_prefix",
       Value::Unknown(Type::String(), Refinement{.string_prefix = "\xc3"}),
       Type::String(), "string prefix refinement is not valid UTF-8"},
      {"too_deep", deep.value, deep.type, "nesting exceeds 64 levels"},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.name);
    ExpectInvalid(EncodeMsgpack(c.value, c.type), c.fragment);
  }
}

TEST(MsgpackRoundTrip, ValuesSurvive) {
  const Type obj = Type::Object({{"a", Type::Dynamic()},
                                 {"b", Type::Set(Type::Number())},
                                 {"c", Type::Tuple({Type::String()})}});
  Refinement r;
  r.not_null = true;
  r.length_max = 3;
  const std::vector<std::pair<Value, Type>> cases = {
      {Value::Null(obj), obj},
      {Value::ObjectOf(obj, {}), obj},
      {Value::Object(
           {{"a", Value::Map(Type::String(), {{"k", Value::String("v")}})},
            {"b", Value::Unknown(Type::Set(Type::Number()), r)},
            {"c", Value::Tuple({Value::Unknown(Type::String())})}}),
       obj},
      {Value::NumberVal(P("-1e-300")), Type::Number()},
      {Value::NumberVal(P("123456789012345678901234567890.0001")),
       Type::Dynamic()},
      {Value::List(Type::Dynamic(), {Value::String("a"), Value::Int(1)}),
       Type::List(Type::Dynamic())},
  };
  for (const auto& [value, type] : cases) {
    SCOPED_TRACE(value.DebugString());
    absl::StatusOr<std::string> bytes = EncodeMsgpack(value, type);
    ASSERT_TRUE(bytes.ok()) << Message(bytes.status());
    absl::StatusOr<Value> back = DecodeMsgpack(*bytes, type);
    ASSERT_TRUE(back.ok()) << Message(back.status());
    EXPECT_EQ(*back, value) << back->DebugString();
  }
}

}  // namespace
}  // namespace threatmodel::cty

namespace threatmodel::cty {
namespace {

TEST(MsgpackDecode, DynamicSlotsGetConcreteTypes) {
  struct Case {
    std::string name;
    Type declared;
    std::string hex;
    Type want_type;
  };
  const std::string str_type = "c408" + Hex("\"string\"");
  const std::string num_type = "c408" + Hex("\"number\"");
  const std::vector<Case> cases = {
      {"null_dynamic_stays_dynamic", Type::Dynamic(), "c0", Type::Dynamic()},
      {"empty_list_of_dynamic", Type::List(Type::Dynamic()), "90",
       Type::List(Type::Dynamic())},
      {"uniform_list_of_dynamic", Type::List(Type::Dynamic()),
       "9292" + str_type + "a16192" + str_type + "a162",
       Type::List(Type::String())},
      {"null_element_fits_any", Type::List(Type::Dynamic()),
       "92c092" + str_type + "a162", Type::List(Type::String())},
      {"mixed_list_of_dynamic", Type::List(Type::Dynamic()),
       "9292" + str_type + "a16192" + num_type + "01",
       Type::List(Type::Dynamic())},
      {"map_of_dynamic", Type::Map(Type::Dynamic()),
       "81a16b92" + num_type + "01", Type::Map(Type::Number())},
      {"object_with_dynamic_attribute",
       Type::Object({{"c", Type::Dynamic()}, {"n", Type::Bool()}}),
       "82a16392" + num_type + "01a16ec3",
       Type::Object({{"c", Type::Number()}, {"n", Type::Bool()}})},
      {"object_optional_markers_dropped",
       Type::Object({{"a", Type::Bool()}}, {"a"}), "81a161c3",
       Type::Object({{"a", Type::Bool()}})},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.name);
    const std::string bytes = Unhex(c.hex);
    absl::StatusOr<Value> got = DecodeMsgpack(bytes, c.declared);
    ASSERT_TRUE(got.ok()) << Message(got.status());
    EXPECT_EQ(got->type(), c.want_type);
    EXPECT_TRUE(Conforms(*got, c.declared));
    absl::StatusOr<std::string> back = EncodeMsgpack(*got, c.declared);
    ASSERT_TRUE(back.ok()) << Message(back.status());
    EXPECT_EQ(Hex(*back), Hex(bytes));
  }
}

}  // namespace
}  // namespace threatmodel::cty
