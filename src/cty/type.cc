#include "threatmodel/cty/type.h"

#include <string>
#include <utility>

#include "cty/internal/check.h"
#include "cty/internal/json_dom.h"
#include "cty/internal/strings.h"
#include "cty/internal/text.h"
#include "threatmodel/base/status_macros.h"

namespace threatmodel::cty {

struct Type::Rep {
  Kind kind;
  bool has_dynamic = false;
  std::vector<Type> element;  // one entry for list, set and map
  std::vector<Type> tuple_elements;
  std::map<std::string, Type> attributes;
  std::set<std::string> optional;
};

Type::Type(std::shared_ptr<const Rep> rep) : rep_(std::move(rep)) {}

Type::Type() : Type(Dynamic()) {}

Type Type::String() {
  static const auto* rep = new std::shared_ptr<const Rep>([] {
    auto r = std::make_shared<Rep>();
    r->kind = Kind::kString;
    r->has_dynamic = false;
    return r;
  }());
  return Type(*rep);
}

Type Type::Number() {
  static const auto* rep = new std::shared_ptr<const Rep>([] {
    auto r = std::make_shared<Rep>();
    r->kind = Kind::kNumber;
    r->has_dynamic = false;
    return r;
  }());
  return Type(*rep);
}

Type Type::Bool() {
  static const auto* rep = new std::shared_ptr<const Rep>([] {
    auto r = std::make_shared<Rep>();
    r->kind = Kind::kBool;
    r->has_dynamic = false;
    return r;
  }());
  return Type(*rep);
}

Type Type::Dynamic() {
  static const auto* rep = new std::shared_ptr<const Rep>([] {
    auto r = std::make_shared<Rep>();
    r->kind = Kind::kDynamic;
    r->has_dynamic = true;
    return r;
  }());
  return Type(*rep);
}

Type Type::List(Type element) {
  auto rep = std::make_shared<Rep>();
  rep->kind = Kind::kList;
  rep->has_dynamic = element.HasDynamic();
  rep->element.push_back(std::move(element));
  return Type(std::move(rep));
}

Type Type::Set(Type element) {
  auto rep = std::make_shared<Rep>();
  rep->kind = Kind::kSet;
  rep->has_dynamic = element.HasDynamic();
  rep->element.push_back(std::move(element));
  return Type(std::move(rep));
}

Type Type::Map(Type element) {
  auto rep = std::make_shared<Rep>();
  rep->kind = Kind::kMap;
  rep->has_dynamic = element.HasDynamic();
  rep->element.push_back(std::move(element));
  return Type(std::move(rep));
}

Type Type::Tuple(std::vector<Type> elements) {
  auto rep = std::make_shared<Rep>();
  rep->kind = Kind::kTuple;
  for (const Type& e : elements) rep->has_dynamic |= e.HasDynamic();
  rep->tuple_elements = std::move(elements);
  return Type(std::move(rep));
}

Type Type::Object(std::map<std::string, Type> attributes,
                  std::set<std::string> optional) {
  auto rep = std::make_shared<Rep>();
  rep->kind = Kind::kObject;
  for (const auto& [name, t] : attributes) rep->has_dynamic |= t.HasDynamic();
  for (auto it = optional.begin(); it != optional.end();) {
    it = attributes.count(*it) ? std::next(it) : optional.erase(it);
  }
  rep->attributes = std::move(attributes);
  rep->optional = std::move(optional);
  return Type(std::move(rep));
}

Type::Kind Type::kind() const { return rep_->kind; }

bool Type::IsPrimitive() const {
  return rep_->kind == Kind::kString || rep_->kind == Kind::kNumber ||
         rep_->kind == Kind::kBool;
}

bool Type::IsCollection() const {
  return rep_->kind == Kind::kList || rep_->kind == Kind::kSet ||
         rep_->kind == Kind::kMap;
}

bool Type::HasDynamic() const { return rep_->has_dynamic; }

const Type& Type::element_type() const {
  THREATMODEL_CTY_CHECK(IsCollection(), "element_type of a non-collection");
  return rep_->element[0];
}

const std::vector<Type>& Type::tuple_elements() const {
  THREATMODEL_CTY_CHECK(rep_->kind == Kind::kTuple,
                        "tuple_elements of a non-tuple");
  return rep_->tuple_elements;
}

const std::map<std::string, Type>& Type::attribute_types() const {
  THREATMODEL_CTY_CHECK(rep_->kind == Kind::kObject,
                        "attribute_types of a non-object");
  return rep_->attributes;
}

const std::set<std::string>& Type::optional_attributes() const {
  THREATMODEL_CTY_CHECK(rep_->kind == Kind::kObject,
                        "optional_attributes of a non-object");
  return rep_->optional;
}

std::string Type::FriendlyName() const {
  switch (rep_->kind) {
    case Kind::kString:
      return "string";
    case Kind::kNumber:
      return "number";
    case Kind::kBool:
      return "bool";
    case Kind::kDynamic:
      return "dynamic";
    case Kind::kList:
      return internal::Cat("list of ", element_type().FriendlyName());
    case Kind::kSet:
      return internal::Cat("set of ", element_type().FriendlyName());
    case Kind::kMap:
      return internal::Cat("map of ", element_type().FriendlyName());
    case Kind::kTuple:
      return "tuple";
    case Kind::kObject:
      return "object";
  }
  return "invalid";
}

bool operator==(const Type& a, const Type& b) {
  if (a.rep_ == b.rep_) return true;
  if (a.rep_->kind != b.rep_->kind) return false;
  switch (a.rep_->kind) {
    case Type::Kind::kString:
    case Type::Kind::kNumber:
    case Type::Kind::kBool:
    case Type::Kind::kDynamic:
      return true;
    case Type::Kind::kList:
    case Type::Kind::kSet:
    case Type::Kind::kMap:
      return a.rep_->element[0] == b.rep_->element[0];
    case Type::Kind::kTuple:
      return a.rep_->tuple_elements == b.rep_->tuple_elements;
    case Type::Kind::kObject:
      return a.rep_->attributes == b.rep_->attributes &&
             a.rep_->optional == b.rep_->optional;
  }
  return false;
}

namespace {

void AppendTypeJson(std::string* out, const Type& type) {
  switch (type.kind()) {
    case Type::Kind::kString:
      out->append("\"string\"");
      return;
    case Type::Kind::kNumber:
      out->append("\"number\"");
      return;
    case Type::Kind::kBool:
      out->append("\"bool\"");
      return;
    case Type::Kind::kDynamic:
      out->append("\"dynamic\"");
      return;
    case Type::Kind::kList:
    case Type::Kind::kSet:
    case Type::Kind::kMap:
      out->append(type.kind() == Type::Kind::kList  ? "[\"list\","
                  : type.kind() == Type::Kind::kSet ? "[\"set\","
                                                    : "[\"map\",");
      AppendTypeJson(out, type.element_type());
      out->push_back(']');
      return;
    case Type::Kind::kTuple: {
      out->append("[\"tuple\",[");
      bool first = true;
      for (const Type& e : type.tuple_elements()) {
        if (!first) out->push_back(',');
        first = false;
        AppendTypeJson(out, e);
      }
      out->append("]]");
      return;
    }
    case Type::Kind::kObject: {
      // std::map orders keys bytewise, as Go's sort.Strings does.
      out->append("[\"object\",{");
      bool first = true;
      for (const auto& [name, t] : type.attribute_types()) {
        if (!first) out->push_back(',');
        first = false;
        internal::AppendJsonString(out, name, /*html_escape=*/true);
        out->push_back(':');
        AppendTypeJson(out, t);
      }
      out->push_back('}');
      if (!type.optional_attributes().empty()) {
        out->append(",[");
        first = true;
        for (const std::string& name : type.optional_attributes()) {
          if (!first) out->push_back(',');
          first = false;
          internal::AppendJsonString(out, name, /*html_escape=*/true);
        }
        out->push_back(']');
      }
      out->push_back(']');
      return;
    }
  }
}

}  // namespace

std::string TypeToJson(const Type& type) {
  std::string out;
  AppendTypeJson(&out, type);
  return out;
}

absl::StatusOr<Type> ParseTypeJson(std::string_view json) {
  THREATMODEL_ASSIGN_OR_RETURN(
      nlohmann::json dom,
      internal::ParseJsonDom(json, "type json", /*max_depth=*/64,
                             /*keep_number_text=*/false));
  return internal::TypeFromJsonDom(dom, 0);
}

}  // namespace threatmodel::cty
