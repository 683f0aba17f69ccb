#include "threatmodel/rules/policy_json.h"

#include <algorithm>
#include <cstddef>
#include <string>
#include <utility>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/string_view.h"
#include "rules/json_fields.h"
#include "rules/json_limits.h"
#include "rules/string_view_compat.h"
#include "threatmodel/base/status_macros.h"
#include "threatmodel/rules/rule.h"

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

absl::Status ReadPrivilegedRoles(const Json& root, Policy& policy) {
  // A stated list replaces the built-in one; an absent one keeps it.
  auto it = root.find("privileged_roles");
  if (it == root.end() || it->is_null()) return absl::OkStatus();
  std::vector<std::string> roles;
  THREATMODEL_RETURN_IF_ERROR(
      ReadStrings(root, "privileged_roles", kWhat, "", &roles));
  policy.privileged_roles = std::move(roles);
  return absl::OkStatus();
}

absl::Status ReadMaxRolesPerUser(const Json& root, Policy& policy) {
  return ReadInt(root, "max_roles_per_user", kWhat, "",
                 &policy.max_roles_per_user);
}

absl::Status ReadSharedNsgMinSubnets(const Json& root, Policy& policy) {
  return ReadInt(root, "shared_nsg_min_subnets", kWhat, "",
                 &policy.shared_nsg_min_subnets);
}

absl::Status ReadMekKeyPatterns(const Json& root, Policy& policy) {
  return ReadStrings(root, "mek_key_patterns", kWhat, "",
                     &policy.mek_key_patterns);
}

absl::Status ReadOsmoChartDefaults(const Json& root, Policy& policy) {
  auto it = root.find("osmo_chart_defaults");
  if (it == root.end() || it->is_null()) return absl::OkStatus();
  if (!it->is_object()) {
    return FieldError(
        kWhat, "osmo_chart_defaults",
        absl::StrCat("expected an object, got ", internal::JsonTypeName(*it)));
  }
  for (const auto& item : it->items()) {
    if (!item.value().is_boolean()) {
      return FieldError(
          kWhat, JoinPath("osmo_chart_defaults", item.key().substr(0, 64)),
          absl::StrCat("expected a bool, got ",
                       internal::JsonTypeName(item.value())));
    }
    policy.osmo_chart_defaults[item.key()] = item.value().get<bool>();
  }
  return absl::OkStatus();
}

absl::Status ReadOsmoCharts(const Json& root, Policy& policy) {
  return ReadStrings(root, "osmo_charts", kWhat, "", &policy.osmo_charts);
}

absl::Status ReadAdditionalPrivilegedRoles(const Json& root, Policy& policy) {
  return ReadStrings(root, "additional_privileged_roles", kWhat, "",
                     &policy.additional_privileged_roles);
}

absl::Status ReadAcceptedBackends(const Json& root, Policy& policy) {
  return ReadStrings(root, "accepted_backends", kWhat, "",
                     &policy.accepted_backends);
}

// How the file's top-level keys become Policy fields. Which keys the file
// accepts is not decided here but by the registry (PolicyJsonKeys()); this
// table only knows how to read them.
struct KeyReader {
  absl::string_view key;
  absl::Status (*read)(const Json& root, Policy& policy);
};

constexpr KeyReader kReaders[] = {
    {"accepted_backends", &ReadAcceptedBackends},
    {"max_roles_per_user", &ReadMaxRolesPerUser},
    {"shared_nsg_min_subnets", &ReadSharedNsgMinSubnets},
    {"mek_key_patterns", &ReadMekKeyPatterns},
    {"osmo_chart_defaults", &ReadOsmoChartDefaults},
    {"osmo_charts", &ReadOsmoCharts},
    {"tiers", &ReadTiers},
    {"privileged_roles", &ReadPrivilegedRoles},
    {"additional_privileged_roles", &ReadAdditionalPrivilegedRoles},
    {"enforcement", &ReadEnforcement},
    {"waivers", &ReadWaivers},
};

const KeyReader* FindReader(absl::string_view key) {
  for (const KeyReader& reader : kReaders) {
    if (reader.key == key) return &reader;
  }
  return nullptr;
}

std::size_t EditDistance(absl::string_view a, absl::string_view b) {
  std::vector<std::size_t> row(b.size() + 1);
  for (std::size_t j = 0; j <= b.size(); ++j) row[j] = j;
  for (std::size_t i = 1; i <= a.size(); ++i) {
    std::size_t diagonal = row[0];
    row[0] = i;
    for (std::size_t j = 1; j <= b.size(); ++j) {
      const std::size_t above = row[j];
      row[j] = std::min({row[j] + 1, row[j - 1] + 1,
                         diagonal + (a[i - 1] == b[j - 1] ? 0 : 1)});
      diagonal = above;
    }
  }
  return row[b.size()];
}

// "unknown key; did you mean "x"? accepted keys: ..." for a key within edit
// distance 2 of an accepted one (case-insensitive), else without the guess.
std::string UnknownKeyMessage(absl::string_view key,
                              const std::vector<std::string>& accepted) {
  std::string message = "unknown key";
  // Keys far longer than any accepted one cannot be close; skip the work.
  if (key.size() <= 128) {
    const std::string lower = absl::AsciiStrToLower(key);
    std::size_t best = 3;
    const std::string* closest = nullptr;
    for (const std::string& candidate : accepted) {
      const std::size_t d = EditDistance(lower, candidate);
      if (d < best && d < lower.size()) {
        best = d;
        closest = &candidate;
      }
    }
    if (closest != nullptr) {
      absl::StrAppend(&message, "; did you mean \"", *closest, "\"?");
    }
  }
  absl::StrAppend(&message, "; accepted keys: ", absl::StrJoin(accepted, ", "));
  return message;
}

absl::StatusOr<Policy> Parse(absl::string_view json) {
  THREATMODEL_ASSIGN_OR_RETURN(
      Json root,
      internal::ParseBoundedJson(json, internal::JsonLimits{}, kWhat));
  if (!root.is_object()) {
    return FieldError(
        kWhat, "",
        absl::StrCat("expected an object, got ", internal::JsonTypeName(root)));
  }
  const std::vector<std::string>& accepted = PolicyJsonKeys();
  for (const auto& item : root.items()) {
    if (std::find(accepted.begin(), accepted.end(), item.key()) ==
        accepted.end()) {
      return FieldError(kWhat, item.key().substr(0, 64),
                        UnknownKeyMessage(item.key(), accepted));
    }
  }
  Policy policy;
  // In the registry's order, which is also the order errors are found in.
  for (const std::string& key : accepted) {
    const KeyReader* reader = FindReader(key);
    if (reader == nullptr) {
      return absl::InternalError(absl::StrCat(
          "policy: the rule parameter \"", key,
          "\" has no reader for the policy file; add one to kReaders in "
          "src/rules/policy_json.cc"));
    }
    THREATMODEL_RETURN_IF_ERROR(reader->read(root, policy));
  }
  THREATMODEL_RETURN_IF_ERROR(ValidatePolicy(policy));
  return policy;
}

}  // namespace

const std::vector<std::string>& PolicyJsonKeys() {
  static const std::vector<std::string>* keys = [] {
    auto* out = new std::vector<std::string>();
    for (const RuleInfo& rule : Rules()) {
      for (const RuleParameter& parameter : rule.parameters) {
        std::string name(parameter.name);
        if (std::find(out->begin(), out->end(), name) == out->end()) {
          out->push_back(std::move(name));
        }
      }
    }
    out->push_back("enforcement");
    out->push_back("waivers");
    return out;
  }();
  return *keys;
}

absl::StatusOr<Policy> ParsePolicyJson(std::string_view json) {
  return internal::LoadWithoutExceptions(
      kWhat, [&] { return Parse(internal::Av(json)); });
}

}  // namespace threatmodel::rules
