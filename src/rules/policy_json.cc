#include "threatmodel/rules/policy_json.h"

#include <string>
#include <utility>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/string_view.h"
#include "rules/json_fields.h"
#include "rules/json_limits.h"
#include "rules/string_view_compat.h"
#include "threatmodel/base/status_macros.h"

namespace threatmodel::rules {
namespace {

using internal::CheckObject;
using internal::FieldError;
using internal::ForEachListItem;
using internal::JoinPath;
using internal::ReadBool;
using internal::ReadInt;
using internal::ReadString;
using internal::ReadStrings;
using Json = nlohmann::json;

constexpr absl::string_view kWhat = "policy";

absl::Status ReadTiers(const Json& root, Policy& policy) {
  // A stated list replaces the default tiers; an absent one keeps them.
  if (auto it = root.find("tiers"); it != root.end() && it->is_array()) {
    policy.tiers.clear();
  }
  return ForEachListItem(
      root, "tiers", kWhat, "",
      [&](const Json& item, const std::string& path) -> absl::Status {
        THREATMODEL_RETURN_IF_ERROR(
            CheckObject(item, {"name", "roles", "admin"}, kWhat, path));
        TierProfile tier;
        THREATMODEL_RETURN_IF_ERROR(
            ReadString(item, "name", kWhat, path, &tier.name));
        THREATMODEL_RETURN_IF_ERROR(
            ReadStrings(item, "roles", kWhat, path, &tier.roles));
        THREATMODEL_RETURN_IF_ERROR(
            ReadBool(item, "admin", kWhat, path, &tier.admin));
        policy.tiers.push_back(std::move(tier));
        return absl::OkStatus();
      });
}

absl::Status ReadEnforcement(const Json& root, Policy& policy) {
  auto it = root.find("enforcement");
  if (it == root.end() || it->is_null()) return absl::OkStatus();
  if (!it->is_object()) {
    return FieldError(
        kWhat, "enforcement",
        absl::StrCat("expected an object, got ", internal::JsonTypeName(*it)));
  }
  for (const auto& item : it->items()) {
    std::string path = JoinPath("enforcement", item.key().substr(0, 64));
    if (!item.value().is_string()) {
      return FieldError(kWhat, path,
                        absl::StrCat("expected \"mandatory\" or \"advisory\", "
                                     "got ",
                                     internal::JsonTypeName(item.value())));
    }
    std::string level = absl::AsciiStrToLower(item.value().get<std::string>());
    Enforcement enforcement;
    if (level == "mandatory") {
      enforcement = Enforcement::kMandatory;
    } else if (level == "advisory") {
      enforcement = Enforcement::kAdvisory;
    } else {
      return FieldError(kWhat, path, "expected \"mandatory\" or \"advisory\"");
    }
    policy.enforcement[item.key()] = enforcement;
  }
  return absl::OkStatus();
}

absl::Status ReadWaivers(const Json& root, Policy& policy) {
  return ForEachListItem(
      root, "waivers", kWhat, "",
      [&](const Json& item, const std::string& path) -> absl::Status {
        THREATMODEL_RETURN_IF_ERROR(
            CheckObject(item,
                        {"threat", "subject", "justification", "expires",
                         "approver", "source"},
                        kWhat, path));
        Waiver waiver;
        THREATMODEL_RETURN_IF_ERROR(
            ReadString(item, "threat", kWhat, path, &waiver.threat_id));
        THREATMODEL_RETURN_IF_ERROR(
            ReadString(item, "subject", kWhat, path, &waiver.subject));
        THREATMODEL_RETURN_IF_ERROR(ReadString(item, "justification", kWhat,
                                               path, &waiver.justification));
        THREATMODEL_RETURN_IF_ERROR(
            ReadString(item, "expires", kWhat, path, &waiver.expires));
        THREATMODEL_RETURN_IF_ERROR(
            ReadString(item, "approver", kWhat, path, &waiver.approver));
        THREATMODEL_RETURN_IF_ERROR(
            ReadString(item, "source", kWhat, path, &waiver.source));
        if (waiver.source.empty()) waiver.source = path;
        policy.waivers.push_back(std::move(waiver));
        return absl::OkStatus();
      });
}

absl::StatusOr<Policy> Parse(absl::string_view json) {
  THREATMODEL_ASSIGN_OR_RETURN(
      Json root,
      internal::ParseBoundedJson(json, internal::JsonLimits{}, kWhat));
  THREATMODEL_RETURN_IF_ERROR(
      CheckObject(root,
                  {"max_roles_per_user", "tiers", "privileged_roles",
                   "additional_privileged_roles", "accepted_backends",
                   "enforcement", "waivers"},
                  kWhat, ""));
  Policy policy;
  THREATMODEL_RETURN_IF_ERROR(ReadInt(root, "max_roles_per_user", kWhat, "",
                                      &policy.max_roles_per_user));
  THREATMODEL_RETURN_IF_ERROR(ReadTiers(root, policy));
  if (auto it = root.find("privileged_roles");
      it != root.end() && !it->is_null()) {
    std::vector<std::string> roles;
    THREATMODEL_RETURN_IF_ERROR(
        ReadStrings(root, "privileged_roles", kWhat, "", &roles));
    policy.privileged_roles = std::move(roles);
  }
  THREATMODEL_RETURN_IF_ERROR(ReadStrings(root, "additional_privileged_roles",
                                          kWhat, "",
                                          &policy.additional_privileged_roles));
  THREATMODEL_RETURN_IF_ERROR(ReadStrings(root, "accepted_backends", kWhat, "",
                                          &policy.accepted_backends));
  THREATMODEL_RETURN_IF_ERROR(ReadEnforcement(root, policy));
  THREATMODEL_RETURN_IF_ERROR(ReadWaivers(root, policy));
  THREATMODEL_RETURN_IF_ERROR(ValidatePolicy(policy));
  return policy;
}

}  // namespace

absl::StatusOr<Policy> ParsePolicyJson(std::string_view json) {
  return internal::LoadWithoutExceptions(
      kWhat, [&] { return Parse(internal::Av(json)); });
}

}  // namespace threatmodel::rules
