#include "threatmodel/plan/input.h"

#include <unistd.h>

#include <csignal>
#include <cstdio>
#include <string>
#include <thread>
#include <vector>

#include "gtest/gtest.h"

namespace threatmodel::plan {
namespace {

std::string Utf16(const std::string& ascii, bool little, bool bom) {
  std::string out;
  if (bom) out += little ? "\xFF\xFE" : "\xFE\xFF";
  for (char c : ascii) {
    if (little) {
      out.push_back(c);
      out.push_back('\0');
    } else {
      out.push_back('\0');
      out.push_back(c);
    }
  }
  return out;
}

TEST(DecodePlanText, Encodings) {
  struct Case {
    std::string name;
    std::string raw;
    bool ok;
    std::string want_or_error;
  };
  const std::string doc = R"({"format_version":"1.2"})";
  const std::vector<Case> cases = {
      {"utf-8", doc, true, doc},
      {"utf-8 bom", "\xEF\xBB\xBF" + doc, true, doc},
      {"utf-16le bom", Utf16(doc, true, true), true, doc},
      {"utf-16be bom", Utf16(doc, false, true), true, doc},
      {"utf-16le no bom", Utf16(doc, true, false), true, doc},
      {"utf-16 non-bmp", std::string("\xFF\xFE\x3D\xD8\x00\xDE", 6), true,
       "\xF0\x9F\x98\x80"},
      {"utf-16 odd length", std::string("\xFF\xFE{\0\"", 5), false,
       "odd number of bytes"},
      {"utf-16 lone surrogate", std::string("\xFF\xFE\x00\xD8{\0", 6), false,
       "surrogate"},
      {"utf-32", std::string("\xFF\xFE\0\0{\0\0\0", 8), false, "UTF-32"},
      {"zip", std::string("PK\x03\x04rest", 8), false, "binary Terraform plan"},
      {"empty", "", false, "empty"},
      {"blank", " \n\t", false, "empty"},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.name);
    absl::StatusOr<std::string> out = DecodePlanText(c.raw, "plan.json");
    ASSERT_EQ(out.ok(), c.ok) << out.status();
    if (c.ok) {
      EXPECT_EQ(*out, c.want_or_error);
    } else {
      EXPECT_NE(std::string(out.status().message()).find(c.want_or_error),
                std::string::npos)
          << out.status();
      EXPECT_TRUE(absl::IsInvalidArgument(out.status()));
    }
  }
}

TEST(BinaryPlanMessage, SaysHowToConvert) {
  const std::string m = BinaryPlanMessage("tfplan.json");
  EXPECT_NE(m.find("binary"), std::string::npos);
  EXPECT_NE(m.find("terraform show -json PLANFILE > plan.json"),
            std::string::npos);
}

class TempFile {
 public:
  explicit TempFile(const std::string& contents) {
    char name[] = "/tmp/tm_input_test_XXXXXX";
    const int fd = mkstemp(name);
    path_ = name;
    if (fd >= 0) {
      EXPECT_EQ(write(fd, contents.data(), contents.size()),
                static_cast<ssize_t>(contents.size()));
      close(fd);
    }
  }
  ~TempFile() { std::remove(path_.c_str()); }
  const std::string& path() const { return path_; }

 private:
  std::string path_;
};

TEST(ReadPlanInput, Files) {
  TempFile small("{}");
  absl::StatusOr<std::string> ok = ReadPlanInput(small.path(), {});
  ASSERT_TRUE(ok.ok());
  EXPECT_EQ(*ok, "{}");

  InputLimits tiny;
  tiny.max_bytes = 1;
  EXPECT_TRUE(
      absl::IsResourceExhausted(ReadPlanInput(small.path(), tiny).status()));

  EXPECT_TRUE(
      absl::IsNotFound(ReadPlanInput("/nonexistent/plan.json", {}).status()));
  EXPECT_TRUE(absl::IsFailedPrecondition(ReadPlanInput("/tmp", {}).status()));

  TempFile zip(std::string("PK\x03\x04\x14\0\0\0", 8));
  absl::StatusOr<std::string> bin = ReadPlanInput(zip.path(), {});
  ASSERT_FALSE(bin.ok());
  EXPECT_NE(std::string(bin.status().message()).find("binary"),
            std::string::npos);
}

// Streams `head` and then `filler` bytes of 'a' forever (until the reader
// closes the pipe) into a pipe; returns what ReadPlanFromFd says.
absl::StatusOr<std::string> ReadFromStream(const std::string& head,
                                           std::size_t filler,
                                           const InputLimits& limits) {
  int fds[2];
  EXPECT_EQ(pipe(fds), 0);
  std::thread writer([&] {
    std::string chunk(1 << 16, 'a');
    ssize_t n = write(fds[1], head.data(), head.size());
    (void)n;
    std::size_t sent = 0;
    while (sent < filler) {
      const ssize_t w = write(fds[1], chunk.data(), chunk.size());
      if (w <= 0) break;
      sent += static_cast<std::size_t>(w);
    }
    close(fds[1]);
  });
  absl::StatusOr<std::string> out = ReadPlanFromFd(fds[0], "stdin", limits);
  close(fds[0]);
  writer.join();
  return out;
}

TEST(ReadPlanFromFd, LongStringOnAStreamFailsEarly) {
  signal(SIGPIPE, SIG_IGN);
  InputLimits limits;
  limits.max_string_bytes = 1 << 20;
  // 64 MiB of one string: rejected after about 1 MiB.
  absl::StatusOr<std::string> out = ReadFromStream(
      R"({"format_version":"1.2","x":")", std::size_t{64} << 20, limits);
  ASSERT_FALSE(out.ok());
  EXPECT_TRUE(absl::IsResourceExhausted(out.status()));
  EXPECT_NE(std::string(out.status().message()).find("string longer than"),
            std::string::npos);
}

TEST(ReadPlanFromFd, StreamOverTheSizeLimit) {
  signal(SIGPIPE, SIG_IGN);
  InputLimits limits;
  limits.max_bytes = 1 << 20;
  absl::StatusOr<std::string> out =
      ReadFromStream("[", std::size_t{8} << 20, limits);
  EXPECT_TRUE(absl::IsResourceExhausted(out.status())) << out.status();
}

TEST(ReadPlanFromFd, StreamedPlanIsRead) {
  absl::StatusOr<std::string> out =
      ReadFromStream(R"({"a":"b\"c"})", 0, InputLimits{});
  ASSERT_TRUE(out.ok());
  EXPECT_EQ(*out, R"({"a":"b\"c"})");
}

}  // namespace
}  // namespace threatmodel::plan
