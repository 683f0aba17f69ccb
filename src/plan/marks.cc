#include "plan/marks.h"

#include <algorithm>
#include <array>
#include <cstddef>
#include <string>
#include <utility>

#include "absl/strings/ascii.h"
#include "absl/strings/escaping.h"
#include "absl/strings/str_cat.h"
#include "plan/json_cursor.h"
#include "plan/string_view_compat.h"

namespace threatmodel::plan::internal {
namespace {

using nlohmann::json;
using rules::PlanValue;
using Marker = PlanValue;

bool IsObject(const Marker* m) {
  return m != nullptr && m->kind() == PlanValue::Kind::kObject;
}

bool IsList(const Marker* m) {
  return m != nullptr && m->kind() == PlanValue::Kind::kList;
}

bool IsContainer(const Marker* m) { return IsObject(m) || IsList(m); }

bool IsTrue(const Marker* m) {
  return m != nullptr && m->kind() == PlanValue::Kind::kBool && m->bool_value();
}

// Whether the marker tree marks anything.
bool HasTrue(const Marker& m) {
  switch (m.kind()) {
    case PlanValue::Kind::kBool:
      return m.bool_value();
    case PlanValue::Kind::kObject:
      for (const auto& [key, child] : m.members()) {
        if (HasTrue(child)) return true;
      }
      return false;
    case PlanValue::Kind::kList:
      for (const Marker& child : m.elements()) {
        if (HasTrue(child)) return true;
      }
      return false;
    default:
      return false;
  }
}

// The JSON name of a marker node's kind, as the reader spells kinds.
std::string_view MarkerKindName(const Marker& m) {
  switch (m.kind()) {
    case PlanValue::Kind::kObject:
      return JsonKindName(JsonKind::kObject);
    case PlanValue::Kind::kList:
      return JsonKindName(JsonKind::kArray);
    case PlanValue::Kind::kString:
      return JsonKindName(JsonKind::kString);
    case PlanValue::Kind::kNumber:
      return JsonKindName(JsonKind::kNumber);
    case PlanValue::Kind::kBool:
      return JsonKindName(JsonKind::kBool);
    default:
      return JsonKindName(JsonKind::kNull);
  }
}

// A DOM marker tree in the reader's terms (for callers holding one).
PlanValue FromDom(const json& m) {
  switch (m.type()) {
    case json::value_t::object: {
      PlanValue::Members members;
      for (auto it = m.begin(); it != m.end(); ++it) {
        members.emplace(it.key(), FromDom(it.value()));
      }
      return PlanValue::Object(std::move(members));
    }
    case json::value_t::array: {
      PlanValue::Elements elements;
      elements.reserve(m.size());
      for (const json& e : m) elements.push_back(FromDom(e));
      return PlanValue::List(std::move(elements));
    }
    case json::value_t::boolean:
      return PlanValue::Bool(m.get<bool>());
    case json::value_t::string:
      return PlanValue::String(m.get<std::string>());
    case json::value_t::number_integer:
    case json::value_t::number_unsigned:
    case json::value_t::number_float:
      return PlanValue::Number(m.dump());
    default:
      return PlanValue::Null();
  }
}

bool IsIdentifier(const std::string& key) {
  if (key.empty() || absl::ascii_isdigit(static_cast<unsigned char>(key[0]))) {
    return false;
  }
  for (char c : key) {
    if (!absl::ascii_isalnum(static_cast<unsigned char>(c)) && c != '_' &&
        c != '-') {
      return false;
    }
  }
  return true;
}

std::string MemberPath(const std::string& base, const std::string& key) {
  if (IsIdentifier(key)) {
    return base.empty() ? key : absl::StrCat(base, ".", key);
  }
  return absl::StrCat(base, "[\"", absl::Utf8SafeCHexEscape(key), "\"]");
}

class Merger {
 public:
  Merger(std::string_view change_path, std::vector<std::string>* sensitive)
      : change_path_(change_path), sensitive_(sensitive) {}

  absl::Status Walk(const Marker* unknown, const Marker* sensitive,
                    const std::string& path, PlanValue* value);

 private:
  absl::Status CheckLeaf(const Marker* m, std::string_view tree,
                         const std::string& path) const {
    if (m == nullptr || m->is_null() || m->kind() == PlanValue::Kind::kBool ||
        IsContainer(m)) {
      return absl::OkStatus();
    }
    std::string where = absl::StrCat(Av(change_path_), ".", Av(tree));
    if (!path.empty()) {
      absl::StrAppend(&where, path[0] == '[' ? "" : ".", path);
    }
    return absl::InvalidArgumentError(absl::StrCat(
        where, ": expected a boolean, got ", Av(MarkerKindName(*m))));
  }

  // Withholds `*value`; its path is recorded when it held something (a
  // sensitive value that is also unknown withholds nothing).
  void MakeSensitive(const std::string& path, PlanValue* value) {
    if (sensitive_ != nullptr && !value->is_null()) sensitive_->push_back(path);
    *value = PlanValue::Sensitive();
  }

  std::string_view change_path_;
  std::vector<std::string>* sensitive_;
};

absl::Status Merger::Walk(const Marker* unknown, const Marker* sensitive,
                          const std::string& path, PlanValue* value) {
  if (absl::Status s = CheckLeaf(unknown, "after_unknown", path); !s.ok()) {
    return s;
  }
  if (absl::Status s = CheckLeaf(sensitive, "after_sensitive", path); !s.ok()) {
    return s;
  }
  if (IsTrue(sensitive)) {
    // Terraform marks a sensitive attribute even when it is null; a null
    // that is not unknown withholds nothing and stays null, so that "not
    // set" (an SSH-only VM's admin_password) is not taken for a secret.
    if (value->is_null() && (unknown == nullptr || !HasTrue(*unknown))) {
      return absl::OkStatus();
    }
    MakeSensitive(path, value);
    return absl::OkStatus();
  }
  if (IsTrue(unknown)) {
    *value = PlanValue::Unknown();
    return absl::OkStatus();
  }
  const Marker* u = IsContainer(unknown) ? unknown : nullptr;
  const Marker* s = IsContainer(sensitive) ? sensitive : nullptr;
  if (u == nullptr && s == nullptr) return absl::OkStatus();

  const bool object = IsObject(u) || IsObject(s);
  const bool list = IsList(u) || IsList(s);
  const bool was_null = value->is_null();
  if (object && list) {
    // The two trees disagree on the shape.
    if (s != nullptr && HasTrue(*s)) MakeSensitive(path, value);
    return absl::OkStatus();
  }
  if (was_null) {
    // Nothing planned here, but the markers may mark nodes below (a block
    // that is unknown as a whole shows up as markers only).
    if ((u == nullptr || !HasTrue(*u)) && (s == nullptr || !HasTrue(*s))) {
      // Still validate the markers' leaves.
      PlanValue scratch = object ? PlanValue::Object({}) : PlanValue::List({});
      return Walk(u, s, path, &scratch);
    }
    *value = object ? PlanValue::Object({}) : PlanValue::List({});
  }
  if ((object && value->kind() != PlanValue::Kind::kObject) ||
      (list && value->kind() != PlanValue::Kind::kList)) {
    // The value has another shape than the markers.
    if (s != nullptr && HasTrue(*s)) MakeSensitive(path, value);
    return absl::OkStatus();
  }

  if (object) {
    PlanValue::Members& members = value->mutable_members();
    auto visit = [&](const std::string& key, const Marker* cu,
                     const Marker* cs) -> absl::Status {
      auto it = members.find(key);
      if (it != members.end()) {
        return Walk(cu, cs, MemberPath(path, key), &it->second);
      }
      PlanValue child;
      if (absl::Status st = Walk(cu, cs, MemberPath(path, key), &child);
          !st.ok()) {
        return st;
      }
      if (!child.is_null()) members.emplace(key, std::move(child));
      return absl::OkStatus();
    };
    if (u != nullptr) {
      for (const auto& [key, cu] : u->members()) {
        const Marker* cs = s != nullptr ? s->Find(key) : nullptr;
        if (absl::Status st = visit(key, &cu, cs); !st.ok()) return st;
      }
    }
    if (s != nullptr) {
      for (const auto& [key, cs] : s->members()) {
        if (u != nullptr && u->Find(key) != nullptr) continue;
        if (absl::Status st = visit(key, nullptr, &cs); !st.ok()) return st;
      }
    }
  } else {
    const std::size_t nu = u != nullptr ? u->elements().size() : 0;
    const std::size_t ns = s != nullptr ? s->elements().size() : 0;
    const std::size_t n = std::max(nu, ns);
    for (std::size_t i = 0; i < n; ++i) {
      const Marker* cu = i < nu ? u->At(i) : nullptr;
      const Marker* cs = i < ns ? s->At(i) : nullptr;
      const std::string child_path = absl::StrCat(path, "[", i, "]");
      if (i < value->elements().size()) {
        PlanValue::Elements& elements = value->mutable_elements();
        if (absl::Status st = Walk(cu, cs, child_path, &elements[i]);
            !st.ok()) {
          return st;
        }
        continue;
      }
      PlanValue child;
      if (absl::Status st = Walk(cu, cs, child_path, &child); !st.ok()) {
        return st;
      }
      if (!child.is_null()) {
        PlanValue::Elements& elements = value->mutable_elements();
        elements.resize(i);
        elements.push_back(std::move(child));
      }
    }
  }
  if (was_null) {
    // Markers that marked nothing leave null as it was.
    const bool empty =
        object ? value->members().empty() : value->elements().empty();
    if (empty) *value = PlanValue::Null();
  }
  return absl::OkStatus();
}

}  // namespace

absl::Status ApplyMarks(const PlanValue& after_unknown,
                        const PlanValue& after_sensitive,
                        std::string_view change_path, PlanValue* value,
                        std::vector<std::string>* sensitive_paths) {
  for (const auto& [name, tree] :
       {std::pair<std::string_view, const PlanValue*>{"after_unknown",
                                                      &after_unknown},
        {"after_sensitive", &after_sensitive}}) {
    const PlanValue::Kind kind = tree->kind();
    if (kind != PlanValue::Kind::kObject && kind != PlanValue::Kind::kBool &&
        kind != PlanValue::Kind::kNull) {
      return absl::InvalidArgumentError(
          absl::StrCat(Av(change_path), ".", Av(name),
                       ": expected an object or a boolean, got ",
                       Av(MarkerKindName(*tree))));
    }
  }
  Merger merger(change_path, sensitive_paths);
  return merger.Walk(&after_unknown, &after_sensitive, "", value);
}

absl::Status ApplyMarks(const json& after_unknown, const json& after_sensitive,
                        std::string_view change_path, PlanValue* value,
                        std::vector<std::string>* sensitive_paths) {
  return ApplyMarks(FromDom(after_unknown), FromDom(after_sensitive),
                    change_path, value, sensitive_paths);
}

namespace {

// Sets of blocks whose schema marks only some members sensitive, with the
// members it leaves readable.
struct NarrowableSet {
  std::string_view type;
  std::string_view attribute;
  std::array<std::string_view, 2> readable;
};

// hashicorp/helm v2: set_sensitive blocks { name, value (Sensitive), type }.
// (v3 makes it a list attribute, which Terraform marks per element.)
constexpr NarrowableSet kNarrowableSets[] = {
    {"helm_release", "set_sensitive", {"name", "type"}},
};

}  // namespace

void NarrowWholeSetMarks(std::string_view type, const rules::PlanValue& after,
                         rules::PlanValue* after_sensitive) {
  using rules::PlanValue;
  if (after_sensitive->kind() != PlanValue::Kind::kObject ||
      after.kind() != PlanValue::Kind::kObject) {
    return;
  }
  for (const NarrowableSet& set : kNarrowableSets) {
    if (set.type != type) continue;
    const PlanValue* marker = after_sensitive->Find(set.attribute);
    const PlanValue* value = after.Find(set.attribute);
    if (marker == nullptr || marker->kind() != PlanValue::Kind::kBool ||
        !marker->bool_value() || value == nullptr ||
        value->kind() != PlanValue::Kind::kList) {
      continue;
    }
    PlanValue::Elements markers;
    markers.reserve(value->elements().size());
    for (const PlanValue& element : value->elements()) {
      if (element.kind() != PlanValue::Kind::kObject) {
        markers.push_back(PlanValue::Bool(true));
        continue;
      }
      PlanValue::Members members;
      for (const auto& [name, member] : element.members()) {
        if (std::find(set.readable.begin(), set.readable.end(), name) ==
            set.readable.end()) {
          members.emplace(name, PlanValue::Bool(true));
        }
      }
      markers.push_back(PlanValue::Object(std::move(members)));
    }
    after_sensitive->mutable_members()[std::string(set.attribute)] =
        PlanValue::List(std::move(markers));
  }
}

}  // namespace threatmodel::plan::internal
