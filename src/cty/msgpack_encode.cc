// Type-directed msgpack encoding, byte-compatible with go-cty's
// msgpack.Marshal (docs/cty-msgpack.md).
//
// The bytes are written directly rather than through nlohmann's to_msgpack:
// nlohmann narrows a double to float32 whenever that is lossless, while
// go-cty always writes float64, and matching go-cty byte for byte keeps the
// golden vectors meaningful. Writing msgpack needs no parsing of untrusted
// input, so this adds no attack surface.

#include <cmath>
#include <cstdint>
#include <cstring>
#include <string>

#include "absl/status/status.h"
#include "cty/internal/conform.h"
#include "cty/internal/path_frame.h"
#include "cty/internal/strings.h"
#include "cty/internal/text.h"
#include "threatmodel/base/status_macros.h"
#include "threatmodel/cty/msgpack.h"

namespace threatmodel::cty {
namespace {

using internal::PathFrame;

// go-cty truncates longer string prefixes so the refinement stays well under
// the decoder's 1024-byte payload limit.
constexpr size_t kMaxPrefixBytes = 256;

class Writer {
 public:
  void Byte(uint8_t b) { out_.push_back(static_cast<char>(b)); }

  void BigEndian(uint64_t v, int bytes) {
    for (int shift = (bytes - 1) * 8; shift >= 0; shift -= 8) {
      Byte(static_cast<uint8_t>(v >> shift));
    }
  }

  void Nil() { Byte(0xc0); }
  void Bool(bool b) { Byte(b ? 0xc3 : 0xc2); }

  // The most compact form, as vmihailenco/msgpack's compact-int mode writes:
  // non-negative values use the unsigned forms.
  void Int(int64_t v) {
    if (v >= 0) {
      const auto u = static_cast<uint64_t>(v);
      if (u <= 0x7f) {
        Byte(static_cast<uint8_t>(u));
      } else if (u <= 0xff) {
        Byte(0xcc);
        BigEndian(u, 1);
      } else if (u <= 0xffff) {
        Byte(0xcd);
        BigEndian(u, 2);
      } else if (u <= 0xffffffff) {
        Byte(0xce);
        BigEndian(u, 4);
      } else {
        Byte(0xcf);
        BigEndian(u, 8);
      }
      return;
    }
    if (v >= -32) {
      Byte(static_cast<uint8_t>(v));
    } else if (v >= INT8_MIN) {
      Byte(0xd0);
      BigEndian(static_cast<uint64_t>(v), 1);
    } else if (v >= INT16_MIN) {
      Byte(0xd1);
      BigEndian(static_cast<uint64_t>(v), 2);
    } else if (v >= INT32_MIN) {
      Byte(0xd2);
      BigEndian(static_cast<uint64_t>(v), 4);
    } else {
      Byte(0xd3);
      BigEndian(static_cast<uint64_t>(v), 8);
    }
  }

  void Float64(double d) {
    uint64_t bits;
    std::memcpy(&bits, &d, sizeof bits);
    Byte(0xcb);
    BigEndian(bits, 8);
  }

  void Str(std::string_view s) {
    const size_t n = s.size();
    if (n < 32) {
      Byte(static_cast<uint8_t>(0xa0 | n));
    } else if (n <= 0xff) {
      Byte(0xd9);
      BigEndian(n, 1);
    } else if (n <= 0xffff) {
      Byte(0xda);
      BigEndian(n, 2);
    } else {
      Byte(0xdb);
      BigEndian(n, 4);
    }
    out_.append(s);
  }

  void Bin(std::string_view s) {
    const size_t n = s.size();
    if (n <= 0xff) {
      Byte(0xc4);
      BigEndian(n, 1);
    } else if (n <= 0xffff) {
      Byte(0xc5);
      BigEndian(n, 2);
    } else {
      Byte(0xc6);
      BigEndian(n, 4);
    }
    out_.append(s);
  }

  void ArrayHeader(size_t n) {
    if (n < 16) {
      Byte(static_cast<uint8_t>(0x90 | n));
    } else if (n <= 0xffff) {
      Byte(0xdc);
      BigEndian(n, 2);
    } else {
      Byte(0xdd);
      BigEndian(n, 4);
    }
  }

  void MapHeader(size_t n) {
    if (n < 16) {
      Byte(static_cast<uint8_t>(0x80 | n));
    } else if (n <= 0xffff) {
      Byte(0xde);
      BigEndian(n, 2);
    } else {
      Byte(0xdf);
      BigEndian(n, 4);
    }
  }

  void Ext(uint8_t type, std::string_view payload) {
    const size_t n = payload.size();
    switch (n) {
      case 1:
        Byte(0xd4);
        break;
      case 2:
        Byte(0xd5);
        break;
      case 4:
        Byte(0xd6);
        break;
      case 8:
        Byte(0xd7);
        break;
      case 16:
        Byte(0xd8);
        break;
      default:
        if (n <= 0xff) {
          Byte(0xc7);
          BigEndian(n, 1);
        } else if (n <= 0xffff) {
          Byte(0xc8);
          BigEndian(n, 2);
        } else {
          Byte(0xc9);
          BigEndian(n, 4);
        }
    }
    Byte(type);
    out_.append(payload);
  }

  void Raw(std::string_view bytes) { out_.append(bytes); }

  std::string& out() { return out_; }

 private:
  std::string out_;
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
  Writer body;
  size_t entries = 0;
  if (r.not_null.value_or(false)) {
    ++entries;
    body.Int(1);
    body.Bool(false);
  }
  if (r.string_prefix && !r.string_prefix->empty()) {
    ++entries;
    body.Int(2);
    std::string_view prefix = *r.string_prefix;
    if (prefix.size() > kMaxPrefixBytes) {
      prefix = internal::TruncateUtf8(prefix, kMaxPrefixBytes - 1);
    }
    body.Str(prefix);
  }
  for (const auto& [key, bound] : {std::make_pair(3, &r.number_lower),
                                   std::make_pair(4, &r.number_upper)}) {
    if (*bound && !(*bound)->first.IsInfinity()) {
      ++entries;
      body.Int(key);
      body.ArrayHeader(2);
      WriteNumber(&body, (*bound)->first);
      body.Bool((*bound)->second);
    }
  }
  if (r.length_min) {
    ++entries;
    body.Int(5);
    body.Int(*r.length_min);
  }
  if (r.length_max) {
    ++entries;
    body.Int(6);
    body.Int(*r.length_max);
  }
  if (entries == 0) {
    // The plain unknown: fixext1, type 0, one zero byte.
    w->Ext(0, std::string_view("\0", 1));
    return;
  }
  Writer payload;
  payload.MapHeader(entries);
  payload.Raw(body.out());
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
