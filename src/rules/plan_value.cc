#include "threatmodel/rules/plan_value.h"

#include <cstdlib>
#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"

namespace threatmodel::rules {
namespace {

// Programming errors in a rule (a wrong accessor, a malformed path) abort
// rather than turn an unknown into a value.
[[noreturn]] void Misuse() { std::abort(); }

}  // namespace

PlanValue PlanValue::Unknown() {
  PlanValue v;
  v.kind_ = Kind::kUnknown;
  return v;
}

PlanValue PlanValue::Sensitive() {
  PlanValue v;
  v.kind_ = Kind::kSensitive;
  return v;
}

PlanValue PlanValue::Bool(bool value) {
  PlanValue v;
  v.kind_ = Kind::kBool;
  v.bool_ = value;
  return v;
}

PlanValue PlanValue::Number(std::string text) {
  PlanValue v;
  v.kind_ = Kind::kNumber;
  v.text_ = std::move(text);
  return v;
}

PlanValue PlanValue::String(std::string value) {
  PlanValue v;
  v.kind_ = Kind::kString;
  v.text_ = std::move(value);
  return v;
}

PlanValue PlanValue::List(Elements elements) {
  PlanValue v;
  v.kind_ = Kind::kList;
  v.elements_ = std::make_shared<Elements>(std::move(elements));
  return v;
}

PlanValue PlanValue::Object(Members members) {
  PlanValue v;
  v.kind_ = Kind::kObject;
  v.members_ = std::make_shared<Members>(std::move(members));
  return v;
}

bool PlanValue::bool_value() const {
  if (kind_ != Kind::kBool) Misuse();
  return bool_;
}

const std::string& PlanValue::number_text() const {
  if (kind_ != Kind::kNumber) Misuse();
  return text_;
}

const std::string& PlanValue::string_value() const {
  if (kind_ != Kind::kString) Misuse();
  return text_;
}

const PlanValue::Elements& PlanValue::elements() const {
  if (kind_ != Kind::kList) Misuse();
  return *elements_;
}

const PlanValue::Members& PlanValue::members() const {
  if (kind_ != Kind::kObject) Misuse();
  return *members_;
}

PlanValue::Elements& PlanValue::mutable_elements() {
  if (kind_ != Kind::kList) Misuse();
  if (elements_.use_count() > 1) {
    elements_ = std::make_shared<Elements>(*elements_);
  }
  return *elements_;
}

PlanValue::Members& PlanValue::mutable_members() {
  if (kind_ != Kind::kObject) Misuse();
  if (members_.use_count() > 1) {
    members_ = std::make_shared<Members>(*members_);
  }
  return *members_;
}

const PlanValue* PlanValue::Find(std::string_view key) const {
  if (kind_ != Kind::kObject) return nullptr;
  auto it = members_->find(key);
  return it == members_->end() ? nullptr : &it->second;
}

const PlanValue* PlanValue::At(std::size_t index) const {
  if (kind_ != Kind::kList || index >= elements_->size()) return nullptr;
  return &(*elements_)[index];
}

bool operator==(const PlanValue& a, const PlanValue& b) {
  if (a.kind_ != b.kind_) return false;
  switch (a.kind_) {
    case PlanValue::Kind::kNull:
    case PlanValue::Kind::kUnknown:
    case PlanValue::Kind::kSensitive:
      return true;
    case PlanValue::Kind::kBool:
      return a.bool_ == b.bool_;
    case PlanValue::Kind::kNumber:
    case PlanValue::Kind::kString:
      return a.text_ == b.text_;
    case PlanValue::Kind::kList:
      return *a.elements_ == *b.elements_;
    case PlanValue::Kind::kObject:
      return *a.members_ == *b.members_;
  }
  return false;
}

std::string_view PlanValueKindName(PlanValue::Kind kind) {
  switch (kind) {
    case PlanValue::Kind::kNull:
      return "null";
    case PlanValue::Kind::kUnknown:
      return "unknown";
    case PlanValue::Kind::kSensitive:
      return "sensitive";
    case PlanValue::Kind::kBool:
      return "bool";
    case PlanValue::Kind::kNumber:
      return "number";
    case PlanValue::Kind::kString:
      return "string";
    case PlanValue::Kind::kList:
      return "list";
    case PlanValue::Kind::kObject:
      return "object";
  }
  return "null";
}

namespace {

// One step of a rule's path: `.name`, `[3]` or `["key"]`. Rule paths are
// written by us, so a malformed one aborts.
struct PathStep {
  bool index = false;
  std::size_t position = 0;
  std::string name;
};

std::vector<PathStep> ParseRulePath(std::string_view path) {
  std::vector<PathStep> steps;
  std::size_t i = 0;
  while (i < path.size()) {
    if (path[i] == '.') {
      if (steps.empty()) Misuse();
      ++i;
    }
    if (i < path.size() && path[i] == '[') {
      ++i;
      PathStep step;
      if (i < path.size() && path[i] == '"') {
        ++i;
        while (i < path.size() && path[i] != '"') {
          if (path[i] == '\\' && i + 1 < path.size()) ++i;
          step.name.push_back(path[i++]);
        }
        if (i >= path.size()) Misuse();
        ++i;  // closing quote
      } else {
        step.index = true;
        std::size_t start = i;
        while (i < path.size() && path[i] >= '0' && path[i] <= '9') {
          step.position = step.position * 10 + (path[i] - '0');
          ++i;
        }
        if (i == start) Misuse();
      }
      if (i >= path.size() || path[i] != ']') Misuse();
      ++i;
      steps.push_back(std::move(step));
      continue;
    }
    PathStep step;
    while (i < path.size() && path[i] != '.' && path[i] != '[') {
      step.name.push_back(path[i++]);
    }
    if (step.name.empty()) Misuse();
    steps.push_back(std::move(step));
  }
  return steps;
}

}  // namespace

Lookup LookupPath(const PlanValue& root, std::string_view path) {
  Lookup out;
  const PlanValue* node = &root;
  for (const PathStep& step : ParseRulePath(path)) {
    if (node->is_null()) {
      out.state = Lookup::State::kNull;
      return out;
    }
    if (node->is_unknown() || node->is_sensitive()) {
      out.state = node->is_unknown() ? Lookup::State::kUnknown
                                     : Lookup::State::kSensitive;
      return out;
    }
    if (step.index) {
      node = node->At(step.position);
      absl::StrAppend(&out.reached, "[", step.position, "]");
    } else {
      node = node->Find(step.name);
      absl::StrAppend(&out.reached, out.reached.empty() ? "" : ".", step.name);
    }
    if (node == nullptr) {
      out.state = Lookup::State::kAbsent;
      return out;
    }
  }
  switch (node->kind()) {
    case PlanValue::Kind::kNull:
      out.state = Lookup::State::kNull;
      break;
    case PlanValue::Kind::kUnknown:
      out.state = Lookup::State::kUnknown;
      break;
    case PlanValue::Kind::kSensitive:
      out.state = Lookup::State::kSensitive;
      break;
    default:
      out.state = Lookup::State::kFound;
      out.value = node;
  }
  return out;
}

Maybe<std::string> StringAt(const PlanValue& root, std::string_view path,
                            bool* wrong_type) {
  Lookup l = LookupPath(root, path);
  switch (l.state) {
    case Lookup::State::kUnknown:
    case Lookup::State::kSensitive:
      return Maybe<std::string>::Unknown();
    case Lookup::State::kFound:
      if (l.value->kind() == PlanValue::Kind::kString) {
        return l.value->string_value();
      }
      if (wrong_type != nullptr) *wrong_type = true;
      return Maybe<std::string>::Null();
    default:
      return Maybe<std::string>::Null();
  }
}

Maybe<bool> BoolAt(const PlanValue& root, std::string_view path,
                   bool* wrong_type) {
  Lookup l = LookupPath(root, path);
  switch (l.state) {
    case Lookup::State::kUnknown:
    case Lookup::State::kSensitive:
      return Maybe<bool>::Unknown();
    case Lookup::State::kFound:
      if (l.value->kind() == PlanValue::Kind::kBool) {
        return l.value->bool_value();
      }
      if (wrong_type != nullptr) *wrong_type = true;
      return Maybe<bool>::Null();
    default:
      return Maybe<bool>::Null();
  }
}

}  // namespace threatmodel::rules
