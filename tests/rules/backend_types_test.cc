#include "rules/backend_types.h"

#include <string>
#include <vector>

#include "gtest/gtest.h"

namespace threatmodel::rules::internal {
namespace {

TEST(ClassifySetting, KnownBackends) {
  struct Case {
    std::string type;
    std::string name;
    SecretClass expected;
  };
  const Case cases[] = {
      {"azurerm", "access_key", SecretClass::kSecret},
      {"azurerm", "sas_token", SecretClass::kSecret},
      {"azurerm", "client_secret", SecretClass::kSecret},
      {"azurerm", "client_certificate", SecretClass::kSecret},
      {"azurerm", "client_certificate_password", SecretClass::kSecret},
      {"azurerm", "oidc_token", SecretClass::kSecret},
      {"azurerm", "oidc_request_token", SecretClass::kSecret},
      {"azurerm", "oidc_token_file_path", SecretClass::kNone},
      {"azurerm", "client_secret_file_path", SecretClass::kNone},
      {"azurerm", "use_azuread_auth", SecretClass::kNone},
      {"azurerm", "storage_account_name", SecretClass::kNone},
      {"azurerm", "key", SecretClass::kNone},
      {"azurerm", "client_id", SecretClass::kNone},
      {"s3", "access_key", SecretClass::kSecret},
      {"s3", "secret_key", SecretClass::kSecret},
      {"s3", "token", SecretClass::kSecret},
      {"s3", "sse_customer_key", SecretClass::kSecret},
      {"s3", "assume_role_with_web_identity.web_identity_token",
       SecretClass::kSecret},
      {"s3", "assume_role_with_web_identity.web_identity_token_file",
       SecretClass::kNone},
      {"s3", "shared_credentials_files", SecretClass::kNone},
      {"s3", "kms_key_id", SecretClass::kNone},
      {"s3", "dynamodb_table", SecretClass::kNone},
      {"gcs", "credentials", SecretClass::kMaybeSecret},
      {"gcs", "access_token", SecretClass::kSecret},
      {"gcs", "encryption_key", SecretClass::kSecret},
      {"gcs", "kms_encryption_key", SecretClass::kNone},
      {"http", "password", SecretClass::kSecret},
      {"http", "username", SecretClass::kNone},
      {"http", "client_private_key_pem", SecretClass::kSecret},
      {"http", "client_certificate_pem", SecretClass::kNone},
      {"pg", "conn_str", SecretClass::kMaybeSecret},
      {"consul", "access_token", SecretClass::kSecret},
      {"consul", "http_auth", SecretClass::kSecret},
      {"consul", "key_file", SecretClass::kNone},
      {"kubernetes", "secret_suffix", SecretClass::kNone},
      {"kubernetes", "token", SecretClass::kSecret},
      {"remote", "token", SecretClass::kSecret},
      {"cloud", "token", SecretClass::kSecret},
      {"cloud", "organization", SecretClass::kNone},
      {"oss", "secret_key", SecretClass::kSecret},
      {"cos", "secret_id", SecretClass::kSecret},
      // Unknown backend types fall back to name recognition.
      {"artifactory", "password", SecretClass::kSecret},
      {"artifactory", "username", SecretClass::kNone},
      {"someday", "api_token", SecretClass::kSecret},
      {"someday", "api_token_path", SecretClass::kNone},
      {"someday", "use_secret_store", SecretClass::kNone},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.type + "." + c.name);
    EXPECT_EQ(ClassifySetting(c.type, c.name), c.expected);
  }
}

std::vector<BackendSetting> Set(std::vector<std::string> names) {
  std::vector<BackendSetting> out;
  for (std::string& n : names)
    out.push_back({std::move(n), SettingState::kSet, {}});
  return out;
}

TEST(EvaluateLocking, PerBackend) {
  struct Case {
    std::string name;
    std::string type;
    std::vector<BackendSetting> settings;
    ValueState state;
    bool locked;
  };
  const Case cases[] = {
      {"azurerm leases", "azurerm", {}, ValueState::kKnown, true},
      {"remote", "remote", {}, ValueState::kKnown, true},
      {"s3 bare", "s3", Set({"bucket", "key"}), ValueState::kKnown, false},
      {"s3 lockfile", "s3", Set({"bucket", "use_lockfile"}), ValueState::kKnown,
       true},
      {"s3 dynamodb", "s3", Set({"dynamodb_table"}), ValueState::kKnown, true},
      {"s3 lockfile false",
       "s3",
       {{"use_lockfile", SettingState::kFalse, {}}},
       ValueState::kKnown,
       false},
      {"s3 empty table",
       "s3",
       {{"dynamodb_table", SettingState::kEmpty, {}}},
       ValueState::kKnown,
       false},
      {"http bare", "http", Set({"address"}), ValueState::kKnown, false},
      {"http lock", "http", Set({"address", "lock_address"}),
       ValueState::kKnown, true},
      {"consul default", "consul", Set({"path"}), ValueState::kKnown, true},
      {"consul lock off",
       "consul",
       {{"lock", SettingState::kFalse, {}}},
       ValueState::kKnown,
       false},
      {"oss without table", "oss", Set({"bucket"}), ValueState::kKnown, false},
      {"oss with table", "oss", Set({"tablestore_table"}), ValueState::kKnown,
       true},
      {"unknown type", "artifactory", {}, ValueState::kUnknown, false},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.name);
    LockingVerdict v = EvaluateLocking(c.type, c.settings);
    EXPECT_EQ(v.locked.state(), c.state);
    if (c.state == ValueState::kKnown) {
      EXPECT_EQ(v.locked.value(), c.locked);
    }
    EXPECT_FALSE(v.evidence.empty());
  }
}

TEST(SecretFreeAuthHint, MentionsEntraIdForAzurerm) {
  EXPECT_NE(std::string(SecretFreeAuthHint("azurerm")).find("use_azuread_auth"),
            std::string::npos);
  EXPECT_FALSE(SecretFreeAuthHint("whatever").empty());
}

}  // namespace
}  // namespace threatmodel::rules::internal
