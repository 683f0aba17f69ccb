#include "threatmodel/plan/input.h"

#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdint>
#include <cstring>
#include <string>

#include "absl/strings/str_cat.h"
#include "plan/string_view_compat.h"

namespace threatmodel::plan {
namespace {

using internal::Av;

constexpr std::size_t kChunk = std::size_t{1} << 20;

bool StartsWith(std::string_view s, std::string_view prefix) {
  return s.size() >= prefix.size() && s.substr(0, prefix.size()) == prefix;
}

bool LooksLikeZip(std::string_view s) {
  return StartsWith(s, std::string_view("PK\x03\x04", 4)) ||
         StartsWith(s, std::string_view("PK\x05\x06", 4));
}

// Tracks JSON string runs across chunks of a stream, to stop reading as soon
// as one string exceeds the limit. Outside strings every '"' opens one, which
// holds for any valid JSON prefix; on invalid input the JSON reader reports
// the real error later.
class StringRunGuard {
 public:
  explicit StringRunGuard(std::size_t limit) : limit_(limit) {}

  // False when a string ran past the limit.
  bool Feed(const char* p, std::size_t n) {
    const char* end = p + n;
    while (p < end) {
      if (!in_string_) {
        const void* q = std::memchr(p, '"', static_cast<std::size_t>(end - p));
        if (q == nullptr) return true;
        p = static_cast<const char*>(q) + 1;
        in_string_ = true;
        run_ = 0;
        continue;
      }
      const char c = *p++;
      if (escape_) {
        escape_ = false;
      } else if (c == '\\') {
        escape_ = true;
      } else if (c == '"') {
        in_string_ = false;
        continue;
      }
      if (++run_ > limit_) return false;
    }
    return true;
  }

 private:
  std::size_t limit_;
  bool in_string_ = false;
  bool escape_ = false;
  std::size_t run_ = 0;
};

// Asks for huge pages under a large buffer, where the kernel leaves that to
// the program (transparent huge pages in "madvise" mode): filling a 100 MB
// plan in 4 KiB pages costs some 25,000 page faults, about ten times the
// time of reading it. Only advice: without it the buffer works the same.
void AdviseHugePages(std::string& data) {
  constexpr std::uintptr_t kHugePage = std::uintptr_t{2} << 20;
  if (data.capacity() < 4 * kHugePage) return;
  const auto begin = reinterpret_cast<std::uintptr_t>(data.data());
  const std::uintptr_t first = (begin + kHugePage - 1) & ~(kHugePage - 1);
  const std::uintptr_t last = (begin + data.capacity()) & ~(kHugePage - 1);
  if (last > first) {
    madvise(reinterpret_cast<void*>(first), last - first, MADV_HUGEPAGE);
  }
}

absl::Status ErrnoStatus(std::string_view what, std::string_view name,
                         int err) {
  return absl::FailedPreconditionError(absl::StrCat(
      "cannot ", Av(what), " ", Av(name), ": ", std::strerror(err)));
}

absl::StatusOr<std::string> Utf16ToUtf8(std::string_view bytes, bool little,
                                        std::string_view name) {
  if (bytes.size() % 2 != 0) {
    return absl::InvalidArgumentError(absl::StrCat(
        Av(name), " looks like UTF-16 but has an odd number of bytes"));
  }
  std::string out;
  out.reserve(bytes.size() / 2 + bytes.size() / 8);
  auto unit_at = [&](std::size_t i) -> std::uint32_t {
    const auto b0 = static_cast<unsigned char>(bytes[i]);
    const auto b1 = static_cast<unsigned char>(bytes[i + 1]);
    return little ? (b0 | (b1 << 8)) : ((b0 << 8) | b1);
  };
  for (std::size_t i = 0; i < bytes.size(); i += 2) {
    std::uint32_t cp = unit_at(i);
    if (cp >= 0xD800 && cp <= 0xDBFF) {
      if (i + 3 >= bytes.size()) {
        return absl::InvalidArgumentError(absl::StrCat(
            Av(name), ": truncated UTF-16 surrogate pair at byte ", i));
      }
      const std::uint32_t low = unit_at(i + 2);
      if (low < 0xDC00 || low > 0xDFFF) {
        return absl::InvalidArgumentError(
            absl::StrCat(Av(name), ": unpaired UTF-16 surrogate at byte ", i));
      }
      cp = 0x10000 + ((cp - 0xD800) << 10) + (low - 0xDC00);
      i += 2;
    } else if (cp >= 0xDC00 && cp <= 0xDFFF) {
      return absl::InvalidArgumentError(
          absl::StrCat(Av(name), ": unpaired UTF-16 surrogate at byte ", i));
    }
    if (cp < 0x80) {
      out.push_back(static_cast<char>(cp));
    } else if (cp < 0x800) {
      out.push_back(static_cast<char>(0xC0 | (cp >> 6)));
      out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
    } else if (cp < 0x10000) {
      out.push_back(static_cast<char>(0xE0 | (cp >> 12)));
      out.push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
      out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
    } else {
      out.push_back(static_cast<char>(0xF0 | (cp >> 18)));
      out.push_back(static_cast<char>(0x80 | ((cp >> 12) & 0x3F)));
      out.push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
      out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
    }
  }
  return out;
}

}  // namespace

std::string BinaryPlanMessage(std::string_view path) {
  return absl::StrCat(
      Av(path),
      " is a binary Terraform plan file (a zip archive), not plan JSON; "
      "convert it with `terraform show -json PLANFILE > plan.json` and check "
      "plan.json");
}

absl::StatusOr<std::string> ReadPlanFromFd(int fd, std::string_view name,
                                           const InputLimits& limits) {
  struct stat st;
  if (fstat(fd, &st) != 0) return ErrnoStatus("inspect", name, errno);
  if (S_ISDIR(st.st_mode)) {
    return absl::FailedPreconditionError(
        absl::StrCat(Av(name), " is a directory, not a plan JSON file"));
  }
  const bool sized = S_ISREG(st.st_mode);
  std::string data;
  if (sized) {
    if (static_cast<std::uint64_t>(st.st_size) > limits.max_bytes) {
      return absl::ResourceExhaustedError(absl::StrCat(
          Av(name), " is ", st.st_size, " bytes, over the limit of ",
          limits.max_bytes, " bytes"));
    }
    // One byte more than the size, so that reading to EOF needs no
    // reallocation.
    data.reserve(static_cast<std::size_t>(st.st_size) + 1);
    AdviseHugePages(data);
  }
  StringRunGuard guard(limits.max_string_bytes);
  bool checked_magic = false;
  bool guard_on = !sized;
  for (;;) {
    const std::size_t old = data.size();
    const std::size_t room = limits.max_bytes + 1 - old;
    // A regular file is read in one go (it is already under the limit);
    // a stream in chunks, so that the limits apply as it arrives.
    const std::size_t chunk =
        sized && old < data.capacity() ? data.capacity() - old : kChunk;
    const std::size_t want = std::min(chunk, room);
    data.resize(old + want);
    ssize_t n;
    do {
      n = read(fd, data.data() + old, want);
    } while (n < 0 && errno == EINTR);
    if (n < 0) {
      const int err = errno;
      data.resize(old);
      return ErrnoStatus("read", name, err);
    }
    data.resize(old + static_cast<std::size_t>(n));
    if (n == 0) break;
    if (data.size() > limits.max_bytes) {
      return absl::ResourceExhaustedError(
          absl::StrCat(Av(name), " is larger than the limit of ",
                       limits.max_bytes, " bytes"));
    }
    if (!checked_magic && data.size() >= 4) {
      checked_magic = true;
      if (LooksLikeZip(data)) {
        return absl::InvalidArgumentError(BinaryPlanMessage(name));
      }
      // UTF-16 text is checked after conversion, by the JSON reader.
      if (static_cast<unsigned char>(data[0]) >= 0xFE || data[0] == '\0' ||
          data[1] == '\0') {
        guard_on = false;
      }
      if (guard_on && !guard.Feed(data.data(), data.size())) {
        return absl::ResourceExhaustedError(
            absl::StrCat(Av(name), " holds a string longer than ",
                         limits.max_string_bytes, " bytes"));
      }
      continue;
    }
    if (guard_on && checked_magic &&
        !guard.Feed(data.data() + old, static_cast<std::size_t>(n))) {
      return absl::ResourceExhaustedError(
          absl::StrCat(Av(name), " holds a string longer than ",
                       limits.max_string_bytes, " bytes"));
    }
  }
  if (!checked_magic && LooksLikeZip(data)) {
    return absl::InvalidArgumentError(BinaryPlanMessage(name));
  }
  return data;
}

bool IsBinaryPlanFile(std::string_view path) {
  if (path == "-") return false;
  const std::string p(path);
  int fd;
  do {
    fd = open(p.c_str(), O_RDONLY | O_CLOEXEC);
  } while (fd < 0 && errno == EINTR);
  if (fd < 0) return false;
  char magic[4];
  ssize_t n;
  do {
    n = read(fd, magic, sizeof magic);
  } while (n < 0 && errno == EINTR);
  close(fd);
  return n == 4 && LooksLikeZip(std::string_view(magic, 4));
}

absl::StatusOr<std::string> ReadPlanInput(std::string_view path,
                                          const InputLimits& limits) {
  if (path == "-")
    return ReadPlanFromFd(STDIN_FILENO, "standard input", limits);
  const std::string p(path);
  int fd;
  do {
    fd = open(p.c_str(), O_RDONLY | O_CLOEXEC);
  } while (fd < 0 && errno == EINTR);
  if (fd < 0) {
    const int err = errno;
    if (err == ENOENT) {
      return absl::NotFoundError(absl::StrCat("no such file: ", p));
    }
    return ErrnoStatus("open", p, err);
  }
  absl::StatusOr<std::string> out = ReadPlanFromFd(fd, p, limits);
  close(fd);
  return out;
}

absl::StatusOr<std::string> DecodePlanText(std::string raw,
                                           std::string_view name) {
  std::string_view s(raw);
  if (LooksLikeZip(s)) {
    return absl::InvalidArgumentError(BinaryPlanMessage(name));
  }
  if (StartsWith(s, std::string_view("\xFF\xFE\0\0", 4)) ||
      StartsWith(s, std::string_view("\0\0\xFE\xFF", 4))) {
    return absl::InvalidArgumentError(absl::StrCat(
        Av(name), " is UTF-32, which is not supported; save it as UTF-8"));
  }
  if (StartsWith(s, "\xFF\xFE")) return Utf16ToUtf8(s.substr(2), true, name);
  if (StartsWith(s, "\xFE\xFF")) return Utf16ToUtf8(s.substr(2), false, name);
  if (s.size() >= 2 && s[0] != '\0' && s[1] == '\0') {
    return Utf16ToUtf8(s, true, name);
  }
  if (s.size() >= 2 && s[0] == '\0' && s[1] != '\0') {
    return Utf16ToUtf8(s, false, name);
  }
  if (StartsWith(s, "\xEF\xBB\xBF")) raw.erase(0, 3);
  if (raw.find_first_not_of(" \t\r\n") == std::string::npos) {
    return absl::InvalidArgumentError(
        absl::StrCat(Av(name), " is empty, not plan JSON"));
  }
  return raw;
}

}  // namespace threatmodel::plan
