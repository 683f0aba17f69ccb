#include "adapter/utf8.h"

#include "gtest/gtest.h"

namespace threatmodel::adapter {
namespace {

TEST(ForceValidUtf8, LeavesValidTextAlone) {
  for (std::string_view s :
       {"", "plain", "caf\xC3\xA9", "\xE2\x82\xAC", "\xF0\x9F\x94\x92"}) {
    EXPECT_EQ(ForceValidUtf8(s), s);
  }
}

TEST(ForceValidUtf8, ReplacesEachInvalidByte) {
  struct Case {
    const char* name;
    std::string in;
    std::string want;
  };
  const std::string r = "\xEF\xBF\xBD";
  std::vector<Case> cases = {
      {"lone continuation", "a\x80z", "a" + r + "z"},
      {"truncated", "a\xE2\x82", "a" + r + r},
      {"overlong", "\xC0\xAF", r + r},
      {"surrogate", "\xED\xA0\x80", r + r + r},
      {"above U+10FFFF", "\xF4\x90\x80\x80", r + r + r + r},
      {"0xFF", "\xFF", r},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.name);
    EXPECT_EQ(ForceValidUtf8(c.in), c.want);
  }
}

}  // namespace
}  // namespace threatmodel::adapter
