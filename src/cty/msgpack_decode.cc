// Type-directed msgpack decoding; the wire format is specified in
// docs/cty-msgpack.md.
//
// Two passes. msgpack-cxx's visitor parser first turns the bytes into a small
// untyped tree (MsgNode) whose strings point into the input, enforcing the
// nesting limit before it descends and keeping duplicate map keys so the
// second pass can reject them. The parser keeps its own stack rather than
// recursing, and the tree grows element by element, so neither a hostile
// depth nor a hostile length allocates ahead of the bytes that back it. The
// second pass walks the tree against the cty type and produces a Value,
// reporting errors with their cty path.
//
// The payload of a refined unknown (ext 12, at most 1024 bytes) is a msgpack
// map with integer keys; it is parsed the same way into its own tree. A
// truncated or malformed payload keeps the part parsed before the fault, so
// the refinement reader can say which fact was broken.

#include <cmath>
#include <cstdint>
#include <limits>
#include <map>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "absl/status/status.h"
#include "cty/internal/conform.h"
#include "cty/internal/path_frame.h"
#include "cty/internal/strings.h"
#include "cty/internal/text.h"
#include "msgpack.hpp"
#include "threatmodel/base/status_macros.h"
#include "threatmodel/cty/msgpack.h"

namespace threatmodel::cty {
namespace {

using internal::PathFrame;

constexpr size_t kMaxRefinementBytes = 1024;
constexpr uint8_t kRefinedUnknownExt = 12;

struct MsgNode {
  enum class Kind : uint8_t {
    kNil,
    kBool,
    kInt,
    kUint,
    kFloat,
    kStr,
    kBin,
    kExt,
    kArray,
    kMap
  };
  Kind kind = Kind::kNil;
  uint8_t ext_type = 0;
  // A container the parse stopped inside: fewer children than declared.
  bool incomplete = false;
  // The element count (array) or entry count (map) the header declared.
  uint32_t declared = 0;
  union {
    bool b;
    int64_t i;  // negative integers only
    uint64_t u;
    double f;
  };
  // str, bin and ext payload: a view of the input, which outlives the tree.
  std::string_view bytes;
  // Array elements, or map entries as alternating key and value nodes.
  std::vector<MsgNode> children;

  MsgNode() : u(0) {}
};

const char* KindName(MsgNode::Kind kind) {
  switch (kind) {
    case MsgNode::Kind::kNil:
      return "nil";
    case MsgNode::Kind::kBool:
      return "bool";
    case MsgNode::Kind::kInt:
    case MsgNode::Kind::kUint:
      return "integer";
    case MsgNode::Kind::kFloat:
      return "float";
    case MsgNode::Kind::kStr:
      return "string";
    case MsgNode::Kind::kBin:
      return "binary";
    case MsgNode::Kind::kExt:
      return "extension";
    case MsgNode::Kind::kArray:
      return "array";
    case MsgNode::Kind::kMap:
      return "map";
  }
  return "unknown";
}

std::string Quote(std::string_view s) {
  std::string out;
  internal::AppendJsonString(&out, s, /*html_escape=*/false);
  return out;
}

// msgpack-cxx visitor (the msgpack::parse API) that builds the MsgNode tree.
// A value's msgpack form is all it records; cty meaning comes later.
class TreeBuilder {
 public:
  // Map keys must be strings in a cty value (object attributes and map
  // keys); the refinement payload keys its entries by integer.
  enum class Keys { kStringsOnly, kAny };
  explicit TreeBuilder(Keys keys) : keys_(keys) {}

  // Parses one value from `bytes`. Trailing bytes are an error unless
  // `allow_trailing`. On failure the tree holds what was parsed before the
  // fault, with the containers left open marked incomplete.
  absl::Status Parse(std::string_view bytes, bool allow_trailing) {
    size_t offset = 0;
    bool ok = false;
    try {
      ok = msgpack::parse(bytes.data(), bytes.size(), offset, *this);
    } catch (const msgpack::unpack_error& e) {
      Fail(internal::Cat("msgpack: malformed input: ", e.what()));
    }
    if (ok && !allow_trailing && offset != bytes.size()) {
      ok = false;
      Fail(
          internal::Cat("msgpack: malformed input: unexpected bytes after "
                        "the value at offset ",
                        offset));
    }
    if (!ok) {
      Fail("msgpack: malformed input");
      for (MsgNode* n : open_) n->incomplete = true;
    }
    return status_;
  }

  MsgNode& root() { return root_; }
  bool has_root() const { return has_root_; }
  // Whether the failure was the nesting limit rather than bad bytes.
  bool too_deep() const { return too_deep_; }

  // The msgpack::parse visitor interface.
  bool visit_nil() { return Add(MsgNode::Kind::kNil) != nullptr; }
  bool visit_boolean(bool v) {
    MsgNode* n = Add(MsgNode::Kind::kBool);
    if (n == nullptr) return false;
    n->b = v;
    return true;
  }
  bool visit_positive_integer(uint64_t v) {
    MsgNode* n = Add(MsgNode::Kind::kUint);
    if (n == nullptr) return false;
    n->u = v;
    return true;
  }
  bool visit_negative_integer(int64_t v) {
    MsgNode* n = Add(MsgNode::Kind::kInt);
    if (n == nullptr) return false;
    n->i = v;
    return true;
  }
  bool visit_float32(float v) { return visit_float64(v); }
  bool visit_float64(double v) {
    MsgNode* n = Add(MsgNode::Kind::kFloat);
    if (n == nullptr) return false;
    n->f = v;
    return true;
  }
  bool visit_str(const char* v, uint32_t size) {
    return AddBytes(MsgNode::Kind::kStr, std::string_view(v, size));
  }
  bool visit_bin(const char* v, uint32_t size) {
    return AddBytes(MsgNode::Kind::kBin, std::string_view(v, size));
  }
  // `v` holds the type byte followed by the payload.
  bool visit_ext(const char* v, uint32_t size) {
    if (size == 0) return Fail("msgpack: malformed input: empty extension");
    MsgNode* n = Add(MsgNode::Kind::kExt);
    if (n == nullptr) return false;
    n->ext_type = static_cast<uint8_t>(v[0]);
    n->bytes = std::string_view(v + 1, size - 1);
    return true;
  }
  bool start_array(uint32_t num_elements) {
    return Open(MsgNode::Kind::kArray, num_elements);
  }
  bool start_array_item() { return true; }
  bool end_array_item() { return true; }
  bool end_array() { return Close(); }
  bool start_map(uint32_t num_kv_pairs) {
    return Open(MsgNode::Kind::kMap, num_kv_pairs);
  }
  bool start_map_key() {
    key_pending_ = true;
    return true;
  }
  bool end_map_key() { return true; }
  bool start_map_value() { return true; }
  bool end_map_value() { return true; }
  bool end_map() { return Close(); }
  void parse_error(size_t /*parsed_offset*/, size_t error_offset) {
    Fail(internal::Cat("msgpack: malformed input: invalid byte at offset ",
                       error_offset));
  }
  void insufficient_bytes(size_t /*parsed_offset*/, size_t /*error_offset*/) {
    Fail("msgpack: malformed input: unexpected end of input");
  }
  bool referenced() const { return false; }
  void set_referenced(bool /*referenced*/) {}

 private:
  // Whether a value of `kind` may stand where it is: a map key must be a
  // string unless any key is allowed.
  bool KeyAllowed(MsgNode::Kind kind) {
    if (key_pending_ && keys_ == Keys::kStringsOnly &&
        kind != MsgNode::Kind::kStr) {
      return Fail(internal::Cat("msgpack: malformed input: ", OpenPath(),
                                "map key is not a string"));
    }
    return true;
  }

  MsgNode* Add(MsgNode::Kind kind) {
    if (!KeyAllowed(kind)) return nullptr;
    key_pending_ = false;
    MsgNode* n;
    if (open_.empty()) {
      n = &root_;
      has_root_ = true;
    } else {
      open_.back()->children.emplace_back();
      n = &open_.back()->children.back();
    }
    n->kind = kind;
    return n;
  }

  bool AddBytes(MsgNode::Kind kind, std::string_view bytes) {
    MsgNode* n = Add(kind);
    if (n == nullptr) return false;
    n->bytes = bytes;
    return true;
  }

  bool Open(MsgNode::Kind kind, uint32_t declared) {
    // A container as a key is reported as such, even past the depth limit.
    if (!KeyAllowed(kind)) return false;
    if (static_cast<int>(open_.size()) >= kMsgpackMaxDepth) {
      too_deep_ = true;
      return Fail(internal::Cat("msgpack: ", OpenPath(), "nesting exceeds ",
                                kMsgpackMaxDepth, " levels"));
    }
    MsgNode* n = Add(kind);
    if (n == nullptr) return false;
    n->declared = declared;
    open_.push_back(n);
    return true;
  }

  bool Close() {
    open_.pop_back();
    return true;
  }

  // The raw path of the innermost open container, "<path>: " or "". Map
  // entries appear as ["key"] because the tree does not know the cty type.
  std::string OpenPath() const {
    Path path;
    for (size_t i = 0; i + 1 < open_.size(); ++i) {
      const MsgNode& c = *open_[i];
      const auto last = static_cast<int64_t>(c.children.size()) - 1;
      if (c.kind == MsgNode::Kind::kArray) {
        path = path.Index(last);
      } else {
        // children[last] is the value being built; its key precedes it.
        path = path.Key(last >= 1 ? std::string(c.children[last - 1].bytes)
                                  : std::string());
      }
    }
    return path.empty() ? "" : internal::Cat(path.ToString(), ": ");
  }

  bool Fail(const std::string& message) {
    if (status_.ok()) status_ = absl::InvalidArgumentError(message);
    return false;
  }

  Keys keys_;
  MsgNode root_;
  bool has_root_ = false;
  bool key_pending_ = false;
  bool too_deep_ = false;
  std::vector<MsgNode*> open_;
  absl::Status status_;
};

// Reads the facts of a refined unknown from its parsed payload. A missing
// node (the payload ended or broke before it) reads as the wrong form.
class RefinementReader {
 public:
  // An integer that fits int64.
  static bool ReadInt(const MsgNode* n, int64_t* out) {
    if (n == nullptr) return false;
    if (n->kind == MsgNode::Kind::kInt) {
      *out = n->i;
      return true;
    }
    if (n->kind == MsgNode::Kind::kUint &&
        n->u <= static_cast<uint64_t>(std::numeric_limits<int64_t>::max())) {
      *out = static_cast<int64_t>(n->u);
      return true;
    }
    return false;
  }

  static bool ReadBool(const MsgNode* n, bool* out) {
    if (n == nullptr || n->kind != MsgNode::Kind::kBool) return false;
    *out = n->b;
    return true;
  }

  // str or bin, as go-cty's DecodeString accepts both.
  static bool ReadString(const MsgNode* n, std::string* out) {
    if (n == nullptr ||
        (n->kind != MsgNode::Kind::kStr && n->kind != MsgNode::Kind::kBin)) {
      return false;
    }
    out->assign(n->bytes);
    return true;
  }

  // A number in any of the forms a number value may take.
  static absl::StatusOr<Number> ReadNumber(const MsgNode* n) {
    const absl::Status bad =
        absl::InvalidArgumentError("number bound is not a number");
    if (n == nullptr) return bad;
    switch (n->kind) {
      case MsgNode::Kind::kFloat:
        if (std::isnan(n->f)) return bad;
        return Number::FromDouble(n->f);
      case MsgNode::Kind::kUint:
        return Number::FromUint64(n->u);
      case MsgNode::Kind::kInt:
        return Number::FromInt64(n->i);
      case MsgNode::Kind::kStr:
      case MsgNode::Kind::kBin:
        return Number::Parse(n->bytes);
      default:
        return bad;
    }
  }

  // Child `k` of a container, or nullptr past the parsed ones.
  static const MsgNode* Child(const MsgNode& n, size_t k) {
    return k < n.children.size() ? &n.children[k] : nullptr;
  }
};

class Decoder {
 public:
  absl::StatusOr<Value> Decode(const MsgNode& node, const Type& type,
                               const PathFrame& path) {
    if (node.kind == MsgNode::Kind::kExt)
      return DecodeUnknown(node, type, path);
    if (type.kind() == Type::Kind::kDynamic) {
      return DecodeDynamic(node, path);
    }
    if (node.kind == MsgNode::Kind::kNil) return Value::Null(type);
    switch (type.kind()) {
      case Type::Kind::kString:
        return DecodeString(node, path);
      case Type::Kind::kNumber:
        return DecodeNumber(node, path);
      case Type::Kind::kBool:
        if (node.kind != MsgNode::Kind::kBool)
          return Mismatch(node, type, path);
        return Value::Bool(node.b);
      case Type::Kind::kList:
      case Type::Kind::kSet:
        return DecodeListOrSet(node, type, path);
      case Type::Kind::kMap:
        return DecodeMap(node, type, path);
      case Type::Kind::kTuple:
        return DecodeTuple(node, type, path);
      case Type::Kind::kObject:
        return DecodeObject(node, type, path);
      case Type::Kind::kDynamic:
        break;
    }
    return Error(path, "unsupported type");
  }

 private:
  static absl::Status Error(const PathFrame& path, std::string_view message) {
    return absl::InvalidArgumentError(
        internal::PathMessage("msgpack", path, message));
  }

  static absl::Status Mismatch(const MsgNode& node, const Type& type,
                               const PathFrame& path) {
    return Error(path, internal::Cat("expected ", type.FriendlyName(), ", got ",
                                     KindName(node.kind)));
  }

  static absl::StatusOr<Value> DecodeString(const MsgNode& node,
                                            const PathFrame& path) {
    // go-cty's decoder reads bin as a string too.
    if (node.kind != MsgNode::Kind::kStr && node.kind != MsgNode::Kind::kBin) {
      return Mismatch(node, Type::String(), path);
    }
    if (!internal::IsValidUtf8(node.bytes)) {
      return Error(path, "string is not valid UTF-8");
    }
    return Value::String(std::string(node.bytes));
  }

  static absl::StatusOr<Value> DecodeNumber(const MsgNode& node,
                                            const PathFrame& path) {
    switch (node.kind) {
      case MsgNode::Kind::kInt:
        return Value::NumberVal(Number::FromInt64(node.i));
      case MsgNode::Kind::kUint:
        return Value::NumberVal(Number::FromUint64(node.u));
      case MsgNode::Kind::kFloat:
        if (std::isnan(node.f)) return Error(path, "NaN is not a number");
        return Value::NumberVal(Number::FromDouble(node.f));
      case MsgNode::Kind::kStr:
      case MsgNode::Kind::kBin: {
        absl::StatusOr<Number> n = Number::Parse(node.bytes);
        if (!n.ok()) return Error(path, internal::MessageOf(n.status()));
        return Value::NumberVal(*std::move(n));
      }
      default:
        return Mismatch(node, Type::Number(), path);
    }
  }

  absl::StatusOr<Value> DecodeListOrSet(const MsgNode& node, const Type& type,
                                        const PathFrame& path) {
    if (node.kind != MsgNode::Kind::kArray) return Mismatch(node, type, path);
    std::vector<Value> elements;
    elements.reserve(node.children.size());
    for (size_t i = 0; i < node.children.size(); ++i) {
      THREATMODEL_ASSIGN_OR_RETURN(Value v,
                                   Decode(node.children[i], type.element_type(),
                                          path.Index(static_cast<int64_t>(i))));
      elements.push_back(std::move(v));
    }
    // Inferred before the move below: argument evaluation order is
    // unspecified.
    Type element_type =
        internal::InferElementType(type.element_type(), elements);
    if (type.kind() == Type::Kind::kList) {
      return Value::List(std::move(element_type), std::move(elements));
    }
    return Value::Set(std::move(element_type), std::move(elements));
  }

  absl::StatusOr<Value> DecodeMap(const MsgNode& node, const Type& type,
                                  const PathFrame& path) {
    if (node.kind != MsgNode::Kind::kMap) return Mismatch(node, type, path);
    std::map<std::string, Value> elements;
    for (size_t i = 0; i + 1 < node.children.size(); i += 2) {
      std::string key(node.children[i].bytes);
      if (!internal::IsValidUtf8(key)) {
        return Error(path, "map key is not valid UTF-8");
      }
      if (elements.count(key) != 0) {
        return Error(path, internal::Cat("duplicate map key ", Quote(key)));
      }
      THREATMODEL_ASSIGN_OR_RETURN(
          Value v,
          Decode(node.children[i + 1], type.element_type(), path.Key(key)));
      elements.emplace(std::move(key), std::move(v));
    }
    // Inferred before the move below.
    Type element_type =
        internal::InferElementType(type.element_type(), elements);
    return Value::Map(std::move(element_type), std::move(elements));
  }

  absl::StatusOr<Value> DecodeTuple(const MsgNode& node, const Type& type,
                                    const PathFrame& path) {
    if (node.kind != MsgNode::Kind::kArray) return Mismatch(node, type, path);
    const auto& types = type.tuple_elements();
    if (node.children.size() != types.size()) {
      return Error(path, internal::Cat("a tuple of length ", types.size(),
                                       " is required (", node.children.size(),
                                       " given)"));
    }
    std::vector<Value> elements;
    elements.reserve(types.size());
    for (size_t i = 0; i < types.size(); ++i) {
      THREATMODEL_ASSIGN_OR_RETURN(Value v,
                                   Decode(node.children[i], types[i],
                                          path.Index(static_cast<int64_t>(i))));
      elements.push_back(std::move(v));
    }
    return Value::Tuple(std::move(elements));
  }

  absl::StatusOr<Value> DecodeObject(const MsgNode& node, const Type& type,
                                     const PathFrame& path) {
    if (node.kind != MsgNode::Kind::kMap) return Mismatch(node, type, path);
    const auto& types = type.attribute_types();
    const size_t given = node.children.size() / 2;
    if (given != types.size()) {
      return Error(
          path, internal::Cat("an object with ", types.size(),
                              " attributes is required (", given, " given)"));
    }
    std::map<std::string, Value> attributes;
    for (size_t i = 0; i + 1 < node.children.size(); i += 2) {
      const std::string_view name = node.children[i].bytes;
      auto it = types.find(std::string(name));
      if (it == types.end()) {
        return Error(path,
                     internal::Cat("unsupported attribute ", Quote(name)));
      }
      if (attributes.count(it->first) != 0) {
        return Error(path, internal::Cat("duplicate attribute ", Quote(name)));
      }
      THREATMODEL_ASSIGN_OR_RETURN(
          Value v, Decode(node.children[i + 1], it->second, path.Attr(name)));
      attributes.emplace(it->first, std::move(v));
    }
    return internal::MakeDecodedObject(type, std::move(attributes));
  }

  absl::StatusOr<Value> DecodeDynamic(const MsgNode& node,
                                      const PathFrame& path) {
    if (node.kind == MsgNode::Kind::kNil) return Value::Null(Type::Dynamic());
    if (node.kind != MsgNode::Kind::kArray) {
      return Error(path, internal::Cat("expected dynamic value [type, value], "
                                       "got ",
                                       KindName(node.kind)));
    }
    if (node.children.size() != 2) {
      return Error(path, "dynamic value array must have exactly two elements");
    }
    const MsgNode& type_node = node.children[0];
    if (type_node.kind != MsgNode::Kind::kBin &&
        type_node.kind != MsgNode::Kind::kStr) {
      return Error(path,
                   internal::Cat("dynamic value type must be binary, got ",
                                 KindName(type_node.kind)));
    }
    absl::StatusOr<Type> type = ParseTypeJson(type_node.bytes);
    if (!type.ok()) {
      return Error(path, internal::Cat("invalid dynamic value type: ",
                                       type.status().message()));
    }
    return Decode(node.children[1], *type, path);
  }

  static absl::StatusOr<Value> DecodeUnknown(const MsgNode& node,
                                             const Type& type,
                                             const PathFrame& path) {
    // Any extension is an unknown; only a refined one (ext 12 with more than
    // one byte) has a payload worth reading.
    if (node.ext_type != kRefinedUnknownExt || node.bytes.size() <= 1) {
      return Value::Unknown(type);
    }
    if (node.bytes.size() > kMaxRefinementBytes) {
      return Error(path, internal::Cat("oversize unknown value refinement (",
                                       node.bytes.size(), " bytes, limit ",
                                       kMaxRefinementBytes, ")"));
    }
    const auto bad = [&](std::string_view why) {
      return Error(path,
                   internal::Cat("invalid unknown value refinement: ", why));
    };
    // Bytes after the map are ignored, leaving room for later extensions.
    TreeBuilder payload(TreeBuilder::Keys::kAny);
    // A failed parse leaves the part before the fault, read below.
    payload.Parse(node.bytes, /*allow_trailing=*/true).IgnoreError();
    const MsgNode& map = payload.root();
    if (!payload.has_root() || map.kind != MsgNode::Kind::kMap) {
      return bad("payload is not a map");
    }
    // cty never refines an unknown of unknown type; ignore any facts.
    if (type.kind() == Type::Kind::kDynamic) return Value::Unknown(type);
    if (payload.too_deep()) {
      return bad(
          internal::Cat("nesting exceeds ", kMsgpackMaxDepth, " levels"));
    }

    using R = RefinementReader;
    Refinement refinement;
    bool definitely_null = false;
    // A truncated map stops at the first missing key.
    for (size_t e = 0; e < map.declared; ++e) {
      const MsgNode* key_node = R::Child(map, 2 * e);
      const MsgNode* value = R::Child(map, 2 * e + 1);
      int64_t key;
      if (!R::ReadInt(key_node, &key)) return bad("key is not an integer");
      switch (key) {
        case 1: {
          bool is_null;
          if (!R::ReadBool(value, &is_null)) {
            return bad("nullness is not a bool");
          }
          if (is_null) {
            definitely_null = true;
          } else {
            refinement.not_null = true;
          }
          break;
        }
        case 2: {
          if (type.kind() != Type::Kind::kString) {
            return bad("string prefix for a non-string type");
          }
          std::string prefix;
          if (!R::ReadString(value, &prefix)) {
            return bad("string prefix is not a string");
          }
          if (!internal::IsValidUtf8(prefix)) {
            return bad("string prefix is not valid UTF-8");
          }
          refinement.string_prefix = std::move(prefix);
          break;
        }
        case 3:
        case 4: {
          if (type.kind() != Type::Kind::kNumber) {
            return bad("number bound for a non-number type");
          }
          // Exactly two elements declared, whether or not both arrived.
          if (value == nullptr || value->kind != MsgNode::Kind::kArray ||
              value->declared != 2) {
            return bad("number bound must be a [number, bool] array");
          }
          absl::StatusOr<Number> bound = R::ReadNumber(R::Child(*value, 0));
          if (!bound.ok()) {
            return bad(
                internal::Cat("number bound: ", bound.status().message()));
          }
          bool inclusive;
          if (!R::ReadBool(R::Child(*value, 1), &inclusive)) {
            return bad("number bound must be a [number, bool] array");
          }
          auto& slot =
              key == 3 ? refinement.number_lower : refinement.number_upper;
          slot = std::make_pair(*std::move(bound), inclusive);
          break;
        }
        case 5:
        case 6: {
          if (!type.IsCollection()) {
            return bad("length bound for a non-collection type");
          }
          int64_t bound;
          if (!R::ReadInt(value, &bound) || bound < 0) {
            return bad("length bound must be a non-negative integer");
          }
          (key == 5 ? refinement.length_min : refinement.length_max) = bound;
          break;
        }
        default:
          // Reserved for future refinements: skip the value, if whole.
          if (value == nullptr || value->incomplete) {
            return bad("truncated payload");
          }
      }
    }
    if (definitely_null) return Value::Null(type);
    return Value::Unknown(type, std::move(refinement));
  }
};

}  // namespace

absl::StatusOr<Value> DecodeMsgpack(std::string_view bytes, const Type& type) {
  if (bytes.empty()) {
    return absl::InvalidArgumentError("msgpack: empty input");
  }
  TreeBuilder builder(TreeBuilder::Keys::kStringsOnly);
  THREATMODEL_RETURN_IF_ERROR(builder.Parse(bytes, /*allow_trailing=*/false));
  Decoder decoder;
  return decoder.Decode(builder.root(), type, PathFrame());
}

}  // namespace threatmodel::cty
