// File: assessment.h
//
// The assertion that the data source, the managed resource and the
// function `assert` share: its input attributes, its outputs, and one
// evaluation of the rules over a configuration object holding those
// inputs. The front ends differ only in when Terraform calls them and in
// what they keep; what they judge, and how a finding becomes a diagnostic
// with an attribute path, is decided here once.
//
// Thread-safety: pure functions over their arguments, except that Assess
// reads the working directory's backend when asked to.
#ifndef THREATMODEL_DATASOURCES_ASSESSMENT_H_
#define THREATMODEL_DATASOURCES_ASSESSMENT_H_

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "absl/time/civil_time.h"
#include "threatmodel/cty/value.h"
#include "threatmodel/diag/diagnostics.h"
#include "threatmodel/provider/request_context.h"
#include "threatmodel/provider/schema.h"

namespace threatmodel::datasources {

// The inputs, all optional, in schema order: the controls (`threats`,
// `backend`, `discover_backend`, `working_dir`, `policy`, `waivers`) and
// the resources (`automation_accounts`, `users`, `role_assignments`,
// `resources`).
[[nodiscard]] std::vector<provider::Attribute> AssertionInputAttributes();
// The names of the resource inputs, the ones that may carry whole resource
// objects and so sensitive values.
[[nodiscard]] const std::vector<std::string>& AssertionResourceInputs();
// The computed `findings` and `passed`.
[[nodiscard]] std::vector<provider::Attribute> AssertionOutputAttributes();
[[nodiscard]] cty::Type FindingType();
// What the assertion checks, for schema descriptions: "T-2 Terraform state
// ...; E-1 ...".
[[nodiscard]] std::string ThreatSummary();

// Static checks of the inputs; unknown values are skipped.
void ValidateAssertionInputs(const cty::Value& config,
                             diag::Diagnostics& diags);

// The first control (`threats`, `backend`, `discover_backend`,
// `working_dir`, `policy`, `waivers`) of `config` that is not wholly known,
// or nullptr. Assess refuses to judge while one is.
[[nodiscard]] const char* FirstUnknownControl(const cty::Value& config);

struct Assessment {
  cty::Value findings;  // list(FindingType())
  bool passed = false;
  // One line per reason `passed` is false: each mandatory violation or
  // undecided finding ("E-1 aa-robotics-dev: ... Remediation: ...") and
  // each waiver that does not apply. list(string).
  cty::Value blocking;
};

// Sets the computed outputs (`findings`, `passed`, `blocking`) from an
// assessment, or to unknown values when `assessment` is null.
void SetAssertionOutputs(const Assessment* assessment,
                         std::map<std::string, cty::Value>& attributes);

// Evaluates the rules on `config`, an object with the input attributes.
// Mandatory findings are errors unless the provider block sets
// `violations_as_warnings` (for `terraform test`, where only failed
// conditions can be expected): then they are warnings, and `passed` and
// `blocking` still say that the assertion failed.
// The resource inputs may be partly unknown (a plan): the rules decide what
// the known values decide, and call the rest undecided. The controls and
// the provider block decide what is judged and how, so an unknown one is an
// error. Violations and undecided findings become diagnostics (errors when
// mandatory) that point at the input element; nullopt when the rules could
// not run.
[[nodiscard]] std::optional<Assessment> Assess(
    const provider::RequestContext& context, const cty::Value& config,
    absl::CivilDay today, diag::Diagnostics& diags);

}  // namespace threatmodel::datasources

#endif  // THREATMODEL_DATASOURCES_ASSESSMENT_H_
