// Type-directed msgpack decoding; the wire format is specified in
// docs/cty-msgpack.md.
//
// Two passes. nlohmann's SAX parser first turns the bytes into a small
// untyped tree (MsgNode), enforcing the nesting limit before it recurses and
// keeping duplicate map keys so the second pass can reject them; nlohmann
// reads lengths element by element, so a hostile length never allocates
// ahead of the bytes that back it. The second pass walks the tree against the
// cty type and produces a Value, reporting errors with their cty path.
//
// The one piece nlohmann cannot parse is the payload of a refined unknown
// (ext 12): it is a msgpack map with integer keys, and nlohmann only accepts
// string keys. That payload is at most 1024 bytes and is read by
// RefinementReader below, which understands just the forms a refinement uses
// and skips any other value without recursion.

#include <cmath>
#include <cstdint>
#include <cstring>
#include <limits>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "absl/status/status.h"
#include "cty/internal/conform.h"
#include "cty/internal/json_dom.h"
#include "cty/internal/path_frame.h"
#include "cty/internal/strings.h"
#include "cty/internal/text.h"
#include "nlohmann/json.hpp"
#include "threatmodel/base/status_macros.h"
#include "threatmodel/cty/msgpack.h"

namespace threatmodel::cty {
namespace {

using internal::PathFrame;
using nlohmann::json;

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
  union {
    bool b;
    int64_t i;
    uint64_t u;
    double f;
  };
  std::string bytes;  // str, bin and ext payload
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

// SAX handler that builds the MsgNode tree.
class TreeBuilder {
 public:
  bool null() { return Add(MsgNode::Kind::kNil) != nullptr; }
  bool boolean(bool value) {
    MsgNode* n = Add(MsgNode::Kind::kBool);
    n->b = value;
    return true;
  }
  bool number_integer(json::number_integer_t value) {
    MsgNode* n = Add(MsgNode::Kind::kInt);
    n->i = value;
    return true;
  }
  bool number_unsigned(json::number_unsigned_t value) {
    MsgNode* n = Add(MsgNode::Kind::kUint);
    n->u = value;
    return true;
  }
  bool number_float(json::number_float_t value, const json::string_t&) {
    MsgNode* n = Add(MsgNode::Kind::kFloat);
    n->f = value;
    return true;
  }
  bool string(json::string_t& value) {
    MsgNode* n = Add(MsgNode::Kind::kStr);
    n->bytes = std::move(value);
    return true;
  }
  bool binary(json::binary_t& value) {
    MsgNode* n =
        Add(value.has_subtype() ? MsgNode::Kind::kExt : MsgNode::Kind::kBin);
    if (value.has_subtype())
      n->ext_type = static_cast<uint8_t>(value.subtype());
    n->bytes.assign(value.begin(), value.end());
    return true;
  }
  bool start_object(std::size_t /*elements*/) {
    return Open(MsgNode::Kind::kMap);
  }
  bool key(json::string_t& key) {
    MsgNode* n = Add(MsgNode::Kind::kStr);
    n->bytes = std::move(key);
    return true;
  }
  bool end_object() {
    open_.pop_back();
    return true;
  }
  bool start_array(std::size_t /*elements*/) {
    return Open(MsgNode::Kind::kArray);
  }
  bool end_array() {
    open_.pop_back();
    return true;
  }
  bool parse_error(std::size_t /*position*/, const std::string& /*token*/,
                   const nlohmann::detail::exception& ex) {
    return Fail(internal::Cat("msgpack: malformed input: ",
                              internal::StripNlohmannPrefix(ex.what())));
  }

  MsgNode& root() { return root_; }
  const absl::Status& status() const { return status_; }

 private:
  MsgNode* Add(MsgNode::Kind kind) {
    MsgNode* n;
    if (open_.empty()) {
      n = &root_;
    } else {
      open_.back()->children.emplace_back();
      n = &open_.back()->children.back();
    }
    n->kind = kind;
    return n;
  }

  bool Open(MsgNode::Kind kind) {
    if (static_cast<int>(open_.size()) >= kMsgpackMaxDepth) {
      return Fail(internal::Cat("msgpack: ", OpenPath(), "nesting exceeds ",
                                kMsgpackMaxDepth, " levels"));
    }
    open_.push_back(Add(kind));
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
        path = path.Key(last >= 1 ? c.children[last - 1].bytes : "");
      }
    }
    return path.empty() ? "" : internal::Cat(path.ToString(), ": ");
  }

  bool Fail(const std::string& message) {
    if (status_.ok()) status_ = absl::InvalidArgumentError(message);
    return false;
  }

  MsgNode root_;
  std::vector<MsgNode*> open_;
  absl::Status status_;
};

// Reads the refinement map of an ext 12 payload (see the file comment).
class RefinementReader {
 public:
  explicit RefinementReader(std::string_view data) : data_(data) {}

  bool ReadByte(uint8_t* b) {
    if (pos_ >= data_.size()) return false;
    *b = static_cast<uint8_t>(data_[pos_++]);
    return true;
  }

  bool ReadBigEndian(int bytes, uint64_t* out) {
    if (data_.size() - pos_ < static_cast<size_t>(bytes)) return false;
    uint64_t v = 0;
    for (int k = 0; k < bytes; ++k) {
      v = (v << 8) | static_cast<uint8_t>(data_[pos_++]);
    }
    *out = v;
    return true;
  }

  bool Skip(uint64_t n) {
    if (data_.size() - pos_ < n) return false;
    pos_ += n;
    return true;
  }

  bool PeekByte(uint8_t* b) const {
    if (pos_ >= data_.size()) return false;
    *b = static_cast<uint8_t>(data_[pos_]);
    return true;
  }

  bool ReadMapLength(uint64_t* n) {
    uint8_t c;
    if (!ReadByte(&c)) return false;
    if (c >= 0x80 && c <= 0x8f) {
      *n = c & 0x0f;
      return true;
    }
    if (c == 0xde) return ReadBigEndian(2, n);
    if (c == 0xdf) return ReadBigEndian(4, n);
    return false;
  }

  bool ReadArrayLength(uint64_t* n) {
    uint8_t c;
    if (!ReadByte(&c)) return false;
    if (c >= 0x90 && c <= 0x9f) {
      *n = c & 0x0f;
      return true;
    }
    if (c == 0xdc) return ReadBigEndian(2, n);
    if (c == 0xdd) return ReadBigEndian(4, n);
    return false;
  }

  // Any msgpack integer form that fits int64.
  bool ReadInt(int64_t* out) {
    uint8_t c;
    if (!ReadByte(&c)) return false;
    if (c <= 0x7f) {
      *out = c;
      return true;
    }
    if (c >= 0xe0) {
      *out = static_cast<int8_t>(c);
      return true;
    }
    uint64_t v;
    switch (c) {
      case 0xcc:
      case 0xcd:
      case 0xce:
      case 0xcf:
        if (!ReadBigEndian(1 << (c - 0xcc), &v)) return false;
        if (v > static_cast<uint64_t>(std::numeric_limits<int64_t>::max())) {
          return false;
        }
        *out = static_cast<int64_t>(v);
        return true;
      case 0xd0:
        if (!ReadBigEndian(1, &v)) return false;
        *out = static_cast<int8_t>(v);
        return true;
      case 0xd1:
        if (!ReadBigEndian(2, &v)) return false;
        *out = static_cast<int16_t>(v);
        return true;
      case 0xd2:
        if (!ReadBigEndian(4, &v)) return false;
        *out = static_cast<int32_t>(v);
        return true;
      case 0xd3:
        if (!ReadBigEndian(8, &v)) return false;
        *out = static_cast<int64_t>(v);
        return true;
      default:
        return false;
    }
  }

  bool ReadBool(bool* out) {
    uint8_t c;
    if (!ReadByte(&c) || (c != 0xc2 && c != 0xc3)) return false;
    *out = c == 0xc3;
    return true;
  }

  // str or bin, as go-cty's DecodeString accepts both.
  bool ReadString(std::string* out) {
    uint8_t c;
    if (!ReadByte(&c)) return false;
    uint64_t n;
    if (c >= 0xa0 && c <= 0xbf) {
      n = c & 0x1f;
    } else if (c == 0xd9 || c == 0xc4) {
      if (!ReadBigEndian(1, &n)) return false;
    } else if (c == 0xda || c == 0xc5) {
      if (!ReadBigEndian(2, &n)) return false;
    } else if (c == 0xdb || c == 0xc6) {
      if (!ReadBigEndian(4, &n)) return false;
    } else {
      return false;
    }
    if (data_.size() - pos_ < n) return false;
    out->assign(data_.substr(pos_, n));
    pos_ += n;
    return true;
  }

  // A number in any of the forms a number value may take.
  absl::StatusOr<Number> ReadNumber() {
    const absl::Status bad =
        absl::InvalidArgumentError("number bound is not a number");
    uint8_t c;
    if (!PeekByte(&c)) return bad;
    uint64_t v;
    if (c == 0xca || c == 0xcb) {
      ++pos_;
      double d;
      if (c == 0xca) {
        if (!ReadBigEndian(4, &v)) return bad;
        float f;
        const auto bits = static_cast<uint32_t>(v);
        std::memcpy(&f, &bits, sizeof f);
        d = f;
      } else {
        if (!ReadBigEndian(8, &v)) return bad;
        std::memcpy(&d, &v, sizeof d);
      }
      if (std::isnan(d)) return bad;
      return Number::FromDouble(d);
    }
    if (c == 0xcf) {
      ++pos_;
      if (!ReadBigEndian(8, &v)) return bad;
      return Number::FromUint64(v);
    }
    if ((c >= 0xa0 && c <= 0xbf) || c == 0xd9 || c == 0xda || c == 0xdb ||
        c == 0xc4 || c == 0xc5 || c == 0xc6) {
      std::string text;
      if (!ReadString(&text)) return bad;
      return Number::Parse(text);
    }
    int64_t i;
    if (!ReadInt(&i)) return bad;
    return Number::FromInt64(i);
  }

  // Skips one msgpack value of any shape, iteratively.
  bool SkipValue() {
    uint64_t pending = 1;
    while (pending > 0) {
      --pending;
      uint8_t c;
      if (!ReadByte(&c)) return false;
      uint64_t n = 0;
      if (c <= 0x7f || c >= 0xe0 || c == 0xc0 || c == 0xc2 || c == 0xc3) {
        continue;
      } else if (c <= 0x8f) {
        pending += 2 * uint64_t{c & 0x0fu};
      } else if (c <= 0x9f) {
        pending += c & 0x0fu;
      } else if (c <= 0xbf) {
        if (!Skip(c & 0x1fu)) return false;
      } else {
        switch (c) {
          case 0xc4:
          case 0xd9:
            if (!ReadBigEndian(1, &n) || !Skip(n)) return false;
            break;
          case 0xc5:
          case 0xda:
            if (!ReadBigEndian(2, &n) || !Skip(n)) return false;
            break;
          case 0xc6:
          case 0xdb:
            if (!ReadBigEndian(4, &n) || !Skip(n)) return false;
            break;
          case 0xc7:
            if (!ReadBigEndian(1, &n) || !Skip(n + 1)) return false;
            break;
          case 0xc8:
            if (!ReadBigEndian(2, &n) || !Skip(n + 1)) return false;
            break;
          case 0xc9:
            if (!ReadBigEndian(4, &n) || !Skip(n + 1)) return false;
            break;
          case 0xca:
          case 0xce:
          case 0xd2:
            if (!Skip(4)) return false;
            break;
          case 0xcb:
          case 0xcf:
          case 0xd3:
            if (!Skip(8)) return false;
            break;
          case 0xcc:
          case 0xd0:
            if (!Skip(1)) return false;
            break;
          case 0xcd:
          case 0xd1:
            if (!Skip(2)) return false;
            break;
          case 0xd4:
          case 0xd5:
          case 0xd6:
          case 0xd7:
          case 0xd8:
            if (!Skip((uint64_t{1} << (c - 0xd4)) + 1)) return false;
            break;
          case 0xdc:
            if (!ReadBigEndian(2, &n)) return false;
            pending += n;
            break;
          case 0xdd:
            if (!ReadBigEndian(4, &n)) return false;
            pending += n;
            break;
          case 0xde:
            if (!ReadBigEndian(2, &n)) return false;
            pending += 2 * n;
            break;
          case 0xdf:
            if (!ReadBigEndian(4, &n)) return false;
            pending += 2 * n;
            break;
          default:  // 0xc1 is never used
            return false;
        }
      }
    }
    return true;
  }

 private:
  std::string_view data_;
  size_t pos_ = 0;
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
    return Value::String(node.bytes);
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
      const std::string& key = node.children[i].bytes;
      if (!internal::IsValidUtf8(key)) {
        return Error(path, "map key is not valid UTF-8");
      }
      if (elements.count(key) != 0) {
        return Error(path, internal::Cat("duplicate map key ", Quote(key)));
      }
      THREATMODEL_ASSIGN_OR_RETURN(
          Value v,
          Decode(node.children[i + 1], type.element_type(), path.Key(key)));
      elements.emplace(key, std::move(v));
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
      const std::string& name = node.children[i].bytes;
      auto it = types.find(name);
      if (it == types.end()) {
        return Error(path,
                     internal::Cat("unsupported attribute ", Quote(name)));
      }
      if (attributes.count(name) != 0) {
        return Error(path, internal::Cat("duplicate attribute ", Quote(name)));
      }
      THREATMODEL_ASSIGN_OR_RETURN(
          Value v, Decode(node.children[i + 1], it->second, path.Attr(name)));
      attributes.emplace(name, std::move(v));
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
    RefinementReader r(node.bytes);
    uint64_t entries;
    if (!r.ReadMapLength(&entries)) return bad("payload is not a map");
    // cty never refines an unknown of unknown type; ignore any facts.
    if (type.kind() == Type::Kind::kDynamic) return Value::Unknown(type);

    Refinement refinement;
    bool definitely_null = false;
    for (uint64_t e = 0; e < entries; ++e) {
      int64_t key;
      if (!r.ReadInt(&key)) return bad("key is not an integer");
      switch (key) {
        case 1: {
          bool is_null;
          if (!r.ReadBool(&is_null)) return bad("nullness is not a bool");
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
          if (!r.ReadString(&prefix))
            return bad("string prefix is not a string");
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
          uint64_t len;
          if (!r.ReadArrayLength(&len) || len != 2) {
            return bad("number bound must be a [number, bool] array");
          }
          absl::StatusOr<Number> bound = r.ReadNumber();
          if (!bound.ok()) {
            return bad(
                internal::Cat("number bound: ", bound.status().message()));
          }
          bool inclusive;
          if (!r.ReadBool(&inclusive)) {
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
          if (!r.ReadInt(&bound) || bound < 0) {
            return bad("length bound must be a non-negative integer");
          }
          (key == 5 ? refinement.length_min : refinement.length_max) = bound;
          break;
        }
        default:
          // Reserved for future refinements: skip the value.
          if (!r.SkipValue()) return bad("truncated payload");
      }
    }
    // Bytes after the map are ignored, leaving room for later extensions.
    if (definitely_null) return Value::Null(type);
    return Value::Unknown(type, std::move(refinement));
  }
};

}  // namespace

absl::StatusOr<Value> DecodeMsgpack(std::string_view bytes, const Type& type) {
  if (bytes.empty()) {
    return absl::InvalidArgumentError("msgpack: empty input");
  }
  TreeBuilder builder;
  bool ok = false;
  try {
    ok = json::sax_parse(bytes.begin(), bytes.end(), &builder,
                         json::input_format_t::msgpack, /*strict=*/true);
  } catch (const json::exception& e) {
    return absl::InvalidArgumentError(internal::Cat(
        "msgpack: malformed input: ", internal::StripNlohmannPrefix(e.what())));
  }
  if (!builder.status().ok()) return builder.status();
  if (!ok) return absl::InvalidArgumentError("msgpack: malformed input");
  Decoder decoder;
  return decoder.Decode(builder.root(), type, PathFrame());
}

}  // namespace threatmodel::cty
