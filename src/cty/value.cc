#include "threatmodel/cty/value.h"

#include <algorithm>
#include <limits>
#include <string>
#include <utility>
#include <variant>

#include "absl/status/status.h"
#include "cty/internal/check.h"
#include "cty/internal/conform.h"
#include "cty/internal/path_frame.h"
#include "cty/internal/strings.h"
#include "cty/internal/text.h"

namespace threatmodel::cty {

bool Refinement::empty() const {
  return !not_null && !string_prefix && !number_lower && !number_upper &&
         !length_min && !length_max;
}

struct Value::Rep {
  enum class State : uint8_t { kNull, kUnknown, kKnown };
  using Elements = std::vector<Value>;
  using Entries = std::map<std::string, Value>;

  Type type;
  State state = Rep::State::kNull;
  bool wholly_known = false;
  std::variant<std::monostate, std::string, Number, bool, Elements, Entries>
      data;
  // Only for unknowns that carry facts.
  std::unique_ptr<const Refinement> refinement;
};

namespace {

const Refinement& EmptyRefinement() {
  static const auto* empty = new Refinement();
  return *empty;
}

}  // namespace

Value::Value(std::shared_ptr<const Rep> rep) : rep_(std::move(rep)) {}

Value::Value() {
  static const auto* null_dynamic = new std::shared_ptr<const Rep>([] {
    auto rep = std::make_shared<Rep>();
    rep->type = Type::Dynamic();
    rep->state = Rep::State::kNull;
    rep->wholly_known = true;
    return rep;
  }());
  rep_ = *null_dynamic;
}

Value Value::Null(Type type) {
  auto rep = std::make_shared<Rep>();
  rep->type = std::move(type);
  rep->state = Rep::State::kNull;
  rep->wholly_known = true;
  return Value(std::move(rep));
}

Value Value::Unknown(Type type, Refinement refinement) {
  Refinement r;
  const Type::Kind kind = type.kind();
  if (kind != Type::Kind::kDynamic) {
    if (refinement.not_null.value_or(false)) r.not_null = true;
    if (kind == Type::Kind::kString && refinement.string_prefix &&
        !refinement.string_prefix->empty()) {
      r.string_prefix = std::move(refinement.string_prefix);
    }
    if (kind == Type::Kind::kNumber) {
      if (refinement.number_lower &&
          !refinement.number_lower->first.IsInfinity()) {
        r.number_lower = std::move(refinement.number_lower);
      }
      if (refinement.number_upper &&
          !refinement.number_upper->first.IsInfinity()) {
        r.number_upper = std::move(refinement.number_upper);
      }
    }
    if (type.IsCollection()) {
      if (refinement.length_min && *refinement.length_min > 0) {
        r.length_min = refinement.length_min;
      }
      if (refinement.length_max && *refinement.length_max >= 0 &&
          *refinement.length_max < std::numeric_limits<int64_t>::max()) {
        r.length_max = refinement.length_max;
      }
    }
  }
  auto rep = std::make_shared<Rep>();
  rep->type = std::move(type);
  rep->state = Rep::State::kUnknown;
  rep->wholly_known = false;
  if (!r.empty()) rep->refinement = std::make_unique<Refinement>(std::move(r));
  return Value(std::move(rep));
}

Value Value::String(std::string s) {
  auto rep = std::make_shared<Rep>();
  rep->type = Type::String();
  rep->state = Rep::State::kKnown;
  rep->wholly_known = true;
  rep->data = std::move(s);
  return Value(std::move(rep));
}

Value Value::NumberVal(Number n) {
  auto rep = std::make_shared<Rep>();
  rep->type = Type::Number();
  rep->state = Rep::State::kKnown;
  rep->wholly_known = true;
  rep->data = std::move(n);
  return Value(std::move(rep));
}

Value Value::Int(int64_t i) { return NumberVal(Number::FromInt64(i)); }

Value Value::Bool(bool b) {
  auto rep = std::make_shared<Rep>();
  rep->type = Type::Bool();
  rep->state = Rep::State::kKnown;
  rep->wholly_known = true;
  rep->data = b;
  return Value(std::move(rep));
}

namespace {

void CheckElementsConform(const std::vector<Value>& elements,
                          const Type& element_type, const char* what) {
  for (const Value& e : elements) {
    THREATMODEL_CTY_CHECK(Conforms(e, element_type), what);
  }
}

bool AllWhollyKnown(const std::vector<Value>& elements) {
  return std::all_of(elements.begin(), elements.end(),
                     [](const Value& v) { return v.IsWhollyKnown(); });
}

bool AllWhollyKnown(const std::map<std::string, Value>& entries) {
  return std::all_of(entries.begin(), entries.end(), [](const auto& entry) {
    return entry.second.IsWhollyKnown();
  });
}

}  // namespace

Value Value::List(Type element_type, std::vector<Value> elements) {
  CheckElementsConform(elements, element_type,
                       "list element does not conform to the element type");
  auto rep = std::make_shared<Rep>();
  rep->type = Type::List(std::move(element_type));
  rep->state = Rep::State::kKnown;
  rep->wholly_known = AllWhollyKnown(elements);
  rep->data = std::move(elements);
  return Value(std::move(rep));
}

Value Value::Set(Type element_type, std::vector<Value> elements) {
  CheckElementsConform(elements, element_type,
                       "set element does not conform to the element type");
  std::stable_sort(elements.begin(), elements.end(),
                   [](const Value& a, const Value& b) {
                     return internal::CompareValues(a, b) < 0;
                   });
  std::vector<Value> unique;
  unique.reserve(elements.size());
  for (Value& e : elements) {
    if (!unique.empty() && unique.back().IsWhollyKnown() && e.IsWhollyKnown() &&
        internal::CompareValues(unique.back(), e) == 0) {
      continue;
    }
    unique.push_back(std::move(e));
  }
  auto rep = std::make_shared<Rep>();
  rep->type = Type::Set(std::move(element_type));
  rep->state = Rep::State::kKnown;
  rep->wholly_known = AllWhollyKnown(unique);
  rep->data = std::move(unique);
  return Value(std::move(rep));
}

Value Value::Map(Type element_type, std::map<std::string, Value> elements) {
  for (const auto& [key, e] : elements) {
    THREATMODEL_CTY_CHECK(Conforms(e, element_type),
                          "map element does not conform to the element type");
  }
  auto rep = std::make_shared<Rep>();
  rep->type = Type::Map(std::move(element_type));
  rep->state = Rep::State::kKnown;
  rep->wholly_known = AllWhollyKnown(elements);
  rep->data = std::move(elements);
  return Value(std::move(rep));
}

Value Value::Tuple(std::vector<Value> elements) {
  std::vector<Type> types;
  types.reserve(elements.size());
  for (const Value& e : elements) types.push_back(e.type());
  auto rep = std::make_shared<Rep>();
  rep->type = Type::Tuple(std::move(types));
  rep->state = Rep::State::kKnown;
  rep->wholly_known = AllWhollyKnown(elements);
  rep->data = std::move(elements);
  return Value(std::move(rep));
}

Value Value::Object(std::map<std::string, Value> attributes) {
  std::map<std::string, Type> types;
  for (const auto& [name, v] : attributes) types.emplace(name, v.type());
  auto rep = std::make_shared<Rep>();
  rep->type = Type::Object(std::move(types));
  rep->state = Rep::State::kKnown;
  rep->wholly_known = AllWhollyKnown(attributes);
  rep->data = std::move(attributes);
  return Value(std::move(rep));
}

Value Value::ObjectOf(Type object_type,
                      std::map<std::string, Value> attributes) {
  THREATMODEL_CTY_CHECK(object_type.kind() == Type::Kind::kObject,
                        "ObjectOf needs an object type");
  const auto& types = object_type.attribute_types();
  for (const auto& [name, v] : attributes) {
    auto it = types.find(name);
    THREATMODEL_CTY_CHECK(it != types.end(),
                          "ObjectOf given an attribute the type lacks");
    THREATMODEL_CTY_CHECK(Conforms(v, it->second),
                          "object attribute does not conform to its type");
  }
  if (attributes.size() != types.size()) {
    for (const auto& [name, t] : types) {
      if (attributes.count(name) == 0) attributes.emplace(name, Null(t));
    }
  }
  auto rep = std::make_shared<Rep>();
  rep->type = std::move(object_type);
  rep->state = Rep::State::kKnown;
  rep->wholly_known = AllWhollyKnown(attributes);
  rep->data = std::move(attributes);
  return Value(std::move(rep));
}

const Type& Value::type() const { return rep_->type; }

bool Value::IsNull() const { return rep_->state == Rep::State::kNull; }

bool Value::IsKnown() const { return rep_->state != Rep::State::kUnknown; }

bool Value::IsWhollyKnown() const { return rep_->wholly_known; }

const Refinement& Value::refinement() const {
  THREATMODEL_CTY_CHECK(rep_->state == Rep::State::kUnknown,
                        "refinement of a known value");
  return rep_->refinement ? *rep_->refinement : EmptyRefinement();
}

const std::string& Value::AsString() const {
  const auto* s = std::get_if<std::string>(&rep_->data);
  THREATMODEL_CTY_CHECK(s != nullptr, "AsString on a non-string value");
  return *s;
}

const Number& Value::AsNumber() const {
  const auto* n = std::get_if<Number>(&rep_->data);
  THREATMODEL_CTY_CHECK(n != nullptr, "AsNumber on a non-number value");
  return *n;
}

bool Value::AsBool() const {
  const auto* b = std::get_if<bool>(&rep_->data);
  THREATMODEL_CTY_CHECK(b != nullptr, "AsBool on a non-bool value");
  return *b;
}

const std::vector<Value>& Value::elements() const {
  const auto* e = std::get_if<Rep::Elements>(&rep_->data);
  THREATMODEL_CTY_CHECK(e != nullptr,
                        "elements of a value that is not a known list, set "
                        "or tuple");
  return *e;
}

const std::map<std::string, Value>& Value::map_elements() const {
  THREATMODEL_CTY_CHECK(rep_->type.kind() == Type::Kind::kMap,
                        "map_elements of a non-map");
  const auto* e = std::get_if<Rep::Entries>(&rep_->data);
  THREATMODEL_CTY_CHECK(e != nullptr, "map_elements of a null or unknown map");
  return *e;
}

const std::map<std::string, Value>& Value::attributes() const {
  THREATMODEL_CTY_CHECK(rep_->type.kind() == Type::Kind::kObject,
                        "attributes of a non-object");
  const auto* e = std::get_if<Rep::Entries>(&rep_->data);
  THREATMODEL_CTY_CHECK(e != nullptr, "attributes of a null or unknown object");
  return *e;
}

const Value* Value::GetAttr(std::string_view name) const {
  const auto& attrs = attributes();
  auto it = attrs.find(std::string(name));
  return it == attrs.end() ? nullptr : &it->second;
}

size_t Value::LengthOrZero() const {
  if (const auto* e = std::get_if<Rep::Elements>(&rep_->data)) {
    return e->size();
  }
  if (const auto* e = std::get_if<Rep::Entries>(&rep_->data)) {
    return e->size();
  }
  return 0;
}

bool operator==(const Value& a, const Value& b) {
  if (a.rep_ == b.rep_) return true;
  if (a.rep_->state != b.rep_->state || !(a.rep_->type == b.rep_->type)) {
    return false;
  }
  switch (a.rep_->state) {
    case Value::Rep::State::kNull:
      return true;
    case Value::Rep::State::kUnknown:
      return a.refinement() == b.refinement();
    case Value::Rep::State::kKnown:
      return a.rep_->data == b.rep_->data;
  }
  return false;
}

namespace {

void AppendDebug(std::string* out, const Value& v) {
  if (v.IsNull()) {
    internal::Append(out, "null(", v.type().FriendlyName(), ")");
    return;
  }
  if (!v.IsKnown()) {
    internal::Append(out, "unknown(", v.type().FriendlyName());
    const Refinement& r = v.refinement();
    if (r.not_null) out->append(", not null");
    if (r.string_prefix) {
      out->append(", prefix ");
      internal::AppendJsonString(out, *r.string_prefix, false);
    }
    if (r.number_lower) {
      internal::Append(out, r.number_lower->second ? ", >= " : ", > ",
                       r.number_lower->first.ToString());
    }
    if (r.number_upper) {
      internal::Append(out, r.number_upper->second ? ", <= " : ", < ",
                       r.number_upper->first.ToString());
    }
    if (r.length_min) internal::Append(out, ", length >= ", *r.length_min);
    if (r.length_max) internal::Append(out, ", length <= ", *r.length_max);
    out->push_back(')');
    return;
  }
  switch (v.type().kind()) {
    case Type::Kind::kString:
      internal::AppendJsonString(out, v.AsString(), false);
      return;
    case Type::Kind::kNumber:
      out->append(v.AsNumber().ToString());
      return;
    case Type::Kind::kBool:
      out->append(v.AsBool() ? "true" : "false");
      return;
    case Type::Kind::kList:
    case Type::Kind::kSet:
    case Type::Kind::kTuple: {
      out->append(v.type().kind() == Type::Kind::kList  ? "list["
                  : v.type().kind() == Type::Kind::kSet ? "set["
                                                        : "tuple[");
      bool first = true;
      for (const Value& e : v.elements()) {
        if (!first) out->append(", ");
        first = false;
        AppendDebug(out, e);
      }
      out->push_back(']');
      return;
    }
    case Type::Kind::kMap:
    case Type::Kind::kObject: {
      const bool is_map = v.type().kind() == Type::Kind::kMap;
      out->append(is_map ? "map{" : "object{");
      bool first = true;
      for (const auto& [k, e] : is_map ? v.map_elements() : v.attributes()) {
        if (!first) out->append(", ");
        first = false;
        if (is_map) {
          internal::AppendJsonString(out, k, false);
        } else {
          out->append(k);
        }
        out->append(" = ");
        AppendDebug(out, e);
      }
      out->push_back('}');
      return;
    }
    case Type::Kind::kDynamic:
      out->append("dynamic");
      return;
  }
}

}  // namespace

std::string Value::DebugString() const {
  std::string out;
  AppendDebug(&out, *this);
  return out;
}

bool TypeConforms(const Type& given, const Type& want) {
  if (want.kind() == Type::Kind::kDynamic ||
      given.kind() == Type::Kind::kDynamic) {
    return true;
  }
  if (given.kind() != want.kind()) return false;
  switch (want.kind()) {
    case Type::Kind::kList:
    case Type::Kind::kSet:
    case Type::Kind::kMap:
      return TypeConforms(given.element_type(), want.element_type());
    case Type::Kind::kTuple: {
      const auto& g = given.tuple_elements();
      const auto& w = want.tuple_elements();
      if (g.size() != w.size()) return false;
      for (size_t i = 0; i < g.size(); ++i) {
        if (!TypeConforms(g[i], w[i])) return false;
      }
      return true;
    }
    case Type::Kind::kObject: {
      const auto& g = given.attribute_types();
      const auto& w = want.attribute_types();
      if (g.size() != w.size()) return false;
      for (auto gi = g.begin(), wi = w.begin(); gi != g.end(); ++gi, ++wi) {
        if (gi->first != wi->first || !TypeConforms(gi->second, wi->second)) {
          return false;
        }
      }
      return true;
    }
    default:
      return true;
  }
}

namespace internal {
namespace {

// Returns an empty string if `value` conforms, else "<path>: <why>".
std::string ConformError(const Value& value, const Type& type,
                         const PathFrame& path) {
  const auto fail = [&](std::string_view why) {
    const std::string p = ToPath(path).ToString();
    return p.empty() ? std::string(why) : internal::Cat(p, ": ", why);
  };
  const auto mismatch = [&] {
    return fail(internal::Cat("value of type ", value.type().FriendlyName(),
                              " does not conform to type ",
                              type.FriendlyName()));
  };
  if (type.kind() == Type::Kind::kDynamic) return "";
  if (value.IsNull() || !value.IsKnown()) {
    return TypeConforms(value.type(), type) ? "" : mismatch();
  }
  if (value.type().kind() != type.kind()) return mismatch();
  switch (type.kind()) {
    case Type::Kind::kList:
    case Type::Kind::kSet: {
      if (!TypeConforms(value.type().element_type(), type.element_type())) {
        return mismatch();
      }
      const auto& elements = value.elements();
      for (size_t i = 0; i < elements.size(); ++i) {
        std::string e = ConformError(elements[i], type.element_type(),
                                     path.Index(static_cast<int64_t>(i)));
        if (!e.empty()) return e;
      }
      return "";
    }
    case Type::Kind::kMap: {
      if (!TypeConforms(value.type().element_type(), type.element_type())) {
        return mismatch();
      }
      for (const auto& [key, e] : value.map_elements()) {
        std::string err = ConformError(e, type.element_type(), path.Key(key));
        if (!err.empty()) return err;
      }
      return "";
    }
    case Type::Kind::kTuple: {
      const auto& elements = value.elements();
      const auto& types = type.tuple_elements();
      if (elements.size() != types.size()) {
        return fail(internal::Cat("tuple of ", elements.size(),
                                  " elements does not conform to a tuple of ",
                                  types.size()));
      }
      for (size_t i = 0; i < elements.size(); ++i) {
        std::string e = ConformError(elements[i], types[i],
                                     path.Index(static_cast<int64_t>(i)));
        if (!e.empty()) return e;
      }
      return "";
    }
    case Type::Kind::kObject: {
      const auto& attrs = value.attributes();
      const auto& types = type.attribute_types();
      for (const auto& [name, t] : types) {
        if (attrs.count(name) == 0) {
          std::string quoted;
          AppendJsonString(&quoted, name, false);
          return fail(internal::Cat("missing attribute ", quoted));
        }
      }
      for (const auto& [name, v] : attrs) {
        auto it = types.find(name);
        if (it == types.end()) {
          std::string quoted;
          AppendJsonString(&quoted, name, false);
          return fail(internal::Cat("unsupported attribute ", quoted));
        }
        std::string e = ConformError(v, it->second, path.Attr(name));
        if (!e.empty()) return e;
      }
      return "";
    }
    default:
      return "";
  }
}

}  // namespace

absl::Status CheckConforms(const Value& value, const Type& type,
                           std::string_view prefix) {
  std::string error = ConformError(value, type, PathFrame());
  if (error.empty()) return absl::OkStatus();
  return absl::InvalidArgumentError(internal::Cat(prefix, ": ", error));
}

int CompareTypes(const Type& a, const Type& b) {
  if (a.kind() != b.kind()) {
    return static_cast<int>(a.kind()) < static_cast<int>(b.kind()) ? -1 : 1;
  }
  switch (a.kind()) {
    case Type::Kind::kList:
    case Type::Kind::kSet:
    case Type::Kind::kMap:
      return CompareTypes(a.element_type(), b.element_type());
    case Type::Kind::kTuple: {
      const auto& x = a.tuple_elements();
      const auto& y = b.tuple_elements();
      for (size_t i = 0; i < x.size() && i < y.size(); ++i) {
        if (int c = CompareTypes(x[i], y[i]); c != 0) return c;
      }
      return x.size() == y.size() ? 0 : (x.size() < y.size() ? -1 : 1);
    }
    case Type::Kind::kObject: {
      const auto& x = a.attribute_types();
      const auto& y = b.attribute_types();
      auto xi = x.begin();
      auto yi = y.begin();
      for (; xi != x.end() && yi != y.end(); ++xi, ++yi) {
        if (int c = xi->first.compare(yi->first); c != 0) return c < 0 ? -1 : 1;
        if (int c = CompareTypes(xi->second, yi->second); c != 0) return c;
      }
      if (x.size() != y.size()) return x.size() < y.size() ? -1 : 1;
      const auto& ox = a.optional_attributes();
      const auto& oy = b.optional_attributes();
      if (ox == oy) return 0;
      return ox < oy ? -1 : 1;
    }
    default:
      return 0;
  }
}

int CompareValues(const Value& a, const Value& b) {
  const auto rank = [](const Value& v) {
    return v.IsNull() ? 2 : (v.IsKnown() ? 0 : 1);
  };
  if (rank(a) != rank(b)) return rank(a) < rank(b) ? -1 : 1;
  if (int c = CompareTypes(a.type(), b.type()); c != 0) return c;
  if (rank(a) != 0) return 0;
  switch (a.type().kind()) {
    case Type::Kind::kString: {
      const int c = a.AsString().compare(b.AsString());
      return c == 0 ? 0 : (c < 0 ? -1 : 1);
    }
    case Type::Kind::kNumber: {
      const auto c = a.AsNumber() <=> b.AsNumber();
      return c == 0 ? 0 : (c < 0 ? -1 : 1);
    }
    case Type::Kind::kBool:
      return a.AsBool() == b.AsBool() ? 0 : (a.AsBool() ? 1 : -1);
    case Type::Kind::kList:
    case Type::Kind::kSet:
    case Type::Kind::kTuple: {
      const auto& x = a.elements();
      const auto& y = b.elements();
      for (size_t i = 0; i < x.size() && i < y.size(); ++i) {
        if (int c = CompareValues(x[i], y[i]); c != 0) return c;
      }
      return x.size() == y.size() ? 0 : (x.size() < y.size() ? -1 : 1);
    }
    case Type::Kind::kMap:
    case Type::Kind::kObject: {
      const bool is_map = a.type().kind() == Type::Kind::kMap;
      const auto& x = is_map ? a.map_elements() : a.attributes();
      const auto& y = is_map ? b.map_elements() : b.attributes();
      auto xi = x.begin();
      auto yi = y.begin();
      for (; xi != x.end() && yi != y.end(); ++xi, ++yi) {
        if (int c = xi->first.compare(yi->first); c != 0) return c < 0 ? -1 : 1;
        if (int c = CompareValues(xi->second, yi->second); c != 0) return c;
      }
      return x.size() == y.size() ? 0 : (x.size() < y.size() ? -1 : 1);
    }
    case Type::Kind::kDynamic:
      return 0;
  }
  return 0;
}

namespace {

template <typename Range, typename Get>
Type InferFrom(const Type& declared, const Range& range, Get get) {
  if (!declared.HasDynamic()) return declared;
  const Type* common = nullptr;
  for (const auto& item : range) {
    const Type& t = get(item).type();
    if (t.kind() == Type::Kind::kDynamic) continue;
    if (common == nullptr) {
      common = &t;
    } else if (!(*common == t)) {
      return declared;
    }
  }
  if (common == nullptr || !TypeConforms(*common, declared)) return declared;
  return *common;
}

}  // namespace

Type InferElementType(const Type& declared,
                      const std::vector<Value>& elements) {
  return InferFrom(declared, elements,
                   [](const Value& v) -> const Value& { return v; });
}

Type InferElementType(const Type& declared,
                      const std::map<std::string, Value>& elements) {
  return InferFrom(declared, elements, [](const auto& entry) -> const Value& {
    return entry.second;
  });
}

Value MakeDecodedObject(const Type& declared,
                        std::map<std::string, Value> attributes) {
  if (!declared.HasDynamic() && declared.optional_attributes().empty()) {
    return Value::ObjectOf(declared, std::move(attributes));
  }
  for (const auto& [name, t] : declared.attribute_types()) {
    if (attributes.count(name) == 0) attributes.emplace(name, Value::Null(t));
  }
  return Value::Object(std::move(attributes));
}

}  // namespace internal

bool Conforms(const Value& value, const Type& type) {
  return internal::ConformError(value, type, internal::PathFrame()).empty();
}

}  // namespace threatmodel::cty
