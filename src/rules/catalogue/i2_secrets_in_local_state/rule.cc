// I-2: a credential held in Terraform state while the state is kept
// locally or unprotected (T-2 violated).
//
// Terraform writes every attribute of a managed resource into state,
// sensitive or not. The threat model's case is the VPN connection's shared
// key; the same holds for every credential a plan marks sensitive. A
// resource holds a credential in state when one of its attributes is
//
//   * an attribute listed below (the VPN keys, admin passwords, Key Vault
//     secret values, generated passwords and keys, provider-issued access
//     keys), not null: known, unknown or sensitive; or
//   * a leaf the plan marks sensitive (after_sensitive) whose name is a
//     credential's name by the classifier T-2 uses for backend settings
//     (password, secret, token, access key, private key, ...).
//
// Merely sensitive values (custom_data, certificate bodies, connection
// strings of unlisted types) are not credentials. Write-only arguments
// (`*_wo`) never reach state and are never counted. Front ends without
// sensitivity marks (the data source's resource inputs) rely on the list.
//
// The verdict follows T-2 for the same working directory: the rule declares
// that it reads T-2's findings, and the engine evaluates T-2 first (once,
// even when T-2 is not selected) and hands them over before waivers. A
// violation there makes every holder a violation; T-2 undecided or not
// applicable (no backend known) makes holders undecided, never a pass.
// Findings name attribute paths, never a value.

#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "rules/backend_types.h"
#include "rules/rules_internal.h"
#include "rules/string_view_compat.h"

namespace threatmodel::rules::internal {
namespace {

constexpr char kStateBackendRule[] = "T-2";
constexpr char kVpnFacet[] = "vpn-shared-key";
constexpr char kCredentialFacet[] = "credential";

// Credential attributes by type; `[*]` stands for any element index.
struct CredentialAttributes {
  std::string_view type;
  std::vector<std::string_view> paths;
  const char* facet;
  // A setting that, when known true, leaves the listed attributes without
  // a credential (only sensitive leaves with a credential's name count).
  std::string_view credential_free_when = {};
};

const std::vector<CredentialAttributes>& Catalogue() {
  static const auto* table = new std::vector<CredentialAttributes>{
      {"azurerm_virtual_network_gateway_connection", {"shared_key"}, kVpnFacet},
      {"azurerm_vpn_gateway_connection", {"vpn_link[*].shared_key"}, kVpnFacet},
      {"azurerm_virtual_network_gateway",
       {"vpn_client_configuration[*].radius_server_secret",
        "vpn_client_configuration[*].radius_server[*].secret"},
       kVpnFacet},
      {"azurerm_postgresql_flexible_server",
       {"administrator_password"},
       kCredentialFacet},
      {"azurerm_mysql_flexible_server",
       {"administrator_password"},
       kCredentialFacet},
      {"azurerm_mssql_server",
       {"administrator_login_password"},
       kCredentialFacet},
      {"azurerm_linux_virtual_machine", {"admin_password"}, kCredentialFacet},
      {"azurerm_windows_virtual_machine", {"admin_password"}, kCredentialFacet},
      {"azurerm_linux_virtual_machine_scale_set",
       {"admin_password"},
       kCredentialFacet},
      {"azurerm_windows_virtual_machine_scale_set",
       {"admin_password"},
       kCredentialFacet},
      {"azurerm_virtual_machine",
       {"os_profile[*].admin_password"},
       kCredentialFacet},
      {"azurerm_key_vault_secret", {"value"}, kCredentialFacet},
      {"random_password", {"result"}, kCredentialFacet},
      {"tls_private_key",
       {"private_key_pem", "private_key_pem_pkcs8", "private_key_openssh"},
       kCredentialFacet},
      {"azurerm_storage_account",
       {"primary_access_key", "secondary_access_key"},
       kCredentialFacet},
      {"azurerm_redis_cache",
       {"primary_access_key", "secondary_access_key"},
       kCredentialFacet},
      {"azurerm_managed_redis",
       {"default_database[*].primary_access_key",
        "default_database[*].secondary_access_key"},
       kCredentialFacet},
      {"azurerm_kubernetes_cluster",
       {"kube_config_raw", "kube_admin_config_raw", "kube_config[*].password",
        "kube_config[*].client_key", "kube_admin_config[*].password",
        "kube_admin_config[*].client_key"},
       kCredentialFacet,
       // Without local accounts the kube configs carry an Entra ID exec
       // entry and no client key, password or admin config.
       "local_account_disabled"},
  };
  return *table;
}

// "vpn_link[0].shared_key" -> "vpn_link[*].shared_key"; map keys stay.
std::string Pattern(std::string_view path) {
  std::string out;
  for (std::size_t i = 0; i < path.size(); ++i) {
    if (path[i] == '[' && i + 1 < path.size() && path[i + 1] >= '0' &&
        path[i + 1] <= '9') {
      std::size_t close = path.find(']', i);
      if (close != std::string_view::npos) {
        out += "[*]";
        i = close;
        continue;
      }
    }
    out += path[i];
  }
  return out;
}

// The last name of a path: "kube_config[0].client_key" -> "client_key".
std::string_view LeafName(std::string_view path) {
  std::size_t dot = path.rfind('.');
  std::string_view name =
      dot == std::string_view::npos ? path : path.substr(dot + 1);
  std::size_t bracket = name.find('[');
  return bracket == std::string_view::npos ? name : name.substr(0, bracket);
}

bool IsWriteOnly(std::string_view name) {
  return name.size() > 3 && name.substr(name.size() - 3) == "_wo";
}

struct Holdings {
  std::vector<std::string> held;      // credential paths that hold a value
  std::vector<std::string> may_hold;  // listed paths under an unknown block
};

class Walker {
 public:
  Walker(const Resource& r, const CredentialAttributes* listed)
      : r_(r), listed_(listed) {}

  Holdings Walk() {
    Visit(r_.values, "");
    return std::move(out_);
  }

 private:
  bool Listed(const std::string& pattern) const {
    if (listed_ == nullptr) return false;
    for (std::string_view p : listed_->paths) {
      if (p == pattern) return true;
    }
    return false;
  }

  // `path` is unknown or sensitive as a whole: a listed attribute below it
  // holds a credential when the configuration sets it, and may hold one
  // when the front end has no configuration to tell.
  void UnderUnknown(const std::string& path) {
    if (listed_ == nullptr) return;
    const std::string pattern = Pattern(path);
    for (std::string_view p : listed_->paths) {
      const bool below =
          pattern.empty() ||
          (p.size() > pattern.size() &&
           p.substr(0, pattern.size()) == pattern &&
           (p[pattern.size()] == '.' || p[pattern.size()] == '['));
      if (!below) continue;
      if (r_.configured.has_value()) {
        for (const std::string& c : *r_.configured) {
          if (Pattern(c) == p) out_.held.emplace_back(c);
        }
      } else {
        out_.may_hold.emplace_back(p);
      }
    }
  }

  void Visit(const PlanValue& v, const std::string& path) {
    switch (v.kind()) {
      case PlanValue::Kind::kNull:
        return;
      case PlanValue::Kind::kObject:
        for (const auto& [key, child] : v.members()) {
          Visit(child, path.empty() ? key : absl::StrCat(path, ".", key));
        }
        return;
      case PlanValue::Kind::kList: {
        const std::string pattern = Pattern(path);
        if (Listed(pattern)) {
          // A listed attribute that is a list holds what it lists.
          if (!v.elements().empty()) out_.held.push_back(path);
          return;
        }
        for (std::size_t i = 0; i < v.elements().size(); ++i) {
          Visit(v.elements()[i], absl::StrCat(path, "[", i, "]"));
        }
        return;
      }
      case PlanValue::Kind::kUnknown:
      case PlanValue::Kind::kSensitive: {
        if (path.empty()) {
          UnderUnknown(path);
          return;
        }
        const std::string_view name = LeafName(path);
        if (IsWriteOnly(name)) return;
        if (Listed(Pattern(path)) ||
            (v.is_sensitive() && LooksLikeSecretName(Av(name)))) {
          out_.held.push_back(path);
        } else {
          UnderUnknown(path);
        }
        return;
      }
      default:
        // An empty string is no credential (an SSH-only VM's old
        // os_profile admin_password = "").
        if (v.kind() == PlanValue::Kind::kString && v.string_value().empty()) {
          return;
        }
        if (!IsWriteOnly(LeafName(path)) && Listed(Pattern(path))) {
          out_.held.push_back(path);
        }
        return;
    }
  }

  const Resource& r_;
  const CredentialAttributes* listed_;
  Holdings out_;
};

// T-2's verdict, reduced to one status: a violation wins, then undecided,
// then not applicable; with the message of the finding that decided it.
struct BackendVerdict {
  Status status = Status::kNotApplicable;
  std::string message;
  std::string source;
};

BackendVerdict T2Verdict(absl::Span<const Finding> t2) {
  auto rank = [](Status s) {
    switch (s) {
      case Status::kViolation:
        return 3;
      case Status::kUndecided:
        return 2;
      case Status::kNotApplicable:
        return 1;
      default:
        return 0;
    }
  };
  BackendVerdict verdict;
  verdict.status = Status::kPass;
  bool any = false;
  for (const Finding& f : t2) {
    if (!any || rank(f.status) > rank(verdict.status)) {
      verdict = {f.status, f.message, f.source};
      any = true;
    }
  }
  if (!any) verdict = {Status::kNotApplicable, "T-2 said nothing", ""};
  return verdict;
}

Finding HolderFinding(const Resource& r, const char* facet, const Holdings& h,
                      const BackendVerdict& t2) {
  std::vector<std::string> parts;
  if (!h.held.empty()) {
    parts.push_back(absl::StrCat(absl::StrJoin(h.held, ", "),
                                 h.held.size() == 1 ? " holds" : " hold",
                                 " a credential"));
  }
  if (!h.may_hold.empty()) {
    parts.push_back(absl::StrCat(
        absl::StrJoin(h.may_hold, ", "),
        " may hold a credential (the enclosing value is unknown at plan time "
        "and the plan has no configuration for it)"));
  }
  const std::string what = absl::StrCat(
      absl::StrJoin(parts, "; "),
      std::string_view(facet) == kVpnFacet ? " (a VPN shared secret)" : "",
      ", which Terraform writes into state in plaintext");
  Status status = Status::kPass;
  std::string message;
  switch (t2.status) {
    case Status::kViolation:
      status = h.held.empty() ? Status::kUndecided : Status::kViolation;
      message = absl::StrCat(what,
                             "; T-2 is violated for this working "
                             "directory: ",
                             t2.message);
      break;
    case Status::kUndecided:
      status = Status::kUndecided;
      message = absl::StrCat(
          what,
          "; whether that state is protected is undecided (T-2: ", t2.message,
          ")");
      break;
    case Status::kNotApplicable:
      status = Status::kUndecided;
      message = absl::StrCat(
          what,
          "; where that state is kept is not known (T-2 was not evaluated: ",
          t2.message, ")");
      break;
    default:
      status = Status::kPass;
      message = absl::StrCat(what, "; T-2 holds for this working directory (",
                             t2.message, ")");
      break;
  }
  Finding finding = ResourceFinding(status, r, facet, std::move(message));
  if (!t2.source.empty() && status != Status::kPass) {
    finding.related_sources.push_back(t2.source);
  }
  return finding;
}

std::vector<Finding> Evaluate(const Facts& facts, const CompiledPolicy&,
                              const DeclaredFindings& declared) {
  struct Holder {
    const Resource* resource;
    const char* facet;
    Holdings holdings;
  };
  std::vector<Holder> holders;
  for (const auto& [type, resources] : facts.by_type) {
    const CredentialAttributes* listed = nullptr;
    for (const CredentialAttributes& c : Catalogue()) {
      if (c.type == type) listed = &c;
    }
    for (const Resource* r : resources) {
      // Data sources count too: Terraform keeps what they read in state.
      const CredentialAttributes* own = listed;
      if (own != nullptr && !own->credential_free_when.empty()) {
        const Maybe<bool> free = BoolAt(r->values, own->credential_free_when);
        if (free.is_known() && free.value()) own = nullptr;
      }
      Holdings h = Walker(*r, own).Walk();
      if (h.held.empty() && h.may_hold.empty()) continue;
      holders.push_back(
          {r, own != nullptr ? own->facet : kCredentialFacet, std::move(h)});
    }
  }
  std::vector<Finding> out;
  if (holders.empty()) {
    out.push_back(MakeFinding(
        Status::kNotApplicable, "deployment", "",
        "no planned resource holds a credential that Terraform would keep "
        "in state"));
    return out;
  }
  const BackendVerdict t2 = T2Verdict(declared.Of(kStateBackendRule));
  for (const Holder& h : holders) {
    out.push_back(HolderFinding(*h.resource, h.facet, h.holdings, t2));
  }
  return out;
}

}  // namespace

namespace catalogue {

RuleEntry I2SecretsInLocalState() {
  RuleInfo info;
  info.id = "I-2";
  info.short_code = "secrets-in-local-state";
  info.title = "Credentials must not sit in unprotected Terraform state";
  info.description =
      "Terraform writes every attribute of a managed resource into state, "
      "sensitive ones included. A planned resource holds a credential in "
      "state when it sets a VPN shared secret "
      "(azurerm_virtual_network_gateway_connection shared_key, "
      "azurerm_vpn_gateway_connection vpn_link[*].shared_key, "
      "azurerm_virtual_network_gateway "
      "vpn_client_configuration[0].radius_server_secret; facet "
      "vpn-shared-key) or another listed credential (admin passwords of "
      "PostgreSQL, MySQL, SQL servers and virtual machines, "
      "azurerm_key_vault_secret value, random_password result, "
      "tls_private_key private keys, storage and Redis access keys, AKS "
      "kube configs unless local_account_disabled is true), or when the plan "
      "marks a leaf sensitive "
      "(after_sensitive) whose name is a credential's (password, secret, "
      "token, access or private key; facet credential). Merely sensitive "
      "values such as custom_data are not credentials; write-only "
      "arguments (*_wo) never reach state. Known, unknown and sensitive "
      "values count alike; null does not. The finding follows T-2 for the "
      "same working directory: a holder is a violation when T-2 is "
      "violated, undecided when T-2 is undecided or was not evaluated (no "
      "backend observed or stated), and passes when T-2 passes. Only "
      "attribute paths are reported, never values.";
  info.remediation =
      "Keep state in a remote backend with encryption at rest and locking "
      "(the T-2 remediation: backend \"azurerm\" { use_azuread_auth = true "
      "}), or encrypt it client-side with OpenTofu state encryption "
      "(terraform { encryption { ... } }). Where the provider offers "
      "write-only arguments (Terraform 1.11 or later), pass secrets through "
      "them so that they never reach state: administrator_password_wo with "
      "administrator_password_wo_version, azurerm_key_vault_secret value_wo "
      "with value_wo_version.";
  info.stride = Stride::kInformationDisclosure;
  info.severity = Severity::kMedium;
  info.security_severity = 5.5;
  info.threat_model_rating = "Medium";
  info.doc_path = "docs/rules/I-2.md";
  for (const CredentialAttributes& c : Catalogue()) {
    info.resource_types.push_back(c.type);
  }
  info.facets = {
      {kVpnFacet,
       "A VPN shared secret (IPsec shared key, RADIUS secret) is in state "
       "that T-2 finds unprotected.",
       Enforcement::kMandatory},
      {kCredentialFacet,
       "Another credential (password, secret value, access or private key) "
       "is in state that T-2 finds unprotected.",
       Enforcement::kMandatory},
  };
  return {info, &Evaluate, {kStateBackendRule}};
}

}  // namespace catalogue
}  // namespace threatmodel::rules::internal
