// T-1: the model encryption key (MEK) stored in a ConfigMap (Open).
//
// ConfigMaps are neither encrypted at rest by etcd's secret encryption nor
// kept from anyone who may read the namespace's configuration, so a key in
// one is as good as published. One facet, mandatory, per
// kubernetes_config_map, kubernetes_config_map_v1 and kubernetes_manifest
// of kind ConfigMap: a violation when
//
//   * a `data` or `binary_data` key matches the policy's
//     mek_key_patterns (default `mek.yaml` and `*mek*`, case-insensitive);
//   * a known value holds MEK material: OSMO's `currentMek` or `meks:`
//     keys, or a JSON Web Key of type `oct` (a symmetric key); or
//   * the configuration fills the data from a generated or stored secret
//     (random_password, random_bytes, tls_private_key, or an
//     azurerm_key_vault_secret's value).
//
// A second facet, advisory, per azurerm_kubernetes_cluster: whether the
// cluster is ready for the remediation, which moves the key into Key Vault
// and mounts it with the Secrets Store CSI driver
// (`key_vault_secrets_provider`), or at the least into a Secret encrypted
// in etcd with a Key Vault key (`key_management_service[0].
// key_vault_key_id`). Both present passes; either missing is a violation;
// a block unknown at plan time and set by the configuration is undecided.
//
// Values are read only to look for those markers and are never quoted in
// a finding: they may be the key itself. A data map unknown as a whole
// (its keys cannot be read) is undecided; unknown values under known keys
// that match nothing, set from nothing secret, pass.

#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_replace.h"
#include "rules/reference_facts.h"
#include "rules/rules_internal.h"
#include "rules/string_view_compat.h"
#include "rules/unknown_ladder.h"

namespace threatmodel::rules::internal {
namespace {

constexpr const char* kConfigMapTypes[] = {"kubernetes_config_map",
                                           "kubernetes_config_map_v1"};
constexpr char kManifestType[] = "kubernetes_manifest";
constexpr char kFacet[] = "mek-config-map";
constexpr char kClusterType[] = "azurerm_kubernetes_cluster";
constexpr char kKeyStoreFacet[] = "key-store-ready";

// Whether `text` matches `pattern`, both lowercase, `*` matching any run
// of characters (iterative, with one backtrack point: linear in practice
// and never exponential).
bool GlobMatch(std::string_view pattern, std::string_view text) {
  std::size_t p = 0;
  std::size_t t = 0;
  std::size_t star = std::string_view::npos;
  std::size_t resume = 0;
  while (t < text.size()) {
    if (p < pattern.size() && pattern[p] == '*') {
      star = p++;
      resume = t;
    } else if (p < pattern.size() && pattern[p] == text[t]) {
      ++p;
      ++t;
    } else if (star != std::string_view::npos) {
      p = star + 1;
      t = ++resume;
    } else {
      return false;
    }
  }
  while (p < pattern.size() && pattern[p] == '*') ++p;
  return p == pattern.size();
}

// The policy pattern a data key matches, or empty.
std::string MekKeyPattern(std::string_view key,
                          const std::vector<std::string>& patterns) {
  const std::string lower = absl::AsciiStrToLower(Av(key));
  for (const std::string& pattern : patterns) {
    if (GlobMatch(pattern, lower)) return pattern;
  }
  return "";
}

// The marker a value holds, or empty. Whitespace is dropped first so that
// `"kty": "oct"` and `"kty":"oct"` read alike.
std::string MekMarker(const std::string& value) {
  if (absl::StrContains(value, "currentMek")) return "currentMek";
  if (absl::StrContains(value, "meks:")) return "meks:";
  const std::string compact = absl::StrReplaceAll(
      value, {{" ", ""}, {"\t", ""}, {"\n", ""}, {"\r", ""}});
  if (absl::StrContains(compact, "\"kty\":\"oct\"")) {
    return "\"kty\":\"oct\" (a symmetric JSON Web Key)";
  }
  return "";
}

// Whether a reference names a generated or stored secret.
bool SecretReference(const Reference& ref) {
  if (ref.kind != Reference::Kind::kResource) return false;
  const std::string_view type = ReferencedType(ref);
  if (type == "random_password" || type == "random_bytes" ||
      type == "tls_private_key") {
    return true;
  }
  return type == "azurerm_key_vault_secret" && ref.attribute == "value";
}

// What one data map says: the reasons for a violation, and why it is
// undecided.
struct Reading {
  std::vector<std::string> reasons;
  std::string undecided;
};

void ReadMap(const PlanValue& root, std::string_view path,
             std::string_view shown, const std::vector<std::string>& patterns,
             Reading* out) {
  const Lookup l = LookupPath(root, path);
  if (l.state == Lookup::State::kUnknown ||
      l.state == Lookup::State::kSensitive) {
    if (!out->undecided.empty()) absl::StrAppend(&out->undecided, "; ");
    absl::StrAppend(&out->undecided, Av(shown),
                    l.state == Lookup::State::kUnknown
                        ? " is unknown at plan time as a whole, so its keys "
                          "cannot be read"
                        : " is sensitive as a whole, so its keys cannot be "
                          "read");
    return;
  }
  if (l.state != Lookup::State::kFound ||
      l.value->kind() != PlanValue::Kind::kObject) {
    return;
  }
  for (const auto& [key, value] : l.value->members()) {
    const std::string pattern = MekKeyPattern(key, patterns);
    if (!pattern.empty()) {
      out->reasons.push_back(absl::StrCat(Av(shown), " key \"", key,
                                          "\" is named like the MEK file (",
                                          pattern, ")"));
      continue;
    }
    if (value.kind() == PlanValue::Kind::kString) {
      const std::string marker = MekMarker(value.string_value());
      if (!marker.empty()) {
        out->reasons.push_back(absl::StrCat(
            "the value of ", Av(shown), " key \"", key, "\" holds ", marker));
      }
    }
  }
}

void ReadReferences(const Resource& r, std::string_view path, Reading* out) {
  std::vector<std::string> secrets;
  for (const Reference& ref : RefsOf(r, path)) {
    if (SecretReference(ref)) secrets.push_back(ref.text);
  }
  if (!secrets.empty()) {
    out->reasons.push_back(absl::StrCat(
        Av(path), " is set from ", absl::StrJoin(secrets, ", "), ", a secret"));
  }
}

Finding Judge(const Resource& r, const Reading& reading) {
  if (!reading.reasons.empty()) {
    return ResourceFinding(
        Status::kViolation, r, kFacet,
        absl::StrCat("a ConfigMap holds key material: ",
                     absl::StrJoin(reading.reasons, "; "),
                     ". ConfigMaps are not encrypted at rest as Secrets are "
                     "and anyone who may read the namespace's configuration "
                     "reads them"));
  }
  if (!reading.undecided.empty()) {
    return ResourceFinding(
        Status::kUndecided, r, kFacet,
        absl::StrCat("whether the ConfigMap holds key material is decided "
                     "at apply: ",
                     reading.undecided));
  }
  return ResourceFinding(Status::kPass, r, kFacet,
                         "no key is named like the MEK file, no value holds "
                         "MEK material and nothing secret fills it");
}

// Whether the cluster has the Key Vault Secrets Store CSI driver and etcd
// encryption with a Key Vault key.
// One of the two blocks: present (a non-empty list), absent, or unknown.
// The blocks are Optional; left out of the configuration they are empty.
struct Block {
  Maybe<bool> present;
  std::string text;
};
Block BlockOf(const Resource& cluster, std::string_view name) {
  const Decided d = Decide(cluster, name, PlanValue::List({}));
  if (!d.decided()) return {Maybe<bool>::Unknown(), d.text};
  const bool present =
      d.value.kind() == PlanValue::Kind::kList && !d.value.elements().empty();
  return {present, absl::StrCat(Av(name), present ? " is configured"
                                                  : " is not configured")};
}

Finding KeyStoreReady(const Resource& cluster) {
  // key_vault_key_id is Required in its block, so the block decides.
  const Block csi = BlockOf(cluster, "key_vault_secrets_provider");
  const Block kms = BlockOf(cluster, "key_management_service");
  const std::string texts = absl::StrCat(csi.text, "; ", kms.text);
  std::vector<std::string> missing;
  if (csi.present.is_known() && !csi.present.value()) {
    missing.push_back(
        "no Secrets Store CSI driver (key_vault_secrets_provider) to mount "
        "the key from Key Vault");
  }
  if (kms.present.is_known() && !kms.present.value()) {
    missing.push_back(
        "no etcd encryption with a Key Vault key (key_management_service) "
        "for Secrets");
  }
  if (!missing.empty()) {
    return ResourceFinding(
        Status::kViolation, cluster, kKeyStoreFacet,
        absl::StrCat("the cluster is not ready to hold the MEK safely: ",
                     absl::StrJoin(missing, "; "), " (", texts, ")"));
  }
  if (!csi.present.is_known() || !kms.present.is_known()) {
    return ResourceFinding(Status::kUndecided, cluster, kKeyStoreFacet, texts);
  }
  return ResourceFinding(
      Status::kPass, cluster, kKeyStoreFacet,
      absl::StrCat("the MEK can be mounted from Key Vault and Secrets are "
                   "encrypted in etcd with a Key Vault key (",
                   texts, ")"));
}

std::vector<Finding> Evaluate(const Facts& facts, const CompiledPolicy& policy,
                              const DeclaredFindings&) {
  const std::vector<std::string>& patterns = policy.mek_key_patterns();
  std::vector<Finding> out;
  for (const char* type : kConfigMapTypes) {
    for (const Resource* r : facts.OfType(type)) {
      Reading reading;
      ReadMap(r->values, "data", "data", patterns, &reading);
      ReadMap(r->values, "binary_data", "binary_data", patterns, &reading);
      ReadReferences(*r, "data", &reading);
      ReadReferences(*r, "binary_data", &reading);
      out.push_back(Judge(*r, reading));
    }
  }
  for (const Resource* r : facts.OfType(kManifestType)) {
    Reading reading;
    const Lookup manifest = LookupPath(r->values, "manifest");
    if (manifest.state == Lookup::State::kUnknown ||
        manifest.state == Lookup::State::kSensitive) {
      reading.undecided =
          "manifest is unknown at plan time, so whether it is a ConfigMap "
          "cannot be told";
      out.push_back(Judge(*r, reading));
      continue;
    }
    if (manifest.state != Lookup::State::kFound) continue;
    const Maybe<std::string> kind = StringAt(*manifest.value, "kind");
    if (kind.is_unknown()) {
      reading.undecided = "manifest.kind is unknown at plan time";
      out.push_back(Judge(*r, reading));
      continue;
    }
    if (!kind.is_known() || kind.value() != "ConfigMap") continue;
    ReadMap(*manifest.value, "data", "manifest.data", patterns, &reading);
    ReadMap(*manifest.value, "binaryData", "manifest.binaryData", patterns,
            &reading);
    ReadReferences(*r, "manifest", &reading);
    out.push_back(Judge(*r, reading));
  }
  if (out.empty()) {
    out.push_back(MakeFinding(
        Status::kNotApplicable, "deployment", "",
        "the plan holds no ConfigMap (kubernetes_config_map, "
        "kubernetes_config_map_v1 or a kubernetes_manifest of kind "
        "ConfigMap); one created outside Terraform cannot be judged here"));
  }
  for (const Resource* cluster : facts.OfType(kClusterType)) {
    out.push_back(KeyStoreReady(*cluster));
  }
  return out;
}

}  // namespace

namespace catalogue {

RuleEntry T1MekInConfigMap() {
  RuleInfo info;
  info.id = "T-1";
  info.short_code = "mek-in-config-map";
  info.title = "The model encryption key must not be stored in a ConfigMap";
  info.description =
      "A kubernetes_config_map, kubernetes_config_map_v1 or "
      "kubernetes_manifest of kind ConfigMap is a violation when a data or "
      "binary_data key matches mek_key_patterns (default mek.yaml and *mek*, "
      "case-insensitive), when a known value holds MEK "
      "material (currentMek, meks:, or \"kty\":\"oct\", a symmetric JSON "
      "Web Key), or when the configuration fills the data from "
      "random_password, random_bytes, tls_private_key or an "
      "azurerm_key_vault_secret's value. Values are never quoted in "
      "findings. A data map unknown as a whole, or a manifest unknown at "
      "plan time, is undecided; unknown values under keys that match "
      "nothing pass. Facet key-store-ready (advisory), per "
      "azurerm_kubernetes_cluster: key_vault_secrets_provider (the Secrets "
      "Store CSI driver) and key_management_service[0].key_vault_key_id "
      "(etcd encryption with a Key Vault key), which the remediation "
      "needs; a block unknown at plan time and set by the configuration is "
      "undecided.";
  info.remediation =
      "Keep the MEK in Azure Key Vault and mount it with the Secrets Store "
      "CSI driver (key_vault_secrets_provider on the AKS cluster, with "
      "secret_rotation_enabled), or at the least in a kubernetes_secret_v1 "
      "with etcd encryption through key_management_service; remove it from "
      "the ConfigMap.";
  info.stride = Stride::kTampering;
  info.severity = Severity::kHigh;
  info.security_severity = 7.5;
  info.threat_model_rating = "High";
  info.doc_path = "docs/rules/T-1.md";
  info.resource_types = {kConfigMapTypes[0], kConfigMapTypes[1], kManifestType,
                         kClusterType};
  info.parameters = {
      {"mek_key_patterns", "list(string)",
       "ConfigMap data keys named like the model encryption key file: "
       "case-insensitive, * matching any run of characters.",
       "[\"mek.yaml\", \"*mek*\"]"},
  };
  info.facets = {
      {kFacet,
       "No ConfigMap holds the model encryption key or other key material.",
       Enforcement::kMandatory},
      {kKeyStoreFacet,
       "The AKS cluster has the Key Vault Secrets Store CSI driver and etcd "
       "encryption with a Key Vault key, which the remediation relies on.",
       Enforcement::kAdvisory},
  };
  return {info, &Evaluate};
}

}  // namespace catalogue
}  // namespace threatmodel::rules::internal
