// Type-directed msgpack encoding, byte-compatible with go-cty's
// msgpack.Marshal (docs/cty-msgpack.md).
//
// The msgpack forms are written by msgpack-cxx's packer, which picks the
// same compact forms as vmihailenco/msgpack (the library go-cty uses): the
// smallest integer form, with non-negative values in the unsigned forms;
// str8 for strings of 32 to 255 bytes; fixext for payloads of 1, 2, 4, 8 and
// 16 bytes. Doubles are always written as float64, as go-cty does (nlohmann's
// to_msgpack would narrow them to float32 where that is lossless), so the
// golden vectors match byte for byte.

#include <cmath>
#include <cstdint>
#include <limits>
#include <string>

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

// go-cty truncates longer string prefixes so the refinement stays well under
// the decoder's 1024-byte payload limit.
constexpr size_t kMaxPrefixBytes = 256;

// msgpack lengths are 32-bit.
constexpr size_t kMaxLength = std::numeric_limits<uint32_t>::max();

// The packer's output stream: appends to a string.
class StringSink {
 public:
  void write(const char* data, size_t size) { out_.append(data, size); }
  std::string& out() { return out_; }

 private:
  std::string out_;
};

class Writer {
 public:
  Writer() : packer_(sink_) {}
  Writer(const Writer&) = delete;
  Writer& operator=(const Writer&) = delete;

  void Nil() { packer_.pack_nil(); }
  void Bool(bool b) {
    if (b) {
      packer_.pack_true();
    } else {
      packer_.pack_false();
    }
  }
  void Int(int64_t v) { packer_.pack_int64(v); }
  void Float64(double d) { packer_.pack_double(d); }
  // The callers check lengths against kMaxLength first.
  void Str(std::string_view s) {
    packer_.pack_str(static_cast<uint32_t>(s.size()));
    packer_.pack_str_body(s.data(), static_cast<uint32_t>(s.size()));
  }
  void Bin(std::string_view s) {
    packer_.pack_bin(static_cast<uint32_t>(s.size()));
    packer_.pack_bin_body(s.data(), static_cast<uint32_t>(s.size()));
  }
  void ArrayHeader(size_t n) { packer_.pack_array(static_cast<uint32_t>(n)); }
  void MapHeader(size_t n) { packer_.pack_map(static_cast<uint32_t>(n)); }
  void Ext(int8_t type, std::string_view payload) {
    packer_.pack_ext(payload.size(), type);
    packer_.pack_ext_body(payload.data(),
                          static_cast<uint32_t>(payload.size()));
  }

  std::string& out() { return sink_.out(); }

 private:
  StringSink sink_;
  msgpack::packer<StringSink> packer_;
};

absl::Status Error(const PathFrame& path, std::string_view message) {
  return absl::InvalidArgumentError(
      internal::PathMessage("msgpack", path, message));
}

// go-cty's rule: an exact int64 as an integer, a non-integer that a double
// holds exactly as float64, infinities as float64, and anything else as its
// canonical decimal string.
void WriteNumber(Writer* w, const Number& n) {
  if (n.IsInfinity()) {
    w->Float64(n.IsNegative() ? -INFINITY : INFINITY);
    return;
  }
  if (std::optional<int64_t> i = n.AsInt64()) {
    w->Int(*i);
    return;
  }
  if (!n.IsInteger()) {
    if (std::optional<double> d = n.AsExactDouble()) {
      w->Float64(*d);
      return;
    }
  }
  w->Str(n.ToString());
}

void WriteUnknown(Writer* w, const Value& value) {
  const Refinement& r = value.refinement();
  const bool not_null = r.not_null.value_or(false);
  std::string_view prefix;
  if (r.string_prefix) {
    prefix = *r.string_prefix;
    if (prefix.size() > kMaxPrefixBytes) {
      prefix = internal::TruncateUtf8(prefix, kMaxPrefixBytes - 1);
    }
  }
  const auto finite = [](const auto& bound) {
    return bound && !bound->first.IsInfinity();
  };
  const size_t entries = (not_null ? 1 : 0) + (prefix.empty() ? 0 : 1) +
                         (finite(r.number_lower) ? 1 : 0) +
                         (finite(r.number_upper) ? 1 : 0) +
                         (r.length_min ? 1 : 0) + (r.length_max ? 1 : 0);
  if (entries == 0) {
    // The plain unknown: fixext1, type 0, one zero byte.
    w->Ext(0, std::string_view("\0", 1));
    return;
  }
  Writer payload;
  payload.MapHeader(entries);
  if (not_null) {
    payload.Int(1);
    payload.Bool(false);
  }
  if (!prefix.empty()) {
    payload.Int(2);
    payload.Str(prefix);
  }
  for (const auto& [key, bound] : {std::make_pair(3, &r.number_lower),
                                   std::make_pair(4, &r.number_upper)}) {
    if (finite(*bound)) {
      payload.Int(key);
      payload.ArrayHeader(2);
      WriteNumber(&payload, (*bound)->first);
      payload.Bool((*bound)->second);
    }
  }
  if (r.length_min) {
    payload.Int(5);
    payload.Int(*r.length_min);
  }
  if (r.length_max) {
    payload.Int(6);
    payload.Int(*r.length_max);
  }
  w->Ext(12, payload.out());
}

absl::Status Encode(Writer* w, const Value& value, const Type& type,
                    const PathFrame& path, int depth) {
  if (type.kind() == Type::Kind::kDynamic &&
      value.type().kind() != Type::Kind::kDynamic) {
    if (depth >= kMsgpackMaxDepth) {
      return Error(
          path, internal::Cat("nesting exceeds ", kMsgpackMaxDepth, " levels"));
    }
    w->ArrayHeader(2);
    w->Bin(TypeToJson(value.type()));
    return Encode(w, value, value.type(), path, depth + 1);
  }
  if (!value.IsKnown()) {
    const std::optional<std::string>& prefix = value.refinement().string_prefix;
    if (prefix && !internal::IsValidUtf8(*prefix)) {
      return Error(path, "string prefix refinement is not valid UTF-8");
    }
    WriteUnknown(w, value);
    return absl::OkStatus();
  }
  if (value.IsNull()) {
    w->Nil();
    return absl::OkStatus();
  }
  const auto open = [&]() -> absl::Status {
    if (value.LengthOrZero() > kMaxLength) {
      return Error(path, "collection is longer than msgpack allows");
    }
    if (depth >= kMsgpackMaxDepth) {
      return Error(
          path, internal::Cat("nesting exceeds ", kMsgpackMaxDepth, " levels"));
    }
    return absl::OkStatus();
  };
  switch (type.kind()) {
    case Type::Kind::kString:
      if (!internal::IsValidUtf8(value.AsString())) {
        return Error(path, "string is not valid UTF-8");
      }
      if (value.AsString().size() > kMaxLength) {
        return Error(path, "string is longer than msgpack allows (4 GiB)");
      }
      w->Str(value.AsString());
      return absl::OkStatus();
    case Type::Kind::kNumber:
      WriteNumber(w, value.AsNumber());
      return absl::OkStatus();
    case Type::Kind::kBool:
      w->Bool(value.AsBool());
      return absl::OkStatus();
    case Type::Kind::kList:
    case Type::Kind::kSet: {
      THREATMODEL_RETURN_IF_ERROR(open());
      const auto& elements = value.elements();
      w->ArrayHeader(elements.size());
      for (size_t i = 0; i < elements.size(); ++i) {
        THREATMODEL_RETURN_IF_ERROR(Encode(w, elements[i], type.element_type(),
                                           path.Index(static_cast<int64_t>(i)),
                                           depth + 1));
      }
      return absl::OkStatus();
    }
    case Type::Kind::kTuple: {
      THREATMODEL_RETURN_IF_ERROR(open());
      const auto& elements = value.elements();
      const auto& types = type.tuple_elements();
      w->ArrayHeader(types.size());
      for (size_t i = 0; i < types.size(); ++i) {
        THREATMODEL_RETURN_IF_ERROR(Encode(w, elements[i], types[i],
                                           path.Index(static_cast<int64_t>(i)),
                                           depth + 1));
      }
      return absl::OkStatus();
    }
    case Type::Kind::kMap: {
      THREATMODEL_RETURN_IF_ERROR(open());
      const auto& elements = value.map_elements();
      w->MapHeader(elements.size());
      for (const auto& [key, e] : elements) {
        if (!internal::IsValidUtf8(key)) {
          return Error(path, "map key is not valid UTF-8");
        }
        w->Str(key);
        THREATMODEL_RETURN_IF_ERROR(
            Encode(w, e, type.element_type(), path.Key(key), depth + 1));
      }
      return absl::OkStatus();
    }
    case Type::Kind::kObject: {
      THREATMODEL_RETURN_IF_ERROR(open());
      const auto& types = type.attribute_types();
      w->MapHeader(types.size());
      for (const auto& [name, t] : types) {
        if (!internal::IsValidUtf8(name)) {
          return Error(path, "attribute name is not valid UTF-8");
        }
        w->Str(name);
        const Value* attr = value.GetAttr(name);
        THREATMODEL_RETURN_IF_ERROR(
            Encode(w, *attr, t, path.Attr(name), depth + 1));
      }
      return absl::OkStatus();
    }
    case Type::Kind::kDynamic:
      break;
  }
  return Error(path, "unsupported type");
}

}  // namespace

absl::StatusOr<std::string> EncodeMsgpack(const Value& value,
                                          const Type& type) {
  THREATMODEL_RETURN_IF_ERROR(internal::CheckConforms(value, type, "msgpack"));
  Writer w;
  THREATMODEL_RETURN_IF_ERROR(Encode(&w, value, type, PathFrame(), 0));
  return std::move(w.out());
}

}  // namespace threatmodel::cty
