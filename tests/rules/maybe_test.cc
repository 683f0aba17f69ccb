#include "threatmodel/rules/maybe.h"

#include <string>

#include "gtest/gtest.h"

namespace threatmodel::rules {
namespace {

TEST(Maybe, DefaultIsNull) {
  Maybe<std::string> m;
  EXPECT_TRUE(m.is_null());
  EXPECT_FALSE(m.is_known());
  EXPECT_FALSE(m.is_unknown());
  EXPECT_EQ(m.state(), ValueState::kNull);
  EXPECT_EQ(m.if_known(), nullptr);
}

TEST(Maybe, ValueConvertsToKnown) {
  Maybe<std::string> from_literal = "abc";
  Maybe<std::string> from_string = std::string("abc");
  Maybe<int> from_int = 0;
  EXPECT_TRUE(from_literal.is_known());
  EXPECT_EQ(from_literal.value(), "abc");
  EXPECT_EQ(from_literal, from_string);
  ASSERT_NE(from_int.if_known(), nullptr);
  EXPECT_EQ(*from_int.if_known(), 0);
}

TEST(Maybe, UnknownAndNullAreDistinctFromEveryValue) {
  Maybe<bool> unknown = Maybe<bool>::Unknown();
  Maybe<bool> null = Maybe<bool>::Null();
  Maybe<bool> known_false = false;
  EXPECT_TRUE(unknown.is_unknown());
  EXPECT_TRUE(null.is_null());
  EXPECT_NE(unknown, null);
  EXPECT_NE(unknown, known_false);
  EXPECT_NE(null, known_false);
  EXPECT_EQ(unknown, Maybe<bool>::Unknown());
}

TEST(MaybeDeathTest, ValueOfUnknownAborts) {
  Maybe<std::string> unknown = Maybe<std::string>::Unknown();
  EXPECT_DEATH((void)unknown.value(), "");
}

TEST(ValueStateName, Names) {
  EXPECT_EQ(ValueStateName(ValueState::kKnown), "known");
  EXPECT_EQ(ValueStateName(ValueState::kUnknown), "unknown");
  EXPECT_EQ(ValueStateName(ValueState::kNull), "null");
}

}  // namespace
}  // namespace threatmodel::rules
