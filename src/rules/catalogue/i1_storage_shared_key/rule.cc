// I-1: Storage account keys (Accepted).
//
// The threat model accepts that training code may fall back to a storage
// account's shared keys because the keys are kept in Key Vault and the
// account is reached only through a private endpoint. Three facets per
// account:
//
//   shared-key         (advisory) shared key authorization is on:
//                      `shared_access_key_enabled` (default true), the
//                      condition the threat model accepts.
//   premise-private    (mandatory) public network access is on:
//                      `public_network_access_enabled` (default true). A
//                      private endpoint does not close the public endpoint.
//   premise-key-vault  (mandatory) the keys are copied somewhere other than
//                      a sound Key Vault: a configuration reference to
//                      `primary_access_key`, `secondary_access_key` or a
//                      `*_connection_string` from another planned resource,
//                      unless that is an azurerm_key_vault_secret's `value`
//                      in a KV_OK vault (rules/key_export.h).
//
// Subjects are the accounts' addresses.

#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "rules/key_export.h"
#include "rules/links.h"
#include "rules/rules_internal.h"
#include "rules/string_view_compat.h"
#include "rules/unknown_ladder.h"

namespace threatmodel::rules::internal {
namespace {

constexpr char kAccountType[] = "azurerm_storage_account";
constexpr char kSharedKeyFacet[] = "shared-key";
constexpr char kPrivateFacet[] = "premise-private";
constexpr char kKeyVaultFacet[] = "premise-key-vault";

Finding BoolFinding(const Resource& r, const char* facet, const DecidedBool& d,
                    bool bad_when, std::string_view bad_reason,
                    std::string_view good_reason) {
  if (d.value.is_unknown() || !d.value.is_known()) {
    return ResourceFinding(Status::kUndecided, r, facet, d.text);
  }
  const bool bad = d.value.value() == bad_when;
  return ResourceFinding(
      bad ? Status::kViolation : Status::kPass, r, facet,
      absl::StrCat(d.text, ": ", Av(bad ? bad_reason : good_reason)));
}

void Account(const Facts& facts, const Resource& r, std::vector<Finding>& out) {
  out.push_back(BoolFinding(
      r, kSharedKeyFacet, DecideBool(r, "shared_access_key_enabled", true),
      /*bad_when=*/true,
      "requests signed with the account keys (or SAS tokens made from them) "
      "are accepted, so a key fallback in training code works",
      "only Entra ID authorization is accepted"));

  const PrivateEndpoints endpoints = PrivateEndpointsOf(facts, r, kAccountType);
  std::vector<std::string> holds;
  for (const Resource* pe : endpoints.linked) {
    holds.push_back(absl::StrCat("private endpoint ", pe->address));
  }
  Finding premise = BoolFinding(
      r, kPrivateFacet, DecideBool(r, "public_network_access_enabled", true),
      /*bad_when=*/true,
      absl::StrCat("the account and its keys work from the internet, so the "
                   "private endpoint premise of accepting I-1 does not hold",
                   holds.empty() ? ""
                                 : " (a private endpoint does not close the "
                                   "public one)"),
      holds.empty() ? "reachable only from private networks"
                    : absl::StrCat("reachable only through ",
                                   absl::StrJoin(holds, ", ")));
  for (const Resource* pe : endpoints.linked) {
    premise.related_sources.push_back(pe->source);
  }
  out.push_back(std::move(premise));
  out.push_back(KeyExportFinding(facts, r, kKeyVaultFacet, "I-1"));
}

std::vector<Finding> Evaluate(const Facts& facts, const CompiledPolicy&,
                              const DeclaredFindings&) {
  std::vector<Finding> out;
  for (const Resource* r : facts.OfType(kAccountType)) Account(facts, *r, out);
  if (out.empty()) {
    out.push_back(MakeFinding(Status::kNotApplicable, "deployment", "",
                              "the deployment has no storage accounts"));
  }
  return out;
}

}  // namespace

namespace catalogue {

RuleEntry I1StorageSharedKey() {
  RuleInfo info;
  info.id = "I-1";
  info.short_code = "storage-shared-key";
  info.title = "Storage account keys must stay private and in Key Vault";
  info.description =
      "The threat model accepts that a storage account keeps shared keys "
      "(a fallback for training code) because the keys are stored in Key "
      "Vault and the account is reached only through a private endpoint. "
      "Facet shared-key (advisory): azurerm_storage_account "
      "shared_access_key_enabled is true (the default). Facet "
      "premise-private (mandatory): public_network_access_enabled is true "
      "(the default); a private endpoint does not close the public "
      "endpoint. Facet premise-key-vault (mandatory): another planned "
      "resource's configuration refers to the account's "
      "primary_access_key, secondary_access_key or a *_connection_string, "
      "other than an azurerm_key_vault_secret value in a Key Vault with "
      "RBAC authorization (rbac_authorization_enabled, or "
      "enable_rbac_authorization up to azurerm 4.x), purge protection and "
      "public network access off or network_acls default_action Deny; a "
      "copy into a Key Vault outside the plan is undecided. Key copies are "
      "read from configuration references (plan JSON), never from values, in "
      "managed resources of every type and in root outputs, through module "
      "outputs and arguments; not through local values, for_each or dynamic "
      "blocks, which plan JSON does not record. "
      "A value unknown at plan time that the configuration does not set "
      "takes the provider's default; one set by reference is undecided.";
  info.remediation =
      "Set public_network_access_enabled = false and reach the account "
      "through a private endpoint. Keep any copy of the keys in an "
      "azurerm_key_vault_secret whose vault uses RBAC authorization, purge "
      "protection and no public access. To retire the keys, set "
      "shared_access_key_enabled = false (with storage_use_azuread = true "
      "in the azurerm provider block) and grant data-plane roles such as "
      "Storage Blob Data Contributor.";
  info.stride = Stride::kInformationDisclosure;
  info.severity = Severity::kMedium;
  info.security_severity = 5.0;
  info.threat_model_rating = "Medium";
  info.doc_path = "docs/rules/I-1.md";
  info.resource_types = {kAccountType, "azurerm_private_endpoint"};
  info.key_sources = {kAccountType};
  for (const char* type : KeyHolderResourceTypes()) {
    info.resource_types.push_back(type);
  }
  info.facets = {
      {kSharedKeyFacet,
       "Shared key authorization is on: the condition the threat model "
       "accepts.",
       Enforcement::kAdvisory},
      {kPrivateFacet,
       "Public network access is off: a premise the acceptance relies on.",
       Enforcement::kMandatory},
      {kKeyVaultFacet,
       "The keys are copied only into sound Key Vaults: a premise the "
       "acceptance relies on.",
       Enforcement::kMandatory},
  };
  info.peers = {
      {"checkov", "CKV2_AZURE_40", ""},
      {"checkov", "CKV_AZURE_59", ""},
      {"checkov", "CKV_AZURE_35", ""},
      {"checkov", "CKV2_AZURE_33", ""},
      {"trivy", "AZU-0012", "AVD-AZU-0012"},
      {"PSRule", "Azure.Storage.LocalAuth", ""},
      {"PSRule", "Azure.Storage.Firewall", "AZR-000202"},
      {"PSRule", "Azure.Storage.BlobPublicAccess", "AZR-000198"},
  };
  return {info, &Evaluate};
}

}  // namespace catalogue
}  // namespace threatmodel::rules::internal
