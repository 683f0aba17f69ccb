#include "plan/marks.h"

#include <algorithm>
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

bool IsContainer(const json* m) {
  return m != nullptr && (m->is_object() || m->is_array());
}

bool IsTrue(const json* m) {
  return m != nullptr && m->is_boolean() && m->get<bool>();
}

// Whether the marker tree marks anything.
bool HasTrue(const json& m) {
  if (m.is_boolean()) return m.get<bool>();
  if (m.is_object() || m.is_array()) {
    for (const json& child : m) {
      if (HasTrue(child)) return true;
    }
  }
  return false;
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

  absl::Status Walk(const json* unknown, const json* sensitive,
                    const std::string& path, PlanValue* value);

 private:
  absl::Status CheckLeaf(const json* m, std::string_view tree,
                         const std::string& path) const {
    if (m == nullptr || m->is_null() || m->is_boolean() || IsContainer(m)) {
      return absl::OkStatus();
    }
    std::string where = absl::StrCat(Av(change_path_), ".", Av(tree));
    if (!path.empty()) {
      absl::StrAppend(&where, path[0] == '[' ? "" : ".", path);
    }
    return absl::InvalidArgumentError(absl::StrCat(
        where, ": expected a boolean, got ", Av(JsonKindName(*m))));
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

absl::Status Merger::Walk(const json* unknown, const json* sensitive,
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
  const json* u = IsContainer(unknown) ? unknown : nullptr;
  const json* s = IsContainer(sensitive) ? sensitive : nullptr;
  if (u == nullptr && s == nullptr) return absl::OkStatus();

  const bool object =
      (u != nullptr && u->is_object()) || (s != nullptr && s->is_object());
  const bool list =
      (u != nullptr && u->is_array()) || (s != nullptr && s->is_array());
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
    auto visit = [&](const std::string& key, const json* cu,
                     const json* cs) -> absl::Status {
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
      for (auto it = u->begin(); it != u->end(); ++it) {
        const json* cs = nullptr;
        if (s != nullptr) {
          auto f = s->find(it.key());
          if (f != s->end()) cs = &*f;
        }
        if (absl::Status st = visit(it.key(), &it.value(), cs); !st.ok()) {
          return st;
        }
      }
    }
    if (s != nullptr) {
      for (auto it = s->begin(); it != s->end(); ++it) {
        if (u != nullptr && u->contains(it.key())) continue;
        if (absl::Status st = visit(it.key(), nullptr, &it.value()); !st.ok()) {
          return st;
        }
      }
    }
  } else {
    const std::size_t n =
        std::max(u != nullptr ? u->size() : 0, s != nullptr ? s->size() : 0);
    for (std::size_t i = 0; i < n; ++i) {
      const json* cu = u != nullptr && i < u->size() ? &(*u)[i] : nullptr;
      const json* cs = s != nullptr && i < s->size() ? &(*s)[i] : nullptr;
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

absl::Status ApplyMarks(const json& after_unknown, const json& after_sensitive,
                        std::string_view change_path, PlanValue* value,
                        std::vector<std::string>* sensitive_paths) {
  for (const auto& [name, tree] : {std::pair<std::string_view, const json*>{
                                       "after_unknown", &after_unknown},
                                   {"after_sensitive", &after_sensitive}}) {
    if (!tree->is_object() && !tree->is_boolean() && !tree->is_null()) {
      return absl::InvalidArgumentError(absl::StrCat(
          Av(change_path), ".", Av(name),
          ": expected an object or a boolean, got ", Av(JsonKindName(*tree))));
    }
  }
  Merger merger(change_path, sensitive_paths);
  return merger.Walk(&after_unknown, &after_sensitive, "", value);
}

}  // namespace threatmodel::plan::internal
