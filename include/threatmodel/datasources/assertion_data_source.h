// File: assertion_data_source.h
//
// `threatmodel_assertion`: evaluates the threat model's rules (T-2, E-1,
// E-3) against what a module passes in (Automation accounts, users, role
// assignments) and the state backend of the working directory, and fails
// the plan with an error diagnostic per mandatory violation, pointing at the
// offending input element.
//
// Thread-safety: Validate and Read are const and thread-safe.
#ifndef THREATMODEL_DATASOURCES_ASSERTION_DATA_SOURCE_H_
#define THREATMODEL_DATASOURCES_ASSERTION_DATA_SOURCE_H_

#include <functional>
#include <memory>

#include "absl/time/civil_time.h"
#include "threatmodel/provider/data_source.h"

namespace threatmodel::datasources {

// `today` gives the date waivers are checked against (UTC today when
// empty); tests inject a fixed one.
[[nodiscard]] std::unique_ptr<provider::DataSource> NewAssertionDataSource(
    std::function<absl::CivilDay()> today = nullptr);

}  // namespace threatmodel::datasources

#endif  // THREATMODEL_DATASOURCES_ASSERTION_DATA_SOURCE_H_
