#include "threatmodel/cty/number.h"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstdint>
#include <limits>
#include <string>
#include <system_error>
#include <vector>

#include "absl/status/status.h"
#include "cty/internal/check.h"
#include "cty/internal/strings.h"

namespace threatmodel::cty {
namespace {

// A non-negative integer in base 10^9 limbs, least significant first. Only
// what the exactness test in AsExactDouble needs: small multiplications and
// conversion to decimal digits.
class SmallBigInt {
 public:
  explicit SmallBigInt(uint64_t value) {
    while (value != 0) {
      limbs_.push_back(static_cast<uint32_t>(value % kBase));
      value /= kBase;
    }
  }

  void MultiplyBy(uint32_t factor) {
    uint64_t carry = 0;
    for (uint32_t& limb : limbs_) {
      const uint64_t product = uint64_t{limb} * factor + carry;
      limb = static_cast<uint32_t>(product % kBase);
      carry = product / kBase;
    }
    while (carry != 0) {
      limbs_.push_back(static_cast<uint32_t>(carry % kBase));
      carry /= kBase;
    }
  }

  std::string ToDecimal() const {
    if (limbs_.empty()) return "0";
    std::string out = std::to_string(limbs_.back());
    for (size_t i = limbs_.size() - 1; i-- > 0;) {
      const std::string part = std::to_string(limbs_[i]);
      out.append(9 - part.size(), '0');
      out.append(part);
    }
    return out;
  }

 private:
  static constexpr uint64_t kBase = 1000000000;
  std::vector<uint32_t> limbs_;
};

// Splits a finite, non-zero double into the canonical digits/exponent of its
// exact binary value (every double is a finite decimal).
void ExactDecimal(double value, std::string* digits, int64_t* exponent) {
  int binary_exponent = 0;
  const double fraction = std::frexp(std::fabs(value), &binary_exponent);
  // fraction * 2^53 is an integer for every double, subnormals included.
  auto mantissa = static_cast<uint64_t>(std::ldexp(fraction, 53));
  int64_t shift = int64_t{binary_exponent} - 53;
  while (mantissa % 2 == 0) {
    mantissa /= 2;
    ++shift;
  }
  SmallBigInt big(mantissa);
  int64_t decimal_shift = 0;
  if (shift >= 0) {
    for (int64_t i = 0; i < shift; ++i) big.MultiplyBy(2);
  } else {
    // m * 2^-k == m * 5^k * 10^-k.
    for (int64_t i = 0; i < -shift; ++i) big.MultiplyBy(5);
    decimal_shift = shift;
  }
  std::string d = big.ToDecimal();
  const int64_t integer_digits = static_cast<int64_t>(d.size());
  while (!d.empty() && d.back() == '0') d.pop_back();
  *digits = std::move(d);
  *exponent = integer_digits + decimal_shift;
}

}  // namespace

Number::Number() = default;

absl::StatusOr<Number> Number::FromParts(bool negative, std::string digits,
                                         int64_t exponent) {
  size_t first = 0;
  while (first < digits.size() && digits[first] == '0') ++first;
  if (first == digits.size()) return Number();
  digits.erase(0, first);
  exponent -= static_cast<int64_t>(first);
  while (digits.back() == '0') digits.pop_back();
  if (digits.size() > static_cast<size_t>(kMaxDigits)) {
    return absl::InvalidArgumentError(internal::Cat(
        "number has more than ", kMaxDigits, " significant digits"));
  }
  // exponent - 1 is the decimal exponent of the leading digit.
  if (exponent - 1 > kMaxExponent || exponent - 1 < -kMaxExponent) {
    return absl::InvalidArgumentError(
        internal::Cat("number magnitude out of range (decimal exponent beyond ",
                      kMaxExponent, ")"));
  }
  Number n;
  n.negative_ = negative;
  n.digits_ = std::move(digits);
  n.exponent_ = static_cast<int32_t>(exponent);
  return n;
}

Number Number::FromInt64(int64_t value) {
  const bool negative = value < 0;
  const uint64_t magnitude = negative ? ~static_cast<uint64_t>(value) + 1
                                      : static_cast<uint64_t>(value);
  Number n = FromUint64(magnitude);
  n.negative_ = negative && magnitude != 0;
  return n;
}

Number Number::FromUint64(uint64_t value) {
  std::string digits = std::to_string(value);
  const auto exponent = static_cast<int64_t>(digits.size());
  absl::StatusOr<Number> n = FromParts(false, std::move(digits), exponent);
  THREATMODEL_CTY_CHECK(n.ok(), "uint64 out of number range");
  return *std::move(n);
}

Number Number::Infinity(bool negative) {
  Number n;
  n.kind_ = negative ? Kind::kNegInf : Kind::kPosInf;
  n.negative_ = negative;
  return n;
}

Number Number::FromDouble(double value) {
  THREATMODEL_CTY_CHECK(!std::isnan(value), "NaN is not a cty number");
  if (std::isinf(value)) {
    Number n = Infinity(value < 0);
    n.from_double_ = true;
    n.double_ = value;
    return n;
  }
  Number n;
  if (value != 0) {
    // Shortest digits that read back as `value`, as Go's
    // big.Float.Text('f', -1) prints a float64-precision value.
    char buf[64];
    const std::to_chars_result r = std::to_chars(
        buf, buf + sizeof buf, std::fabs(value), std::chars_format::scientific);
    THREATMODEL_CTY_CHECK(r.ec == std::errc(), "to_chars failed");
    const std::string_view text(buf, r.ptr - buf);
    const size_t e = text.find('e');
    std::string digits;
    for (char c : text.substr(0, e)) {
      if (c != '.') digits.push_back(c);
    }
    int exp10 = 0;
    std::string_view exp_text = text.substr(e + 1);
    if (!exp_text.empty() && exp_text[0] == '+') exp_text.remove_prefix(1);
    std::from_chars(exp_text.data(), exp_text.data() + exp_text.size(), exp10);
    absl::StatusOr<Number> parts =
        FromParts(value < 0, std::move(digits), int64_t{exp10} + 1);
    THREATMODEL_CTY_CHECK(parts.ok(), "double out of number range");
    n = *std::move(parts);
  }
  n.from_double_ = true;
  n.double_ = value;
  return n;
}

absl::StatusOr<Number> Number::Parse(std::string_view text) {
  const auto invalid = [&](std::string_view why) {
    return absl::InvalidArgumentError(internal::Cat("invalid number: ", why));
  };
  if (text.empty()) return invalid("empty string");
  if (text.size() > kMaxTextLength) {
    return invalid(internal::Cat("longer than ", kMaxTextLength, " bytes"));
  }
  size_t i = 0;
  bool negative = false;
  if (text[0] == '+' || text[0] == '-') {
    negative = text[0] == '-';
    ++i;
  }
  const std::string_view rest = text.substr(i);
  if (rest == "Inf" || rest == "inf") return Infinity(negative);

  std::string digits;
  int64_t integer_digits = 0;
  while (i < text.size() && text[i] >= '0' && text[i] <= '9') {
    digits.push_back(text[i++]);
    ++integer_digits;
  }
  if (i < text.size() && text[i] == '.') {
    ++i;
    while (i < text.size() && text[i] >= '0' && text[i] <= '9') {
      digits.push_back(text[i++]);
    }
  }
  if (digits.empty()) return invalid("no digits");
  int64_t exponent = 0;
  if (i < text.size() && (text[i] == 'e' || text[i] == 'E')) {
    ++i;
    bool exponent_negative = false;
    if (i < text.size() && (text[i] == '+' || text[i] == '-')) {
      exponent_negative = text[i] == '-';
      ++i;
    }
    if (i == text.size()) return invalid("exponent has no digits");
    while (i < text.size() && text[i] >= '0' && text[i] <= '9') {
      // Saturate: anything this large is out of range unless the mantissa is
      // zero, and then the exponent does not matter.
      if (exponent < 1000000000) exponent = exponent * 10 + (text[i] - '0');
      ++i;
    }
    if (exponent_negative) exponent = -exponent;
  }
  if (i != text.size()) return invalid("unexpected character");
  return FromParts(negative, std::move(digits), integer_digits + exponent);
}

std::optional<int64_t> Number::AsInt64() const {
  if (kind_ != Kind::kFinite || !IsInteger()) return std::nullopt;
  if (digits_.empty()) return 0;
  if (exponent_ > 19) return std::nullopt;
  uint64_t magnitude = 0;
  for (int32_t i = 0; i < exponent_; ++i) {
    const uint64_t digit =
        i < static_cast<int32_t>(digits_.size()) ? digits_[i] - '0' : 0;
    if (magnitude > (std::numeric_limits<uint64_t>::max() - digit) / 10) {
      return std::nullopt;
    }
    magnitude = magnitude * 10 + digit;
  }
  constexpr uint64_t kMaxPositive = std::numeric_limits<int64_t>::max();
  if (negative_) {
    if (magnitude > kMaxPositive + 1) return std::nullopt;
    return static_cast<int64_t>(~magnitude + 1);
  }
  if (magnitude > kMaxPositive) return std::nullopt;
  return static_cast<int64_t>(magnitude);
}

std::optional<double> Number::AsExactDouble() const {
  if (from_double_) return double_;
  switch (kind_) {
    case Kind::kPosInf:
      return std::numeric_limits<double>::infinity();
    case Kind::kNegInf:
      return -std::numeric_limits<double>::infinity();
    case Kind::kFinite:
      break;
  }
  if (digits_.empty()) return 0.0;
  // A double has at most 767 significant decimal digits and lies within
  // (1e-324, 1e309).
  if (digits_.size() > 767 || exponent_ > 309 || exponent_ < -323) {
    return std::nullopt;
  }
  const double nearest = ToDouble();
  if (nearest == 0 || std::isinf(nearest)) return std::nullopt;
  std::string digits;
  int64_t exponent;
  ExactDecimal(nearest, &digits, &exponent);
  if (digits != digits_ || exponent != exponent_) return std::nullopt;
  return nearest;
}

double Number::ToDouble() const {
  if (from_double_) return double_;
  switch (kind_) {
    case Kind::kPosInf:
      return std::numeric_limits<double>::infinity();
    case Kind::kNegInf:
      return -std::numeric_limits<double>::infinity();
    case Kind::kFinite:
      break;
  }
  if (digits_.empty()) return 0.0;
  const std::string text = internal::Cat("0.", digits_, "e", exponent_);
  double value = 0;
  const std::from_chars_result r =
      std::from_chars(text.data(), text.data() + text.size(), value);
  if (r.ec == std::errc::result_out_of_range) {
    value = exponent_ > 0 ? std::numeric_limits<double>::infinity() : 0.0;
  }
  return negative_ ? -value : value;
}

std::string Number::ToString() const {
  switch (kind_) {
    case Kind::kPosInf:
      return "+Inf";
    case Kind::kNegInf:
      return "-Inf";
    case Kind::kFinite:
      break;
  }
  if (digits_.empty()) return "0";
  std::string out = negative_ ? "-" : "";
  const auto len = static_cast<int32_t>(digits_.size());
  if (exponent_ <= 0) {
    out.append("0.");
    out.append(static_cast<size_t>(-exponent_), '0');
    out.append(digits_);
  } else if (exponent_ >= len) {
    out.append(digits_);
    out.append(static_cast<size_t>(exponent_ - len), '0');
  } else {
    out.append(digits_, 0, exponent_);
    out.push_back('.');
    out.append(digits_, exponent_);
  }
  return out;
}

bool Number::IsInteger() const {
  return kind_ == Kind::kFinite &&
         exponent_ >= static_cast<int32_t>(digits_.size());
}

bool Number::IsInfinity() const { return kind_ != Kind::kFinite; }

bool Number::IsNegative() const { return negative_; }

bool Number::IsZero() const {
  return kind_ == Kind::kFinite && digits_.empty();
}

bool operator==(const Number& a, const Number& b) {
  return a.kind_ == b.kind_ && a.negative_ == b.negative_ &&
         a.exponent_ == b.exponent_ && a.digits_ == b.digits_;
}

std::strong_ordering operator<=>(const Number& a, const Number& b) {
  const auto rank = [](const Number& n) {
    switch (n.kind_) {
      case Number::Kind::kNegInf:
        return 0;
      case Number::Kind::kFinite:
        return 1;
      case Number::Kind::kPosInf:
        return 2;
    }
    return 1;
  };
  if (rank(a) != rank(b) || a.kind_ != Number::Kind::kFinite) {
    return rank(a) <=> rank(b);
  }
  const auto sign = [](const Number& n) {
    return n.digits_.empty() ? 0 : (n.negative_ ? -1 : 1);
  };
  if (sign(a) != sign(b)) return sign(a) <=> sign(b);
  if (sign(a) == 0) return std::strong_ordering::equal;
  std::strong_ordering magnitude = a.exponent_ <=> b.exponent_;
  if (magnitude == 0) {
    const int c = a.digits_.compare(b.digits_);
    magnitude = c <=> 0;
  }
  return a.negative_ ? 0 <=> magnitude : magnitude;
}

}  // namespace threatmodel::cty
