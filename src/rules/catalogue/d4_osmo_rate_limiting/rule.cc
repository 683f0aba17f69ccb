// D-4: OSMO API rate limiting and Envoy proxy disabled (Open).
//
// Same OSMO releases and value resolution as S-1 (osmo_releases.h). One
// finding per OSMO release and facet:
//
//   rate-limit  sidecars.rateLimit.enabled (old charts; the newer `osmo`
//               chart has no such key)
//   envoy       sidecars.envoy.enabled
//
// A key resolving to false is a violation; unknown, sensitive or
// non-boolean deciding values are undecided, and so is a key nothing sets
// unless the policy's osmo_chart_defaults states the chart's default.

#include <vector>

#include "rules/osmo_releases.h"
#include "rules/rules_internal.h"

namespace threatmodel::rules::internal {
namespace {

const std::vector<OsmoSwitch>& Switches() {
  static const std::vector<OsmoSwitch> switches = {
      {"rate-limit",
       {"sidecars.rateLimit.enabled"},
       /*old_chart_only=*/true,
       "the OSMO API serves any number of requests from any caller",
       "the OSMO API limits each caller's request rate"},
      {"envoy",
       {"sidecars.envoy.enabled"},
       false,
       "no Envoy proxy stands in front of the OSMO API",
       "an Envoy proxy stands in front of the OSMO API"},
  };
  return switches;
}

std::vector<Finding> Evaluate(const Facts& facts, const CompiledPolicy& policy,
                              const DeclaredFindings&) {
  return OsmoFindings(facts, Switches(), policy);
}

}  // namespace

namespace catalogue {

RuleEntry D4OsmoRateLimiting() {
  RuleInfo info;
  info.id = "D-4";
  info.short_code = "osmo-rate-limiting";
  info.title = "OSMO's API must sit behind Envoy with rate limiting";
  info.description =
      "Over the same OSMO helm_release resources as S-1, with the chart "
      "values resolved as Helm resolves them (values[0] < values[1] ... < "
      "set < set_list < set_sensitive). Facet rate-limit: "
      "sidecars.rateLimit.enabled (old charts only). Facet envoy: "
      "sidecars.envoy.enabled. A key resolving to false is a violation "
      "naming the source that wins; a deciding value unknown at plan time, "
      "set by set_sensitive or not a boolean is undecided, and so is a key "
      "nothing sets, unless the policy's osmo_chart_defaults states the "
      "chart's default. Without an OSMO release the rule is not "
      "applicable.";
  info.remediation =
      "Set sidecars.envoy.enabled and sidecars.rateLimit.enabled to true in "
      "the release's values, or state the chart's defaults in the policy's "
      "osmo_chart_defaults.";
  info.stride = Stride::kDenialOfService;
  info.severity = Severity::kMedium;
  info.security_severity = 5.3;
  info.threat_model_rating = "Medium";
  info.doc_path = "docs/rules/D-4.md";
  info.resource_types = {kHelmReleaseType};
  info.parameters = OsmoPolicyParameters();
  info.facets = {
      {"rate-limit", "Rate limiting (sidecars.rateLimit.enabled).",
       Enforcement::kMandatory},
      {"envoy", "The Envoy proxy (sidecars.envoy.enabled).",
       Enforcement::kMandatory},
  };
  return {info, &Evaluate};
}

}  // namespace catalogue
}  // namespace threatmodel::rules::internal
