#include "threatmodel/rules/model_json.h"

#include <string>

#include "gtest/gtest.h"

namespace threatmodel::rules {
namespace {

TEST(ParseDeploymentJson, FullModel) {
  absl::StatusOr<Deployment> model = ParseDeploymentJson(R"({
    "backend": {"type": "pg", "origin": "backend_file", "source": "f",
                "settings": ["schema_name",
                             {"name": "conn_str", "embeds_credential": false},
                             {"name": "skip_table_creation", "state": "false"}]},
    "automation_accounts": [{
      "subject": "aa", "name": "aa-1", "identity_type": "SystemAssigned",
      "principal_id": {"unknown": true}, "source": "accounts[0]",
      "role_assignments": [{
        "principal_id": {"unknown": true}, "principal_type": "ServicePrincipal",
        "role_definition_name": "Contributor",
        "role_definition_id": {"unknown": true},
        "scope": {"unknown": true}, "scope_kind_hint": "resource_group",
        "source": "ra0"}]}],
    "users": [{"subject": "alice", "principal_id": "p1", "tier": "reader",
               "role_assignments": [{"role_definition_name": "Reader"}]}],
    "role_assignments": [{"principal_id": "p2", "principal_type": "user",
                          "role_definition_id": "acdd72a7-3385-48ef-bd42-f606fba81ae7",
                          "scope": "/subscriptions/s"}]
  })");
  ASSERT_TRUE(model.ok()) << model.status();
  ASSERT_TRUE(model->backend.is_known());
  const Backend& b = model->backend.value();
  EXPECT_EQ(b.type.value(), "pg");
  EXPECT_EQ(b.origin, BackendOrigin::kBackendFile);
  ASSERT_EQ(b.settings.size(), 3u);
  EXPECT_TRUE(b.settings[0].embeds_credential.is_null());
  EXPECT_EQ(b.settings[1].embeds_credential, Maybe<bool>(false));
  EXPECT_EQ(b.settings[2].state, SettingState::kFalse);

  ASSERT_EQ(model->automation_accounts.size(), 1u);
  const AutomationAccount& a = model->automation_accounts[0];
  EXPECT_EQ(a.subject, "aa");
  EXPECT_TRUE(a.principal_id.is_unknown());
  ASSERT_EQ(a.role_assignments.size(), 1u);
  const RoleAssignment& ra = a.role_assignments[0];
  EXPECT_EQ(ra.principal_type,
            Maybe<PrincipalType>(PrincipalType::kServicePrincipal));
  EXPECT_TRUE(ra.role_definition_id.is_unknown());
  EXPECT_TRUE(ra.scope.is_unknown());
  EXPECT_EQ(ra.scope_kind_hint, Maybe<ScopeKind>(ScopeKind::kResourceGroup));
  EXPECT_EQ(ra.source, "ra0");

  ASSERT_EQ(model->users.size(), 1u);
  EXPECT_EQ(model->users[0].tier.value(), "reader");
  EXPECT_TRUE(model->users[0].role_assignments[0].principal_id.is_null());
  ASSERT_EQ(model->role_assignments.size(), 1u);
  EXPECT_EQ(model->role_assignments[0].principal_type,
            Maybe<PrincipalType>(PrincipalType::kUser));
}

TEST(ParseDeploymentJson, UnknownAndNullBackend) {
  absl::StatusOr<Deployment> m =
      ParseDeploymentJson(R"({"backend": {"unknown": true}})");
  ASSERT_TRUE(m.ok());
  EXPECT_TRUE(m->backend.is_unknown());
  m = ParseDeploymentJson(R"({"backend": null})");
  ASSERT_TRUE(m.ok());
  EXPECT_TRUE(m->backend.is_null());
  m = ParseDeploymentJson(R"({})");
  ASSERT_TRUE(m.ok());
  EXPECT_TRUE(m->backend.is_null());
}

TEST(ParseDeploymentJson, ErrorsNameThePath) {
  struct Case {
    std::string json;
    std::string fragment;
  };
  const Case cases[] = {
      {"[]", "model: (top level): expected an object, got array"},
      {R"({"users": {}})", "users: expected a list"},
      {R"({"users": [{"tier": 3}]})",
       "users[0].tier: expected a string or {\"unknown\": true}, got number"},
      {R"({"users": [{"tier": {"unknown": false}}]})", "users[0].tier"},
      {R"({"role_assignments": [{"scope_kind_hint": "galaxy"}]})",
       "role_assignments[0].scope_kind_hint: expected root"},
      {R"({"role_assignments": [{"role": "Owner"}]})",
       "role_assignments[0].role: unknown key"},
      {R"({"automation_accounts": [{"role_assignments": [{"scope": 1}]}]})",
       "automation_accounts[0].role_assignments[0].scope"},
      {R"({"backend": {"type": "s3", "origin": "guess"}})",
       "backend.origin: expected"},
      {R"({"backend": {"type": "s3", "settings": [{"state": "set"}]}})",
       "backend.settings[0]: name is missing"},
      {R"({"backend": {"type": "s3", "settings": [{"name": "a", "state": "on"}]}})",
       "backend.settings[0].state"},
      {R"({"backend": {"type": "s3", "settings": [3]}})",
       "backend.settings[0]: expected an object"},
      {R"({"backend": {"type": "s3", "settings": [{"name": "a", "embeds_credential": "yes"}]}})",
       "embeds_credential: expected a boolean"},
      {R"({"extra": 1})", "extra: unknown key"},
      {"{", "model: not valid JSON"},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.json);
    absl::StatusOr<Deployment> m = ParseDeploymentJson(c.json);
    ASSERT_FALSE(m.ok());
    EXPECT_EQ(m.status().code(), absl::StatusCode::kInvalidArgument);
    EXPECT_NE(std::string(m.status().message()).find(c.fragment),
              std::string::npos)
        << m.status();
  }
}

}  // namespace
}  // namespace threatmodel::rules
