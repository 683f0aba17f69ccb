// File: test_util.h
//
// Helpers shared by the cty tests: hex conversion, reading test data, and
// status assertions (Debian's Abseil has no status matchers).
#ifndef THREATMODEL_TESTS_CTY_TEST_UTIL_H_
#define THREATMODEL_TESTS_CTY_TEST_UTIL_H_

#include <gtest/gtest.h>

#include <fstream>
#include <ostream>
#include <sstream>
#include <string>
#include <string_view>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "threatmodel/cty/number.h"
#include "threatmodel/cty/type.h"
#include "threatmodel/cty/value.h"

namespace threatmodel::cty {

// gtest printers, so failures show values rather than bytes.
inline void PrintTo(const Value& v, std::ostream* os) {
  *os << v.DebugString();
}
inline void PrintTo(const Type& t, std::ostream* os) { *os << TypeToJson(t); }
inline void PrintTo(const Number& n, std::ostream* os) { *os << n.ToString(); }

}  // namespace threatmodel::cty

namespace threatmodel::cty::testing {

// A list of lists ... of one boolean, `levels` lists deep, with its type:
// input for the encoders' nesting limit.
struct Nested {
  Value value;
  Type type;
};
inline Nested NestedLists(int levels) {
  Nested out{Value::Bool(true), Type::Bool()};
  for (int i = 0; i < levels; ++i) {
    out.value = Value::List(out.type, {out.value});
    out.type = Type::List(out.type);
  }
  return out;
}

// Hex text (whitespace ignored) to bytes. Aborts the test on bad input.
inline std::string Unhex(std::string_view hex) {
  std::string digits;
  for (char c : hex) {
    if (c != ' ' && c != '\n' && c != '\t') digits.push_back(c);
  }
  EXPECT_EQ(digits.size() % 2, 0u) << hex;
  std::string out;
  for (size_t i = 0; i + 1 < digits.size(); i += 2) {
    out.push_back(
        static_cast<char>(std::stoi(digits.substr(i, 2), nullptr, 16)));
  }
  return out;
}

inline std::string Hex(std::string_view bytes) {
  static constexpr char kDigits[] = "0123456789abcdef";
  std::string out;
  for (char c : bytes) {
    const auto b = static_cast<unsigned char>(c);
    out.push_back(kDigits[b >> 4]);
    out.push_back(kDigits[b & 0xF]);
  }
  return out;
}

inline std::string ReadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

inline std::string TestDataDir() {
  return std::string(THREATMODEL_SOURCE_DIR) + "/tests/testdata/cty";
}

inline std::string Message(const absl::Status& s) {
  return std::string(s.message().data(), s.message().size());
}

// Expects an InvalidArgument error whose message contains `fragment`.
template <typename T>
void ExpectInvalid(const absl::StatusOr<T>& result, std::string_view fragment) {
  ASSERT_FALSE(result.ok()) << "expected an error containing: " << fragment;
  EXPECT_EQ(result.status().code(), absl::StatusCode::kInvalidArgument)
      << Message(result.status());
  EXPECT_NE(Message(result.status()).find(fragment), std::string::npos)
      << "message: " << Message(result.status())
      << "\nexpected fragment: " << fragment;
}

}  // namespace threatmodel::cty::testing

#endif  // THREATMODEL_TESTS_CTY_TEST_UTIL_H_
