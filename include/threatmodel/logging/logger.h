// File: logger.h
//
// Structured log lines in the JSON form that go-plugin hosts (Terraform,
// OpenTofu) parse from a plugin's stderr: one object per line with string
// "@level", "@message", "@timestamp" (exactly six fractional digits, UTC "Z")
// and "@module". Terraform type-asserts those three keys as strings and
// crashes on anything else, so they are always written as JSON strings.
//
// The level comes from TF_LOG_PROVIDER, then TF_LOG; with both unset nothing
// is written. Callers must never pass configuration values that are or may
// be secrets: fields hold names, counts and addresses only.
//
// Thread-safety: a Logger may be used from any thread; each line is emitted
// with a single write(2).
#ifndef THREATMODEL_LOGGING_LOGGER_H_
#define THREATMODEL_LOGGING_LOGGER_H_

#include <chrono>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace threatmodel::logging {

enum class Level { kTrace = 0, kDebug, kInfo, kWarn, kError, kOff };

// Parses a TF_LOG-style level name, case-insensitively. "JSON" means trace,
// as in Terraform. Returns nullopt for an empty string.
[[nodiscard]] std::optional<Level> ParseLevel(std::string_view name);

// The level named by TF_LOG_PROVIDER, else TF_LOG, else kOff. An unknown
// name means kTrace, which is what Terraform itself does with one.
[[nodiscard]] Level LevelFromEnvironment();

[[nodiscard]] std::string_view LevelName(Level level);

using Field = std::pair<std::string, std::string>;
using Clock = std::function<std::chrono::system_clock::time_point()>;

// Renders one log line, newline included. Exposed for tests.
[[nodiscard]] std::string FormatLine(Level level, std::string_view module,
                                     std::string_view message,
                                     const std::vector<Field>& fields,
                                     std::chrono::system_clock::time_point at);

class Logger {
 public:
  // Writes lines at or above `level` to file descriptor `fd`.
  Logger(Level level, std::string module, int fd = 2, Clock clock = nullptr);

  [[nodiscard]] bool Enabled(Level level) const {
    return level_ != Level::kOff && level >= level_;
  }
  void Log(Level level, std::string_view message,
           const std::vector<Field>& fields = {}) const;

  void Trace(std::string_view m, const std::vector<Field>& f = {}) const {
    Log(Level::kTrace, m, f);
  }
  void Debug(std::string_view m, const std::vector<Field>& f = {}) const {
    Log(Level::kDebug, m, f);
  }
  void Info(std::string_view m, const std::vector<Field>& f = {}) const {
    Log(Level::kInfo, m, f);
  }
  void Warn(std::string_view m, const std::vector<Field>& f = {}) const {
    Log(Level::kWarn, m, f);
  }
  void Error(std::string_view m, const std::vector<Field>& f = {}) const {
    Log(Level::kError, m, f);
  }

 private:
  Level level_;
  std::string module_;
  int fd_;
  Clock clock_;
};

// The process-wide logger, configured from the environment on first use.
const Logger& Default();

}  // namespace threatmodel::logging

#endif  // THREATMODEL_LOGGING_LOGGER_H_
