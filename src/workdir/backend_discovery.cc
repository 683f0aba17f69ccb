#include "threatmodel/workdir/backend_discovery.h"

#include <fcntl.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdlib>
#include <exception>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "absl/container/flat_hash_set.h"
#include "absl/status/status.h"
#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/string_view.h"
#include "nlohmann/json.hpp"
#include "threatmodel/base/json_position.h"
#include "workdir/backend_values.h"

namespace threatmodel::workdir {
namespace {

using rules::Backend;
using rules::BackendOrigin;
using rules::BackendSetting;
using rules::Maybe;
using rules::SettingState;

using Json = nlohmann::json;

constexpr int kMaxDepth = 64;
constexpr std::size_t kMaxSettings = 4096;
constexpr char kInvalidName[] = "(setting with an unprintable name)";

// Overwrites a buffer that held file contents before it is released.
// explicit_bzero is used because a plain memset before free may be removed
// as a dead store.
void Wipe(std::string& buffer) {
  if (!buffer.empty()) explicit_bzero(buffer.data(), buffer.size());
  buffer.clear();
}

// Walks a backend file as a stream of SAX events and keeps only what T-2
// needs: the backend type and, per configured setting, its name and whether
// it is set, false or empty. String values pass through `string()` and are
// inspected there for the few value-dependent settings, then forgotten; no
// value is ever stored, and no error message quotes the input.
class BackendFileReader final : public nlohmann::json_sax<Json> {
 public:
  // `contents` is the text being parsed; `*progress` is how far the parser
  // has read it (see base::PositionTrackingIterator).
  BackendFileReader(std::string_view contents, const char** progress)
      : contents_(contents), progress_(progress) {}

  bool null() override { return Value(ValueKind::kNull, {}); }
  bool boolean(bool val) override {
    return Value(val ? ValueKind::kTrue : ValueKind::kFalse, {});
  }
  bool number_integer(number_integer_t) override {
    return Value(ValueKind::kOther, {});
  }
  bool number_unsigned(number_unsigned_t) override {
    return Value(ValueKind::kOther, {});
  }
  bool number_float(number_float_t, const string_t&) override {
    return Value(ValueKind::kOther, {});
  }
  bool string(string_t& val) override {
    return Value(val.empty() ? ValueKind::kEmptyString : ValueKind::kString,
                 val);
  }
  bool binary(binary_t&) override { return Value(ValueKind::kOther, {}); }
  bool start_object(std::size_t) override { return Open(/*object=*/true); }
  bool key(string_t& val) override {
    if (stack_.empty()) return Fail("unexpected key");
    Frame& top = stack_.back();
    if (!top.keys.insert(val).second) {
      // A key given twice: which value counts would depend on the reader.
      const std::size_t at = base::JsonKeyStart(
          contents_, static_cast<std::size_t>(*progress_ - contents_.data()));
      return Fail(
          absl::StrCat("duplicate object key ",
                       internal::IsPlausibleName(val)
                           ? absl::StrCat("\"", val, "\"")
                           : std::string("(a key with an unprintable name)"),
                       " at byte ", at));
    }
    top.key = val;
    return true;
  }
  bool end_object() override { return Close(); }
  bool start_array(std::size_t) override { return Open(/*object=*/false); }
  bool end_array() override { return Close(); }
  bool parse_error(std::size_t position, const std::string&,
                   const nlohmann::detail::exception&) override {
    // The parser's own message quotes the offending token, which may be part
    // of a secret, so only the position is reported.
    if (error_.empty()) {
      error_ =
          absl::StrCat("not valid JSON (syntax error at byte ", position, ")");
    }
    return false;
  }

  const std::string& error() const { return error_; }
  bool has_backend() const { return has_backend_; }
  const std::optional<std::string>& type() const { return type_; }
  bool type_invalid() const { return type_invalid_; }
  std::vector<BackendSetting> TakeSettings() { return std::move(settings_); }

 private:
  enum class ValueKind { kNull, kTrue, kFalse, kEmptyString, kString, kOther };
  enum class Where {
    kRoot,
    kBackend,
    kType,
    kConfig,
    kSetting,
    kNested,
    kOther
  };

  struct Frame {
    bool object = true;
    Where where = Where::kOther;
    std::string key;                        // current key, objects only
    std::string setting_name;               // for kSetting / kNested containers
    std::size_t non_null = 0;               // non-null members seen
    absl::flat_hash_set<std::string> keys;  // objects only
  };

  bool Fail(std::string message) {
    if (error_.empty()) error_ = std::move(message);
    return false;
  }

  // Where a value that starts now sits in the document.
  Where Locate() const {
    if (stack_.empty()) return Where::kRoot;
    const Frame& top = stack_.back();
    if (!top.object) return Where::kOther;
    switch (top.where) {
      case Where::kRoot:
        return top.key == "backend" ? Where::kBackend : Where::kOther;
      case Where::kBackend:
        if (top.key == "type") return Where::kType;
        if (top.key == "config") return Where::kConfig;
        return Where::kOther;
      case Where::kConfig:
        return Where::kSetting;
      case Where::kSetting:
        return Where::kNested;
      default:
        return Where::kOther;
    }
  }

  std::string SettingName(Where where) const {
    const Frame& top = stack_.back();
    std::string name = IsPlausible(top.key) ? top.key : kInvalidName;
    if (where == Where::kNested) {
      name = absl::StrCat(stack_.back().setting_name, ".", name);
    }
    return name;
  }

  static bool IsPlausible(const std::string& key) {
    return internal::IsPlausibleName(key);
  }

  bool Record(std::string name, SettingState state,
              Maybe<bool> embeds_credential) {
    if (settings_.size() >= kMaxSettings) {
      return Fail(absl::StrCat("backend configuration has more than ",
                               kMaxSettings, " settings"));
    }
    settings_.push_back({std::move(name), state, embeds_credential});
    return true;
  }

  bool Value(ValueKind kind, absl::string_view text) {
    Where where = Locate();
    if (!stack_.empty() && kind != ValueKind::kNull) ++stack_.back().non_null;
    switch (where) {
      case Where::kRoot:
        return Fail("not a JSON object");
      case Where::kBackend:
        if (kind == ValueKind::kNull) return true;  // "backend": null
        return Fail("\"backend\" is not an object");
      case Where::kType:
        if (kind != ValueKind::kString) {
          return Fail("\"backend.type\" is not a non-empty string");
        }
        if (!internal::IsPlausibleName(text)) {
          type_invalid_ = true;
          return true;
        }
        type_ = absl::AsciiStrToLower(text);
        return true;
      case Where::kConfig:
        if (kind == ValueKind::kNull) return true;
        return Fail("\"backend.config\" is not an object");
      case Where::kSetting:
      case Where::kNested: {
        if (kind == ValueKind::kNull) return true;
        std::string name = SettingName(where);
        SettingState state = SettingState::kSet;
        if (kind == ValueKind::kFalse) state = SettingState::kFalse;
        if (kind == ValueKind::kEmptyString) state = SettingState::kEmpty;
        Maybe<bool> embeds;
        if (kind == ValueKind::kString &&
            internal::IsValueDependentSetting(name)) {
          embeds = internal::ValueEmbedsCredential(name, text);
        }
        return Record(std::move(name), state, embeds);
      }
      case Where::kOther:
        return true;
    }
    return true;
  }

  bool Open(bool object) {
    if (stack_.size() >= static_cast<std::size_t>(kMaxDepth)) {
      return Fail(
          absl::StrCat("JSON nested deeper than ", kMaxDepth, " levels"));
    }
    Where where = Locate();
    if (!stack_.empty()) ++stack_.back().non_null;
    Frame frame;
    frame.object = object;
    switch (where) {
      case Where::kRoot:
        if (!object) return Fail("not a JSON object");
        frame.where = Where::kRoot;
        break;
      case Where::kBackend:
        if (!object) return Fail("\"backend\" is not an object");
        has_backend_ = true;
        frame.where = Where::kBackend;
        break;
      case Where::kType:
        return Fail("\"backend.type\" is not a non-empty string");
      case Where::kConfig:
        if (!object) return Fail("\"backend.config\" is not an object");
        frame.where = Where::kConfig;
        break;
      case Where::kSetting:
        frame.where = Where::kSetting;  // its members are nested settings
        frame.setting_name = SettingName(where);
        break;
      case Where::kNested:
        frame.where = Where::kOther;  // deeper members are not examined
        frame.setting_name = SettingName(where);
        break;
      case Where::kOther:
        frame.where = Where::kOther;
        break;
    }
    // kSetting containers record their setting when they close; remember
    // whether this container is one.
    frame_is_setting_.push_back(where == Where::kSetting ||
                                where == Where::kNested);
    stack_.push_back(std::move(frame));
    return true;
  }

  bool Close() {
    if (stack_.empty()) return Fail("unbalanced JSON");
    Frame frame = std::move(stack_.back());
    stack_.pop_back();
    bool is_setting = frame_is_setting_.back();
    frame_is_setting_.pop_back();
    if (is_setting) {
      return Record(
          std::move(frame.setting_name),
          frame.non_null > 0 ? SettingState::kSet : SettingState::kEmpty,
          Maybe<bool>());
    }
    return true;
  }

  std::string_view contents_;
  const char** progress_;
  std::vector<Frame> stack_;
  std::vector<bool> frame_is_setting_;
  std::string error_;
  bool has_backend_ = false;
  std::optional<std::string> type_;
  bool type_invalid_ = false;
  std::vector<BackendSetting> settings_;
};

absl::Status FileError(absl::string_view path, absl::string_view what) {
  return absl::FailedPreconditionError(
      absl::StrCat("backend file ", path, ": ", what));
}

// Reads a regular file of at most `max_bytes`. nullopt when it does not
// exist.
absl::StatusOr<std::optional<std::string>> ReadBoundedFile(
    const std::string& path, std::size_t max_bytes) {
  // O_NONBLOCK keeps a FIFO planted under the file's name from blocking the
  // open; fstat then rejects it.
  int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC | O_NONBLOCK | O_NOCTTY);
  if (fd < 0) {
    int err = errno;
    if (err == ENOENT) {
      struct stat link_info;
      if (::lstat(path.c_str(), &link_info) == 0) {
        return FileError(path, "is a dangling symbolic link");
      }
      return std::optional<std::string>();
    }
    if (err == ELOOP) {
      return FileError(path, "too many levels of symbolic links (a loop?)");
    }
    if (err == ENOTDIR) {
      return FileError(path, "a component of the path is not a directory");
    }
    return FileError(path, absl::StrCat("cannot open: ", strerror(err)));
  }
  struct Closer {
    int fd;
    ~Closer() { ::close(fd); }
  } closer{fd};

  struct stat info;
  if (::fstat(fd, &info) != 0) {
    return FileError(path, absl::StrCat("cannot stat: ", strerror(errno)));
  }
  if (!S_ISREG(info.st_mode)) return FileError(path, "is not a regular file");
  if (info.st_size < 0 || static_cast<std::size_t>(info.st_size) > max_bytes) {
    return absl::ResourceExhaustedError(
        absl::StrCat("backend file ", path, ": ", info.st_size,
                     " bytes, more than the limit of ", max_bytes));
  }
  std::string buffer;
  buffer.resize(max_bytes + 1);
  std::size_t total = 0;
  while (total < buffer.size()) {
    ssize_t n = ::read(fd, buffer.data() + total, buffer.size() - total);
    if (n < 0) {
      if (errno == EINTR) continue;
      int err = errno;
      Wipe(buffer);
      return FileError(path, absl::StrCat("cannot read: ", strerror(err)));
    }
    if (n == 0) break;
    total += static_cast<std::size_t>(n);
  }
  if (total > max_bytes) {
    // The file grew after fstat.
    Wipe(buffer);
    return absl::ResourceExhaustedError(
        absl::StrCat("backend file ", path, ": more than the limit of ",
                     max_bytes, " bytes"));
  }
  // Shrinking keeps the allocation, so the tail wiped below is the same
  // memory; resize() would not reallocate here.
  explicit_bzero(buffer.data() + total, buffer.size() - total);
  buffer.resize(total);
  return std::optional<std::string>(std::move(buffer));
}

}  // namespace

DiscoveryOptions DiscoveryOptionsFromEnvironment(std::string working_dir) {
  DiscoveryOptions options;
  options.working_dir = std::move(working_dir);
  if (const char* dir = std::getenv("TF_DATA_DIR"); dir != nullptr && *dir) {
    options.tf_data_dir = dir;
  }
  return options;
}

std::string BackendFilePath(const DiscoveryOptions& options) {
  std::filesystem::path data_dir =
      options.tf_data_dir.has_value() && !options.tf_data_dir->empty()
          ? *options.tf_data_dir
          : std::string(".terraform");
  std::filesystem::path dir =
      data_dir.is_absolute()
          ? data_dir
          : std::filesystem::path(options.working_dir) / data_dir;
  return (dir / "terraform.tfstate").string();
}

namespace {

absl::StatusOr<Backend> ParseBackendFileImpl(std::string_view contents,
                                             std::string source) {
  const char* progress = contents.data();
  BackendFileReader reader(contents, &progress);
  bool ok = false;
  try {
    ok = Json::sax_parse(
        base::PositionTrackingIterator(contents.data(), &progress),
        base::PositionTrackingIterator(contents.data() + contents.size(),
                                       &progress),
        &reader);
  } catch (const std::bad_alloc&) {
    return absl::ResourceExhaustedError(
        absl::StrCat("backend file ", source, ": out of memory"));
  } catch (const std::exception&) {
    // The exception text may quote the input; it is not passed on.
    return absl::InvalidArgumentError(
        absl::StrCat("backend file ", source, ": not valid JSON"));
  }
  if (!ok || !reader.error().empty()) {
    return absl::InvalidArgumentError(absl::StrCat(
        "backend file ", source, ": ",
        reader.error().empty() ? "not valid JSON" : reader.error()));
  }
  Backend backend;
  backend.origin = BackendOrigin::kBackendFile;
  backend.source = std::move(source);
  if (!reader.has_backend()) {
    // No backend recorded: the working directory uses local state.
    backend.type = std::string("local");
    return backend;
  }
  if (reader.type_invalid()) {
    return absl::InvalidArgumentError(
        absl::StrCat("backend file ", backend.source,
                     ": \"backend.type\" is not a plausible backend name"));
  }
  if (!reader.type().has_value()) {
    return absl::InvalidArgumentError(absl::StrCat(
        "backend file ", backend.source, ": \"backend.type\" is missing"));
  }
  backend.type = *reader.type();
  backend.settings = reader.TakeSettings();
  std::stable_sort(backend.settings.begin(), backend.settings.end(),
                   [](const BackendSetting& a, const BackendSetting& b) {
                     return a.name < b.name;
                   });
  return backend;
}

absl::StatusOr<Backend> DiscoverBackendImpl(const DiscoveryOptions& options) {
  struct stat info;
  if (::stat(options.working_dir.c_str(), &info) != 0) {
    if (errno == ENOENT) {
      return absl::NotFoundError(absl::StrCat(
          "working directory ", options.working_dir, " does not exist"));
    }
    return absl::FailedPreconditionError(absl::StrCat(
        "working directory ", options.working_dir, ": ", strerror(errno)));
  }
  if (!S_ISDIR(info.st_mode)) {
    return absl::FailedPreconditionError(absl::StrCat(
        "working directory ", options.working_dir, " is not a directory"));
  }
  std::string path = BackendFilePath(options);
  absl::StatusOr<std::optional<std::string>> contents =
      ReadBoundedFile(path, options.max_file_bytes);
  if (!contents.ok()) return contents.status();
  if (!contents->has_value()) {
    Backend backend;
    backend.type = std::string("local");
    backend.origin = BackendOrigin::kNoBackendFile;
    backend.source = path;
    return backend;
  }
  std::string buffer = std::move(**contents);
  absl::StatusOr<Backend> backend = ParseBackendFileImpl(buffer, path);
  Wipe(buffer);
  return backend;
}

}  // namespace

// The public entry points keep exceptions (allocation failure, std::
// filesystem) inside the module. Exception texts are not passed on: they may
// quote paths or input.
absl::StatusOr<Backend> ParseBackendFile(std::string_view contents,
                                         std::string source) {
  try {
    return ParseBackendFileImpl(contents, std::move(source));
  } catch (const std::exception&) {
    return absl::InternalError(
        "backend file: unexpected failure while parsing");
  }
}

absl::StatusOr<Backend> DiscoverBackend(const DiscoveryOptions& options) {
  try {
    return DiscoverBackendImpl(options);
  } catch (const std::exception&) {
    return absl::InternalError(
        "backend discovery: unexpected failure while reading the backend "
        "file");
  }
}

}  // namespace threatmodel::workdir
