// File: key_export.h
//
// Key export (docs/rules-next.md §2, I-1 / I-3): which planned resources
// copy a resource's shared keys (`primary_access_key`,
// `secondary_access_key`, `*_connection_string`) into their own settings,
// and whether each copy sits in a sound Key Vault (KV_OK, §0).
//
// Read from the configuration's references, never from values: the keys
// are sensitive, and unknown on create. A copy into an
// `azurerm_key_vault_secret`'s `value` is where the threat model wants the
// keys ("Key Vault-stored"); it is allowed when the vault holding the
// secret is KV_OK: RBAC authorization (`rbac_authorization_enabled`,
// azurerm 4.42+ and 5.x, or `enable_rbac_authorization` up to 4.x), purge
// protection, and public network access off or `network_acls[0].
// default_action` "Deny". A copy anywhere else (a Kubernetes secret, an
// app setting, a vault that is not KV_OK) is a violation; a vault outside
// the plan, or one the secret names only through an unknown value, leaves
// the copy undecided.
//
// A reference to the whole resource object (`jsonencode(azurerm_storage_
// account.st)`, a `for` expression over it, a module argument that passes
// it on) carries the keys with it and counts as a copy. A root module
// output that refers to a key exports it too.
//
// Holders of any type are seen: for a resource of a type no rule reads,
// the plan reader keeps the configuration expressions that lead to a key
// source (RuleInfo::key_sources), and the resource reaches the engine with
// no planned values, so a copy is named by its address and attribute
// path. A resource being destroyed is not in the engine's input and
// copies nothing. Known limits, where a copy reads as none: data sources
// are not holders; a copy through a local value, a `for_each`/`each.value`,
// a dynamic block or a provisioner is not in plan JSON's expressions; a
// deferred holder is not read; an expression is followed through at most
// 64 references.
//
// Thread-safety: pure functions over their arguments.
#ifndef THREATMODEL_SRC_RULES_KEY_EXPORT_H_
#define THREATMODEL_SRC_RULES_KEY_EXPORT_H_

#include <string>
#include <string_view>
#include <vector>

#include "rules/facts.h"
#include "threatmodel/rules/finding.h"
#include "threatmodel/rules/maybe.h"
#include "threatmodel/rules/resource.h"

namespace threatmodel::rules::internal {

// Whether a reference's attribute steps ("default_database[0].
// primary_access_key") read a shared key or a connection string holding
// one.
[[nodiscard]] bool IsKeyAttribute(std::string_view attribute);

// Whether a reference with these attribute steps carries the keys: a key
// attribute, or the whole object ("").
[[nodiscard]] bool CarriesKeys(std::string_view attribute);

// One configuration reference from `holder`'s `path`, or from a root
// output, to a key of the target.
struct KeyCopy {
  const Resource* holder = nullptr;    // null for a root output
  const RootOutput* output = nullptr;  // null for a resource
  std::string path;       // "value", "data[\"key\"]"; "" for an output
  std::string reference;  // "azurerm_storage_account.st.primary_access_key"
  // "kubernetes_secret_v1.s.data" or "output.redis_key", for messages.
  std::string where;
};

// The copies of `target`'s keys in the planned resources. A reference that
// may name `target` or another instance of its resource is counted.
[[nodiscard]] std::vector<KeyCopy> KeyCopiesOf(const Facts& facts,
                                               const Resource& target);

// KV_OK for a planned azurerm_key_vault, with the settings that decide it.
struct KeyVaultVerdict {
  Maybe<bool> ok;
  std::string text;
};
[[nodiscard]] KeyVaultVerdict KeyVaultOk(const Resource& vault);

// The premise facet `facet` of `target`: its keys stay in KV_OK vaults.
// Pass when nothing copies them or every copy is a secret in a KV_OK
// vault; violation when any copy is elsewhere; undecided otherwise. Not
// applicable when the front end has no configuration to read references
// from (the data source's inputs). `threat` names the threat in messages.
[[nodiscard]] Finding KeyExportFinding(const Facts& facts,
                                       const Resource& target,
                                       std::string facet,
                                       std::string_view threat);

// The Key Vault types KV_OK reads, and holder types the rules read whole
// (the data source and the managed resource accept them as inputs), for a
// rule's resource_types. Holders of other types come from the plan
// reader's key holders.
[[nodiscard]] const std::vector<const char*>& KeyHolderResourceTypes();

}  // namespace threatmodel::rules::internal

#endif  // THREATMODEL_SRC_RULES_KEY_EXPORT_H_
