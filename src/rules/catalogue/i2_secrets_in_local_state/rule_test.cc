// I-2 through the engine: planned resources that hold credentials, judged
// against the backend T-2 sees for the same working directory.

#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "gtest/gtest.h"
#include "rules/test_util.h"
#include "threatmodel/rules/engine.h"

namespace threatmodel::rules {
namespace {

using testing::About;
using testing::ExpectContains;
using testing::Planned;

Backend LocalState() {
  Backend b;
  b.type = std::string("local");
  b.origin = BackendOrigin::kNoBackendFile;
  b.source = "/work/vpn/.terraform/terraform.tfstate";
  return b;
}

Backend AzurermWithEntraId() {
  Backend b;
  b.type = std::string("azurerm");
  b.origin = BackendOrigin::kBackendFile;
  b.source = "/work/vpn/.terraform/terraform.tfstate";
  for (const char* name :
       {"storage_account_name", "container_name", "key", "use_azuread_auth"}) {
    BackendSetting s;
    s.name = name;
    s.state = SettingState::kSet;
    b.settings.push_back(s);
  }
  return b;
}

BackendObservation Observed(Backend b) {
  BackendObservation o;
  o.state = BackendObservation::State::kObserved;
  o.backend = std::move(b);
  return o;
}

std::vector<Finding> I2(std::vector<Resource> resources,
                        BackendObservation backend, bool* passed = nullptr) {
  Input input;
  input.resources = std::move(resources);
  input.observed_backend = std::move(backend);
  absl::StatusOr<Report> report =
      Evaluate(input, Policy(), {"I-2"}, testing::Today());
  EXPECT_TRUE(report.ok()) << report.status();
  if (!report.ok()) return {};
  if (passed != nullptr) *passed = report->passed;
  return testing::Of(*report, "I-2");
}

// Sets the leaf at `member` (top level) sensitive, as the plan reader does
// for a leaf `after_sensitive` marks.
Resource WithSensitive(Resource r, const std::string& member) {
  r.values.mutable_members()[member] = PlanValue::Sensitive();
  return r;
}

// The reference architecture's site connection (modules/vpn/main.tf): the
// shared key comes from a sensitive variable, so the plan withholds it.
Resource SiteConnection() {
  return WithSensitive(
      Planned("module.vpn.azurerm_virtual_network_gateway_connection."
              "sites[\"hq\"]",
              R"({"name": "cn-hq", "type": "IPsec"})", R"({"id": true})",
              std::vector<std::string>{"name", "type", "shared_key"}),
      "shared_key");
}

TEST(I2Secrets, VpnSharedKeyInLocalStateIsAViolation) {
  bool passed = true;
  std::vector<Finding> f =
      I2({SiteConnection()}, Observed(LocalState()), &passed);
  ASSERT_EQ(f.size(), 1u);
  EXPECT_EQ(f[0].status, Status::kViolation);
  EXPECT_EQ(f[0].facet, "vpn-shared-key");
  EXPECT_EQ(f[0].enforcement, Enforcement::kMandatory);
  EXPECT_EQ(f[0].subject,
            "module.vpn.azurerm_virtual_network_gateway_connection."
            "sites[\"hq\"]");
  ExpectContains(f[0].message, "shared_key holds a credential");
  ExpectContains(f[0].message, "T-2 is violated");
  EXPECT_FALSE(passed);
}

// I-2 reads T-2's findings through the engine: T-2 is evaluated for it
// when not selected, is reported only when selected, and a waiver of T-2
// (an acceptance, not a change in the facts) leaves I-2's verdict alone.
TEST(I2Secrets, FollowsT2BeforeWaiversAndReportsOnlyTheSelection) {
  Input input;
  input.resources = {SiteConnection()};
  input.observed_backend = Observed(LocalState());
  absl::StatusOr<Report> alone =
      Evaluate(input, Policy(), {"I-2"}, testing::Today());
  ASSERT_TRUE(alone.ok()) << alone.status();
  EXPECT_TRUE(testing::Of(*alone, "T-2").empty());
  ASSERT_EQ(testing::Of(*alone, "I-2").size(), 1u);
  EXPECT_EQ(testing::Of(*alone, "I-2")[0].status, Status::kViolation);

  Policy policy;
  policy.waivers = {{"T-2", "backend", "migration next sprint", "2099-12-31",
                     "security@contoso.com", "waivers[0]"}};
  absl::StatusOr<Report> both =
      Evaluate(input, policy, {"T-2", "I-2"}, testing::Today());
  ASSERT_TRUE(both.ok()) << both.status();
  ASSERT_EQ(testing::Of(*both, "T-2").size(), 1u);
  EXPECT_EQ(testing::Of(*both, "T-2")[0].status, Status::kWaived);
  ASSERT_EQ(testing::Of(*both, "I-2").size(), 1u);
  EXPECT_EQ(testing::Of(*both, "I-2")[0].status, Status::kViolation);
  ExpectContains(testing::Of(*both, "I-2")[0].message, "T-2 is violated");
  EXPECT_FALSE(both->passed);
}

TEST(I2Secrets, RemoteBackendPasses) {
  bool passed = false;
  std::vector<Finding> f =
      I2({SiteConnection()}, Observed(AzurermWithEntraId()), &passed);
  ASSERT_EQ(f.size(), 1u);
  EXPECT_EQ(f[0].status, Status::kPass);
  EXPECT_TRUE(passed);
}

TEST(I2Secrets, NoBackendKnownIsUndecidedNeverAPass) {
  std::vector<Finding> f = I2({SiteConnection()}, BackendObservation());
  ASSERT_EQ(f.size(), 1u);
  EXPECT_EQ(f[0].status, Status::kUndecided);
  ExpectContains(f[0].message, "T-2 was not evaluated");

  BackendObservation unavailable;
  unavailable.state = BackendObservation::State::kUnavailable;
  unavailable.reason = "no .terraform directory in /work/vpn";
  f = I2({SiteConnection()}, unavailable);
  ASSERT_EQ(f.size(), 1u);
  EXPECT_EQ(f[0].status, Status::kUndecided);
  ExpectContains(f[0].message, "no .terraform directory");
}

TEST(I2Secrets, NoHolderIsNotApplicable) {
  // The reference architecture's default: no site connection, a gateway
  // with Entra ID point-to-site auth and no RADIUS secret.
  Resource gateway = Planned("module.vpn.azurerm_virtual_network_gateway.main",
                             R"({"sku": "VpnGw1", "vpn_client_configuration": [{
            "address_space": ["192.168.200.0/24"],
            "aad_tenant": "https://login.microsoftonline.com/t/",
            "radius_server_secret": null}]})",
                             R"({"id": true})");
  bool passed = false;
  std::vector<Finding> f = I2({gateway}, Observed(LocalState()), &passed);
  ASSERT_EQ(f.size(), 1u);
  EXPECT_EQ(f[0].status, Status::kNotApplicable);
  EXPECT_TRUE(passed);
}

TEST(I2Secrets, WriteOnlyPasswordsAndNullSecretsHoldNothing) {
  // administrator_password_wo never reaches state; the plan shows it null.
  Resource pg = Planned("azurerm_postgresql_flexible_server.pg",
                        R"({"administrator_login": "psqladmin",
                            "administrator_password": null,
                            "administrator_password_wo": null,
                            "administrator_password_wo_version": 1})",
                        "{}",
                        std::vector<std::string>{
                            "administrator_login", "administrator_password_wo",
                            "administrator_password_wo_version"});
  pg.values.mutable_members()["administrator_password_wo"] =
      PlanValue::Sensitive();
  Resource vm = Planned("azurerm_linux_virtual_machine.ssh_only",
                        R"({"admin_username": "azureuser",
                            "admin_password": null})");
  // Terraform 0.12 plans carry no sensitivity marks; "" sets no password.
  Resource old_vm = Planned("azurerm_virtual_machine.linux",
                            R"({"os_profile": [{"admin_username": "azureuser",
                                                "admin_password": ""}]})");
  std::vector<Finding> f = I2({pg, vm, old_vm}, Observed(LocalState()));
  ASSERT_EQ(f.size(), 1u);
  EXPECT_EQ(f[0].status, Status::kNotApplicable);
}

TEST(I2Secrets, SensitiveLeavesCountOnlyWithACredentialName) {
  // A type the list does not know: its sensitive password counts, its
  // sensitive custom_data is merely sensitive.
  Resource registry =
      Planned("azurerm_example_appliance.a", R"({"name": "a"})");
  registry = WithSensitive(std::move(registry), "admin_password");
  registry = WithSensitive(std::move(registry), "custom_data");
  Resource vmss =
      WithSensitive(Planned("azurerm_orchestrated_thing.b", R"({"name": "b"})"),
                    "custom_data");
  std::vector<Finding> f = I2({registry, vmss}, Observed(LocalState()));
  ASSERT_EQ(f.size(), 1u);
  EXPECT_EQ(f[0].subject, "azurerm_example_appliance.a");
  EXPECT_EQ(f[0].facet, "credential");
  EXPECT_EQ(f[0].status, Status::kViolation);
  ExpectContains(f[0].message, "admin_password holds");
  EXPECT_EQ(f[0].message.find("custom_data"), std::string::npos);
}

TEST(I2Secrets, KnownValuesWithoutMarksCountButAreNeverShown) {
  // The data source's resource inputs carry no sensitivity marks.
  Resource conn = Planned("azurerm_vpn_gateway_connection.site",
                          R"({"name": "site", "vpn_link": [
            {"name": "l0", "shared_key": "Very-S3cret-Key"},
            {"name": "l1", "shared_key": null}]})");
  Resource secret = Planned("azurerm_key_vault_secret.psql",
                            R"({"name": "psql-admin-password",
                                "value": "An0ther-S3cret"})");
  Resource password = Planned("random_password.postgresql[0]",
                              R"({"length": 32})", R"({"result": true})");
  std::vector<Finding> f = I2({conn, secret, password}, Observed(LocalState()));
  ASSERT_EQ(f.size(), 3u);
  for (const Finding& finding : f) {
    EXPECT_EQ(finding.status, Status::kViolation) << finding.subject;
    EXPECT_EQ(finding.message.find("S3cret"), std::string::npos);
  }
  ExpectContains(About(f, "azurerm_vpn_gateway_connection.site")->message,
                 "vpn_link[0].shared_key holds");
  EXPECT_EQ(About(f, "azurerm_vpn_gateway_connection.site")
                ->message.find("vpn_link[1]"),
            std::string::npos);
  ExpectContains(About(f, "random_password.postgresql[0]")->message,
                 "result holds");
}

TEST(I2Secrets, AksWithoutLocalAccountsHoldsNoKubeConfigCredential) {
  auto cluster = [](const std::string& name, const std::string& disabled) {
    Resource r = Planned(
        "azurerm_kubernetes_cluster." + name,
        R"({"name": "aks", "local_account_disabled": )" + disabled + "}");
    r = WithSensitive(std::move(r), "kube_config_raw");
    return WithSensitive(std::move(r), "kube_admin_config_raw");
  };
  std::vector<Finding> f =
      I2({cluster("entra", "true"), cluster("local", "false")},
         Observed(LocalState()));
  ASSERT_EQ(f.size(), 1u);
  EXPECT_EQ(f[0].subject, "azurerm_kubernetes_cluster.local");
  ExpectContains(f[0].message, "kube_admin_config_raw, kube_config_raw hold");
}

TEST(I2Secrets, UnknownBlockUsesTheConfiguration) {
  // vpn_link unknown as a whole: the configuration says whether it sets a
  // shared key; without a configuration it is undecided.
  Resource configured =
      Planned("azurerm_vpn_gateway_connection.a", R"({"name": "a"})",
              R"({"vpn_link": true})",
              std::vector<std::string>{"name", "vpn_link[0].shared_key"});
  Resource bare = Planned("azurerm_vpn_gateway_connection.b",
                          R"({"name": "b"})", R"({"vpn_link": true})");
  Resource keyless =
      Planned("azurerm_vpn_gateway_connection.c", R"({"name": "c"})",
              R"({"vpn_link": true})",
              std::vector<std::string>{"name", "vpn_link[0].name"});
  std::vector<Finding> f =
      I2({configured, bare, keyless}, Observed(LocalState()));
  ASSERT_EQ(f.size(), 2u);
  EXPECT_EQ(About(f, "azurerm_vpn_gateway_connection.a")->status,
            Status::kViolation);
  EXPECT_EQ(About(f, "azurerm_vpn_gateway_connection.b")->status,
            Status::kUndecided);
  ExpectContains(About(f, "azurerm_vpn_gateway_connection.b")->message,
                 "may hold a credential");
}

}  // namespace
}  // namespace threatmodel::rules
