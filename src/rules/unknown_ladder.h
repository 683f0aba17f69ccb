// File: unknown_ladder.h
//
// The unknown ladder (docs/rules-next.md §0, "U-rule"): how a rule reads
// one deciding value of a planned resource.
//
//   1. Known in the plan: that value decides.
//   2. Unknown (itself or an enclosing block), or not in the plan at all:
//      - the configuration does not set it: the user left it to the
//        provider, so the provider's documented default decides (this is
//        what happens to Optional+Computed blocks on create, such as a
//        PostgreSQL server's `authentication` or a 3.x NSG's
//        `security_rule`);
//      - the configuration sets it (by reference or by an expression
//        Terraform only evaluates at apply), or the front end has no
//        configuration to tell: undecided.
//   3. Sensitive: never read; it counts as unknown.
//
//      One case of "sets it" still decides: an expression whose
//      references are all root variables or constants (`var.hardened ?
//      "azure" : null`) is known when Terraform plans, and Terraform plans
//      a known non-null configuration value as that value. So if the plan
//      has the attribute itself unknown, the expression gave null and the
//      provider's default holds (NullInConfiguration()).
//
// Known limits: plan JSON leaves `dynamic` blocks out of the configuration,
// so a block built by `dynamic` over values unknown at plan time reads as
// "not set" and takes the default; and plan JSON records no function
// calls, so a deciding attribute computed by uuid() or timestamp() alone
// (unknown at plan time without a reference) reads as null.
//
// Thread-safety: pure functions over their arguments.
#ifndef THREATMODEL_SRC_RULES_UNKNOWN_LADDER_H_
#define THREATMODEL_SRC_RULES_UNKNOWN_LADDER_H_

#include <string>
#include <string_view>

#include "threatmodel/rules/maybe.h"
#include "threatmodel/rules/plan_value.h"
#include "threatmodel/rules/resource.h"

namespace threatmodel::rules::internal {

struct Decided {
  enum class State {
    kPlanned,    // `value` is the plan's (possibly null)
    kDefault,    // `value` is the provider's default (step 2)
    kUndecided,  // decided at apply
  };
  State state = State::kUndecided;
  PlanValue value;
  // For a finding's message, naming the attribute path and, when it is
  // undecided, what was unknown and where it comes from:
  //   public_network_access_enabled = true
  //   public_network_access_enabled = true (not set in the configuration:
  //     the provider's default)
  //   authentication[0].password_auth_enabled is unknown at plan time
  //     (authentication is set from var.auth)
  std::string text;

  [[nodiscard]] bool decided() const { return state != State::kUndecided; }
};

// `path` of `r` under the ladder. `provider_default` is what the provider
// plans when the configuration does not set the attribute; a null default
// means "none": the value stays null when planned null, and undecided when
// unknown.
[[nodiscard]] Decided Decide(const Resource& r, std::string_view path,
                             const PlanValue& provider_default);

// Decide() for a bool with a default. A value of another type is
// undecided.
struct DecidedBool {
  Maybe<bool> value;
  std::string text;
};
[[nodiscard]] DecidedBool DecideBool(const Resource& r, std::string_view path,
                                     bool provider_default);

// Whether the configuration sets `path` (or an attribute holding it) only
// from values known at plan time (root variables, constants, no
// reference at all) while the plan has `path` itself unknown: then the
// expression gave null and the provider computes the value. `*text` says
// so, naming the references.
[[nodiscard]] bool NullInConfiguration(const Resource& r, std::string_view path,
                                       std::string* text);

// Whether an Optional attribute the provider never computes (an ID such as
// `delegated_subnet_id`) is set: known and not null, or unknown, which only
// an expression in the configuration can make it. `*text` says which.
[[nodiscard]] bool IsSet(const Resource& r, std::string_view path,
                         std::string* text);

// Whether the configuration sets `path`, a block holding it, or anything
// within it. Null when the front end has no configuration for `r`.
[[nodiscard]] Maybe<bool> ConfigurationSets(const Resource& r,
                                            std::string_view path);

// "x = true", "x = \"Enabled\"", "x = null", "x = [2 elements]".
[[nodiscard]] std::string DescribeSetting(std::string_view path,
                                          const PlanValue& value);

}  // namespace threatmodel::rules::internal

#endif  // THREATMODEL_SRC_RULES_UNKNOWN_LADDER_H_
