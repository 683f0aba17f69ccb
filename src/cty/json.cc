// The JSON form of cty values, following go-cty's cty/json package.
//
// Decoding parses the text into an nlohmann DOM (internal/json_dom.h bounds
// nesting, rejects duplicate keys and keeps non-integer number literals as
// text so no digit is lost) and then walks it against the type. Encoding
// writes the text directly so the output matches go-cty byte for byte (sorted
// keys, Go's string escaping, canonical numbers).

#include "threatmodel/cty/json.h"

#include <cmath>
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

namespace threatmodel::cty {
namespace {

using internal::PathFrame;
using nlohmann::json;

absl::Status Error(const PathFrame& path, std::string_view message) {
  return absl::InvalidArgumentError(
      internal::PathMessage("json", path, message));
}

std::string Quote(std::string_view s) {
  std::string out;
  internal::AppendJsonString(&out, s, /*html_escape=*/false);
  return out;
}

class DomDecoder {
 public:
  // `number_text`: binary nodes are number literals (see json_dom.h).
  explicit DomDecoder(bool number_text) : number_text_(number_text) {}

  absl::StatusOr<Value> Decode(const json& j, const Type& type,
                               const PathFrame& path, int depth) {
    if (depth > kJsonMaxDepth) {
      return Error(path,
                   internal::Cat("nesting exceeds ", kJsonMaxDepth, " levels"));
    }
    if (j.is_null()) return Value::Null(type);
    switch (type.kind()) {
      case Type::Kind::kDynamic:
        return DecodeDynamic(j, path, depth);
      case Type::Kind::kString:
        return DecodeString(j, path);
      case Type::Kind::kNumber:
        return DecodeNumber(j, path);
      case Type::Kind::kBool:
        if (j.is_boolean()) return Value::Bool(j.get<bool>());
        if (j.is_string()) {
          const auto& s = j.get_ref<const std::string&>();
          if (s == "true") return Value::Bool(true);
          if (s == "false") return Value::Bool(false);
          return Error(path, "a bool is required");
        }
        return Mismatch(j, type, path);
      case Type::Kind::kList:
      case Type::Kind::kSet: {
        if (!j.is_array()) return Mismatch(j, type, path);
        std::vector<Value> elements;
        elements.reserve(j.size());
        for (size_t i = 0; i < j.size(); ++i) {
          THREATMODEL_ASSIGN_OR_RETURN(
              Value v, Decode(j[i], type.element_type(),
                              path.Index(static_cast<int64_t>(i)), depth + 1));
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
      case Type::Kind::kMap: {
        if (!j.is_object()) return Mismatch(j, type, path);
        std::map<std::string, Value> elements;
        for (const auto& [key, e] : j.items()) {
          if (!internal::IsValidUtf8(key)) {
            return Error(path, "map key is not valid UTF-8");
          }
          THREATMODEL_ASSIGN_OR_RETURN(
              Value v,
              Decode(e, type.element_type(), path.Key(key), depth + 1));
          elements.emplace(key, std::move(v));
        }
        // Inferred before the move below.
        Type element_type =
            internal::InferElementType(type.element_type(), elements);
        return Value::Map(std::move(element_type), std::move(elements));
      }
      case Type::Kind::kTuple: {
        if (!j.is_array()) return Mismatch(j, type, path);
        const auto& types = type.tuple_elements();
        if (j.size() != types.size()) {
          return Error(path,
                       internal::Cat("a tuple of length ", types.size(),
                                     " is required (", j.size(), " given)"));
        }
        std::vector<Value> elements;
        elements.reserve(types.size());
        for (size_t i = 0; i < types.size(); ++i) {
          THREATMODEL_ASSIGN_OR_RETURN(
              Value v, Decode(j[i], types[i],
                              path.Index(static_cast<int64_t>(i)), depth + 1));
          elements.push_back(std::move(v));
        }
        return Value::Tuple(std::move(elements));
      }
      case Type::Kind::kObject: {
        if (!j.is_object()) return Mismatch(j, type, path);
        const auto& types = type.attribute_types();
        std::map<std::string, Value> attributes;
        for (const auto& [name, e] : j.items()) {
          auto it = types.find(name);
          if (it == types.end()) {
            return Error(path,
                         internal::Cat("unsupported attribute ", Quote(name)));
          }
          THREATMODEL_ASSIGN_OR_RETURN(
              Value v, Decode(e, it->second, path.Attr(name), depth + 1));
          attributes.emplace(name, std::move(v));
        }
        // Missing attributes become null, as in go-cty.
        return internal::MakeDecodedObject(type, std::move(attributes));
      }
    }
    return Error(path, "unsupported type");
  }

 private:
  const char* KindName(const json& j) const {
    switch (j.type()) {
      case json::value_t::null:
        return "null";
      case json::value_t::boolean:
        return "bool";
      case json::value_t::number_integer:
      case json::value_t::number_unsigned:
      case json::value_t::number_float:
        return "number";
      case json::value_t::string:
        return "string";
      case json::value_t::array:
        return "array";
      case json::value_t::object:
        return "object";
      case json::value_t::binary:
        return number_text_ ? "number" : "binary";
      case json::value_t::discarded:
        break;
    }
    return "invalid";
  }

  absl::Status Mismatch(const json& j, const Type& type,
                        const PathFrame& path) const {
    return Error(path, internal::Cat("expected ", type.FriendlyName(), ", got ",
                                     KindName(j)));
  }

  bool IsNumberText(const json& j) const {
    return number_text_ && j.is_binary() && j.get_binary().has_subtype() &&
           j.get_binary().subtype() == internal::kNumberTextSubtype;
  }

  static std::string NumberText(const json& j) {
    const auto& bin = j.get_binary();
    return std::string(bin.begin(), bin.end());
  }

  absl::StatusOr<Value> DecodeString(const json& j,
                                     const PathFrame& path) const {
    if (j.is_string()) {
      const auto& s = j.get_ref<const std::string&>();
      if (!internal::IsValidUtf8(s)) {
        return Error(path, "string is not valid UTF-8");
      }
      return Value::String(s);
    }
    // go-cty converts numbers and bools to their text.
    if (j.is_boolean()) return Value::String(j.get<bool>() ? "true" : "false");
    if (j.is_number_integer() && !j.is_number_unsigned()) {
      return Value::String(std::to_string(j.get<int64_t>()));
    }
    if (j.is_number_unsigned()) {
      return Value::String(std::to_string(j.get<uint64_t>()));
    }
    if (IsNumberText(j)) return Value::String(NumberText(j));
    if (j.is_number_float()) {
      const double d = j.get<double>();
      if (std::isnan(d) || std::isinf(d)) {
        return Error(path, "number is not finite");
      }
      return Value::String(Number::FromDouble(d).ToString());
    }
    return Mismatch(j, Type::String(), path);
  }

  absl::StatusOr<Value> DecodeNumber(const json& j,
                                     const PathFrame& path) const {
    if (j.is_number_unsigned()) {
      return Value::NumberVal(Number::FromUint64(j.get<uint64_t>()));
    }
    if (j.is_number_integer()) {
      return Value::NumberVal(Number::FromInt64(j.get<int64_t>()));
    }
    if (j.is_number_float()) {
      const double d = j.get<double>();
      if (std::isnan(d)) return Error(path, "NaN is not a number");
      return Value::NumberVal(Number::FromDouble(d));
    }
    std::string text;
    if (IsNumberText(j)) {
      text = NumberText(j);
    } else if (j.is_string()) {
      text = j.get<std::string>();
    } else {
      return Mismatch(j, Type::Number(), path);
    }
    absl::StatusOr<Number> n = Number::Parse(text);
    if (!n.ok()) return Error(path, internal::MessageOf(n.status()));
    return Value::NumberVal(*std::move(n));
  }

  absl::StatusOr<Value> DecodeDynamic(const json& j, const PathFrame& path,
                                      int depth) {
    if (!j.is_object()) {
      return Error(path, internal::Cat("expected dynamic value "
                                       "{\"value\":V,\"type\":T}, got ",
                                       KindName(j)));
    }
    for (const auto& [key, unused] : j.items()) {
      if (key != "type" && key != "value") {
        return Error(path, internal::Cat("invalid key ", Quote(key),
                                         " in dynamically-typed value"));
      }
    }
    auto type_it = j.find("type");
    if (type_it == j.end()) {
      return Error(path, "missing type in dynamically-typed value");
    }
    auto value_it = j.find("value");
    if (value_it == j.end()) {
      return Error(path, "missing value in dynamically-typed value");
    }
    absl::StatusOr<Type> type = internal::TypeFromJsonDom(*type_it, depth + 1);
    if (!type.ok()) {
      return Error(path, internal::Cat("invalid dynamic value type: ",
                                       type.status().message()));
    }
    return Decode(*value_it, *type, path, depth + 1);
  }

  bool number_text_;
};

absl::Status EncodeError(const PathFrame& path, std::string_view message) {
  return absl::InvalidArgumentError(
      internal::PathMessage("json", path, message));
}

// What both encoders (to text and to a DOM) refuse: unknown values, and
// containers (dynamic wrappers included) nested deeper than the decoder
// accepts.
absl::Status CheckEncodable(const Value& value, const Type& type,
                            const PathFrame& path, int depth) {
  if (!value.IsKnown()) return EncodeError(path, "value is not known");
  const bool container = (type.kind() == Type::Kind::kDynamic &&
                          value.type().kind() != Type::Kind::kDynamic) ||
                         (!value.IsNull() && !type.IsPrimitive());
  if (container && depth >= kJsonMaxDepth) {
    return EncodeError(
        path, internal::Cat("nesting exceeds ", kJsonMaxDepth, " levels"));
  }
  return absl::OkStatus();
}

absl::Status Encode(std::string* out, const Value& value, const Type& type,
                    const PathFrame& path, int depth) {
  THREATMODEL_RETURN_IF_ERROR(CheckEncodable(value, type, path, depth));
  if (type.kind() == Type::Kind::kDynamic &&
      value.type().kind() != Type::Kind::kDynamic) {
    out->append("{\"value\":");
    THREATMODEL_RETURN_IF_ERROR(
        Encode(out, value, value.type(), path, depth + 1));
    out->append(",\"type\":");
    out->append(TypeToJson(value.type()));
    out->push_back('}');
    return absl::OkStatus();
  }
  if (value.IsNull()) {
    out->append("null");
    return absl::OkStatus();
  }
  switch (type.kind()) {
    case Type::Kind::kString:
      if (!internal::IsValidUtf8(value.AsString())) {
        return EncodeError(path, "string is not valid UTF-8");
      }
      internal::AppendJsonString(out, value.AsString(), /*html_escape=*/true);
      return absl::OkStatus();
    case Type::Kind::kNumber:
      if (value.AsNumber().IsInfinity()) {
        return EncodeError(path, "cannot serialize infinity as JSON");
      }
      out->append(value.AsNumber().ToString());
      return absl::OkStatus();
    case Type::Kind::kBool:
      out->append(value.AsBool() ? "true" : "false");
      return absl::OkStatus();
    case Type::Kind::kList:
    case Type::Kind::kSet:
    case Type::Kind::kTuple: {
      const auto& elements = value.elements();
      out->push_back('[');
      for (size_t i = 0; i < elements.size(); ++i) {
        if (i > 0) out->push_back(',');
        const Type& t = type.kind() == Type::Kind::kTuple
                            ? type.tuple_elements()[i]
                            : type.element_type();
        THREATMODEL_RETURN_IF_ERROR(Encode(out, elements[i], t,
                                           path.Index(static_cast<int64_t>(i)),
                                           depth + 1));
      }
      out->push_back(']');
      return absl::OkStatus();
    }
    case Type::Kind::kMap:
    case Type::Kind::kObject: {
      const bool is_map = type.kind() == Type::Kind::kMap;
      const auto& entries = is_map ? value.map_elements() : value.attributes();
      out->push_back('{');
      bool first = true;
      for (const auto& [key, e] : entries) {
        if (!first) out->push_back(',');
        first = false;
        if (!internal::IsValidUtf8(key)) {
          return EncodeError(path, "key is not valid UTF-8");
        }
        internal::AppendJsonString(out, key, /*html_escape=*/true);
        out->push_back(':');
        const Type& t =
            is_map ? type.element_type() : type.attribute_types().at(key);
        THREATMODEL_RETURN_IF_ERROR(Encode(
            out, e, t, is_map ? path.Key(key) : path.Attr(key), depth + 1));
      }
      out->push_back('}');
      return absl::OkStatus();
    }
    case Type::Kind::kDynamic:
      break;
  }
  return EncodeError(path, "unsupported type");
}

absl::StatusOr<json> ToDom(const Value& value, const Type& type,
                           const PathFrame& path, int depth) {
  THREATMODEL_RETURN_IF_ERROR(CheckEncodable(value, type, path, depth));
  if (type.kind() == Type::Kind::kDynamic &&
      value.type().kind() != Type::Kind::kDynamic) {
    THREATMODEL_ASSIGN_OR_RETURN(json inner,
                                 ToDom(value, value.type(), path, depth + 1));
    json out = json::object();
    out["value"] = std::move(inner);
    try {
      out["type"] = json::parse(TypeToJson(value.type()));
    } catch (const json::exception& e) {
      return EncodeError(
          path, internal::Cat("cannot represent type: ",
                              internal::StripNlohmannPrefix(e.what())));
    }
    return out;
  }
  if (value.IsNull()) return json(nullptr);
  switch (type.kind()) {
    case Type::Kind::kString:
      if (!internal::IsValidUtf8(value.AsString())) {
        return EncodeError(path, "string is not valid UTF-8");
      }
      return json(value.AsString());
    case Type::Kind::kNumber: {
      const Number& n = value.AsNumber();
      if (n.IsInfinity()) {
        return EncodeError(path, "cannot serialize infinity as JSON");
      }
      if (std::optional<int64_t> i = n.AsInt64()) return json(*i);
      if (n.IsInteger() && !n.IsNegative() &&
          n <= Number::FromUint64(UINT64_MAX)) {
        return json(std::stoull(n.ToString()));
      }
      const double d = n.ToDouble();
      if (!std::isinf(d) && Number::FromDouble(d) == n) return json(d);
      return EncodeError(path, internal::Cat("number ", n.ToString(),
                                             " has no exact JSON DOM form"));
    }
    case Type::Kind::kBool:
      return json(value.AsBool());
    case Type::Kind::kList:
    case Type::Kind::kSet:
    case Type::Kind::kTuple: {
      json out = json::array();
      const auto& elements = value.elements();
      for (size_t i = 0; i < elements.size(); ++i) {
        const Type& t = type.kind() == Type::Kind::kTuple
                            ? type.tuple_elements()[i]
                            : type.element_type();
        THREATMODEL_ASSIGN_OR_RETURN(
            json e, ToDom(elements[i], t, path.Index(static_cast<int64_t>(i)),
                          depth + 1));
        out.push_back(std::move(e));
      }
      return out;
    }
    case Type::Kind::kMap:
    case Type::Kind::kObject: {
      const bool is_map = type.kind() == Type::Kind::kMap;
      json out = json::object();
      for (const auto& [key, e] :
           is_map ? value.map_elements() : value.attributes()) {
        if (!internal::IsValidUtf8(key)) {
          return EncodeError(path, "key is not valid UTF-8");
        }
        const Type& t =
            is_map ? type.element_type() : type.attribute_types().at(key);
        THREATMODEL_ASSIGN_OR_RETURN(
            json j,
            ToDom(e, t, is_map ? path.Key(key) : path.Attr(key), depth + 1));
        out[key] = std::move(j);
      }
      return out;
    }
    case Type::Kind::kDynamic:
      break;
  }
  return EncodeError(path, "unsupported type");
}

}  // namespace

absl::StatusOr<Value> DecodeJson(std::string_view json_text, const Type& type) {
  THREATMODEL_ASSIGN_OR_RETURN(
      json dom, internal::ParseJsonDom(json_text, "json", kJsonMaxDepth,
                                       /*keep_number_text=*/true));
  DomDecoder decoder(/*number_text=*/true);
  return decoder.Decode(dom, type, PathFrame(), 0);
}

absl::StatusOr<std::string> EncodeJson(const Value& value, const Type& type) {
  THREATMODEL_RETURN_IF_ERROR(internal::CheckConforms(value, type, "json"));
  std::string out;
  THREATMODEL_RETURN_IF_ERROR(Encode(&out, value, type, PathFrame(), 0));
  return out;
}

absl::StatusOr<Value> FromJsonValue(const json& dom, const Type& type) {
  DomDecoder decoder(/*number_text=*/false);
  return decoder.Decode(dom, type, PathFrame(), 0);
}

absl::StatusOr<json> ToJsonValue(const Value& value, const Type& type) {
  THREATMODEL_RETURN_IF_ERROR(internal::CheckConforms(value, type, "json"));
  return ToDom(value, type, PathFrame(), 0);
}

}  // namespace threatmodel::cty
