// S-1: OSMO API authentication disabled (Open).
//
// The reference architecture installs OSMO with every authentication layer
// switched off in its Helm values. When a team manages OSMO with
// `helm_release`, the values the release resolves (Helm's precedence:
// chart defaults < values[0] < values[1] ... < set < set_list <
// set_sensitive) show it. One finding per OSMO release and facet:
//
//   service-auth    services.service.auth.enabled (old charts; the newer
//                   `osmo` chart has no such key)
//   envoy-osmoauth  sidecars.envoy.osmoauth.enabled
//   oauth2-proxy    sidecars.oauth2Proxy.enabled (old charts) or
//                   gateway.oauth2Proxy.enabled (newer chart)
//   authz           sidecars.authz.enabled (old) or gateway.authz.enabled
//                   (newer)
//
// A key resolving to false is a violation. A deciding values document or
// set value unknown at plan time, a set_sensitive naming the key, or a
// value that is not a boolean is undecided. A key nothing sets takes the
// chart's default, which the plan does not hold: undecided unless the
// policy's osmo_chart_defaults states it.

#include <vector>

#include "rules/osmo_releases.h"
#include "rules/rules_internal.h"

namespace threatmodel::rules::internal {
namespace {

const std::vector<OsmoSwitch>& Switches() {
  static const std::vector<OsmoSwitch> switches = {
      {"service-auth",
       {"services.service.auth.enabled"},
       /*old_chart_only=*/true,
       "the OSMO API server accepts unauthenticated calls",
       "the OSMO API server authenticates callers"},
      {"envoy-osmoauth",
       {"sidecars.envoy.osmoauth.enabled"},
       false,
       "the Envoy sidecar does not check OSMO tokens",
       "the Envoy sidecar checks OSMO tokens"},
      {"oauth2-proxy",
       {"sidecars.oauth2Proxy.enabled", "gateway.oauth2Proxy.enabled"},
       false,
       "no OAuth2 proxy signs users in before the API",
       "an OAuth2 proxy signs users in before the API"},
      {"authz",
       {"sidecars.authz.enabled", "gateway.authz.enabled"},
       false,
       "no authorization sidecar checks what callers may do",
       "an authorization sidecar checks what callers may do"},
  };
  return switches;
}

std::vector<Finding> Evaluate(const Facts& facts,
                              const CompiledPolicy& policy) {
  return OsmoFindings(facts, Switches(), policy);
}

}  // namespace

namespace catalogue {

RuleEntry S1OsmoApiAuth() {
  RuleInfo info;
  info.id = "S-1";
  info.short_code = "osmo-api-auth";
  info.title = "OSMO must authenticate and authorize API callers";
  info.description =
      "Over every helm_release that installs NVIDIA OSMO (repository "
      "helm.ngc.nvidia.com/nvidia/osmo, or chart service, router, web-ui, "
      "backend-operator, quick-start or osmo from no repository or an OSMO "
      "one), the chart values are resolved as Helm resolves them: chart "
      "defaults, then values[0], values[1] and so on, then set, set_list and "
      "set_sensitive. Facet service-auth: services.service.auth.enabled "
      "(old charts only). Facet envoy-osmoauth: "
      "sidecars.envoy.osmoauth.enabled. Facet oauth2-proxy: "
      "sidecars.oauth2Proxy.enabled (old charts) or "
      "gateway.oauth2Proxy.enabled (newer chart). Facet authz: "
      "sidecars.authz.enabled or gateway.authz.enabled. A key resolving to "
      "false is a violation naming the source that wins (values[i] or "
      "set[i]). A deciding values document or set value unknown at plan "
      "time, a set_sensitive block naming the key (its value is never "
      "read) or a value that is not a boolean is undecided; so is a key "
      "nothing sets, since the chart's default is not in the plan, unless "
      "the policy's osmo_chart_defaults states it. Values documents with "
      "YAML anchors, aliases or merge keys, or beyond 1 MiB or 64 levels, "
      "are not read (undecided). Without an OSMO release the rule is not "
      "applicable: OSMO is not managed by Terraform.";
  info.remediation =
      "Enable OSMO's authentication layers in the release's values, for "
      "example services.service.auth.enabled, "
      "sidecars.envoy.osmoauth.enabled, sidecars.oauth2Proxy.enabled and "
      "sidecars.authz.enabled (gateway.oauth2Proxy.enabled and "
      "gateway.authz.enabled on the newer osmo chart) set to true, or state "
      "the chart's defaults in the policy's osmo_chart_defaults.";
  info.stride = Stride::kSpoofing;
  info.severity = Severity::kHigh;
  info.security_severity = 8.1;
  info.threat_model_rating = "High";
  info.doc_path = "docs/rules/S-1.md";
  info.resource_types = {kHelmReleaseType};
  info.parameters = OsmoPolicyParameters();
  info.facets = {
      {"service-auth",
       "The API server's own authentication "
       "(services.service.auth.enabled).",
       Enforcement::kMandatory},
      {"envoy-osmoauth",
       "The Envoy sidecar's OSMO token check "
       "(sidecars.envoy.osmoauth.enabled).",
       Enforcement::kMandatory},
      {"oauth2-proxy",
       "The OAuth2 proxy in front of the API (sidecars.oauth2Proxy.enabled "
       "or gateway.oauth2Proxy.enabled).",
       Enforcement::kMandatory},
      {"authz",
       "The authorization sidecar (sidecars.authz.enabled or "
       "gateway.authz.enabled).",
       Enforcement::kMandatory},
  };
  return {info, &Evaluate};
}

}  // namespace catalogue
}  // namespace threatmodel::rules::internal
