#include "threatmodel/base/utf8.h"

#include <cstdint>
#include <string>
#include <string_view>
#include <utility>

#include "gtest/gtest.h"

namespace threatmodel::base {
namespace {

struct Case {
  std::string text;
  std::size_t want;
};

TEST(Utf8SequenceLength, WellFormedSequencesAtTheirBoundaries) {
  for (const Case& c : std::initializer_list<Case>{
           {"a", 1},
           {std::string("\x00", 1), 1},
           {"\x7F", 1},
           {"\xC2\x80", 2},          // U+0080, first two-byte
           {"\xDF\xBF", 2},          // U+07FF
           {"\xE0\xA0\x80", 3},      // U+0800, first three-byte
           {"\xED\x9F\xBF", 3},      // U+D7FF, last before the surrogates
           {"\xEE\x80\x80", 3},      // U+E000, first after them
           {"\xEF\xBF\xBD", 3},      // U+FFFD
           {"\xF0\x90\x80\x80", 4},  // U+10000, first four-byte
           {"\xF4\x8F\xBF\xBF", 4},  // U+10FFFF, the last code point
       }) {
    EXPECT_EQ(Utf8SequenceLength(c.text, 0), c.want) << c.text;
  }
}

TEST(Utf8SequenceLength, MalformedSequencesAreZero) {
  for (const std::string& text : {
           std::string("\x80"),  // continuation without a lead
           std::string("\xBF"),
           std::string("\xC0\x80"),          // overlong U+0000
           std::string("\xC1\xBF"),          // overlong U+007F
           std::string("\xE0\x9F\xBF"),      // overlong U+07FF
           std::string("\xED\xA0\x80"),      // U+D800, a surrogate
           std::string("\xED\xBF\xBF"),      // U+DFFF
           std::string("\xF0\x8F\xBF\xBF"),  // overlong U+FFFF
           std::string("\xF4\x90\x80\x80"),  // U+110000
           std::string("\xF5\x80\x80\x80"),  // lead byte never valid
           std::string("\xFF"),
           std::string("\xC2"),  // cut off
           std::string("\xE2\x82"),
           std::string("\xF0\x9F\x98"),
           std::string("\xC2\x41"),  // continuation missing
           std::string("\xE2\x28\xA1"),
       }) {
    EXPECT_EQ(Utf8SequenceLength(text, 0), 0u)
        << "bytes: " << ::testing::PrintToString(text);
  }
}

TEST(Utf8SequenceLength, LooksOnlyFromTheGivenPositionToTheEnd) {
  const std::string text = "ab\xE2\x82\xAC";  // "ab€"
  EXPECT_EQ(Utf8SequenceLength(text, 2), 3u);
  EXPECT_EQ(Utf8SequenceLength(text, 3), 0u);  // inside the sequence
  // A view that ends inside the sequence must not be read past.
  EXPECT_EQ(Utf8SequenceLength(std::string_view(text).substr(0, 4), 2), 0u);
}

TEST(AppendUtf8, EncodesEachLengthAndRoundTrips) {
  for (const auto& [code_point, bytes] :
       std::initializer_list<std::pair<std::uint32_t, std::string>>{
           {0x41, "A"},
           {0x7F, "\x7F"},
           {0x80, "\xC2\x80"},
           {0x7FF, "\xDF\xBF"},
           {0x800, "\xE0\xA0\x80"},
           {0x20AC, "\xE2\x82\xAC"},
           {0xFFFD, "\xEF\xBF\xBD"},
           {0x10000, "\xF0\x90\x80\x80"},
           {0x1F600, "\xF0\x9F\x98\x80"},
           {0x10FFFF, "\xF4\x8F\xBF\xBF"},
       }) {
    std::string out = "x";
    AppendUtf8(code_point, &out);
    EXPECT_EQ(out, "x" + bytes) << std::hex << code_point;
    EXPECT_EQ(Utf8SequenceLength(out, 1), bytes.size())
        << std::hex << code_point;
  }
}

}  // namespace
}  // namespace threatmodel::base
