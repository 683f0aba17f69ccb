#include "datasources/policy_config.h"

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <map>
#include <optional>
#include <utility>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "datasources/config_reader.h"
#include "threatmodel/rules/rule.h"

namespace threatmodel::datasources {
namespace {

using cty::Type;
using provider::Attribute;
using provider::OptionalAttribute;

constexpr char kWaiverType[] =
    "list(object({threat = string, subject = string, justification = string, "
    "expires = string, approver = string}))";

bool Present(const cty::Value* v) { return v != nullptr && !v->IsNull(); }
bool Settled(const cty::Value* v) { return Present(v) && v->IsWhollyKnown(); }

// The rule catalogue's types are compiled in; one that does not parse is a
// programmer error that every test run hits.
TypeSpec MustParse(std::string_view text) {
  absl::StatusOr<TypeSpec> spec = ParseTypeSpec(text);
  if (!spec.ok()) {
    std::fprintf(stderr, "threatmodel: %s\n",
                 std::string(spec.status().message()).c_str());
    std::abort();
  }
  return *std::move(spec);
}

bool HoldsObject(const TypeSpec& spec) {
  if (spec.kind == TypeSpec::Kind::kObject) return true;
  return spec.element != nullptr && HoldsObject(*spec.element);
}

const TypeSpec& WaiverSpec() {
  static const TypeSpec* spec = new TypeSpec(MustParse(kWaiverType));
  return *spec;
}

// A whole-number setting between `min` and `max`.
void ApplyCount(const cty::Value& config, const cty::Path& path,
                std::string_view name, int64_t min, int64_t max, int* out,
                diag::Diagnostics& diags) {
  const cty::Value* v = Member(config, name);
  if (!Settled(v)) return;
  std::optional<int64_t> n = v->AsNumber().AsInt64();
  if (!n.has_value() || *n < min || *n > max) {
    diags.AddAttributeError(
        path.Attr(std::string(name)), "Invalid value",
        absl::StrCat(std::string(name), " must be a whole number between ", min,
                     " and ", max, "."));
    return;
  }
  *out = static_cast<int>(*n);
}

void ApplyTiers(const cty::Value& config, const cty::Path& path,
                rules::Policy& policy, diag::Diagnostics& diags) {
  const cty::Value* v = Member(config, "tiers");
  if (!Settled(v)) return;
  std::vector<rules::TierProfile> tiers;
  ForEachElement(
      *v, path.Attr("tiers"), "tiers", diags,
      [&](const std::string& name, const cty::Path& tier_path,
          const cty::Value& tier) {
        rules::TierProfile profile;
        profile.name = name;
        if (auto roles = StringList(Member(tier, "roles"),
                                    tier_path.Attr("roles"), diags)) {
          profile.roles = *std::move(roles);
        }
        const cty::Value* admin = Member(tier, "admin");
        profile.admin = Present(admin) && admin->AsBool();
        tiers.push_back(std::move(profile));
      });
  policy.tiers = std::move(tiers);
}

void ApplyEnforcement(const cty::Value& config, const cty::Path& path,
                      rules::Policy& policy, diag::Diagnostics& diags) {
  const cty::Value* v = Member(config, "enforcement");
  if (!Settled(v)) return;
  for (const auto& [threat, level] : v->map_elements()) {
    const cty::Path at = path.Attr("enforcement").Key(threat);
    const std::optional<rules::ThreatKey> key = rules::FindThreatKey(threat);
    if (!key.has_value()) {
      diags.AddAttributeError(
          at, "Unknown threat ID",
          absl::StrCat("\"", threat,
                       "\" is not a threat this provider checks. Known "
                       "threats: ",
                       absl::StrJoin(rules::ThreatKeys(), ", "), "."));
      continue;
    }
    if (level.IsNull()) continue;
    const std::string canonical = rules::ThreatKeyName(
        key->rule->id, key->facet == nullptr ? "" : key->facet->name);
    const std::string lower = absl::AsciiStrToLower(level.AsString());
    if (lower == "mandatory") {
      policy.enforcement[canonical] = rules::Enforcement::kMandatory;
    } else if (lower == "advisory") {
      policy.enforcement[canonical] = rules::Enforcement::kAdvisory;
    } else {
      diags.AddAttributeError(at, "Invalid enforcement level",
                              "Use \"mandatory\" (an error that fails the "
                              "plan) or \"advisory\" (a warning).");
    }
  }
}

void ApplyOsmoChartDefaults(const cty::Value& config, const cty::Path& path,
                            rules::Policy& policy) {
  const cty::Value* v = Member(config, "osmo_chart_defaults");
  if (!Settled(v)) return;
  for (const auto& [key, value] : v->map_elements()) {
    if (value.IsNull()) continue;
    policy.osmo_chart_defaults[key] = value.AsBool();
  }
}

void ApplyStringList(const cty::Value& config, const cty::Path& path,
                     std::string_view name, diag::Diagnostics& diags,
                     const std::function<void(std::vector<std::string>)>& set) {
  const cty::Value* v = Member(config, name);
  if (!Settled(v)) return;
  if (auto list = StringList(v, path.Attr(std::string(name)), diags)) {
    set(*std::move(list));
  }
}

std::string WaiverField(const cty::Value& waiver, std::string_view name) {
  const cty::Value* v = Member(waiver, name);
  if (!Present(v) || !v->IsKnown() ||
      v->type().kind() != cty::Type::Kind::kString) {
    return "";
  }
  return v->AsString();
}

std::vector<PolicySetting> BuildSettings() {
  std::vector<PolicySetting> out;
  std::map<std::string, size_t> index;
  for (const rules::RuleInfo& rule : rules::Rules()) {
    for (const rules::RuleParameter& p : rule.parameters) {
      auto [it, inserted] = index.emplace(std::string(p.name), out.size());
      if (!inserted) {
        out[it->second].threat_ids.emplace_back(rule.id);
        continue;
      }
      PolicySetting s;
      s.name = std::string(p.name);
      s.type_text = std::string(p.type);
      s.type = MustParse(p.type);
      s.description = std::string(p.description);
      s.default_text = std::string(p.default_text);
      s.threat_ids.emplace_back(rule.id);
      out.push_back(std::move(s));
    }
  }
  PolicySetting enforcement;
  enforcement.name = "enforcement";
  enforcement.type_text = "map(string)";
  enforcement.type = MustParse(enforcement.type_text);
  enforcement.description = absl::StrCat(
      "Enforcement level per threat ID (", ThreatIdList(), ")",
      FacetKeysClause(
          "whose setting wins over the threat's; a facet not set takes the "
          "threat's setting, else its own default (the premise an accepted "
          "threat relies on is mandatory, the accepted condition advisory)"),
      ": `mandatory` (an error that fails the plan) or `advisory` (a "
      "warning).");
  enforcement.default_text = "mandatory";
  out.push_back(std::move(enforcement));
  return out;
}

std::string SettingDescription(const PolicySetting& s, bool dynamic) {
  std::string text = s.description;
  if (!s.threat_ids.empty()) {
    absl::StrAppend(&text, " Read by ", absl::StrJoin(s.threat_ids, " and "),
                    ".");
  }
  if (dynamic) {
    absl::StrAppend(&text, " Type: `", s.type_text,
                    "`; any other key is an error.");
  }
  if (!s.default_text.empty()) {
    absl::StrAppend(&text, " Default: ", s.default_text, ".");
  }
  return text;
}

}  // namespace

const std::vector<PolicySetting>& PolicySettings() {
  static const std::vector<PolicySetting>* settings =
      new std::vector<PolicySetting>(BuildSettings());
  return *settings;
}

std::vector<std::string> PolicySettingNames() {
  std::vector<std::string> names;
  for (const PolicySetting& s : PolicySettings()) names.push_back(s.name);
  std::sort(names.begin(), names.end());
  return names;
}

std::string FacetKeysClause(std::string_view effect) {
  std::vector<std::string> keys;
  for (const std::string& key : rules::ThreatKeys()) {
    if (key.find('/') != std::string::npos) keys.push_back(key);
  }
  if (keys.empty()) return "";
  return absl::StrCat(" or one facet of a threat (", absl::StrJoin(keys, ", "),
                      "), ", std::string(effect));
}

std::string ThreatIdList(std::string_view last) {
  std::vector<std::string> ids = rules::RuleIds();
  if (ids.size() < 2) return absl::StrJoin(ids, "");
  const std::string final_id = ids.back();
  ids.pop_back();
  return absl::StrCat(absl::StrJoin(ids, ", "), " ", std::string(last), " ",
                      final_id);
}

std::vector<Attribute> PolicyAttributes() {
  std::vector<Attribute> out;
  for (const PolicySetting& s : PolicySettings()) {
    const bool dynamic = HoldsObject(s.type);
    out.push_back(OptionalAttribute(
        s.name, dynamic ? Type::Dynamic() : CanonicalType(s.type),
        SettingDescription(s, dynamic)));
  }
  return out;
}

Attribute PolicyAttribute(std::string description) {
  std::vector<std::string> keys;
  for (const PolicySetting& s : PolicySettings()) {
    std::string key = absl::StrCat("`", s.name, "` (`", s.type_text, "`");
    if (!s.threat_ids.empty()) {
      absl::StrAppend(&key, ", ", absl::StrJoin(s.threat_ids, " and "));
    }
    keys.push_back(absl::StrCat(key, ")"));
  }
  absl::StrAppend(&description,
                  " An object with any of these keys, described with the "
                  "provider block's settings: ",
                  absl::StrJoin(keys, ", "),
                  ". Any other key is an error, so a misspelled setting "
                  "cannot be ignored.");
  return OptionalAttribute("policy", Type::Dynamic(), std::move(description));
}

Attribute WaiversAttribute(std::string description) {
  absl::StrAppend(
      &description,
      " A list of objects, each with every one of these keys: `threat` (the "
      "threat ID it covers: ",
      ThreatIdList(),
      FacetKeysClause("which covers only that facet's findings and wins over "
                      "a waiver of the whole threat"),
      "), `subject` (the finding subject it covers: `backend`, an "
      "Automation account's key, a user's key or a resource's address), "
      "`justification` (why the "
      "risk is accepted), `expires` (the last day it applies, `YYYY-MM-DD`) "
      "and `approver` (who accepted the risk). Any other key is an error.");
  return OptionalAttribute("waivers", Type::Dynamic(), std::move(description));
}

void ApplyPolicyConfig(const cty::Value& config, const cty::Path& path,
                       PolicyScope scope, rules::Policy& policy,
                       diag::Diagnostics& diags) {
  if (config.IsNull() || !config.IsKnown()) return;
  const cty::Type::Kind kind = config.type().kind();
  if (kind != cty::Type::Kind::kObject && kind != cty::Type::Kind::kMap) {
    diags.AddAttributeError(
        path, "Invalid value",
        absl::StrCat("policy must be an object of settings, not ",
                     config.type().FriendlyName(), "."));
    return;
  }
  if (scope == PolicyScope::kAssertion) {
    const std::vector<std::string> names = PolicySettingNames();
    const auto& members = kind == cty::Type::Kind::kObject
                              ? config.attributes()
                              : config.map_elements();
    for (const auto& [key, unused] : members) {
      if (std::binary_search(names.begin(), names.end(), key)) continue;
      if (key == "waivers") {
        diags.AddAttributeError(
            path.Attr(key), "Unsupported key \"waivers\"",
            "Waivers are not a policy setting: give them as the assertion's "
            "own `waivers` attribute, next to `policy`.");
        continue;
      }
      AddUnknownKeyError(key, path.Attr(key), "policy", names, diags);
    }
  }
  // Every setting in its canonical type, so that the appliers below can
  // rely on it.
  std::map<std::string, cty::Value> canonical;
  for (const PolicySetting& s : PolicySettings()) {
    const cty::Value* v = Member(config, s.name);
    if (!Present(v)) continue;
    if (std::optional<cty::Value> c =
            ConformValue(*v, s.type, path.Attr(s.name), diags)) {
      canonical.emplace(s.name, *std::move(c));
    }
  }
  const cty::Value settings = cty::Value::Object(std::move(canonical));
  ApplyCount(settings, path, "max_roles_per_user", 0, 10000,
             &policy.max_roles_per_user, diags);
  ApplyCount(settings, path, "shared_nsg_min_subnets", 1, 10000,
             &policy.shared_nsg_min_subnets, diags);
  ApplyTiers(settings, path, policy, diags);
  ApplyOsmoChartDefaults(settings, path, policy);
  ApplyEnforcement(settings, path, policy, diags);
  ApplyStringList(settings, path, "privileged_roles", diags,
                  [&](std::vector<std::string> v) {
                    policy.privileged_roles = std::move(v);
                  });
  ApplyStringList(settings, path, "additional_privileged_roles", diags,
                  [&](std::vector<std::string> v) {
                    policy.additional_privileged_roles = std::move(v);
                  });
  ApplyStringList(settings, path, "mek_key_patterns", diags,
                  [&](std::vector<std::string> v) {
                    policy.mek_key_patterns = std::move(v);
                  });
  ApplyStringList(
      settings, path, "osmo_charts", diags,
      [&](std::vector<std::string> v) { policy.osmo_charts = std::move(v); });
  ApplyStringList(settings, path, "accepted_backends", diags,
                  [&](std::vector<std::string> v) {
                    for (std::string& b : v) b = absl::AsciiStrToLower(b);
                    policy.accepted_backends = std::move(v);
                  });
}

void AppendWaivers(const cty::Value& waivers, const cty::Path& path,
                   const std::string& source_prefix,
                   std::vector<rules::Waiver>& out, diag::Diagnostics& diags) {
  std::optional<cty::Value> list =
      ConformValue(waivers, WaiverSpec(), path, diags);
  if (!list.has_value() || list->IsNull() || !list->IsKnown()) return;
  int64_t i = 0;
  for (const cty::Value& w : list->elements()) {
    rules::Waiver waiver;
    waiver.threat_id = WaiverField(w, "threat");
    waiver.subject = WaiverField(w, "subject");
    waiver.justification = WaiverField(w, "justification");
    waiver.expires = WaiverField(w, "expires");
    waiver.approver = WaiverField(w, "approver");
    waiver.source = absl::StrCat(source_prefix, "[", i, "]");
    out.push_back(std::move(waiver));
    ++i;
  }
}

}  // namespace threatmodel::datasources
