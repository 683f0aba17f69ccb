#include "datasources/policy_config.h"

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "datasources/config_reader.h"
#include "threatmodel/rules/rule.h"

namespace threatmodel::datasources {
namespace {

using cty::Type;
using provider::Attribute;
using provider::NestingMode;
using provider::OptionalAttribute;

const Type kStringList = Type::List(Type::String());

bool Present(const cty::Value* v) { return v != nullptr && !v->IsNull(); }
bool Settled(const cty::Value* v) { return Present(v) && v->IsWhollyKnown(); }

void ApplyMaxRoles(const cty::Value& config, const cty::Path& path,
                   rules::Policy& policy, diag::Diagnostics& diags) {
  const cty::Value* v = Member(config, "max_roles_per_user");
  if (!Settled(v)) return;
  std::optional<int64_t> n = v->AsNumber().AsInt64();
  if (!n.has_value() || *n < 0 || *n > 10000) {
    diags.AddAttributeError(path.Attr("max_roles_per_user"), "Invalid value",
                            "max_roles_per_user must be a whole number "
                            "between 0 and 10000.");
    return;
  }
  policy.max_roles_per_user = static_cast<int>(*n);
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
    const rules::RuleInfo* rule = rules::FindRule(threat);
    if (rule == nullptr) {
      diags.AddAttributeError(
          at, "Unknown threat ID",
          absl::StrCat("\"", threat,
                       "\" is not a threat this provider checks."
                       " Known threats: T-2, E-1, E-3."));
      continue;
    }
    if (level.IsNull()) continue;
    const std::string lower = absl::AsciiStrToLower(level.AsString());
    if (lower == "mandatory") {
      policy.enforcement[std::string(rule->id)] =
          rules::Enforcement::kMandatory;
    } else if (lower == "advisory") {
      policy.enforcement[std::string(rule->id)] = rules::Enforcement::kAdvisory;
    } else {
      diags.AddAttributeError(at, "Invalid enforcement level",
                              "Use \"mandatory\" (an error that fails the "
                              "plan) or \"advisory\" (a warning).");
    }
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

}  // namespace

std::vector<Attribute> PolicyAttributes() {
  Attribute tiers;
  tiers.name = "tiers";
  tiers.optional = true;
  tiers.nested_nesting = NestingMode::kMap;
  tiers.description =
      "Role profiles by tier name (E-3). Each user's `tier` names one. "
      "Replaces the default tiers `reader`, `contributor` and `admin`.";
  tiers.nested_attributes = {
      provider::RequiredAttribute(
          "roles", kStringList,
          "Role names or role definition IDs members of the tier may hold; "
          "`*` allows any role."),
      OptionalAttribute("admin", Type::Bool(),
                        "Whether members may hold admin-level roles. "
                        "Defaults to `false`."),
  };
  return {
      OptionalAttribute("max_roles_per_user", Type::Number(),
                        "E-3: the most role assignments one user may hold. "
                        "Defaults to 5."),
      tiers,
      OptionalAttribute(
          "privileged_roles", kStringList,
          "E-1 and E-3: the roles that count as privileged, by name or role "
          "definition ID. Replaces the built-in list (Owner, Contributor, "
          "User Access Administrator, Role Based Access Control "
          "Administrator and the service-level admin roles)."),
      OptionalAttribute("additional_privileged_roles", kStringList,
                        "Roles added to the privileged list, for example "
                        "custom roles."),
      OptionalAttribute("accepted_backends", kStringList,
                        "T-2: backend types accepted as remote, encrypted, "
                        "locked state. Defaults to `azurerm`, `remote` and "
                        "`cloud`."),
      OptionalAttribute("enforcement", Type::Map(Type::String()),
                        "Enforcement level per threat ID: `mandatory` (an "
                        "error that fails the plan, the default) or "
                        "`advisory` (a warning)."),
  };
}

Attribute WaiversAttribute(std::string description) {
  Attribute waivers;
  waivers.name = "waivers";
  waivers.optional = true;
  waivers.nested_nesting = NestingMode::kList;
  waivers.description = std::move(description);
  waivers.nested_attributes = {
      OptionalAttribute("threat", Type::String(),
                        "The threat ID the waiver covers, such as `E-3`."),
      OptionalAttribute("subject", Type::String(),
                        "The finding subject it covers: `backend`, an "
                        "Automation account's key or a user's key."),
      OptionalAttribute("justification", Type::String(),
                        "Why the risk is accepted."),
      OptionalAttribute("expires", Type::String(),
                        "Last day the waiver applies, `YYYY-MM-DD`."),
      OptionalAttribute("approver", Type::String(), "Who accepted the risk."),
  };
  return waivers;
}

void ApplyPolicyConfig(const cty::Value& config, const cty::Path& path,
                       rules::Policy& policy, diag::Diagnostics& diags) {
  if (config.IsNull() || !config.IsKnown()) return;
  ApplyMaxRoles(config, path, policy, diags);
  ApplyTiers(config, path, policy, diags);
  ApplyEnforcement(config, path, policy, diags);
  ApplyStringList(config, path, "privileged_roles", diags,
                  [&](std::vector<std::string> v) {
                    policy.privileged_roles = std::move(v);
                  });
  ApplyStringList(config, path, "additional_privileged_roles", diags,
                  [&](std::vector<std::string> v) {
                    policy.additional_privileged_roles = std::move(v);
                  });
  ApplyStringList(config, path, "accepted_backends", diags,
                  [&](std::vector<std::string> v) {
                    for (std::string& b : v) b = absl::AsciiStrToLower(b);
                    policy.accepted_backends = std::move(v);
                  });
}

void AppendWaivers(const cty::Value& waivers, const std::string& source_prefix,
                   std::vector<rules::Waiver>& out) {
  if (waivers.IsNull() || !waivers.IsKnown()) return;
  int64_t i = 0;
  for (const cty::Value& w : waivers.elements()) {
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
