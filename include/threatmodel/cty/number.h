// File: number.h
//
// cty's number: an arbitrary-precision decimal that is never silently
// rounded, plus positive and negative infinity. Numbers are immutable values;
// const methods may be called from any number of threads at once.
//
// Equality follows cty: two numbers are equal when their canonical decimal
// text (ToString) is equal. A Number made from a double remembers that double
// and its canonical text is the shortest decimal that reads back as that
// double (as Go's big.Float.Text('f', -1) prints a 53-bit float), so
// FromDouble(0.1) == Parse("0.1"). The msgpack encoder still writes the first
// as float64 and the second as the string "0.1", exactly as go-cty does.
#ifndef THREATMODEL_CTY_NUMBER_H_
#define THREATMODEL_CTY_NUMBER_H_

#include <compare>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "absl/status/statusor.h"

namespace threatmodel::cty {

class Number {
 public:
  // Bounds that keep hostile input from exhausting memory: Parse rejects text
  // longer than kMaxTextLength, and any number with more significant digits
  // than kMaxDigits or whose decimal exponent (of the leading digit) lies
  // outside [-kMaxExponent, kMaxExponent]. Every finite double fits.
  static constexpr size_t kMaxTextLength = 4096;
  static constexpr int kMaxDigits = 1100;
  static constexpr int kMaxExponent = 10000;

  // Zero.
  Number();

  [[nodiscard]] static Number FromInt64(int64_t value);
  [[nodiscard]] static Number FromUint64(uint64_t value);
  // REQUIRES: !std::isnan(value). Infinities are allowed.
  [[nodiscard]] static Number FromDouble(double value);
  [[nodiscard]] static Number Infinity(bool negative = false);

  // Accepts what cty.ParseNumberVal accepts in base 10: optional sign,
  // digits with an optional fraction ("1", "1.5", ".5", "5."), an optional
  // exponent ("1e3", "1E-3", "1e+3"), and "Inf"/"inf" with optional sign.
  // Rejects NaN, hex and other prefixes, underscores, whitespace, empty
  // input, and anything beyond the bounds above (InvalidArgument).
  [[nodiscard]] static absl::StatusOr<Number> Parse(std::string_view text);

  // The value as int64 if it is an integer in range; otherwise nullopt.
  [[nodiscard]] std::optional<int64_t> AsInt64() const;
  // The double whose exact value this number is, if any. A Number made by
  // FromDouble always yields its double; ±Inf yield ±infinity.
  [[nodiscard]] std::optional<double> AsExactDouble() const;
  // The nearest double (overflow gives ±infinity, underflow ±0).
  [[nodiscard]] double ToDouble() const;
  // Canonical decimal text like big.Float.Text('f', -1): no exponent, no
  // trailing fractional zeros, no "-0"; "+Inf"/"-Inf" for infinities.
  [[nodiscard]] std::string ToString() const;

  [[nodiscard]] bool IsInteger() const;  // false for infinities
  [[nodiscard]] bool IsInfinity() const;
  [[nodiscard]] bool IsNegative() const;  // true for -Inf, false for zero
  [[nodiscard]] bool IsZero() const;
  // True if this number was made from a double (FromDouble, a msgpack float,
  // or a double in a JSON DOM); the msgpack encoder then prefers float64.
  [[nodiscard]] bool IsFromDouble() const { return from_double_; }

  friend bool operator==(const Number& a, const Number& b);
  // Numeric total order: -Inf < finite numbers < +Inf.
  friend std::strong_ordering operator<=>(const Number& a, const Number& b);

 private:
  enum class Kind : uint8_t { kFinite, kPosInf, kNegInf };

  // The finite value is (negative_ ? -1 : 1) * 0.digits_ * 10^exponent_,
  // with digits_ free of leading and trailing zeros; zero has empty digits_,
  // exponent_ 0 and negative_ false. So "123.4" is digits "1234", exponent 3.
  Kind kind_ = Kind::kFinite;
  bool negative_ = false;
  bool from_double_ = false;
  int32_t exponent_ = 0;
  std::string digits_;
  double double_ = 0;  // meaningful only when from_double_

  static absl::StatusOr<Number> FromParts(bool negative, std::string digits,
                                          int64_t exponent);
};

}  // namespace threatmodel::cty

#endif  // THREATMODEL_CTY_NUMBER_H_
