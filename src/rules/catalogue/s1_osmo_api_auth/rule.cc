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
//
// Premise facet premise-private-api, one finding per planned AKS cluster
// when the plan installs OSMO: the cluster's API server is private
// (`private_cluster_enabled`, default false) or limited to authorized IP
// ranges (`api_server_access_profile[0].authorized_ip_ranges` in azurerm
// 4.x, top-level `api_server_authorized_ip_ranges` up to 3.x), none of them
// 0.0.0.0/0. A helm_release names no cluster: the helm provider's
// configuration does, and that is not part of the planned resources. So a
// plan with one cluster ties the releases to it (a public API server is a
// violation), while a plan with several cannot tell which one runs OSMO (a
// public API server is undecided, never a pass). A release that may be
// OSMO (chart unknown) makes a public API server undecided too. A cluster
// outside the plan is not judged.

#include <string>
#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "rules/osmo_releases.h"
#include "rules/rules_internal.h"
#include "rules/unknown_ladder.h"

namespace threatmodel::rules::internal {
namespace {

constexpr char kClusterType[] = "azurerm_kubernetes_cluster";
constexpr char kPremiseFacet[] = "premise-private-api";

// Whether the API server answers only privately or to listed ranges:
// false when it is open to the internet, unknown when the plan cannot
// tell; `text` says what decided.
struct ApiServer {
  Maybe<bool> restricted;
  std::string text;
};

// The authorized ranges at `path`: restricted when the list is non-empty
// and does not hold 0.0.0.0/0.
ApiServer Ranges(const Resource& c, std::string_view path) {
  const Decided d = Decide(c, path, PlanValue::Null());
  if (!d.decided()) return {Maybe<bool>::Unknown(), d.text};
  if (d.value.kind() != PlanValue::Kind::kList) return {false, d.text};
  if (d.value.elements().empty()) return {false, d.text};
  for (const PlanValue& e : d.value.elements()) {
    if (e.kind() != PlanValue::Kind::kString) {
      return {Maybe<bool>::Unknown(),
              absl::StrCat(d.text, " (a range is unknown at plan time)")};
    }
    if (e.string_value() == "0.0.0.0/0") {
      return {false, absl::StrCat(d.text, " (0.0.0.0/0 admits everyone)")};
    }
  }
  return {true, d.text};
}

ApiServer ApiServerOf(const Resource& c) {
  const DecidedBool priv = DecideBool(c, "private_cluster_enabled", false);
  if (priv.value.is_known() && priv.value.value()) return {true, priv.text};
  ApiServer ranges =
      Ranges(c, "api_server_access_profile[0].authorized_ip_ranges");
  if (ranges.restricted.is_known() && !ranges.restricted.value() &&
      LookupPath(c.values, "api_server_authorized_ip_ranges").state !=
          Lookup::State::kAbsent) {
    // azurerm 3.x: the top-level list.
    ranges = Ranges(c, "api_server_authorized_ip_ranges");
  }
  if (ranges.restricted.is_known() && ranges.restricted.value()) {
    return {true, ranges.text};
  }
  if (priv.value.is_unknown()) return {Maybe<bool>::Unknown(), priv.text};
  if (ranges.restricted.is_unknown()) return ranges;
  return {false, absl::StrCat(priv.text, ", ", ranges.text)};
}

// The premise findings: none when the plan installs no OSMO release.
void PremiseFindings(const Facts& facts, const CompiledPolicy& policy,
                     std::vector<Finding>& out) {
  std::vector<const Resource*> osmo;
  std::vector<const Resource*> maybe;
  for (const Resource* r : facts.OfType(kHelmReleaseType)) {
    const Maybe<bool> is = IsOsmoRelease(*r, policy.osmo_charts());
    if (is.is_unknown()) maybe.push_back(r);
    if (is.is_known() && is.value()) osmo.push_back(r);
  }
  if (osmo.empty() && maybe.empty()) return;
  const std::vector<const Resource*>& clusters = facts.OfType(kClusterType);
  std::vector<std::string> releases;
  for (const Resource* r : osmo.empty() ? maybe : osmo) {
    releases.push_back(r->address);
  }
  const std::string names = absl::StrJoin(releases, ", ");
  for (const Resource* c : clusters) {
    const ApiServer api = ApiServerOf(*c);
    Finding f;
    if (api.restricted.is_unknown()) {
      f = ResourceFinding(Status::kUndecided, *c, kPremiseFacet, api.text);
    } else if (api.restricted.value()) {
      f = ResourceFinding(
          Status::kPass, *c, kPremiseFacet,
          absl::StrCat(api.text,
                       ": the cluster's API server is not open to the "
                       "internet"));
    } else if (clusters.size() == 1 && !osmo.empty()) {
      f = ResourceFinding(
          Status::kViolation, *c, kPremiseFacet,
          absl::StrCat(api.text,
                       ": the API server of the cluster that runs OSMO (",
                       names, ") is open to the internet"));
    } else {
      f = ResourceFinding(
          Status::kUndecided, *c, kPremiseFacet,
          absl::StrCat(
              api.text, ": the API server is open to the internet, and ",
              osmo.empty()
                  ? absl::StrCat("whether ", names, " installs OSMO is unknown")
                  : absl::StrCat("which of the plan's ", clusters.size(),
                                 " clusters runs OSMO (", names,
                                 ") is set in the helm provider's "
                                 "configuration, which the plan's "
                                 "resources do not show")));
    }
    for (const Resource* r : osmo.empty() ? maybe : osmo) {
      f.related_sources.push_back(r->source);
    }
    out.push_back(std::move(f));
  }
}

const std::vector<OsmoSwitch>& Switches() {
  static const std::vector<OsmoSwitch> kSwitches = {
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
  return kSwitches;
}

std::vector<Finding> Evaluate(const Facts& facts, const CompiledPolicy& policy,
                              const DeclaredFindings&) {
  std::vector<Finding> out = OsmoFindings(facts, Switches(), policy);
  PremiseFindings(facts, policy, out);
  return out;
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
      "applicable: OSMO is not managed by Terraform. Facet "
      "premise-private-api: when the plan installs OSMO, each planned "
      "azurerm_kubernetes_cluster must have private_cluster_enabled true "
      "or authorized IP ranges (api_server_access_profile[0]."
      "authorized_ip_ranges in azurerm 4.x, api_server_authorized_ip_ranges "
      "up to 3.x) without 0.0.0.0/0. A release names no cluster (the helm "
      "provider's configuration does, which the planned resources do not "
      "show), so an open API server violates when the plan has one cluster "
      "and is undecided when it has several, or when the release may not be "
      "OSMO.";
  info.remediation =
      "Enable OSMO's authentication layers in the release's values, for "
      "example services.service.auth.enabled, "
      "sidecars.envoy.osmoauth.enabled, sidecars.oauth2Proxy.enabled and "
      "sidecars.authz.enabled (gateway.oauth2Proxy.enabled and "
      "gateway.authz.enabled on the newer osmo chart) set to true, or state "
      "the chart's defaults in the policy's osmo_chart_defaults. Make the "
      "cluster's API server private (private_cluster_enabled = true) or "
      "limit it to known ranges (api_server_access_profile { "
      "authorized_ip_ranges = [...] }).";
  info.stride = Stride::kSpoofing;
  info.severity = Severity::kHigh;
  info.security_severity = 8.1;
  info.threat_model_rating = "High";
  info.doc_path = "docs/rules/S-1.md";
  info.resource_types = {kHelmReleaseType, kClusterType};
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
      {kPremiseFacet,
       "The API server of the cluster running OSMO is private or limited to "
       "authorized IP ranges.",
       Enforcement::kMandatory},
  };
  info.peers = {
      {"checkov", "CKV_AZURE_6", "", kPremiseFacet},
      {"checkov", "CKV_AZURE_115", "", kPremiseFacet},
      {"trivy", "AZU-0041", "AVD-AZU-0041", kPremiseFacet},
      {"PSRule", "Azure.AKS.AuthorizedIPs", "", kPremiseFacet},
  };
  return {info, &Evaluate};
}

}  // namespace catalogue
}  // namespace threatmodel::rules::internal
