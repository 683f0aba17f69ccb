// File: assert_function.h
//
// The provider function `provider::threatmodel::assert(assertion)`, for
// lifecycle preconditions, postconditions and `check` blocks. Its one
// argument is an object with the inputs of the data source
// `threatmodel_assertion` (any key it lacks is an error, so a misspelled
// key cannot be dropped unnoticed); it judges them with the same rules.
//
// Result:
//   * an error when a mandatory threat is violated; Terraform fails the
//     expression that called it, and so the plan, even inside a `check`
//     block. Malformed arguments are errors too;
//   * unknown while a mandatory finding is undecided: Terraform validates
//     every configuration (`terraform plan` included) with all variables
//     and resource attributes unknown, so an undecided finding is no
//     verdict there. Terraform checks an unknown condition again during
//     apply, when every value is known; the resource `threatmodel_assertion`
//     is the gate that fails such a plan before anything is created;
//   * true otherwise; advisory findings never fail a function, as a
//     function cannot warn.
//
// Functions run on an unconfigured provider, so the provider block's
// policy and waivers do not apply: pass `policy` and `waivers` in the
// argument.
//
// Thread-safety: Call is const and thread-safe.
#ifndef THREATMODEL_DATASOURCES_ASSERT_FUNCTION_H_
#define THREATMODEL_DATASOURCES_ASSERT_FUNCTION_H_

#include <functional>
#include <memory>

#include "absl/time/civil_time.h"
#include "threatmodel/provider/function.h"

namespace threatmodel::datasources {

// `today` as for NewAssertionDataSource.
[[nodiscard]] std::unique_ptr<provider::Function> NewAssertFunction(
    std::function<absl::CivilDay()> today = nullptr);

}  // namespace threatmodel::datasources

#endif  // THREATMODEL_DATASOURCES_ASSERT_FUNCTION_H_
