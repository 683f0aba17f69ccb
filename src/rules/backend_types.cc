#include "rules/backend_types.h"

#include <string>
#include <vector>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "absl/strings/string_view.h"

namespace threatmodel::rules::internal {
namespace {

enum class Locking { kBuiltIn, kS3, kHttp, kConsul, kOss, kLocal };

struct TypeFacts {
  absl::string_view type;
  Locking locking;
  // Settings that hold credentials.
  std::vector<absl::string_view> secrets;
  // Settings that hold a credential depending on their value.
  std::vector<absl::string_view> maybe_secrets;
  // Names the generic heuristic would flag wrongly for this type.
  std::vector<absl::string_view> not_secrets;
  absl::string_view hint;
};

const std::vector<TypeFacts>& AllTypeFacts() {
  // Setting names follow the backend schemas of Terraform 1.x
  // (internal/backend/remote-state/*). Locking: azurerm uses blob leases,
  // gcs lock objects, pg advisory locks, kubernetes leases, cos and oci
  // their own lock objects; s3, http, consul and oss depend on settings.
  static const std::vector<TypeFacts>* facts = new std::vector<TypeFacts>{
      {"local", Locking::kLocal, {}, {}, {}, ""},
      {"inmem", Locking::kBuiltIn, {}, {}, {}, ""},
      {"remote",
       Locking::kBuiltIn,
       {"token"},
       {},
       {},
       "put the API token in the CLI credentials file or TF_TOKEN_<host> "
       "instead"},
      {"cloud",
       Locking::kBuiltIn,
       {"token"},
       {},
       {},
       "put the API token in the CLI credentials file or TF_TOKEN_<host> "
       "instead"},
      {"azurerm",
       Locking::kBuiltIn,
       {"access_key", "sas_token", "client_secret", "client_certificate",
        "client_certificate_password", "oidc_token", "oidc_request_token"},
       {},
       {},
       "authenticate with Entra ID instead (use_azuread_auth = true with "
       "use_oidc, use_msi, use_aks_workload_identity or the Azure CLI), or "
       "pass credentials through ARM_* environment variables"},
      {"s3",
       Locking::kS3,
       {"access_key", "secret_key", "token", "sse_customer_key",
        "assume_role_with_web_identity.web_identity_token"},
       {},
       {},
       "use an instance or web identity role, a shared credentials profile, "
       "or AWS_* environment variables instead"},
      {"gcs",
       Locking::kBuiltIn,
       {"access_token", "encryption_key"},
       {"credentials"},
       // A Cloud KMS key's resource name, not key material.
       {"kms_encryption_key"},
       "use workload identity, application default credentials or a "
       "credentials file path instead"},
      {"http",
       Locking::kHttp,
       {"password", "client_private_key_pem"},
       {},
       {},
       "pass the password through TF_HTTP_PASSWORD and key material through "
       "TF_HTTP_CLIENT_PRIVATE_KEY_PEM instead"},
      {"pg",
       Locking::kBuiltIn,
       {},
       {"conn_str"},
       {},
       "pass the password through PGPASSWORD or a .pgpass file instead"},
      {"consul",
       Locking::kConsul,
       {"access_token", "http_auth"},
       {},
       {},
       "pass credentials through CONSUL_HTTP_TOKEN and CONSUL_HTTP_AUTH "
       "instead"},
      {"cos",
       Locking::kBuiltIn,
       {"secret_id", "secret_key", "security_token"},
       {},
       {},
       "pass credentials through TENCENTCLOUD_* environment variables or "
       "assume a role instead"},
      {"oss",
       Locking::kOss,
       {"access_key", "secret_key", "security_token"},
       {},
       {},
       "pass credentials through ALICLOUD_* environment variables, an ECS "
       "role or a shared credentials file instead"},
      {"kubernetes",
       Locking::kBuiltIn,
       {"token", "password", "client_key"},
       {},
       {"secret_suffix"},
       "use a kubeconfig file or exec credentials instead"},
      {"oci",
       Locking::kBuiltIn,
       {"private_key", "private_key_password"},
       {},
       {},
       "use a config file profile or instance principal auth instead"},
  };
  return *facts;
}

const TypeFacts* FindFacts(absl::string_view type) {
  for (const TypeFacts& facts : AllTypeFacts()) {
    if (absl::EqualsIgnoreCase(facts.type, type)) return &facts;
  }
  return nullptr;
}

bool Contains(const std::vector<absl::string_view>& names,
              absl::string_view name) {
  for (absl::string_view n : names) {
    if (absl::EqualsIgnoreCase(n, name)) return true;
  }
  return false;
}

}  // namespace

bool LooksLikeSecretName(absl::string_view full_name) {
  std::string lower = absl::AsciiStrToLower(full_name);
  absl::string_view name = lower;
  if (std::size_t dot = name.rfind('.'); dot != absl::string_view::npos) {
    name = name.substr(dot + 1);
  }
  std::vector<absl::string_view> words = absl::StrSplit(name, '_');
  if (words.empty()) return false;
  // Paths, switches and identifiers point at credentials without being one.
  static constexpr absl::string_view kHarmlessLast[] = {
      "path", "paths", "file", "files",   "dir", "url",   "endpoint",
      "id",   "name",  "type", "version", "arn", "host",  "suffix",
      "ids",  "names", "mode", "prefix",  "uri", "region"};
  for (absl::string_view harmless : kHarmlessLast) {
    if (words.back() == harmless) return false;
  }
  if (words.front() == "use" || words.front() == "skip") return false;
  for (std::size_t i = 0; i < words.size(); ++i) {
    absl::string_view w = words[i];
    if (w == "password" || w == "passwd" || w == "secret" || w == "token" ||
        w == "credential" || w == "credentials" || w == "passphrase" ||
        w == "sas") {
      return true;
    }
    if (i + 1 < words.size()) {
      absl::string_view next = words[i + 1];
      if (next == "key" &&
          (w == "access" || w == "private" || w == "secret" || w == "account" ||
           w == "encryption" || w == "customer" || w == "client")) {
        return true;
      }
      if ((w == "conn" && next == "str") || (w == "http" && next == "auth")) {
        return true;
      }
    }
  }
  return false;
}

namespace {

const BackendSetting* FindSetting(const std::vector<BackendSetting>& settings,
                                  absl::string_view name) {
  for (const BackendSetting& s : settings) {
    if (absl::EqualsIgnoreCase(s.name, name)) return &s;
  }
  return nullptr;
}

bool IsSet(const std::vector<BackendSetting>& settings,
           absl::string_view name) {
  const BackendSetting* s = FindSetting(settings, name);
  return s != nullptr && s->state == SettingState::kSet;
}

}  // namespace

SecretClass ClassifySetting(absl::string_view type, absl::string_view name) {
  const TypeFacts* facts = FindFacts(type);
  if (facts != nullptr) {
    if (Contains(facts->secrets, name)) return SecretClass::kSecret;
    if (Contains(facts->maybe_secrets, name)) return SecretClass::kMaybeSecret;
    if (Contains(facts->not_secrets, name)) return SecretClass::kNone;
  }
  return LooksLikeSecretName(name) ? SecretClass::kSecret : SecretClass::kNone;
}

bool IsKnownBackendType(absl::string_view type) {
  return FindFacts(type) != nullptr;
}

LockingVerdict EvaluateLocking(absl::string_view type,
                               const std::vector<BackendSetting>& settings) {
  const TypeFacts* facts = FindFacts(type);
  if (facts == nullptr) {
    return {Maybe<bool>::Unknown(),
            absl::StrCat("how backend type \"", type,
                         "\" locks state is not known to this rule")};
  }
  switch (facts->locking) {
    case Locking::kBuiltIn:
      return {true, "the backend locks state itself"};
    case Locking::kLocal:
      return {true, "local file locks only"};
    case Locking::kS3:
      if (IsSet(settings, "use_lockfile")) {
        return {true, "use_lockfile is set"};
      }
      if (IsSet(settings, "dynamodb_table")) {
        return {true, "dynamodb_table is set"};
      }
      return {false, "neither use_lockfile nor dynamodb_table is set"};
    case Locking::kHttp:
      if (IsSet(settings, "lock_address")) {
        return {true, "lock_address is set"};
      }
      return {false, "lock_address is not set"};
    case Locking::kConsul: {
      const BackendSetting* lock = FindSetting(settings, "lock");
      if (lock != nullptr && lock->state == SettingState::kFalse) {
        return {false, "lock is set to false"};
      }
      return {true, "consul locks state unless lock = false"};
    }
    case Locking::kOss:
      if (IsSet(settings, "tablestore_table")) {
        return {true, "tablestore_table is set"};
      }
      return {false, "tablestore_table is not set"};
  }
  return {Maybe<bool>::Unknown(), "unknown locking"};
}

bool IsValueDependentSetting(absl::string_view setting_name) {
  return absl::EqualsIgnoreCase(setting_name, "conn_str") ||
         absl::EqualsIgnoreCase(setting_name, "credentials");
}

absl::string_view SecretFreeAuthHint(absl::string_view type) {
  const TypeFacts* facts = FindFacts(type);
  if (facts != nullptr && !facts->hint.empty()) return facts->hint;
  return "pass credentials through environment variables or the platform's "
         "identity instead";
}

}  // namespace threatmodel::rules::internal
