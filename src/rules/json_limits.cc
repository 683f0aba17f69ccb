#include "rules/json_limits.h"

#include <cstdint>
#include <exception>
#include <string>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/string_view.h"

namespace threatmodel::rules::internal {
namespace {

using Json = nlohmann::json;

// A SAX consumer that only tracks nesting depth, so that a deeply nested
// document is rejected before the (recursive) DOM builder sees it.
class DepthGuard final : public nlohmann::json_sax<Json> {
 public:
  explicit DepthGuard(int max_depth) : max_depth_(max_depth) {}

  bool null() override { return true; }
  bool boolean(bool) override { return true; }
  bool number_integer(number_integer_t) override { return true; }
  bool number_unsigned(number_unsigned_t) override { return true; }
  bool number_float(number_float_t, const string_t&) override { return true; }
  bool string(string_t&) override { return true; }
  bool binary(binary_t&) override { return true; }
  bool start_object(std::size_t) override { return Enter(); }
  bool key(string_t&) override { return true; }
  bool end_object() override { return Leave(); }
  bool start_array(std::size_t) override { return Enter(); }
  bool end_array() override { return Leave(); }
  bool parse_error(std::size_t position, const std::string&,
                   const nlohmann::detail::exception& ex) override {
    error_position_ = position;
    syntax_error_ = ex.what();
    return false;
  }

  bool too_deep() const { return too_deep_; }
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

  int max_depth_;
  int depth_ = 0;
  bool too_deep_ = false;
  std::size_t error_position_ = 0;
  std::string syntax_error_;
};

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
    DepthGuard guard(limits.max_depth);
    bool ok = Json::sax_parse(text.data(), text.data() + text.size(), &guard);
    if (guard.too_deep()) {
      return absl::InvalidArgumentError(absl::StrCat(
          what, ": JSON nested deeper than ", limits.max_depth, " levels"));
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
