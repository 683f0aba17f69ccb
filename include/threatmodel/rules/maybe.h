// File: maybe.h
//
// Maybe<T>: a value from the planned deployment that is known, unknown (to
// be decided at apply time) or null (absent). Terraform gives every attribute
// one of these three states, and the rule engine must never confuse them: a
// rule whose decisive value is unknown reports "undecided", never a pass, and
// a null value is a fact ("not set") rather than a gap in knowledge.
//
// Maybe<T> converts implicitly from T so that models read naturally
// (`assignment.scope = "/subscriptions/..."`); unknown and null values are
// spelled out with Maybe<T>::Unknown() and Maybe<T>::Null(). A
// default-constructed Maybe is null.
//
// Thread-safety: a plain value type; const methods may be called concurrently.
#ifndef THREATMODEL_RULES_MAYBE_H_
#define THREATMODEL_RULES_MAYBE_H_

#include <cstdlib>
#include <optional>
#include <string_view>
#include <type_traits>
#include <utility>

namespace threatmodel::rules {

enum class ValueState { kNull, kUnknown, kKnown };

// "null", "unknown" or "known".
[[nodiscard]] std::string_view ValueStateName(ValueState state);

template <typename T>
class Maybe {
 public:
  // Null.
  Maybe() = default;

  // Known. Implicit on purpose: a bare value in a model is a known value.
  Maybe(T value)  // NOLINT(google-explicit-constructor)
      : state_(ValueState::kKnown), value_(std::move(value)) {}

  // Known, from anything T can be built from (for example a string literal
  // for Maybe<std::string>).
  template <typename U, typename = std::enable_if_t<
                            std::is_constructible_v<T, U&&> &&
                            !std::is_same_v<std::decay_t<U>, Maybe> &&
                            !std::is_same_v<std::decay_t<U>, T>>>
  Maybe(U&& value)  // NOLINT(google-explicit-constructor)
      : state_(ValueState::kKnown), value_(T(std::forward<U>(value))) {}

  [[nodiscard]] static Maybe Unknown() {
    Maybe m;
    m.state_ = ValueState::kUnknown;
    return m;
  }
  [[nodiscard]] static Maybe Null() { return Maybe(); }

  [[nodiscard]] ValueState state() const { return state_; }
  [[nodiscard]] bool is_known() const { return state_ == ValueState::kKnown; }
  [[nodiscard]] bool is_unknown() const {
    return state_ == ValueState::kUnknown;
  }
  [[nodiscard]] bool is_null() const { return state_ == ValueState::kNull; }

  // REQUIRES: is_known(). Calling it otherwise is a programming error and
  // aborts, because silently returning a default would turn "unknown" into
  // a value.
  [[nodiscard]] const T& value() const {
    if (!is_known()) std::abort();
    return *value_;
  }

  // The value when known, otherwise nullptr. Not on a temporary: the
  // pointer would outlive it.
  [[nodiscard]] const T* if_known() const& {
    return is_known() ? &*value_ : nullptr;
  }
  const T* if_known() const&& = delete;

  friend bool operator==(const Maybe& a, const Maybe& b) {
    return a.state_ == b.state_ && a.value_ == b.value_;
  }

 private:
  ValueState state_ = ValueState::kNull;
  std::optional<T> value_;
};

}  // namespace threatmodel::rules

#endif  // THREATMODEL_RULES_MAYBE_H_
