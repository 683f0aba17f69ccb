#include "plan/json_cursor.h"

#include <algorithm>
#include <charconv>
#include <cstdint>
#include <limits>
#include <string>
#include <system_error>
#include <utility>

#include "absl/strings/escaping.h"
#include "absl/strings/str_cat.h"
#include "plan/string_view_compat.h"
#include "threatmodel/base/utf8.h"

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

namespace threatmodel::plan::internal {
namespace {

// Bytes that may appear unescaped in a string and need no further check:
// printable ASCII other than '"' and '\\'.
struct PlainTable {
  bool plain[256] = {};
  constexpr PlainTable() {
    for (int c = 0x20; c < 0x80; ++c) plain[c] = c != '"' && c != '\\';
  }
};
constexpr PlainTable kPlain;

bool IsDigit(char c) { return c >= '0' && c <= '9'; }

int HexValue(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

constexpr std::size_t kMaxKeyShown = 64;

}  // namespace

void KeyScopes::Push() {
  scopes_.push_back({keys_.size(), owned_.size(), nullptr});
}

void KeyScopes::Pop() {
  const Scope& scope = scopes_.back();
  keys_.resize(scope.first_key);
  owned_.resize(scope.first_owned);
  scopes_.pop_back();
}

bool KeyScopes::Insert(std::string_view key, bool copy) {
  Scope& scope = scopes_.back();
  if (scope.index != nullptr) {
    if (scope.index->contains(key)) return false;
  } else {
    for (std::size_t i = scope.first_key; i < keys_.size(); ++i) {
      if (keys_[i] == key) return false;
    }
  }
  if (copy) {
    // A deque never moves its elements, so views of them stay valid.
    owned_.emplace_back(key);
    key = owned_.back();
  }
  keys_.push_back(key);
  if (scope.index != nullptr) {
    scope.index->insert(key);
  } else if (keys_.size() - scope.first_key > kLinearKeys) {
    scope.index = std::make_unique<absl::flat_hash_set<std::string_view>>(
        keys_.begin() + static_cast<std::ptrdiff_t>(scope.first_key),
        keys_.end());
  }
  return true;
}

std::string_view JsonKindName(JsonKind kind) {
  switch (kind) {
    case JsonKind::kObject:
      return "object";
    case JsonKind::kArray:
      return "array";
    case JsonKind::kString:
      return "string";
    case JsonKind::kNumber:
      return "number";
    case JsonKind::kBool:
      return "boolean";
    case JsonKind::kNull:
      return "null";
  }
  return "value";
}

std::string_view JsonKindName(const nlohmann::json& value) {
  switch (value.type()) {
    case nlohmann::json::value_t::object:
      return "object";
    case nlohmann::json::value_t::array:
      return "array";
    case nlohmann::json::value_t::string:
      return "string";
    case nlohmann::json::value_t::boolean:
      return "boolean";
    case nlohmann::json::value_t::number_integer:
    case nlohmann::json::value_t::number_unsigned:
    case nlohmann::json::value_t::number_float:
      return "number";
    case nlohmann::json::value_t::null:
      return "null";
    default:
      return "value";
  }
}

JsonCursor::JsonCursor(std::string_view text, JsonLimits limits)
    : begin_(text.data()),
      pos_(text.data()),
      end_(text.data() + text.size()),
      limits_(limits) {}

std::string JsonCursor::Where(std::size_t offset) const {
  offset = std::min(offset, static_cast<std::size_t>(end_ - begin_));
  std::size_t line = 1;
  std::size_t line_start = 0;
  for (std::size_t i = 0; i < offset; ++i) {
    if (begin_[i] == '\n') {
      ++line;
      line_start = i + 1;
    }
  }
  return absl::StrCat(" at line ", line, ", column ", offset - line_start + 1,
                      " (byte ", offset, ")");
}

absl::Status JsonCursor::ErrorAt(std::size_t offset,
                                 std::string_view what) const {
  return absl::InvalidArgumentError(absl::StrCat(Av(what), Where(offset)));
}

absl::Status JsonCursor::Error(std::string_view what) const {
  return ErrorAt(offset(), what);
}

absl::Status JsonCursor::DuplicateKey(std::size_t offset,
                                      std::string_view key) const {
  const bool cut = key.size() > kMaxKeyShown;
  return ErrorAt(offset,
                 absl::StrCat("duplicate object key \"",
                              absl::CHexEscape(Av(key.substr(
                                  0, std::min(key.size(), kMaxKeyShown)))),
                              cut ? "...\"" : "\""));
}

absl::Status JsonCursor::Truncated(std::string_view what) const {
  return absl::InvalidArgumentError(absl::StrCat(
      "unexpected end of input (truncated JSON?) ", Av(what), Where(offset())));
}

void JsonCursor::SkipWhitespace() {
  while (pos_ < end_ &&
         (*pos_ == ' ' || *pos_ == '\n' || *pos_ == '\r' || *pos_ == '\t')) {
    ++pos_;
  }
}

absl::StatusOr<JsonKind> JsonCursor::Peek() {
  SkipWhitespace();
  if (pos_ == end_) return Truncated("where a value was expected");
  switch (*pos_) {
    case '{':
      return JsonKind::kObject;
    case '[':
      return JsonKind::kArray;
    case '"':
      return JsonKind::kString;
    case 't':
    case 'f':
      return JsonKind::kBool;
    case 'n':
      return JsonKind::kNull;
    default:
      if (*pos_ == '-' || IsDigit(*pos_)) return JsonKind::kNumber;
  }
  const unsigned char c = static_cast<unsigned char>(*pos_);
  if (c >= 0x20 && c < 0x7F) {
    return Error(absl::StrCat("unexpected character '",
                              std::string(1, static_cast<char>(c)),
                              "' where a value was expected"));
  }
  return Error(absl::StrCat("unexpected byte 0x", absl::Hex(c, absl::kZeroPad2),
                            " where a value was expected"));
}

absl::Status JsonCursor::PushContainer(char open) {
  if (static_cast<int>(open_.size()) >= limits_.max_depth) {
    return Error(
        absl::StrCat("nesting deeper than ", limits_.max_depth, " levels"));
  }
  open_.push_back({open, false});
  if (open == '{') keys_.Push();
  ++pos_;
  return absl::OkStatus();
}

absl::Status JsonCursor::EnterObject() {
  SkipWhitespace();
  if (pos_ == end_ || *pos_ != '{') return Error("expected an object");
  return PushContainer('{');
}

absl::Status JsonCursor::EnterArray() {
  SkipWhitespace();
  if (pos_ == end_ || *pos_ != '[') return Error("expected an array");
  return PushContainer('[');
}

absl::StatusOr<bool> JsonCursor::NextKey(std::string_view* key) {
  if (open_.empty() || open_.back().kind != '{') {
    return absl::InternalError("NextKey called outside an object");
  }
  SkipWhitespace();
  if (pos_ == end_) return Truncated("inside an object");
  Open& top = open_.back();
  if (*pos_ == '}') {
    open_.pop_back();
    keys_.Pop();
    ++pos_;
    return false;
  }
  if (top.seen) {
    if (*pos_ != ',') return Error("expected ',' or '}' in an object");
    ++pos_;
    SkipWhitespace();
    if (pos_ == end_) return Truncated("inside an object");
  }
  top.seen = true;
  if (*pos_ != '"') return Error("expected a string as object key");
  const std::size_t key_offset = offset();
  std::string_view raw;
  key_buffer_.clear();
  if (absl::Status s = ScanString(&key_buffer_, &raw); !s.ok()) return s;
  *key = raw.data() != nullptr ? raw : std::string_view(key_buffer_);
  if (!keys_.Insert(*key, /*copy=*/raw.data() == nullptr)) {
    return DuplicateKey(key_offset, *key);
  }
  SkipWhitespace();
  if (pos_ == end_) return Truncated("after an object key");
  if (*pos_ != ':') return Error("expected ':' after an object key");
  ++pos_;
  return true;
}

absl::StatusOr<bool> JsonCursor::NextElement() {
  if (open_.empty() || open_.back().kind != '[') {
    return absl::InternalError("NextElement called outside an array");
  }
  SkipWhitespace();
  if (pos_ == end_) return Truncated("inside an array");
  Open& top = open_.back();
  if (*pos_ == ']') {
    open_.pop_back();
    ++pos_;
    return false;
  }
  if (top.seen) {
    if (*pos_ != ',') return Error("expected ',' or ']' in an array");
    ++pos_;
  }
  top.seen = true;
  return true;
}

absl::Status JsonCursor::ScanString(std::string* out, std::string_view* view) {
  const char* const open_quote = pos_;
  const char* p = pos_ + 1;
  const char* run = p;  // start of the current unescaped run
  bool escaped = false;
  const std::size_t avail = static_cast<std::size_t>(end_ - p);
  // Never look further than the limit allows, so an over-long string is
  // rejected after max_string_bytes, not after the whole input.
  const char* const stop = avail > limits_.max_string_bytes
                               ? p + limits_.max_string_bytes + 1
                               : end_;
  for (;;) {
#if defined(__SSE2__)
    // Strings are most of a plan's bytes: look at 16 at a time for a quote,
    // a backslash, a control character or a non-ASCII byte (the signed
    // comparison with 0x20 catches both 0x00-0x1F and 0x80-0xFF).
    while (stop - p >= 16) {
      const __m128i v = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p));
      const __m128i special =
          _mm_or_si128(_mm_or_si128(_mm_cmpeq_epi8(v, _mm_set1_epi8('"')),
                                    _mm_cmpeq_epi8(v, _mm_set1_epi8('\\'))),
                       _mm_cmplt_epi8(v, _mm_set1_epi8(0x20)));
      const int mask = _mm_movemask_epi8(special);
      if (mask != 0) {
        p += __builtin_ctz(static_cast<unsigned>(mask));
        break;
      }
      p += 16;
    }
#endif
    while (p < stop && kPlain.plain[static_cast<unsigned char>(*p)]) ++p;
    if (p == stop) {
      if (stop != end_) {
        pos_ = open_quote;
        return Error(absl::StrCat("string longer than ",
                                  limits_.max_string_bytes, " bytes"));
      }
      pos_ = p;
      return Truncated("inside a string");
    }
    const unsigned char c = static_cast<unsigned char>(*p);
    if (c == '"') {
      if (out != nullptr && escaped) out->append(run, p);
      if (view != nullptr) {
        *view = escaped
                    ? std::string_view()
                    : std::string_view(open_quote + 1, p - (open_quote + 1));
      }
      pos_ = p + 1;
      return absl::OkStatus();
    }
    if (c == '\\') {
      if (out != nullptr) {
        if (!escaped)
          out->assign(open_quote + 1, p);
        else
          out->append(run, p);
      }
      escaped = true;
      if (stop - p < 2) {
        pos_ = p;
        return stop == end_ ? Truncated("inside a string escape")
                            : Error("string too long");
      }
      const char e = p[1];
      std::uint32_t decoded = 0;
      int consumed = 2;
      switch (e) {
        case '"':
          decoded = '"';
          break;
        case '\\':
          decoded = '\\';
          break;
        case '/':
          decoded = '/';
          break;
        case 'b':
          decoded = '\b';
          break;
        case 'f':
          decoded = '\f';
          break;
        case 'n':
          decoded = '\n';
          break;
        case 'r':
          decoded = '\r';
          break;
        case 't':
          decoded = '\t';
          break;
        case 'u': {
          auto hex4 = [&](const char* q, std::uint32_t* v) -> bool {
            if (stop - q < 4) return false;
            std::uint32_t r = 0;
            for (int i = 0; i < 4; ++i) {
              int h = HexValue(q[i]);
              if (h < 0) return false;
              r = (r << 4) | static_cast<std::uint32_t>(h);
            }
            *v = r;
            return true;
          };
          std::uint32_t unit;
          if (!hex4(p + 2, &unit)) {
            pos_ = p;
            return Error("invalid \\u escape in a string");
          }
          consumed = 6;
          if (unit >= 0xD800 && unit <= 0xDBFF) {
            std::uint32_t low;
            if (stop - p < 12 || p[6] != '\\' || p[7] != 'u' ||
                !hex4(p + 8, &low) || low < 0xDC00 || low > 0xDFFF) {
              pos_ = p;
              return Error("unpaired UTF-16 surrogate in a \\u escape");
            }
            unit = 0x10000 + ((unit - 0xD800) << 10) + (low - 0xDC00);
            consumed = 12;
          } else if (unit >= 0xDC00 && unit <= 0xDFFF) {
            pos_ = p;
            return Error("unpaired UTF-16 surrogate in a \\u escape");
          }
          decoded = unit;
          break;
        }
        default:
          pos_ = p;
          return Error("invalid escape sequence in a string");
      }
      if (out != nullptr) base::AppendUtf8(decoded, out);
      p += consumed;
      run = p;
      continue;
    }
    if (c < 0x20) {
      pos_ = p;
      return Error("unescaped control character in a string");
    }
    const std::size_t n =
        base::Utf8SequenceLength(std::string_view(p, stop - p), 0);
    if (n == 0) {
      pos_ = p;
      return Error(
          "invalid UTF-8 in a string (the file must be UTF-8 or "
          "UTF-16 with a byte-order mark)");
    }
    p += n;
  }
}

absl::Status JsonCursor::ScanNumber(const char** start) {
  const char* p = pos_;
  *start = p;
  if (p < end_ && *p == '-') ++p;
  if (p == end_) {
    pos_ = p;
    return Truncated("inside a number");
  }
  if (*p == '0') {
    ++p;
  } else if (IsDigit(*p)) {
    while (p < end_ && IsDigit(*p)) ++p;
  } else {
    pos_ = p;
    return Error("invalid number");
  }
  if (p < end_ && *p == '.') {
    ++p;
    if (p == end_ || !IsDigit(*p)) {
      pos_ = p;
      return Error("invalid number: expected a digit after '.'");
    }
    while (p < end_ && IsDigit(*p)) ++p;
  }
  if (p < end_ && (*p == 'e' || *p == 'E')) {
    ++p;
    if (p < end_ && (*p == '+' || *p == '-')) ++p;
    if (p == end_ || !IsDigit(*p)) {
      pos_ = p;
      return Error("invalid number: expected a digit in the exponent");
    }
    while (p < end_ && IsDigit(*p)) ++p;
  }
  pos_ = p;
  return absl::OkStatus();
}

absl::Status JsonCursor::ScanLiteral(std::string_view word) {
  if (static_cast<std::size_t>(end_ - pos_) < word.size()) {
    if (std::string_view(pos_, end_ - pos_) == word.substr(0, end_ - pos_)) {
      pos_ = end_;
      return Truncated("inside a literal");
    }
    return Error("invalid literal");
  }
  if (std::string_view(pos_, word.size()) != word) {
    return Error("invalid literal");
  }
  pos_ += word.size();
  return absl::OkStatus();
}

absl::StatusOr<std::string> JsonCursor::ReadString() {
  SkipWhitespace();
  if (pos_ == end_) return Truncated("where a string was expected");
  if (*pos_ != '"') return Error("expected a string");
  std::string out;
  std::string_view view;
  if (absl::Status s = ScanString(&out, &view); !s.ok()) return s;
  if (view.data() != nullptr) return std::string(view);
  return out;
}

absl::StatusOr<std::string_view> JsonCursor::ReadStringView(
    std::string* scratch) {
  SkipWhitespace();
  if (pos_ == end_) return Truncated("where a string was expected");
  if (*pos_ != '"') return Error("expected a string");
  scratch->clear();
  std::string_view view;
  if (absl::Status s = ScanString(scratch, &view); !s.ok()) return s;
  if (view.data() != nullptr) return view;
  return std::string_view(*scratch);
}

absl::StatusOr<bool> JsonCursor::ReadBool() {
  SkipWhitespace();
  if (pos_ == end_) return Truncated("where a boolean was expected");
  if (*pos_ == 't') {
    if (absl::Status s = ScanLiteral("true"); !s.ok()) return s;
    return true;
  }
  if (*pos_ == 'f') {
    if (absl::Status s = ScanLiteral("false"); !s.ok()) return s;
    return false;
  }
  return Error("expected a boolean");
}

absl::Status JsonCursor::ValueToNumber(std::string_view text,
                                       nlohmann::json* out) const {
  const bool integral = text.find_first_of(".eE") == std::string_view::npos;
  if (integral) {
    std::int64_t i;
    auto r = std::from_chars(text.data(), text.data() + text.size(), i);
    if (r.ec == std::errc() && r.ptr == text.data() + text.size()) {
      *out = i;
      return absl::OkStatus();
    }
    if (text[0] != '-') {
      std::uint64_t u;
      r = std::from_chars(text.data(), text.data() + text.size(), u);
      if (r.ec == std::errc() && r.ptr == text.data() + text.size()) {
        *out = u;
        return absl::OkStatus();
      }
    }
  }
  double d;
  auto r = std::from_chars(text.data(), text.data() + text.size(), d);
  if (r.ec != std::errc() || r.ptr != text.data() + text.size()) {
    return ErrorAt(static_cast<std::size_t>(text.data() - begin_),
                   "number out of range");
  }
  *out = d;
  return absl::OkStatus();
}

absl::StatusOr<nlohmann::json> JsonCursor::ReadValue() {
  nlohmann::json out;
  if (absl::Status s = ReadValueAt(&out, static_cast<int>(open_.size()));
      !s.ok()) {
    return s;
  }
  return out;
}

absl::Status JsonCursor::ReadValueAt(nlohmann::json* out, int depth) {
  absl::StatusOr<JsonKind> kind = Peek();
  if (!kind.ok()) return kind.status();
  switch (*kind) {
    case JsonKind::kObject:
    case JsonKind::kArray: {
      const bool object = *kind == JsonKind::kObject;
      if (depth >= limits_.max_depth) {
        return Error(
            absl::StrCat("nesting deeper than ", limits_.max_depth, " levels"));
      }
      ++pos_;
      *out = object ? nlohmann::json::object() : nlohmann::json::array();
      bool seen = false;
      for (;;) {
        SkipWhitespace();
        if (pos_ == end_) {
          return Truncated(object ? "inside an object" : "inside an array");
        }
        if (*pos_ == (object ? '}' : ']')) {
          ++pos_;
          return absl::OkStatus();
        }
        if (seen) {
          if (*pos_ != ',') {
            return Error(object ? "expected ',' or '}' in an object"
                                : "expected ',' or ']' in an array");
          }
          ++pos_;
          SkipWhitespace();
          if (pos_ == end_) return Truncated("inside a container");
        }
        seen = true;
        if (object) {
          if (*pos_ != '"') return Error("expected a string as object key");
          const std::size_t key_offset = offset();
          std::string key;
          std::string_view view;
          if (absl::Status s = ScanString(&key, &view); !s.ok()) return s;
          if (view.data() != nullptr) key.assign(view);
          if (out->contains(key)) return DuplicateKey(key_offset, key);
          SkipWhitespace();
          if (pos_ == end_) return Truncated("after an object key");
          if (*pos_ != ':') return Error("expected ':' after an object key");
          ++pos_;
          nlohmann::json value;
          if (absl::Status s = ReadValueAt(&value, depth + 1); !s.ok()) {
            return s;
          }
          (*out)[key] = std::move(value);
        } else {
          nlohmann::json value;
          if (absl::Status s = ReadValueAt(&value, depth + 1); !s.ok()) {
            return s;
          }
          out->push_back(std::move(value));
        }
      }
    }
    case JsonKind::kString: {
      std::string s;
      std::string_view view;
      if (absl::Status st = ScanString(&s, &view); !st.ok()) return st;
      if (view.data() != nullptr) s.assign(view);
      *out = std::move(s);
      return absl::OkStatus();
    }
    case JsonKind::kNumber: {
      const char* start;
      if (absl::Status s = ScanNumber(&start); !s.ok()) return s;
      return ValueToNumber(std::string_view(start, pos_ - start), out);
    }
    case JsonKind::kBool: {
      absl::StatusOr<bool> b = ReadBool();
      if (!b.ok()) return b.status();
      *out = *b;
      return absl::OkStatus();
    }
    case JsonKind::kNull:
      *out = nullptr;
      return ScanLiteral("null");
  }
  return Error("unexpected value");
}

absl::StatusOr<rules::PlanValue> JsonCursor::ReadPlanValue() {
  rules::PlanValue out;
  if (absl::Status s = ReadPlanValueAt(&out, static_cast<int>(open_.size()));
      !s.ok()) {
    return s;
  }
  return out;
}

absl::Status JsonCursor::ReadPlanValueAt(rules::PlanValue* out, int depth) {
  absl::StatusOr<JsonKind> kind = Peek();
  if (!kind.ok()) return kind.status();
  switch (*kind) {
    case JsonKind::kObject:
    case JsonKind::kArray: {
      const bool object = *kind == JsonKind::kObject;
      if (depth >= limits_.max_depth) {
        return Error(
            absl::StrCat("nesting deeper than ", limits_.max_depth, " levels"));
      }
      ++pos_;
      rules::PlanValue::Members members;
      rules::PlanValue::Elements elements;
      bool seen = false;
      for (;;) {
        SkipWhitespace();
        if (pos_ == end_) {
          return Truncated(object ? "inside an object" : "inside an array");
        }
        if (*pos_ == (object ? '}' : ']')) {
          ++pos_;
          *out = object ? rules::PlanValue::Object(std::move(members))
                        : rules::PlanValue::List(std::move(elements));
          return absl::OkStatus();
        }
        if (seen) {
          if (*pos_ != ',') {
            return Error(object ? "expected ',' or '}' in an object"
                                : "expected ',' or ']' in an array");
          }
          ++pos_;
          SkipWhitespace();
          if (pos_ == end_) return Truncated("inside a container");
        }
        seen = true;
        rules::PlanValue value;
        if (object) {
          if (*pos_ != '"') return Error("expected a string as object key");
          const std::size_t key_offset = offset();
          std::string key;
          std::string_view view;
          if (absl::Status s = ScanString(&key, &view); !s.ok()) return s;
          if (view.data() != nullptr) key.assign(view);
          // Compared after unescaping, like every other object here: the
          // last of two equal keys must never silently win.
          if (members.find(key) != members.end()) {
            return DuplicateKey(key_offset, key);
          }
          SkipWhitespace();
          if (pos_ == end_) return Truncated("after an object key");
          if (*pos_ != ':') return Error("expected ':' after an object key");
          ++pos_;
          if (absl::Status s = ReadPlanValueAt(&value, depth + 1); !s.ok()) {
            return s;
          }
          members.emplace(std::move(key), std::move(value));
        } else {
          if (absl::Status s = ReadPlanValueAt(&value, depth + 1); !s.ok()) {
            return s;
          }
          elements.push_back(std::move(value));
        }
      }
    }
    case JsonKind::kString: {
      std::string s;
      std::string_view view;
      if (absl::Status st = ScanString(&s, &view); !st.ok()) return st;
      if (view.data() != nullptr) s.assign(view);
      *out = rules::PlanValue::String(std::move(s));
      return absl::OkStatus();
    }
    case JsonKind::kNumber: {
      const char* start;
      if (absl::Status s = ScanNumber(&start); !s.ok()) return s;
      *out = rules::PlanValue::Number(
          std::string(start, static_cast<std::size_t>(pos_ - start)));
      return absl::OkStatus();
    }
    case JsonKind::kBool: {
      absl::StatusOr<bool> b = ReadBool();
      if (!b.ok()) return b.status();
      *out = rules::PlanValue::Bool(*b);
      return absl::OkStatus();
    }
    case JsonKind::kNull:
      *out = rules::PlanValue::Null();
      return ScanLiteral("null");
  }
  return Error("unexpected value");
}

absl::Status JsonCursor::SkipValue() {
  // An explicit stack of open containers ('{' or '['): skipping never
  // recurses, whatever the nesting.
  std::string& stack = skip_stack_;
  stack.clear();
  const std::size_t base = open_.size();
  enum class Want { kValue, kValueOrClose, kKey, kKeyOrClose, kAfter };
  Want want = Want::kValue;
  for (;;) {
    SkipWhitespace();
    if (pos_ == end_) return Truncated("inside a value");
    const char c = *pos_;
    switch (want) {
      case Want::kKeyOrClose:
      case Want::kKey:
        if (c == '}' && want == Want::kKeyOrClose) {
          stack.pop_back();
          keys_.Pop();
          ++pos_;
          if (stack.empty()) return absl::OkStatus();
          want = Want::kAfter;
          continue;
        }
        if (c != '"') return Error("expected a string as object key");
        {
          const std::size_t key_offset = offset();
          std::string_view raw;
          if (absl::Status s = ScanString(&skip_key_buffer_, &raw); !s.ok()) {
            return s;
          }
          const bool escaped = raw.data() == nullptr;
          const std::string_view key = escaped ? skip_key_buffer_ : raw;
          if (!keys_.Insert(key, /*copy=*/escaped)) {
            return DuplicateKey(key_offset, key);
          }
        }
        SkipWhitespace();
        if (pos_ == end_) return Truncated("after an object key");
        if (*pos_ != ':') return Error("expected ':' after an object key");
        ++pos_;
        want = Want::kValue;
        continue;
      case Want::kAfter: {
        const char top = stack.back();
        if (c == ',') {
          ++pos_;
          want = top == '{' ? Want::kKey : Want::kValue;
          continue;
        }
        if ((top == '{' && c == '}') || (top == '[' && c == ']')) {
          stack.pop_back();
          if (top == '{') keys_.Pop();
          ++pos_;
          if (stack.empty()) return absl::OkStatus();
          continue;
        }
        return Error(top == '{' ? "expected ',' or '}' in an object"
                                : "expected ',' or ']' in an array");
      }
      case Want::kValueOrClose:
        if (c == ']') {
          stack.pop_back();
          ++pos_;
          if (stack.empty()) return absl::OkStatus();
          want = Want::kAfter;
          continue;
        }
        [[fallthrough]];
      case Want::kValue:
        break;
    }
    // A value starts here.
    switch (c) {
      case '{':
      case '[':
        if (base + stack.size() >=
            static_cast<std::size_t>(limits_.max_depth)) {
          return Error(absl::StrCat("nesting deeper than ", limits_.max_depth,
                                    " levels"));
        }
        stack.push_back(c);
        if (c == '{') keys_.Push();
        ++pos_;
        want = c == '{' ? Want::kKeyOrClose : Want::kValueOrClose;
        continue;
      case '"':
        if (absl::Status s = ScanString(nullptr, nullptr); !s.ok()) return s;
        break;
      case 't':
        if (absl::Status s = ScanLiteral("true"); !s.ok()) return s;
        break;
      case 'f':
        if (absl::Status s = ScanLiteral("false"); !s.ok()) return s;
        break;
      case 'n':
        if (absl::Status s = ScanLiteral("null"); !s.ok()) return s;
        break;
      default:
        if (c == '-' || IsDigit(c)) {
          const char* start;
          if (absl::Status s = ScanNumber(&start); !s.ok()) return s;
          break;
        }
        return Peek().status();  // the precise "unexpected ..." error
    }
    if (stack.empty()) return absl::OkStatus();
    want = Want::kAfter;
  }
}

absl::Status JsonCursor::ExpectEnd() {
  SkipWhitespace();
  if (pos_ != end_) return Error("unexpected data after the JSON value");
  return absl::OkStatus();
}

}  // namespace threatmodel::plan::internal
