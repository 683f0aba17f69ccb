// File: json_cursor.h
//
// A pull parser over JSON text held in memory: the caller walks objects and
// arrays key by key, reads the scalars it needs, materialises the few small
// subtrees it needs as nlohmann::json values or planned values
// (rules::PlanValue), and skips everything else
// without allocating. It exists because plan files reach hundreds of
// megabytes and the checker needs a few percent of them: nlohmann's own
// lexer (DOM or SAX) runs at roughly 80 MB/s on this hardware, which cannot
// check a 100 MB plan in under a second, while skipping here runs at several
// hundred MB/s.
//
// Everything the cursor passes over is validated as strictly as RFC 8259
// requires (structure, string escapes, UTF-8, number grammar), including
// the parts it skips, so a truncated or corrupted file is an error wherever
// the damage is. A key given twice in one object is an error too, in skipped
// and materialised objects alike (keys compare after unescaping), so no
// reader of the same text can see a value the checker did not. Limits:
// nesting depth and string length; hitting either is an error, never
// unbounded memory or recursion.
//
// Errors are InvalidArgument statuses whose message ends with the position,
// for example "expected ':' after an object key at line 3, column 7
// (byte 41)" or "duplicate object key \"name\" at line 9, column 5
// (byte 210)" (the key is shown escaped and cut at 64 bytes).
//
// Thread-safety: a cursor is a mutable object for one thread; the text it
// reads must outlive it and must not change.
#ifndef THREATMODEL_SRC_PLAN_JSON_CURSOR_H_
#define THREATMODEL_SRC_PLAN_JSON_CURSOR_H_

#include <cstddef>
#include <deque>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "absl/container/flat_hash_set.h"
#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "nlohmann/json.hpp"
#include "threatmodel/rules/plan_value.h"

namespace threatmodel::plan::internal {

struct JsonLimits {
  // Containers open at once, counted from the document's top level.
  int max_depth = 128;
  // Bytes of one string as written in the text (escapes undecoded).
  std::size_t max_string_bytes = std::size_t{64} << 20;
};

enum class JsonKind { kObject, kArray, kString, kNumber, kBool, kNull };

// "object", "array", "string", "number", "boolean", "null".
[[nodiscard]] std::string_view JsonKindName(JsonKind kind);

// The JSON kind of a DOM value, with the same names.
[[nodiscard]] std::string_view JsonKindName(const nlohmann::json& value);

// The keys of every object open at once, innermost last: finds a key given
// twice in one object. Small objects are searched linearly; an object with
// more than kLinearKeys keys gets a hash index.
class KeyScopes {
 public:
  static constexpr std::size_t kLinearKeys = 16;

  // Opens a new innermost object.
  void Push();
  // Closes the innermost object. REQUIRES: an object is open.
  void Pop();
  // Adds `key` to the innermost object; false when it is already there.
  // Without `copy`, `key` must stay valid until the object is popped.
  // REQUIRES: an object is open.
  [[nodiscard]] bool Insert(std::string_view key, bool copy);

 private:
  struct Scope {
    std::size_t first_key;
    std::size_t first_owned;
    std::unique_ptr<absl::flat_hash_set<std::string_view>> index;
  };
  std::vector<Scope> scopes_;
  std::vector<std::string_view> keys_;
  // Copies of keys that do not live in the text (unescaped ones).
  std::deque<std::string> owned_;
};

class JsonCursor {
 public:
  JsonCursor(std::string_view text, JsonLimits limits);

  JsonCursor(const JsonCursor&) = delete;
  JsonCursor& operator=(const JsonCursor&) = delete;

  // The kind of the next value, after skipping whitespace. Errors at the end
  // of the input and on a byte that cannot start a value.
  [[nodiscard]] absl::StatusOr<JsonKind> Peek();

  // REQUIRES: Peek() returned kObject. Consumes '{'.
  [[nodiscard]] absl::Status EnterObject();
  // Advances to the next member of the innermost open object. Returns true
  // with `*key` set (valid until the next call on this cursor) and the
  // cursor on the member's value, which the caller must consume; false when
  // the object ended (its '}' is consumed).
  [[nodiscard]] absl::StatusOr<bool> NextKey(std::string_view* key);

  // REQUIRES: Peek() returned kArray. Consumes '['.
  [[nodiscard]] absl::Status EnterArray();
  // Advances to the next element of the innermost open array: true with the
  // cursor on the element, which the caller must consume; false when the
  // array ended (its ']' is consumed).
  [[nodiscard]] absl::StatusOr<bool> NextElement();

  // Reads the next value, which must be a string (decoded).
  [[nodiscard]] absl::StatusOr<std::string> ReadString();
  // Same, without a copy when the string has no escapes: the view points
  // into the text, or into `*scratch` (valid until `*scratch` changes).
  [[nodiscard]] absl::StatusOr<std::string_view> ReadStringView(
      std::string* scratch);
  // Reads the next value, which must be a boolean.
  [[nodiscard]] absl::StatusOr<bool> ReadBool();
  // Reads any next value as a DOM. Use only for subtrees known to be small.
  [[nodiscard]] absl::StatusOr<nlohmann::json> ReadValue();
  // Reads any next value as a planned value (see plan_value.h): numbers
  // keep their text, duplicate object keys keep the last value. Built
  // directly from the text, without an intermediate DOM.
  [[nodiscard]] absl::StatusOr<rules::PlanValue> ReadPlanValue();
  // Validates and passes over the next value.
  [[nodiscard]] absl::Status SkipValue();
  // Succeeds when only whitespace is left.
  [[nodiscard]] absl::Status ExpectEnd();

  // Moves to byte `offset` of the text, to read again a value the cursor
  // has already validated. REQUIRES: no container is open.
  void Seek(std::size_t offset) { pos_ = begin_ + offset; }

  // Byte offset of the next unread byte.
  [[nodiscard]] std::size_t offset() const {
    return static_cast<std::size_t>(pos_ - begin_);
  }
  // " at line L, column C (byte N)" for a byte offset; columns count bytes.
  [[nodiscard]] std::string Where(std::size_t offset) const;
  // An InvalidArgument status: `what` followed by Where(offset).
  [[nodiscard]] absl::Status ErrorAt(std::size_t offset,
                                     std::string_view what) const;

 private:
  void SkipWhitespace();
  [[nodiscard]] absl::Status Error(std::string_view what) const;
  [[nodiscard]] absl::Status Truncated(std::string_view what) const;
  [[nodiscard]] absl::Status PushContainer(char open);
  // Scans the string starting at pos_ (on its opening quote). With `out`,
  // decodes it; `*view` gets the raw contents when there were no escapes
  // and `out` is null or unused.
  [[nodiscard]] absl::Status ScanString(std::string* out,
                                        std::string_view* view);
  [[nodiscard]] absl::Status ScanNumber(const char** start);
  [[nodiscard]] absl::Status ScanLiteral(std::string_view word);
  [[nodiscard]] absl::Status ReadValueAt(nlohmann::json* out, int depth);
  [[nodiscard]] absl::Status ReadPlanValueAt(rules::PlanValue* out, int depth);
  [[nodiscard]] absl::Status ValueToNumber(std::string_view text,
                                           nlohmann::json* out) const;
  // The error for `key`, given twice, whose quote is at `offset`.
  [[nodiscard]] absl::Status DuplicateKey(std::size_t offset,
                                          std::string_view key) const;

  const char* begin_;
  const char* pos_;
  const char* end_;
  JsonLimits limits_;
  // One entry per open container entered through Enter*: '{' or '[' and
  // whether a member/element has been seen.
  struct Open {
    char kind;
    bool seen;
  };
  std::vector<Open> open_;
  std::string key_buffer_;
  std::string skip_key_buffer_;
  std::string skip_stack_;
  // Keys of the objects entered through EnterObject, then of those open
  // inside SkipValue.
  KeyScopes keys_;
};

}  // namespace threatmodel::plan::internal

#endif  // THREATMODEL_SRC_PLAN_JSON_CURSOR_H_
