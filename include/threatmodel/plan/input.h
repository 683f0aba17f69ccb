// File: input.h
//
// Getting plan bytes into memory and into UTF-8, before any JSON is parsed.
// `terraform show -json` writes UTF-8, but committed plans also arrive as
// UTF-16 with a byte-order mark (PowerShell's `>` redirection), with a UTF-8
// BOM, or as the binary plan file itself (a zip archive) saved under a
// `.json` name. Each of these is recognised here; the binary plan gets an
// error that says how to produce JSON from it.
//
// Limits: the whole input (default 1 GiB) and, while reading a stream whose
// size is not known in advance (stdin, a pipe), the length of any one JSON
// string (default 64 MiB), so that a hostile stream fails early instead of
// being buffered to the end. Memory use is bounded by the input limit.
//
// Thread-safety: the functions touch only their arguments, the file system
// and the given file descriptor; safe from any thread.
#ifndef THREATMODEL_PLAN_INPUT_H_
#define THREATMODEL_PLAN_INPUT_H_

#include <cstddef>
#include <string>
#include <string_view>

#include "absl/status/statusor.h"

namespace threatmodel::plan {

struct InputLimits {
  std::size_t max_bytes = std::size_t{1} << 30;
  std::size_t max_string_bytes = std::size_t{64} << 20;
};

// The message given for a binary plan file, naming `path`.
[[nodiscard]] std::string BinaryPlanMessage(std::string_view path);

// Reads `path`, or standard input when `path` is "-". Errors: NotFound (no
// such file), FailedPrecondition (a directory, or unreadable),
// ResourceExhausted (over a limit), InvalidArgument (a binary plan file,
// recognised from its first bytes).
[[nodiscard]] absl::StatusOr<std::string> ReadPlanInput(
    std::string_view path, const InputLimits& limits);

// Whether the file at `path` starts like a binary plan file (a zip
// archive). False for "-" (standard input) and for files that cannot be
// opened: ReadPlanInput reports those.
[[nodiscard]] bool IsBinaryPlanFile(std::string_view path);

// Reads everything from an open file descriptor (not closed); `name` is used
// in messages. Same errors as ReadPlanInput.
[[nodiscard]] absl::StatusOr<std::string> ReadPlanFromFd(
    int fd, std::string_view name, const InputLimits& limits);

// Turns raw bytes into UTF-8 text: strips a UTF-8 byte-order mark and
// converts UTF-16 (LE or BE, with a BOM, or recognisable without one from a
// leading '{'). InvalidArgument for a binary plan, UTF-32, malformed UTF-16,
// and empty input; `name` is used in messages. UTF-8 validity itself is
// checked by the JSON reader.
[[nodiscard]] absl::StatusOr<std::string> DecodePlanText(std::string raw,
                                                         std::string_view name);

}  // namespace threatmodel::plan

#endif  // THREATMODEL_PLAN_INPUT_H_
