// I-3: Redis access keys alongside a private endpoint (Accepted).
//
// The threat model accepts that Redis keeps access keys (shared secrets
// that land in Terraform state and Key Vault) because the cache is reached
// only through a private endpoint. Three facets per cache:
//
//   access-keys      (advisory) access-key authentication is on: the
//                    condition the threat model accepts. azurerm_redis_cache
//                    `access_keys_authentication_enabled` (4.x; default
//                    true, and always on in 3.x, which lacks the setting);
//                    azurerm_managed_redis `default_database[0].
//                    access_keys_authentication_enabled` (default false).
//   non-tls          (mandatory) traffic, keys included, may travel in clear
//                    text: `non_ssl_port_enabled` (3.114+ and 4.x) or
//                    `enable_non_ssl_port` (up to 3.x), either true; a
//                    managed Redis database's `client_protocol` "Plaintext".
//   premise-private  (mandatory) public network access is on:
//                    `public_network_access_enabled` (cache, default true)
//                    or `public_network_access` "Enabled" (managed Redis,
//                    the default). A cache injected into a subnet
//                    (`subnet_id`) is private.
//   premise-key-vault (mandatory) the keys are copied somewhere other
//                    than a sound Key Vault: a configuration reference to
//                    `primary_access_key`, `secondary_access_key` (a
//                    managed Redis database's too) or a
//                    `*_connection_string` from another planned resource,
//                    unless that is an azurerm_key_vault_secret's `value`
//                    in a KV_OK vault (rules/key_export.h, shared with
//                    I-1).
//
// Subjects are the caches' addresses.

#include <string>
#include <utility>
#include <vector>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "rules/key_export.h"
#include "rules/links.h"
#include "rules/rules_internal.h"
#include "rules/string_view_compat.h"
#include "rules/unknown_ladder.h"

namespace threatmodel::rules::internal {
namespace {

constexpr char kCacheType[] = "azurerm_redis_cache";
constexpr char kManagedType[] = "azurerm_managed_redis";
constexpr char kKeysFacet[] = "access-keys";
constexpr char kTlsFacet[] = "non-tls";
constexpr char kPremiseFacet[] = "premise-private";
constexpr char kKeyVaultFacet[] = "premise-key-vault";

// A decided yes/no with what the plan says, for one facet.
struct Verdict {
  Maybe<bool> bad;
  std::string text;
};

Finding FacetFinding(const Resource& r, const char* facet,
                     const Verdict& verdict, std::string_view bad_reason,
                     std::string_view good_reason) {
  if (verdict.bad.is_unknown()) {
    return ResourceFinding(Status::kUndecided, r, facet, verdict.text);
  }
  return ResourceFinding(
      verdict.bad.value() ? Status::kViolation : Status::kPass, r, facet,
      absl::StrCat(verdict.text, ": ",
                   Av(verdict.bad.value() ? bad_reason : good_reason)));
}

// Either of two names of one setting (old and new provider generations)
// set true is true.
Verdict EitherTrue(const Resource& r, std::string_view old_name,
                   std::string_view new_name) {
  const DecidedBool a = DecideBool(r, old_name, false);
  const DecidedBool b = DecideBool(r, new_name, false);
  const bool a_in_plan =
      LookupPath(r.values, old_name).state != Lookup::State::kAbsent;
  if (a.value.is_known() && a.value.value()) return {true, a.text};
  if (b.value.is_known() && b.value.value()) return {true, b.text};
  if (a.value.is_unknown()) return {Maybe<bool>::Unknown(), a.text};
  if (b.value.is_unknown()) return {Maybe<bool>::Unknown(), b.text};
  // Name the setting this provider generation has.
  return {false, a_in_plan ? a.text : b.text};
}

// Whether a string setting (with a default) equals `bad`, case-insensitive.
Verdict StringIs(const Resource& r, std::string_view path,
                 std::string_view provider_default, std::string_view bad) {
  const Decided d =
      Decide(r, path, PlanValue::String(std::string(provider_default)));
  if (!d.decided()) return {Maybe<bool>::Unknown(), d.text};
  if (d.value.kind() != PlanValue::Kind::kString) {
    return {Maybe<bool>::Unknown(), absl::StrCat(d.text, " (not a string)")};
  }
  return {absl::EqualsIgnoreCase(d.value.string_value(), Av(bad)), d.text};
}

Verdict FromBool(const DecidedBool& d) { return {d.value, d.text}; }

// Public access, with what makes the cache private anyway.
Finding PremiseFinding(const Facts& facts, const Resource& r, bool cache,
                       const Verdict& public_access) {
  std::vector<std::string> holds;
  const PrivateEndpoints endpoints =
      PrivateEndpointsOf(facts, r, cache ? kCacheType : kManagedType);
  for (const Resource* pe : endpoints.linked) {
    holds.push_back(absl::StrCat("private endpoint ", pe->address));
  }
  std::string injected;
  if (cache && IsSet(r, "subnet_id", &injected)) {
    return ResourceFinding(Status::kPass, r, kPremiseFacet,
                           absl::StrCat("VNet-injected (", injected, ")"));
  }
  Finding f = FacetFinding(
      r, kPremiseFacet, public_access,
      absl::StrCat("the access keys work from the internet, so the private "
                   "endpoint premise of accepting I-3 does not hold",
                   holds.empty() ? ""
                                 : " (a private endpoint does not close "
                                   "the public one)"),
      holds.empty() ? "reachable only from private networks"
                    : absl::StrCat("reachable only through ",
                                   absl::StrJoin(holds, ", ")));
  for (const Resource* pe : endpoints.linked) {
    f.related_sources.push_back(pe->source);
  }
  return f;
}

void Cache(const Facts& facts, const Resource& r, std::vector<Finding>& out) {
  const DecidedBool keys =
      DecideBool(r, "access_keys_authentication_enabled", true);
  out.push_back(FacetFinding(
      r, kKeysFacet, FromBool(keys),
      "clients may authenticate with the shared access keys, which "
      "Terraform state and every holder of the keys can use",
      "Entra ID authentication only"));
  out.push_back(FacetFinding(
      r, kTlsFacet,
      EitherTrue(r, "enable_non_ssl_port", "non_ssl_port_enabled"),
      "port 6379 accepts clients without TLS, keys included in clear text",
      "only the TLS port is open"));
  const DecidedBool pub = DecideBool(r, "public_network_access_enabled", true);
  out.push_back(PremiseFinding(facts, r, /*cache=*/true, FromBool(pub)));
  out.push_back(KeyExportFinding(facts, r, kKeyVaultFacet, "I-3"));
}

void Managed(const Facts& facts, const Resource& r, std::vector<Finding>& out) {
  const DecidedBool keys = DecideBool(
      r, "default_database[0].access_keys_authentication_enabled", false);
  out.push_back(FacetFinding(
      r, kKeysFacet, FromBool(keys),
      "clients may authenticate with the shared access keys, which "
      "Terraform state and every holder of the keys can use",
      "Entra ID authentication only"));
  out.push_back(
      FacetFinding(r, kTlsFacet,
                   StringIs(r, "default_database[0].client_protocol",
                            "Encrypted", "Plaintext"),
                   "clients connect without TLS, keys included in clear text",
                   "clients must use TLS"));
  out.push_back(PremiseFinding(
      facts, r, /*cache=*/false,
      StringIs(r, "public_network_access", "Enabled", "Enabled")));
  out.push_back(KeyExportFinding(facts, r, kKeyVaultFacet, "I-3"));
}

std::vector<Finding> Evaluate(const Facts& facts, const CompiledPolicy&,
                              const DeclaredFindings&) {
  std::vector<Finding> out;
  for (const Resource* r : facts.OfType(kCacheType)) Cache(facts, *r, out);
  for (const Resource* r : facts.OfType(kManagedType)) Managed(facts, *r, out);
  if (out.empty()) {
    out.push_back(MakeFinding(Status::kNotApplicable, "deployment", "",
                              "the deployment has no Redis caches"));
  }
  return out;
}

}  // namespace

namespace catalogue {

RuleEntry I3RedisAccessKeys() {
  RuleInfo info;
  info.id = "I-3";
  info.short_code = "redis-access-keys";
  info.title = "Redis access keys must stay behind a private network";
  info.description =
      "The threat model accepts that Redis keeps access keys because it is "
      "reached only through a private endpoint. Facet access-keys "
      "(advisory): azurerm_redis_cache access_keys_authentication_enabled "
      "(azurerm 4.x, default true; azurerm 3.x has no such setting and "
      "always allows the keys) or azurerm_managed_redis "
      "default_database[0].access_keys_authentication_enabled (default "
      "false) is true. Facet non-tls (mandatory): non_ssl_port_enabled "
      "(azurerm 3.114 and later) or enable_non_ssl_port (up to 3.x) is "
      "true, or a managed Redis database's client_protocol is Plaintext. "
      "Facet premise-private (mandatory): public_network_access_enabled is "
      "true (the default) on a cache that is not injected into a subnet "
      "(subnet_id), or a managed Redis's public_network_access is Enabled "
      "(the default); a private endpoint does not close the public "
      "endpoint. Facet premise-key-vault (mandatory): another planned "
      "resource's configuration refers to the cache's primary_access_key, "
      "secondary_access_key (a managed Redis database's too) or a "
      "*_connection_string, other than an azurerm_key_vault_secret value "
      "in a Key Vault with RBAC authorization, purge protection and public "
      "network access off or network_acls default_action Deny; a copy into "
      "a Key Vault outside the plan is undecided. Copies are looked for in "
      "managed resources of every type and in root outputs, through module "
      "outputs and arguments; not through local values, for_each or dynamic "
      "blocks, which plan JSON does not record. A value unknown at plan "
      "time that the configuration does not set takes the provider's "
      "default; one set by reference is undecided.";
  info.remediation =
      "Set public_network_access_enabled = false (azurerm_redis_cache) or "
      "public_network_access = \"Disabled\" (azurerm_managed_redis) and "
      "reach Redis through a private endpoint; keep TLS only "
      "(non_ssl_port_enabled = false, client_protocol = \"Encrypted\"). To "
      "retire the keys, enable Entra ID authentication "
      "(redis_configuration { active_directory_authentication_enabled = "
      "true }) and set access_keys_authentication_enabled = false. Keep any "
      "copy of the keys in an azurerm_key_vault_secret whose vault uses "
      "RBAC authorization, purge protection and no public access.";
  info.stride = Stride::kInformationDisclosure;
  info.severity = Severity::kLow;
  info.security_severity = 3.7;
  info.threat_model_rating = "Low";
  info.doc_path = "docs/rules/I-3.md";
  info.resource_types = {kCacheType, kManagedType, "azurerm_private_endpoint"};
  info.key_sources = {kCacheType, kManagedType};
  for (const char* type : KeyHolderResourceTypes()) {
    info.resource_types.push_back(type);
  }
  info.facets = {
      {kKeysFacet,
       "Access-key authentication is on: the condition the threat model "
       "accepts.",
       Enforcement::kAdvisory},
      {kTlsFacet,
       "Clients may connect without TLS, so keys and data cross the network "
       "in clear text.",
       Enforcement::kMandatory},
      {kPremiseFacet,
       "Public network access is off: the premise the acceptance relies on.",
       Enforcement::kMandatory},
      {kKeyVaultFacet,
       "The keys are copied only into sound Key Vaults: the Key "
       "Vault-stored premise the acceptance relies on.",
       Enforcement::kMandatory},
  };
  info.peers = {
      {"checkov", "CKV_AZURE_89", ""},
      {"checkov", "CKV_AZURE_91", ""},
      {"checkov", "CKV_AZURE_148", ""},
      {"PSRule", "Azure.Redis.LocalAuth", ""},
      {"PSRule", "Azure.Redis.EntraID", "AZR-000427"},
      {"PSRule", "Azure.Redis.PublicNetworkAccess", "AZR-000165"},
      {"PSRule", "Azure.Redis.NonSslPort", "AZR-000163"},
      {"PSRule", "Azure.RedisEnterprise.MinTLS", "AZR-000301"},
  };
  return {info, &Evaluate};
}

}  // namespace catalogue
}  // namespace threatmodel::rules::internal
