#include "rules/json_limits.h"

#include <cstddef>
#include <cstdint>
#include <exception>
#include <optional>
#include <string>
#include <vector>

#include "absl/container/flat_hash_set.h"
#include "absl/status/status.h"
#include "absl/strings/escaping.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/string_view.h"
#include "rules/string_view_compat.h"
#include "threatmodel/base/json_position.h"

namespace threatmodel::rules::internal {
namespace {

using Json = nlohmann::json;

constexpr std::size_t kMaxKeyShown = 64;

// A SAX consumer that checks what the DOM builder would hide: nesting depth
// (so a deeply nested document is rejected before the recursive builder
// sees it) and keys given twice in one object (the builder keeps the last).
class Guard final : public nlohmann::json_sax<Json> {
 public:
  Guard(absl::string_view text, const char** progress, int max_depth)
      : text_(text), progress_(progress), max_depth_(max_depth) {}

  bool null() override { return true; }
  bool boolean(bool) override { return true; }
  bool number_integer(number_integer_t) override { return true; }
  bool number_unsigned(number_unsigned_t) override { return true; }
  bool number_float(number_float_t, const string_t&) override { return true; }
  bool string(string_t&) override { return true; }
  bool binary(binary_t&) override { return true; }
  bool start_object(std::size_t) override {
    if (!Enter()) return false;
    keys_.emplace_back();
    return true;
  }
  bool key(string_t& key) override {
    if (keys_.back().insert(key).second) return true;
    duplicate_key_ = key;
    duplicate_offset_ = KeyStart();
    return false;
  }
  bool end_object() override {
    keys_.pop_back();
    return Leave();
  }
  bool start_array(std::size_t) override { return Enter(); }
  bool end_array() override { return Leave(); }
  bool parse_error(std::size_t position, const std::string&,
                   const nlohmann::detail::exception& ex) override {
    error_position_ = position;
    syntax_error_ = ex.what();
    return false;
  }

  bool too_deep() const { return too_deep_; }
  const std::optional<std::string>& duplicate_key() const {
    return duplicate_key_;
  }
  std::size_t duplicate_offset() const { return duplicate_offset_; }
  std::size_t error_position() const { return error_position_; }
  const std::string& syntax_error() const { return syntax_error_; }

 private:
  bool Enter() {
    if (++depth_ > max_depth_) {
      too_deep_ = true;
      return false;
    }
    return true;
  }
  bool Leave() {
    --depth_;
    return true;
  }

  std::size_t KeyStart() const {
    return base::JsonKeyStart(
        Sv(text_), static_cast<std::size_t>(*progress_ - text_.data()));
  }

  absl::string_view text_;
  const char** progress_;
  int max_depth_;
  int depth_ = 0;
  bool too_deep_ = false;
  std::vector<absl::flat_hash_set<std::string>> keys_;
  std::optional<std::string> duplicate_key_;
  std::size_t duplicate_offset_ = 0;
  std::size_t error_position_ = 0;
  std::string syntax_error_;
};

// " at line L, column C (byte N)"; columns count bytes.
std::string Where(absl::string_view text, std::size_t offset) {
  std::size_t line = 1;
  std::size_t line_start = 0;
  for (std::size_t i = 0; i < offset && i < text.size(); ++i) {
    if (text[i] == '\n') {
      ++line;
      line_start = i + 1;
    }
  }
  return absl::StrCat(" at line ", line, ", column ", offset - line_start + 1,
                      " (byte ", offset, ")");
}

}  // namespace

absl::StatusOr<Json> ParseBoundedJson(absl::string_view text,
                                      const JsonLimits& limits,
                                      absl::string_view what) {
  if (text.size() > limits.max_bytes) {
    return absl::ResourceExhaustedError(
        absl::StrCat(what, ": input is ", text.size(),
                     " bytes, more than the limit of ", limits.max_bytes));
  }
  try {
    const char* progress = text.data();
    Guard guard(text, &progress, limits.max_depth);
    bool ok = Json::sax_parse(
        base::PositionTrackingIterator(text.data(), &progress),
        base::PositionTrackingIterator(text.data() + text.size(), &progress),
        &guard);
    if (guard.too_deep()) {
      return absl::InvalidArgumentError(absl::StrCat(
          what, ": JSON nested deeper than ", limits.max_depth, " levels"));
    }
    if (const std::optional<std::string>& key = guard.duplicate_key()) {
      const bool cut = key->size() > kMaxKeyShown;
      return absl::InvalidArgumentError(absl::StrCat(
          what, ": duplicate object key \"",
          absl::CHexEscape(absl::string_view(*key).substr(0, kMaxKeyShown)),
          cut ? "...\"" : "\"", Where(text, guard.duplicate_offset())));
    }
    if (!ok) {
      return absl::InvalidArgumentError(
          absl::StrCat(what, ": not valid JSON (byte ", guard.error_position(),
                       "): ", guard.syntax_error()));
    }
    Json value = Json::parse(text.data(), text.data() + text.size(),
                             /*cb=*/nullptr, /*allow_exceptions=*/false);
    if (value.is_discarded()) {
      return absl::InvalidArgumentError(absl::StrCat(what, ": not valid JSON"));
    }
    return value;
  } catch (const std::bad_alloc&) {
    return absl::ResourceExhaustedError(
        absl::StrCat(what, ": out of memory while parsing"));
  } catch (const std::exception& e) {
    return absl::InvalidArgumentError(
        absl::StrCat(what, ": not valid JSON: ", e.what()));
  }
}

absl::string_view JsonTypeName(const Json& value) {
  switch (value.type()) {
    case Json::value_t::null:
      return "null";
    case Json::value_t::object:
      return "object";
    case Json::value_t::array:
      return "array";
    case Json::value_t::string:
      return "string";
    case Json::value_t::boolean:
      return "boolean";
    case Json::value_t::number_integer:
    case Json::value_t::number_unsigned:
    case Json::value_t::number_float:
      return "number";
    case Json::value_t::binary:
      return "binary";
    case Json::value_t::discarded:
      break;
  }
  return "invalid";
}

}  // namespace threatmodel::rules::internal
