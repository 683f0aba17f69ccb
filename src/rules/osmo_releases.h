// File: osmo_releases.h
//
// The NVIDIA OSMO releases of a plan and the verdict on one of their
// switches (S-1's auth sidecars, D-4's Envoy proxy and rate limiting).
//
// A `helm_release` installs OSMO when its `repository` is NGC's OSMO
// repository (host helm.ngc.nvidia.com, path /nvidia/osmo), or when its
// chart is one of OSMO's (service, router, web-ui, backend-operator,
// quick-start, osmo; a repository alias or path before the name is
// ignored) and its repository is unset or names OSMO. A chart of that name
// from another repository is someone else's chart.
//
// Thread-safety: pure functions over their arguments.
#ifndef THREATMODEL_SRC_RULES_OSMO_RELEASES_H_
#define THREATMODEL_SRC_RULES_OSMO_RELEASES_H_

#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "rules/compiled_policy.h"
#include "rules/facts.h"
#include "threatmodel/rules/finding.h"
#include "threatmodel/rules/maybe.h"
#include "threatmodel/rules/resource.h"
#include "threatmodel/rules/rule.h"

namespace threatmodel::rules::internal {

inline constexpr char kHelmReleaseType[] = "helm_release";

// Whether `r` (a helm_release) installs an OSMO chart; unknown when the
// chart or repository that would tell is unknown at plan time. A chart
// named in `more_charts` (the policy's osmo_charts) is OSMO from any
// repository.
[[nodiscard]] Maybe<bool> IsOsmoRelease(
    const Resource& r, const std::vector<std::string>& more_charts = {});

// One switch a rule wants on, under the names the chart generations give
// it: the old charts (service, router, web-ui) and the newer `osmo` chart.
struct OsmoSwitch {
  std::string_view facet;  // "authz"
  // Keys in --set syntax; any of them resolving to false is a violation,
  // any resolving to true (and none false or undecided) is a pass.
  std::vector<std::string_view> keys;
  // The newer chart dropped the setting: not applicable there.
  bool old_chart_only = false;
  std::string_view off_reason;  // why false is a problem
  std::string_view on_reason;   // what true means
};

// The finding about `sw` on OSMO release `r`. `chart_defaults` maps a key
// to the value the policy states for the chart's default (the plan does
// not hold chart defaults): without one, a key no source sets is
// undecided. Messages name the key and the winning source (values[i],
// set[i], set_list[i], set_sensitive[i]), never a value beyond the
// boolean the rule reads.
[[nodiscard]] Finding OsmoSwitchFinding(
    const Resource& r, const OsmoSwitch& sw,
    const std::map<std::string, bool, std::less<>>& chart_defaults);

// The findings of `switches` over every OSMO release of the plan, with an
// undecided finding per helm_release that may be OSMO and a not_applicable
// one when the plan has none.
[[nodiscard]] std::vector<Finding> OsmoFindings(
    const Facts& facts, const std::vector<OsmoSwitch>& switches,
    const CompiledPolicy& policy);

// The policy settings S-1 and D-4 share (osmo_chart_defaults,
// osmo_charts), described once for both rules' metadata.
[[nodiscard]] std::vector<RuleParameter> OsmoPolicyParameters();

}  // namespace threatmodel::rules::internal

#endif  // THREATMODEL_SRC_RULES_OSMO_RELEASES_H_
