#include "threatmodel/logging/logger.h"

#include <stdlib.h>
#include <unistd.h>

#include <regex>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "nlohmann/json.hpp"

namespace threatmodel::logging {
namespace {

std::chrono::system_clock::time_point At(int64_t micros) {
  return std::chrono::system_clock::time_point(
      std::chrono::microseconds(micros));
}

TEST(ParseLevel, KnownNamesAnyCase) {
  EXPECT_EQ(ParseLevel(""), std::nullopt);
  EXPECT_EQ(ParseLevel("TRACE"), Level::kTrace);
  EXPECT_EQ(ParseLevel("json"), Level::kTrace);
  EXPECT_EQ(ParseLevel("Debug"), Level::kDebug);
  EXPECT_EQ(ParseLevel("info"), Level::kInfo);
  EXPECT_EQ(ParseLevel("WARN"), Level::kWarn);
  EXPECT_EQ(ParseLevel("error"), Level::kError);
  EXPECT_EQ(ParseLevel("off"), Level::kOff);
  EXPECT_EQ(ParseLevel("verbose"), Level::kTrace);
}

TEST(LevelFromEnvironment, ProviderVariableWinsThenGlobalThenOff) {
  unsetenv("TF_LOG_PROVIDER");
  unsetenv("TF_LOG");
  EXPECT_EQ(LevelFromEnvironment(), Level::kOff);
  setenv("TF_LOG", "info", 1);
  EXPECT_EQ(LevelFromEnvironment(), Level::kInfo);
  setenv("TF_LOG_PROVIDER", "error", 1);
  EXPECT_EQ(LevelFromEnvironment(), Level::kError);
  unsetenv("TF_LOG_PROVIDER");
  unsetenv("TF_LOG");
}

TEST(FormatLine, ReservedKeysAreStringsWithMicrosecondUtcTimestamp) {
  std::string line = FormatLine(Level::kDebug, "provider", "plugin address",
                                {{"network", "unix"}}, At(1704207845123456));
  ASSERT_FALSE(line.empty());
  EXPECT_EQ(line.back(), '\n');
  nlohmann::json parsed = nlohmann::json::parse(line);
  EXPECT_EQ(parsed["@level"], "debug");
  EXPECT_EQ(parsed["@message"], "plugin address");
  EXPECT_EQ(parsed["@module"], "provider");
  EXPECT_EQ(parsed["@timestamp"], "2024-01-02T15:04:05.123456Z");
  EXPECT_EQ(parsed["network"], "unix");
}

TEST(FormatLine, ZeroFractionKeepsSixDigits) {
  nlohmann::json parsed =
      nlohmann::json::parse(FormatLine(Level::kInfo, "m", "x", {}, At(0)));
  EXPECT_EQ(parsed["@timestamp"], "1970-01-01T00:00:00.000000Z");
}

TEST(FormatLine, CallerCannotOverrideReservedKeys) {
  nlohmann::json parsed = nlohmann::json::parse(
      FormatLine(Level::kInfo, "m", "real", {{"@message", "fake"}}, At(0)));
  EXPECT_EQ(parsed["@message"], "real");
}

TEST(FormatLine, InvalidUtf8IsReplacedNotFatal) {
  std::string line = FormatLine(Level::kInfo, "m", "bad \xff byte", {}, At(0));
  nlohmann::json parsed;
  EXPECT_NO_THROW(parsed = nlohmann::json::parse(line));
  EXPECT_TRUE(parsed.is_object());
}

TEST(FormatLine, NeverStartsLikeAPanic) {
  std::string line = FormatLine(Level::kError, "m", "panic: x", {}, At(0));
  EXPECT_EQ(line.rfind("panic: ", 0), std::string::npos);
}

class PipeLoggerTest : public ::testing::Test {
 protected:
  void SetUp() override { ASSERT_EQ(pipe(fds_), 0); }
  void TearDown() override {
    close(fds_[0]);
    if (fds_[1] >= 0) close(fds_[1]);
  }
  std::string Drain() {
    close(fds_[1]);
    fds_[1] = -1;
    std::string out;
    char buf[4096];
    ssize_t n;
    while ((n = read(fds_[0], buf, sizeof buf)) > 0) out.append(buf, n);
    return out;
  }
  int fds_[2];
};

TEST_F(PipeLoggerTest, FiltersBelowLevel) {
  Logger logger(Level::kWarn, "m", fds_[1], [] { return At(0); });
  logger.Debug("hidden");
  logger.Warn("shown");
  logger.Error("also shown");
  std::string out = Drain();
  EXPECT_THAT(out, ::testing::Not(::testing::HasSubstr("hidden")));
  EXPECT_THAT(out, ::testing::HasSubstr("\"shown\""));
  EXPECT_THAT(out, ::testing::HasSubstr("also shown"));
}

TEST_F(PipeLoggerTest, OffWritesNothing) {
  Logger logger(Level::kOff, "m", fds_[1]);
  logger.Error("nothing");
  EXPECT_EQ(Drain(), "");
}

}  // namespace
}  // namespace threatmodel::logging
