// File: plan_value.h
//
// PlanValue: one planned attribute value as the rule engine sees it. It is a
// JSON-like tree (null, bool, number, string, list, object) with two more
// states that Terraform gives a planned value:
//
//   * unknown:   decided at apply time (`after_unknown`, or a cty unknown);
//   * sensitive: present, but withheld (`after_sensitive`). The front end
//                drops the value itself before the engine sees it, so a
//                secret can never reach a finding. Rules may use only the
//                fact that a sensitive value is there.
//
// Lists, sets and tuples are all lists; maps and objects are all objects
// (plan JSON cannot tell them apart, and no rule needs to). Numbers keep
// their decimal text, so nothing is rounded.
//
// Paths into a value use Terraform's spelling: `identity[0].principal_id`,
// `tags["env"]`. An unknown or sensitive node on the way down decides the
// whole lookup: the attributes below an unknown block are unknown too.
//
// Thread-safety: an immutable-after-construction value type; const methods
// may be called concurrently.
#ifndef THREATMODEL_RULES_PLAN_VALUE_H_
#define THREATMODEL_RULES_PLAN_VALUE_H_

#include <cstddef>
#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "threatmodel/rules/maybe.h"

namespace threatmodel::rules {

class PlanValue {
 public:
  enum class Kind {
    kNull,
    kUnknown,
    kSensitive,
    kBool,
    kNumber,
    kString,
    kList,
    kObject,
  };
  using Elements = std::vector<PlanValue>;
  using Members = std::map<std::string, PlanValue, std::less<>>;

  // Null.
  PlanValue() = default;

  [[nodiscard]] static PlanValue Null() { return PlanValue(); }
  [[nodiscard]] static PlanValue Unknown();
  [[nodiscard]] static PlanValue Sensitive();
  [[nodiscard]] static PlanValue Bool(bool value);
  // `text` is a JSON number (not checked here; front ends validate).
  [[nodiscard]] static PlanValue Number(std::string text);
  [[nodiscard]] static PlanValue String(std::string value);
  [[nodiscard]] static PlanValue List(Elements elements);
  [[nodiscard]] static PlanValue Object(Members members);

  [[nodiscard]] Kind kind() const { return kind_; }
  [[nodiscard]] bool is_null() const { return kind_ == Kind::kNull; }
  [[nodiscard]] bool is_unknown() const { return kind_ == Kind::kUnknown; }
  [[nodiscard]] bool is_sensitive() const { return kind_ == Kind::kSensitive; }
  // Neither unknown nor sensitive (null counts as known: "not set").
  [[nodiscard]] bool is_known() const {
    return kind_ != Kind::kUnknown && kind_ != Kind::kSensitive;
  }

  // REQUIRES: the matching kind; anything else aborts (a programming error).
  [[nodiscard]] bool bool_value() const;
  [[nodiscard]] const std::string& number_text() const;
  [[nodiscard]] const std::string& string_value() const;
  [[nodiscard]] const Elements& elements() const;
  [[nodiscard]] const Members& members() const;

  // Object member or list element; nullptr when this is not an object
  // (list) or has no such member (element).
  [[nodiscard]] const PlanValue* Find(std::string_view key) const;
  [[nodiscard]] const PlanValue* At(std::size_t index) const;

  // Mutable access for front ends that build values in place.
  [[nodiscard]] Elements& mutable_elements();
  [[nodiscard]] Members& mutable_members();

  friend bool operator==(const PlanValue& a, const PlanValue& b);

 private:
  Kind kind_ = Kind::kNull;
  bool bool_ = false;
  std::string text_;  // number text or string value
  // Shared so that copies of large trees stay cheap; never mutated once
  // shared (mutable_* copies on write).
  std::shared_ptr<Elements> elements_;
  std::shared_ptr<Members> members_;
};

// "null", "unknown", "sensitive", "bool", "number", "string", "list",
// "object".
[[nodiscard]] std::string_view PlanValueKindName(PlanValue::Kind kind);

// The outcome of a path lookup.
struct Lookup {
  enum class State {
    kAbsent,     // a step names a member or element that is not there
    kNull,       // the value, or an enclosing one, is null
    kUnknown,    // the value, or an enclosing one, is unknown
    kSensitive,  // the value, or an enclosing one, is sensitive
    kFound,      // `value` is the node (known, not null)
  };
  State state = State::kAbsent;
  const PlanValue* value = nullptr;  // kFound only
  // The path as far as it was followed, in Terraform's spelling; for
  // kUnknown/kSensitive the enclosing node that decided it.
  std::string reached;
};

// Follows `path` (`identity[0].principal_id`, `tags["env"]`, `a.b`) from
// `root`. A malformed path is a programming error in a rule and aborts.
[[nodiscard]] Lookup LookupPath(const PlanValue& root, std::string_view path);

// Typed reads over LookupPath. Absent and null give Null, unknown gives
// Unknown, sensitive gives Unknown (a sensitive value is never read), and a
// value of another JSON type gives Null with `*wrong_type` set (when given).
[[nodiscard]] Maybe<std::string> StringAt(const PlanValue& root,
                                          std::string_view path,
                                          bool* wrong_type = nullptr);
[[nodiscard]] Maybe<bool> BoolAt(const PlanValue& root, std::string_view path,
                                 bool* wrong_type = nullptr);

}  // namespace threatmodel::rules

#endif  // THREATMODEL_RULES_PLAN_VALUE_H_
