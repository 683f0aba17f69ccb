// T-2 through the engine: each case is a backend and the expected status.

#include <string>
#include <vector>

#include "gtest/gtest.h"
#include "rules/test_util.h"
#include "threatmodel/rules/engine.h"
#include "threatmodel/rules/stated_backend.h"

namespace threatmodel::rules {
namespace {

using testing::EvaluateOne;

struct Case {
  std::string name;
  Maybe<Backend> backend;
  Policy policy;
  Status status;
  std::vector<std::string> message_contains;
};

Backend NoBackendFile() {
  Backend b;
  b.type = std::string("local");
  b.origin = BackendOrigin::kNoBackendFile;
  b.source = "/root/.terraform/terraform.tfstate";
  return b;
}

Policy Accepting(std::vector<std::string> types) {
  Policy p;
  p.accepted_backends = std::move(types);
  return p;
}

Backend WithFact(Backend b, const std::string& name, Maybe<bool> embeds) {
  for (BackendSetting& s : b.settings) {
    if (s.name == name) s.embeds_credential = embeds;
  }
  return b;
}

TEST(T2Backend, Table) {
  Backend unknown_type;
  unknown_type.type = Maybe<std::string>::Unknown();
  const Case cases[] = {
      {"nothing supplied",
       Maybe<Backend>(),
       Policy(),
       Status::kNotApplicable,
       {"no backend information"}},
      {"backend unknown",
       Maybe<Backend>::Unknown(),
       Policy(),
       Status::kUndecided,
       {"unknown at plan time"}},
      {"type unknown",
       unknown_type,
       Policy(),
       Status::kUndecided,
       {"type is unknown at plan time"}},
      {"reference architecture: no backend file",
       NoBackendFile(),
       Policy(),
       Status::kViolation,
       {"no backend is configured", "local terraform.tfstate",
        "no backend file at /root/.terraform/terraform.tfstate"}},
      {"explicit local",
       StatedBackend("local", {"path"}, "b"),
       Policy(),
       Status::kViolation,
       {"\"local\" backend"}},
      {"local even when the policy lists it",
       StatedBackend("local", {}, "b"),
       Accepting({"local"}),
       Status::kViolation,
       {"local file"}},
      {"azurerm with Entra ID",
       StatedBackend("azurerm",
                     {"storage_account_name", "container_name", "key",
                      "use_azuread_auth"},
                     "b"),
       Policy(),
       Status::kPass,
       {"no credentials", "Entra ID data-plane auth (use_azuread_auth)"}},
      {"azurerm with access_key and sas_token",
       StatedBackend("azurerm",
                     {"storage_account_name", "access_key", "sas_token"}, "b"),
       Policy(),
       Status::kViolation,
       {"credentials access_key, sas_token", "plaintext", "use_azuread_auth"}},
      {"azurerm with client_secret",
       StatedBackend("azurerm", {"client_id", "client_secret"}, "b"),
       Policy(),
       Status::kViolation,
       {"credential client_secret"}},
      {"remote",
       StatedBackend("remote", {"organization", "workspaces"}, "b"),
       Policy(),
       Status::kPass,
       {"accepted remote backend"}},
      {"cloud with a token",
       StatedBackend("cloud", {"organization", "token"}, "b"),
       Policy(),
       Status::kViolation,
       {"credential token"}},
      {"s3 not accepted by default",
       StatedBackend("s3", {"bucket", "use_lockfile"}, "b"),
       Policy(),
       Status::kViolation,
       {"\"s3\" is not among the policy's accepted backends (azurerm, remote, "
        "cloud)"}},
      {"s3 accepted, no locking",
       StatedBackend("s3", {"bucket", "key"}, "b"),
       Accepting({"s3"}),
       Status::kViolation,
       {"not locked (neither use_lockfile nor dynamodb_table is set)"}},
      {"s3 accepted, lock file",
       StatedBackend("s3", {"bucket", "use_lockfile"}, "b"),
       Accepting({"S3"}),
       Status::kPass,
       {"use_lockfile is set"}},
      {"s3 accepted, static keys",
       StatedBackend(
           "s3", {"bucket", "dynamodb_table", "access_key", "secret_key"}, "b"),
       Accepting({"s3"}),
       Status::kViolation,
       {"credentials access_key, secret_key"}},
      {"http accepted, locking",
       StatedBackend("http", {"address", "lock_address", "username"}, "b"),
       Accepting({"http"}),
       Status::kPass,
       {"lock_address is set"}},
      {"http accepted, no locking",
       StatedBackend("http", {"address"}, "b"),
       Accepting({"http"}),
       Status::kViolation,
       {"lock_address is not set"}},
      {"http accepted, password",
       StatedBackend("http", {"address", "lock_address", "password"}, "b"),
       Accepting({"http"}),
       Status::kViolation,
       {"credential password", "TF_HTTP_PASSWORD"}},
      {"http not accepted",
       StatedBackend("http", {"address", "lock_address"}, "b"),
       Policy(),
       Status::kViolation,
       {"not among the policy's accepted"}},
      {"pg conn_str stated by name only",
       StatedBackend("pg", {"conn_str"}, "b"),
       Accepting({"pg"}),
       Status::kUndecided,
       {"whether conn_str embeds a credential"}},
      {"pg conn_str without password",
       WithFact(StatedBackend("pg", {"conn_str"}, "b"), "conn_str", false),
       Accepting({"pg"}),
       Status::kPass,
       {"no credentials"}},
      {"pg conn_str with password",
       WithFact(StatedBackend("pg", {"conn_str"}, "b"), "conn_str", true),
       Accepting({"pg"}),
       Status::kViolation,
       {"credential conn_str"}},
      {"unknown type accepted: locking undecided",
       StatedBackend("artifactory", {"url"}, "b"),
       Accepting({"artifactory"}),
       Status::kUndecided,
       {"how backend type \"artifactory\" locks state"}},
      {"unknown type with a password",
       StatedBackend("artifactory", {"url", "password"}, "b"),
       Accepting({"artifactory"}),
       Status::kViolation,
       {"credential password", "also undecided"}},
      {"nothing accepted",
       StatedBackend("azurerm", {}, "b"),
       Accepting({}),
       Status::kViolation,
       {"accepted backends (none)"}},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.name);
    Deployment model;
    model.backend = c.backend;
    Report report = EvaluateOne(model, "T-2", c.policy);
    std::vector<Finding> findings = testing::Of(report, "T-2");
    ASSERT_EQ(findings.size(), 1u);
    const Finding& f = findings[0];
    EXPECT_EQ(f.status, c.status) << f.message;
    EXPECT_EQ(f.subject, "backend");
    for (const std::string& fragment : c.message_contains) {
      EXPECT_NE(f.message.find(fragment), std::string::npos)
          << "missing \"" << fragment << "\" in: " << f.message;
    }
    if (c.backend.is_known()) {
      EXPECT_EQ(f.source, c.backend.value().source);
    }
  }
}

TEST(T2Backend, SettingsThatAreFalseOrEmptyAreNotCredentials) {
  Backend b = StatedBackend("azurerm", {"storage_account_name"}, "b");
  b.settings.push_back({"access_key", SettingState::kEmpty, {}});
  b.settings.push_back({"sas_token", SettingState::kFalse, {}});
  Deployment model;
  model.backend = b;
  std::vector<Finding> f = testing::Of(EvaluateOne(model, "T-2"), "T-2");
  ASSERT_EQ(f.size(), 1u);
  EXPECT_EQ(f[0].status, Status::kPass) << f[0].message;
}

TEST(T2Backend, AzurermWithoutAzureAdAuthPassesWithANote) {
  Deployment model;
  model.backend = StatedBackend(
      "azurerm", {"storage_account_name", "resource_group_name"}, "b");
  std::vector<Finding> f = testing::Of(EvaluateOne(model, "T-2"), "T-2");
  ASSERT_EQ(f.size(), 1u);
  EXPECT_EQ(f[0].status, Status::kPass);
  EXPECT_NE(f[0].message.find("use_azuread_auth is not set"), std::string::npos)
      << f[0].message;
}

}  // namespace
}  // namespace threatmodel::rules
