#include "threatmodel/cty/number.h"

#include <gtest/gtest.h>

#include <cmath>
#include <limits>
#include <optional>
#include <string>
#include <vector>

#include "cty/test_util.h"

namespace threatmodel::cty {
namespace {

using testing::ExpectInvalid;
using testing::Message;

Number P(std::string_view text) {
  absl::StatusOr<Number> n = Number::Parse(text);
  EXPECT_TRUE(n.ok()) << text << ": " << Message(n.status());
  return n.ok() ? *n : Number();
}

TEST(NumberTest, DefaultIsZero) {
  const Number zero;
  EXPECT_TRUE(zero.IsZero());
  EXPECT_TRUE(zero.IsInteger());
  EXPECT_FALSE(zero.IsNegative());
  EXPECT_EQ(zero.ToString(), "0");
  EXPECT_EQ(zero.AsInt64(), 0);
  EXPECT_EQ(zero.AsExactDouble(), 0.0);
  EXPECT_EQ(zero, Number::FromInt64(0));
}

TEST(NumberTest, ParseValid) {
  struct Case {
    std::string name;
    std::string text;
    std::string canonical;
    bool integer;
  };
  const std::vector<Case> cases = {
      {"zero", "0", "0", true},
      {"negative_zero", "-0", "0", true},
      {"zero_fraction", "0.000", "0", true},
      {"zero_huge_exponent", "0e999999999999", "0", true},
      {"plus_sign", "+1", "1", true},
      {"trailing_zeros", "1.50", "1.5", false},
      {"leading_dot", ".5", "0.5", false},
      {"trailing_dot", "5.", "5", true},
      {"leading_zeros", "00012", "12", true},
      {"exponent", "1e3", "1000", true},
      {"exponent_upper_negative", "1E-3", "0.001", false},
      {"exponent_plus", "2.5e+2", "250", true},
      {"scaled", "-123.456e2", "-12345.6", false},
      {"int64_max", "9223372036854775807", "9223372036854775807", true},
      {"two_pow_64_plus_1", "18446744073709551617", "18446744073709551617",
       true},
      {"precise", "3.14159265358979323846264338327950288",
       "3.14159265358979323846264338327950288", false},
      {"tiny", "1e-400", "0." + std::string(399, '0') + "1", false},
      {"big", "1e400", "1" + std::string(400, '0'), true},
      {"inf", "Inf", "+Inf", false},
      {"plus_inf", "+Inf", "+Inf", false},
      {"minus_inf", "-inf", "-Inf", false},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.name);
    absl::StatusOr<Number> n = Number::Parse(c.text);
    ASSERT_TRUE(n.ok()) << Message(n.status());
    EXPECT_EQ(n->ToString(), c.canonical);
    EXPECT_EQ(n->IsInteger(), c.integer);
    EXPECT_FALSE(n->IsFromDouble());
    // The canonical text parses back to an equal number.
    if (!n->IsInfinity()) {
      EXPECT_EQ(P(n->ToString()), *n);
    }
  }
}

TEST(NumberTest, ParseInvalid) {
  struct Case {
    std::string name;
    std::string text;
    std::string fragment;
  };
  const std::vector<Case> cases = {
      {"empty", "", "empty string"},
      {"nan", "NaN", "no digits"},
      {"nan_lower", "nan", "no digits"},
      {"infinity_word", "Infinity", "no digits"},
      {"hex", "0x10", "unexpected character"},
      {"underscore", "1_000", "unexpected character"},
      {"leading_space", " 1", "no digits"},
      {"trailing_space", "1 ", "unexpected character"},
      {"sign_only", "+", "no digits"},
      {"minus_only", "-", "no digits"},
      {"dot_only", ".", "no digits"},
      {"exponent_only", "e5", "no digits"},
      {"exponent_without_digits", "1e", "exponent has no digits"},
      {"exponent_sign_only", "1e+", "exponent has no digits"},
      {"two_dots", "1.2.3", "unexpected character"},
      {"double_sign", "--1", "no digits"},
      {"binary_exponent", "1p3", "unexpected character"},
      {"too_large", "1e10001", "out of range"},
      {"too_small", "1e-10002", "out of range"},
      {"saturated_exponent", "1e99999999999999999999", "out of range"},
      {"too_long", std::string(5000, '1'), "longer than 4096 bytes"},
      {"too_many_digits", std::string(1200, '7'), "significant digits"},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.name);
    ExpectInvalid(Number::Parse(c.text), c.fragment);
  }
}

TEST(NumberTest, AsInt64IsExactOnly) {
  struct Case {
    std::string name;
    Number n;
    std::optional<int64_t> want;
  };
  const std::vector<Case> cases = {
      {"zero", Number(), 0},
      {"max", Number::FromInt64(std::numeric_limits<int64_t>::max()),
       std::numeric_limits<int64_t>::max()},
      {"min", Number::FromInt64(std::numeric_limits<int64_t>::min()),
       std::numeric_limits<int64_t>::min()},
      {"max_plus_one", P("9223372036854775808"), std::nullopt},
      {"min_minus_one", P("-9223372036854775809"), std::nullopt},
      {"min_text", P("-9223372036854775808"),
       std::numeric_limits<int64_t>::min()},
      {"1e18", P("1e18"), 1000000000000000000},
      {"1e19", P("1e19"), std::nullopt},
      {"uint64_max", Number::FromUint64(std::numeric_limits<uint64_t>::max()),
       std::nullopt},
      {"fraction", P("1.5"), std::nullopt},
      {"double_integer", Number::FromDouble(3.0), 3},
      {"negative_zero_double", Number::FromDouble(-0.0), 0},
      {"infinity", Number::Infinity(), std::nullopt},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.name);
    EXPECT_EQ(c.n.AsInt64(), c.want);
  }
}

TEST(NumberTest, FromDoubleUsesShortestText) {
  struct Case {
    std::string name;
    double d;
    std::string text;
  };
  const std::vector<Case> cases = {
      {"zero", 0.0, "0"},
      {"negative_zero", -0.0, "0"},
      {"tenth", 0.1, "0.1"},
      {"negative", -2.5, "-2.5"},
      {"third", 1.0 / 3.0, "0.3333333333333333"},
      {"large", 1e300, "1" + std::string(300, '0')},
      {"max", std::numeric_limits<double>::max(),
       "17976931348623157" + std::string(292, '0')},
      {"tiny", 1.5e-300, "0." + std::string(299, '0') + "15"},
      {"min_subnormal", std::numeric_limits<double>::denorm_min(),
       "0." + std::string(323, '0') + "5"},
      {"pos_inf", std::numeric_limits<double>::infinity(), "+Inf"},
      {"neg_inf", -std::numeric_limits<double>::infinity(), "-Inf"},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.name);
    const Number n = Number::FromDouble(c.d);
    EXPECT_EQ(n.ToString(), c.text);
    EXPECT_TRUE(n.IsFromDouble());
    ASSERT_TRUE(n.AsExactDouble().has_value());
    EXPECT_EQ(*n.AsExactDouble(), c.d);
    EXPECT_EQ(n.ToDouble(), c.d);
  }
}

TEST(NumberTest, AsExactDoubleForDecimals) {
  struct Case {
    std::string name;
    std::string text;
    std::optional<double> want;
  };
  const std::vector<Case> cases = {
      {"zero", "0", 0.0},
      {"half", "0.5", 0.5},
      {"tenth_is_not_a_double", "0.1", std::nullopt},
      {"exact_expansion_of_tenth",
       "0.1000000000000000055511151231257827021181583404541015625", 0.1},
      {"two_pow_53", "9007199254740992", 9007199254740992.0},
      {"two_pow_53_plus_1", "9007199254740993", std::nullopt},
      {"two_pow_64_plus_1", "18446744073709551617", std::nullopt},
      {"negative_quarter", "-0.25", -0.25},
      {"1e400", "1e400", std::nullopt},
      {"1e-400", "1e-400", std::nullopt},
      {"inf", "-Inf", -std::numeric_limits<double>::infinity()},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.name);
    EXPECT_EQ(P(c.text).AsExactDouble(), c.want);
  }
}

TEST(NumberTest, ToDoubleIsNearest) {
  EXPECT_EQ(P("0.1").ToDouble(), 0.1);
  EXPECT_EQ(P("-1e400").ToDouble(), -std::numeric_limits<double>::infinity());
  EXPECT_EQ(P("1e-400").ToDouble(), 0.0);
  EXPECT_EQ(P("9007199254740993").ToDouble(), 9007199254740992.0);
  EXPECT_EQ(P("3.14159265358979323846264338327950288").ToDouble(), M_PI);
}

TEST(NumberTest, EqualityFollowsCanonicalText) {
  EXPECT_EQ(Number::FromDouble(0.1), P("0.1"));
  EXPECT_EQ(Number::FromInt64(1), Number::FromDouble(1.0));
  EXPECT_EQ(Number::FromInt64(1), P("1.000"));
  EXPECT_EQ(Number::FromInt64(-7), P("-7e0"));
  EXPECT_NE(P("0.1"), P("0.10000000000000001"));
  EXPECT_NE(Number::Infinity(), Number::Infinity(true));
  EXPECT_NE(Number::FromInt64(1), Number::FromInt64(-1));
}

TEST(NumberTest, TotalOrder) {
  const std::vector<Number> ascending = {
      Number::Infinity(true),
      P("-1e400"),
      Number::FromInt64(std::numeric_limits<int64_t>::min()),
      P("-1.5"),
      P("-1"),
      P("-0.001"),
      Number(),
      P("1e-400"),
      P("0.001"),
      Number::FromDouble(0.1),
      P("0.10000000000000001"),
      P("1"),
      P("1.5"),
      P("10"),
      Number::FromUint64(std::numeric_limits<uint64_t>::max()),
      P("1e400"),
      Number::Infinity(),
  };
  for (size_t i = 0; i < ascending.size(); ++i) {
    for (size_t j = 0; j < ascending.size(); ++j) {
      SCOPED_TRACE(ascending[i].ToString() + " vs " + ascending[j].ToString());
      EXPECT_EQ(ascending[i] < ascending[j], i < j);
      EXPECT_EQ(ascending[i] == ascending[j], i == j);
    }
  }
}

TEST(NumberTest, FromUint64AndInt64) {
  EXPECT_EQ(Number::FromUint64(18446744073709551615u).ToString(),
            "18446744073709551615");
  EXPECT_EQ(Number::FromInt64(std::numeric_limits<int64_t>::min()).ToString(),
            "-9223372036854775808");
  EXPECT_EQ(Number::FromInt64(-1000).ToString(), "-1000");
  EXPECT_FALSE(Number::FromInt64(5).IsFromDouble());
}

}  // namespace
}  // namespace threatmodel::cty
