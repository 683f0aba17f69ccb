#include "rules/key_export.h"

#include <algorithm>
#include <string>
#include <vector>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "rules/links.h"
#include "rules/reference_facts.h"
#include "rules/rules_internal.h"
#include "rules/string_view_compat.h"
#include "rules/unknown_ladder.h"

namespace threatmodel::rules::internal {
namespace {

constexpr char kVaultType[] = "azurerm_key_vault";
constexpr char kSecretType[] = "azurerm_key_vault_secret";

// Three-valued "and" and "or": a known operand that decides wins, else
// anything not known (unknown, or null, which no setting here should be)
// leaves the result open.
Maybe<bool> And(const Maybe<bool>& a, const Maybe<bool>& b) {
  if ((a.is_known() && !a.value()) || (b.is_known() && !b.value())) {
    return false;
  }
  if (!a.is_known() || !b.is_known()) return Maybe<bool>::Unknown();
  return true;
}

Maybe<bool> Or(const Maybe<bool>& a, const Maybe<bool>& b) {
  if ((a.is_known() && a.value()) || (b.is_known() && b.value())) return true;
  if (!a.is_known() || !b.is_known()) return Maybe<bool>::Unknown();
  return false;
}

// RBAC authorization under either provider generation's name.
KeyVaultVerdict Rbac(const Resource& vault) {
  const DecidedBool old_name =
      DecideBool(vault, "enable_rbac_authorization", false);
  const DecidedBool new_name =
      DecideBool(vault, "rbac_authorization_enabled", false);
  if (old_name.value.is_known() && old_name.value.value()) {
    return {true, old_name.text};
  }
  if (new_name.value.is_known() && new_name.value.value()) {
    return {true, new_name.text};
  }
  if (old_name.value.is_unknown()) return {old_name.value, old_name.text};
  if (new_name.value.is_unknown()) return {new_name.value, new_name.text};
  const bool new_in_plan =
      LookupPath(vault.values, "rbac_authorization_enabled").state !=
      Lookup::State::kAbsent;
  return {false, new_in_plan ? new_name.text : old_name.text};
}

// Public network access off, or the firewall denying by default.
KeyVaultVerdict Closed(const Resource& vault) {
  const DecidedBool pub =
      DecideBool(vault, "public_network_access_enabled", true);
  const Decided action =
      Decide(vault, "network_acls[0].default_action", PlanValue::Null());
  Maybe<bool> deny;
  if (!action.decided()) {
    deny = Maybe<bool>::Unknown();
  } else {
    deny = action.value.kind() == PlanValue::Kind::kString &&
           absl::EqualsIgnoreCase(action.value.string_value(), "Deny");
  }
  const Maybe<bool> public_off = pub.value.is_known()
                                     ? Maybe<bool>(!pub.value.value())
                                     : Maybe<bool>::Unknown();
  if (public_off.is_known() && public_off.value()) {
    return {true, pub.text};
  }
  return {Or(public_off, deny), absl::StrCat(pub.text, ", ", action.text)};
}

std::string StepName(std::string_view step) {
  const std::size_t bracket = step.find('[');
  return std::string(step.substr(0, bracket));
}

}  // namespace

bool IsKeyAttribute(std::string_view attribute) {
  for (absl::string_view step : absl::StrSplit(Av(attribute), '.')) {
    const std::string name =
        StepName(std::string_view(step.data(), step.size()));
    if (name == "primary_access_key" || name == "secondary_access_key" ||
        absl::EndsWith(name, "_connection_string")) {
      return true;
    }
  }
  return false;
}

bool CarriesKeys(std::string_view attribute) {
  return attribute.empty() || IsKeyAttribute(attribute);
}

namespace {

// Whether `ref`, made from `from`, reads `target`'s keys.
bool ReadsKeysOf(const Facts& facts, const Reference& ref, const Resource& from,
                 const Resource& target) {
  if (ref.kind != Reference::Kind::kResource ||
      ref.resource != target.base_address || !CarriesKeys(ref.attribute)) {
    return false;
  }
  bool ambiguous = false;
  const Resource* named = facts.Instance(ref, from, &ambiguous);
  return named == &target || ambiguous;
}

}  // namespace

std::vector<KeyCopy> KeyCopiesOf(const Facts& facts, const Resource& target) {
  if (!facts.key_referrers.has_value()) {
    auto& index = facts.key_referrers.emplace();
    for (const auto& [type, resources] : facts.by_type) {
      if (absl::StartsWith(type, "data.")) continue;
      for (const Resource* holder : resources) {
        for (const auto& [path, refs] : holder->references) {
          for (const Reference& ref : refs) {
            if (ref.kind != Reference::Kind::kResource ||
                !CarriesKeys(ref.attribute)) {
              continue;
            }
            index[ref.resource].push_back({holder, &path, &ref});
          }
        }
      }
    }
  }
  std::vector<KeyCopy> out;
  const auto found = facts.key_referrers->find(target.base_address);
  if (found != facts.key_referrers->end()) {
    for (const Facts::KeyReferrer& referrer : found->second) {
      if (referrer.holder == &target) continue;
      if (!ReadsKeysOf(facts, *referrer.ref, *referrer.holder, target)) {
        continue;
      }
      out.push_back(
          {referrer.holder, nullptr, *referrer.path, referrer.ref->text,
           absl::StrCat(referrer.holder->address, ".", *referrer.path)});
    }
  }
  // An output is not an instance of anything: a keyless reference from it
  // pairs with no instance key. Outputs are few, so they are not indexed.
  const Resource root_module;
  for (const RootOutput* output : facts.outputs) {
    for (const Reference& ref : output->references) {
      if (!ReadsKeysOf(facts, ref, root_module, target)) continue;
      out.push_back({nullptr, output, "", ref.text, output->source});
    }
  }
  return out;
}

KeyVaultVerdict KeyVaultOk(const Resource& vault) {
  const KeyVaultVerdict rbac = Rbac(vault);
  const DecidedBool purge =
      DecideBool(vault, "purge_protection_enabled", false);
  const KeyVaultVerdict closed = Closed(vault);
  return {And(And(rbac.ok, purge.value), closed.ok),
          absl::StrCat(rbac.text, ", ", purge.text, ", ", closed.text)};
}

Finding KeyExportFinding(const Facts& facts, const Resource& target,
                         std::string facet, std::string_view threat) {
  if (!target.configured.has_value()) {
    return ResourceFinding(
        Status::kNotApplicable, target, std::move(facet),
        "the input carries no configuration references, so a copy of the "
        "keys cannot be seen (plan JSON shows them)");
  }
  const std::vector<KeyCopy> copies = KeyCopiesOf(facts, target);
  if (copies.empty()) {
    return ResourceFinding(Status::kPass, target, std::move(facet),
                           "no planned resource refers to the keys");
  }
  std::vector<std::string> outside;
  std::vector<std::string> open;
  std::vector<std::string> vaulted;
  std::vector<std::string> related;
  for (const KeyCopy& copy : copies) {
    const std::string where = absl::StrCat(copy.where, " = ", copy.reference);
    if (copy.holder == nullptr) {
      related.push_back(copy.output->source);
      outside.push_back(where);
      continue;
    }
    related.push_back(copy.holder->source);
    if (copy.holder->type != kSecretType || copy.path != "value") {
      outside.push_back(where);
      continue;
    }
    const Link link = LinkOf(facts, *copy.holder, "key_vault_id", kVaultType);
    if (link.state != Link::State::kLinked) {
      open.push_back(absl::StrCat(
          where, " (", link.text,
          link.state == Link::State::kNone
              ? ": the Key Vault is not planned here, so it cannot be judged)"
              : ")"));
      continue;
    }
    for (const Resource* vault : link.targets) {
      const KeyVaultVerdict ok = KeyVaultOk(*vault);
      const std::string judged =
          absl::StrCat(where, " in ", vault->address, " (", ok.text, ")");
      if (ok.ok.is_unknown()) {
        open.push_back(judged);
      } else if (ok.ok.value()) {
        vaulted.push_back(judged);
      } else {
        outside.push_back(judged);
      }
      related.push_back(vault->source);
    }
  }
  Finding f;
  if (!outside.empty()) {
    f = ResourceFinding(
        Status::kViolation, target, std::move(facet),
        absl::StrCat(
            "the keys are copied outside a sound Key Vault (RBAC mode, purge "
            "protection, no public access): ",
            absl::StrJoin(outside, "; "),
            ", so the Key Vault-stored premise "
            "of accepting ",
            Av(threat), " does not hold"));
  } else if (!open.empty()) {
    f = ResourceFinding(Status::kUndecided, target, std::move(facet),
                        absl::StrCat("where the keys end up is decided at "
                                     "apply: ",
                                     absl::StrJoin(open, "; ")));
  } else {
    f = ResourceFinding(
        Status::kPass, target, std::move(facet),
        absl::StrCat("the keys are kept only in sound Key Vaults: ",
                     absl::StrJoin(vaulted, "; ")));
  }
  // One holder may copy the keys into several attributes: named once.
  for (std::string& s : related) {
    if (s != target.source &&
        std::find(f.related_sources.begin(), f.related_sources.end(), s) ==
            f.related_sources.end()) {
      f.related_sources.push_back(std::move(s));
    }
  }
  return f;
}

const std::vector<const char*>& KeyHolderResourceTypes() {
  static const std::vector<const char*>* types = new std::vector<const char*>{
      kSecretType,
      kVaultType,
      "azurerm_app_configuration_key",
      "azurerm_container_app",
      "azurerm_linux_function_app",
      "azurerm_linux_web_app",
      "azurerm_windows_function_app",
      "azurerm_windows_web_app",
      "helm_release",
      "kubernetes_config_map",
      "kubernetes_config_map_v1",
      "kubernetes_secret",
      "kubernetes_secret_v1",
      "local_file",
      "local_sensitive_file",
  };
  return *types;
}

}  // namespace threatmodel::rules::internal
