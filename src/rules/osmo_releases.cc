#include "rules/osmo_releases.h"

#include <algorithm>
#include <iterator>
#include <string>
#include <utility>
#include <vector>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "rules/helm_values.h"
#include "rules/rules_internal.h"
#include "rules/string_view_compat.h"

namespace threatmodel::rules::internal {
namespace {

constexpr char kOsmoHost[] = "helm.ngc.nvidia.com";
constexpr char kOsmoPath[] = "/nvidia/osmo";

bool IsOsmoChartName(std::string_view name) {
  for (std::string_view c : {"service", "router", "web-ui", "backend-operator",
                             "quick-start", "osmo"}) {
    if (name == c) return true;
  }
  return false;
}

// "https://helm.ngc.nvidia.com/nvidia/osmo/" and the like.
bool IsOsmoRepository(std::string_view url) {
  std::string lower = absl::AsciiStrToLower(Av(url));
  std::string_view rest = lower;
  if (const std::size_t scheme = rest.find("://");
      scheme != std::string_view::npos) {
    rest.remove_prefix(scheme + 3);
  }
  const std::size_t slash = rest.find('/');
  if (slash == std::string_view::npos) return false;
  const std::string_view host = rest.substr(0, slash);
  std::string_view path = rest.substr(slash);
  while (path.size() > 1 && path.back() == '/') path.remove_suffix(1);
  return host == kOsmoHost &&
         (path == kOsmoPath ||
          absl::StartsWith(Av(path), absl::StrCat(kOsmoPath, "/")));
}

// The chart's name without a repository alias or path ("osmo/service",
// "./charts/service" -> "service").
std::string_view ChartName(std::string_view chart) {
  while (!chart.empty() && chart.back() == '/') chart.remove_suffix(1);
  const std::size_t slash = chart.rfind('/');
  return slash == std::string_view::npos ? chart : chart.substr(slash + 1);
}

// The newer chart (`osmo`, with a `gateway` section) dropped some
// settings.
bool IsNewerChart(const Resource& r) {
  const PlanValue* chart = r.values.Find("chart");
  if (chart != nullptr && chart->kind() == PlanValue::Kind::kString &&
      ChartName(chart->string_value()) == "osmo") {
    return true;
  }
  const HelmValue gateway = ResolveHelmValue(r.values, "gateway");
  return gateway.state == HelmValue::State::kFound &&
         gateway.value.kind() == PlanValue::Kind::kObject;
}

std::vector<std::string> KeyStrings(const OsmoSwitch& sw) {
  return std::vector<std::string>(sw.keys.begin(), sw.keys.end());
}

}  // namespace

Maybe<bool> IsOsmoRelease(const Resource& r,
                          const std::vector<std::string>& more_charts) {
  const PlanValue* repository = r.values.Find("repository");
  const PlanValue* chart = r.values.Find("chart");
  const bool repository_known = repository == nullptr || repository->is_known();
  const bool repository_set = repository != nullptr &&
                              repository->kind() == PlanValue::Kind::kString &&
                              !repository->string_value().empty();
  if (repository_set && IsOsmoRepository(repository->string_value())) {
    return true;
  }
  if (chart != nullptr && chart->kind() == PlanValue::Kind::kString) {
    const std::string& text = chart->string_value();
    // A chart given by URL (no repository).
    if (absl::StrContains(absl::AsciiStrToLower(text),
                          absl::StrCat(kOsmoHost, kOsmoPath, "/"))) {
      return true;
    }
    const std::string_view name = ChartName(text);
    if (std::find(more_charts.begin(), more_charts.end(), name) !=
        more_charts.end()) {
      return true;
    }
    if (!IsOsmoChartName(name)) return false;
    if (!repository_known) return Maybe<bool>::Unknown();
    if (!repository_set) return true;
    return absl::StrContains(
        absl::AsciiStrToLower(Av(repository->string_value())), "osmo");
  }
  if (chart != nullptr && !chart->is_known()) {
    // The repository may still say it is someone else's.
    if (repository_set) return false;
    return Maybe<bool>::Unknown();
  }
  return false;
}

Finding OsmoSwitchFinding(
    const Resource& r, const OsmoSwitch& sw,
    const std::map<std::string, bool, std::less<>>& chart_defaults) {
  std::vector<std::string> off;
  std::vector<std::string> on;
  std::vector<std::string> undecided;
  std::vector<std::string> absent;
  std::vector<std::pair<std::string, std::vector<std::string>>> waiting;
  for (std::string_view key : sw.keys) {
    const HelmValue v = ResolveHelmValue(r.values, key);
    switch (v.state) {
      case HelmValue::State::kFound:
        if (v.value.kind() == PlanValue::Kind::kBool) {
          (v.value.bool_value() ? on : off)
              .push_back(absl::StrCat(Av(key), " = ",
                                      v.value.bool_value() ? "true" : "false",
                                      " (", v.source, ")"));
        } else if (v.value.is_null()) {
          undecided.push_back(
              absl::StrCat(Av(key), " is null in ", v.source,
                           ", which leaves it to the chart's templates"));
        } else {
          undecided.push_back(
              absl::StrCat(Av(key), " in ", v.source, " is not a boolean (",
                           Av(PlanValueKindName(v.value.kind())), ")"));
        }
        break;
      case HelmValue::State::kUndecided: {
        // Both generations' keys often wait on the same document: name
        // the keys once per reason.
        auto it =
            std::find_if(waiting.begin(), waiting.end(),
                         [&](const auto& w) { return w.first == v.reason; });
        if (it == waiting.end()) {
          waiting.emplace_back(v.reason, std::vector<std::string>());
          it = std::prev(waiting.end());
        }
        it->second.push_back(std::string(key));
        break;
      }
      case HelmValue::State::kAbsent:
        absent.push_back(std::string(key));
        break;
    }
  }
  for (const auto& [reason, keys] : waiting) {
    undecided.push_back(absl::StrCat(absl::StrJoin(keys, " and "),
                                     keys.size() == 1 ? " is" : " are",
                                     " undecided: ", reason));
  }
  if (!off.empty()) {
    return ResourceFinding(
        Status::kViolation, r, std::string(sw.facet),
        absl::StrCat(absl::StrJoin(off, "; "), ": ", Av(sw.off_reason)));
  }
  if (!undecided.empty()) {
    return ResourceFinding(Status::kUndecided, r, std::string(sw.facet),
                           absl::StrJoin(undecided, "; "));
  }
  if (!on.empty()) {
    return ResourceFinding(
        Status::kPass, r, std::string(sw.facet),
        absl::StrCat(absl::StrJoin(on, "; "), ": ", Av(sw.on_reason)));
  }
  if (sw.old_chart_only && IsNewerChart(r)) {
    return ResourceFinding(
        Status::kNotApplicable, r, std::string(sw.facet),
        absl::StrCat("the newer OSMO chart has no ",
                     absl::StrJoin(KeyStrings(sw), " or "), " setting"));
  }
  for (std::string_view key : sw.keys) {
    const auto it = chart_defaults.find(key);
    if (it == chart_defaults.end()) continue;
    const std::string text = absl::StrCat(
        Av(key), " is not set; the policy states the chart's default, ",
        it->second ? "true" : "false");
    return it->second
               ? ResourceFinding(Status::kPass, r, std::string(sw.facet),
                                 absl::StrCat(text, ": ", Av(sw.on_reason)))
               : ResourceFinding(Status::kViolation, r, std::string(sw.facet),
                                 absl::StrCat(text, ": ", Av(sw.off_reason)));
  }
  return ResourceFinding(
      Status::kUndecided, r, std::string(sw.facet),
      absl::StrCat(absl::StrJoin(absent, " and "),
                   " not set by values or set: the chart's default is not in "
                   "the plan (the policy's osmo_chart_defaults can state it)"));
}

std::vector<Finding> OsmoFindings(const Facts& facts,
                                  const std::vector<OsmoSwitch>& switches,
                                  const CompiledPolicy& policy) {
  std::vector<Finding> out;
  for (const Resource* r : facts.OfType(kHelmReleaseType)) {
    const Maybe<bool> osmo = IsOsmoRelease(*r, policy.osmo_charts());
    if (osmo.is_unknown()) {
      out.push_back(ResourceFinding(
          Status::kUndecided, *r, "",
          "chart or repository is unknown at plan time, so whether the "
          "release installs OSMO is unknown"));
      continue;
    }
    if (!osmo.value()) continue;
    for (const OsmoSwitch& sw : switches) {
      out.push_back(OsmoSwitchFinding(*r, sw, policy.osmo_chart_defaults()));
    }
  }
  if (out.empty()) {
    out.push_back(MakeFinding(
        Status::kNotApplicable, "deployment", "",
        "OSMO not managed by Terraform: the plan has no helm_release of an "
        "OSMO chart"));
  }
  return out;
}

std::vector<RuleParameter> OsmoPolicyParameters() {
  return {
      {"osmo_chart_defaults", "map(bool)",
       "The OSMO charts' defaults for the keys S-1 and D-4 read (for "
       "example {\"sidecars.authz.enabled\" = true}): a key no values "
       "document or set block sets takes this value instead of being "
       "undecided.",
       "{}"},
      {"osmo_charts", "list(string)",
       "More chart names (without repository alias or path) that install "
       "OSMO, such as a mirror's own name for the chart; they count from any "
       "repository.",
       "[]"},
  };
}

}  // namespace threatmodel::rules::internal
