#include "threatmodel/logging/logger.h"

#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <ctime>

#include "absl/strings/ascii.h"
#include "absl/strings/str_format.h"
#include "nlohmann/json.hpp"

namespace threatmodel::logging {
namespace {

std::string Timestamp(std::chrono::system_clock::time_point at) {
  const auto micros = std::chrono::duration_cast<std::chrono::microseconds>(
                          at.time_since_epoch())
                          .count();
  time_t seconds = static_cast<time_t>(micros / 1000000);
  long fraction = static_cast<long>(micros % 1000000);
  if (fraction < 0) {
    fraction += 1000000;
    --seconds;
  }
  struct tm utc;
  gmtime_r(&seconds, &utc);
  return absl::StrFormat("%04d-%02d-%02dT%02d:%02d:%02d.%06dZ",
                         utc.tm_year + 1900, utc.tm_mon + 1, utc.tm_mday,
                         utc.tm_hour, utc.tm_min, utc.tm_sec, fraction);
}

void WriteAll(int fd, const std::string& line) {
  size_t written = 0;
  while (written < line.size()) {
    ssize_t n = ::write(fd, line.data() + written, line.size() - written);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return;  // Nowhere to report a failed log write.
    written += static_cast<size_t>(n);
  }
}

}  // namespace

std::optional<Level> ParseLevel(std::string_view name) {
  const std::string lower = absl::AsciiStrToLower(std::string(name));
  if (lower.empty()) return std::nullopt;
  if (lower == "trace" || lower == "json") return Level::kTrace;
  if (lower == "debug") return Level::kDebug;
  if (lower == "info") return Level::kInfo;
  if (lower == "warn") return Level::kWarn;
  if (lower == "error") return Level::kError;
  if (lower == "off") return Level::kOff;
  return Level::kTrace;
}

Level LevelFromEnvironment() {
  for (const char* var : {"TF_LOG_PROVIDER", "TF_LOG"}) {
    const char* value = std::getenv(var);
    if (value == nullptr) continue;
    if (std::optional<Level> level = ParseLevel(value)) return *level;
  }
  return Level::kOff;
}

std::string_view LevelName(Level level) {
  switch (level) {
    case Level::kTrace:
      return "trace";
    case Level::kDebug:
      return "debug";
    case Level::kInfo:
      return "info";
    case Level::kWarn:
      return "warn";
    case Level::kError:
      return "error";
    case Level::kOff:
      return "off";
  }
  return "off";
}

std::string FormatLine(Level level, std::string_view module,
                       std::string_view message,
                       const std::vector<Field>& fields,
                       std::chrono::system_clock::time_point at) {
  nlohmann::ordered_json line = nlohmann::ordered_json::object();
  line["@level"] = std::string(LevelName(level));
  line["@message"] = std::string(message);
  line["@module"] = std::string(module);
  line["@timestamp"] = Timestamp(at);
  for (const auto& [key, value] : fields) {
    // Reserved keys stay strings written by us alone.
    if (!key.empty() && key[0] == '@') continue;
    line[key] = value;
  }
  // Replacing invalid UTF-8 keeps the line parseable whatever the caller
  // passed in.
  return line.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace) +
         "\n";
}

Logger::Logger(Level level, std::string module, int fd, Clock clock)
    : level_(level),
      module_(std::move(module)),
      fd_(fd),
      clock_(clock ? std::move(clock)
                   : [] { return std::chrono::system_clock::now(); }) {}

void Logger::Log(Level level, std::string_view message,
                 const std::vector<Field>& fields) const {
  if (!Enabled(level) || level == Level::kOff) return;
  WriteAll(fd_, FormatLine(level, module_, message, fields, clock_()));
}

const Logger& Default() {
  static const Logger* logger = new Logger(
      LevelFromEnvironment(), "provider.terraform-provider-threatmodel");
  return *logger;
}

}  // namespace threatmodel::logging
