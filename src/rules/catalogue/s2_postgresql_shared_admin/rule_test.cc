// S-2 through the engine, over planned resources as the plan reader builds
// them.

#include "threatmodel/rules/rule.h"

#include <optional>
#include <string>
#include <vector>

#include "gtest/gtest.h"
#include "rules/test_util.h"
#include "threatmodel/rules/engine.h"

namespace threatmodel::rules {
namespace {

using testing::ExpectContains;
using testing::Planned;
using testing::RefTo;
using testing::WithFacet;

constexpr char kServer[] =
    "module.platform.azurerm_postgresql_flexible_server.main[0]";
constexpr char kServerBase[] =
    "module.platform.azurerm_postgresql_flexible_server.main";

// The reference architecture's server: no authentication block (unknown on
// create, not in the configuration), administrator_login "psqladmin".
Resource Server(const std::string& public_access = "false") {
  return Planned(
      kServer,
      R"({"administrator_login": "psqladmin",
                     "public_network_access_enabled": )" +
          public_access + R"(, "delegated_subnet_id": null})",
      R"({"authentication": true, "id": true, "fqdn": true})",
      std::vector<std::string>{"administrator_login", "administrator_password",
                               "name", "public_network_access_enabled"});
}

Resource FirewallRule(const std::string& name, const std::string& start,
                      const std::string& end) {
  Resource r = Planned(
      "module.platform.azurerm_postgresql_flexible_server_firewall_rule." +
          name + "[0]",
      R"({"start_ip_address": ")" + start + R"(", "end_ip_address": ")" + end +
          R"("})",
      R"({"server_id": true, "id": true})",
      std::vector<std::string>{"server_id", "start_ip_address",
                               "end_ip_address"});
  r.references["server_id"] = {RefTo(kServerBase, "id")};
  r.references["server_id"][0].key = "[0]";
  return r;
}

std::vector<Finding> S2(std::vector<Resource> resources,
                        const Policy& policy = Policy(),
                        bool* passed = nullptr) {
  return testing::FindingsOver(std::move(resources), "S-2", policy, passed);
}

TEST(S2PostgreSql, ReferenceArchitectureIsAnAdvisoryViolationOnly) {
  bool passed = false;
  std::vector<Finding> f = S2({Server()}, Policy(), &passed);
  ASSERT_EQ(f.size(), 2u);
  std::optional<Finding> password = WithFacet(f, "password-auth");
  ASSERT_NE(password, std::nullopt);
  EXPECT_EQ(password->status, Status::kViolation);
  EXPECT_EQ(password->enforcement, Enforcement::kAdvisory);
  EXPECT_EQ(password->subject, kServer);
  ExpectContains(password->message,
                 "authentication[0].password_auth_enabled = true (unknown in "
                 "the plan and not set in the configuration: the provider's "
                 "default)");
  ExpectContains(password->message, "administrator_login \"psqladmin\"");
  std::optional<Finding> premise = WithFacet(f, "premise-private");
  ASSERT_NE(premise, std::nullopt);
  EXPECT_EQ(premise->status, Status::kPass);
  EXPECT_EQ(premise->enforcement, Enforcement::kMandatory);
  ExpectContains(premise->message, "public_network_access_enabled = false");
  EXPECT_TRUE(passed);
}

TEST(S2PostgreSql, PublicAccessWithoutPrivateNetworkBreaksThePremise) {
  bool passed = true;
  std::vector<Finding> f = S2({Server("true")}, Policy(), &passed);
  std::optional<Finding> premise = WithFacet(f, "premise-private");
  ASSERT_NE(premise, std::nullopt);
  EXPECT_EQ(premise->status, Status::kViolation);
  EXPECT_EQ(premise->enforcement, Enforcement::kMandatory);
  ExpectContains(premise->message,
                 "public_network_access_enabled = true, without "
                 "delegated_subnet_id or a private endpoint");
  EXPECT_FALSE(passed);
}

TEST(S2PostgreSql, PublicAccessLeftToTheProviderDefaultsToOn) {
  // azurerm < 3.105 computes the flag: unknown on create.
  Resource server = Server();
  server.values.mutable_members()["public_network_access_enabled"] =
      PlanValue::Unknown();
  server.configured->erase("public_network_access_enabled");
  std::optional<Finding> premise = WithFacet(S2({server}), "premise-private");
  ASSERT_NE(premise, std::nullopt);
  EXPECT_EQ(premise->status, Status::kViolation);
  // Set by reference instead: undecided, naming where it comes from.
  server.configured->insert("public_network_access_enabled");
  server.references["public_network_access_enabled"] = {
      RefTo("terraform_data.flags", "output")};
  premise = WithFacet(S2({server}), "premise-private");
  ASSERT_NE(premise, std::nullopt);
  EXPECT_EQ(premise->status, Status::kUndecided);
  ExpectContains(premise->message,
                 "public_network_access_enabled is unknown at plan time (set "
                 "from terraform_data.flags.output)");
}

TEST(S2PostgreSql, OpenFirewallRulesBreakThePremiseWhateverTheFlag) {
  bool passed = true;
  std::vector<Finding> f =
      S2({Server(), FirewallRule("allow_azure_services", "0.0.0.0", "0.0.0.0"),
          FirewallRule("everyone", "0.0.0.0", "255.255.255.255"),
          FirewallRule("office", "203.0.113.0", "203.0.113.255")},
         Policy(), &passed);
  std::optional<Finding> premise = WithFacet(f, "premise-private");
  ASSERT_NE(premise, std::nullopt);
  EXPECT_EQ(premise->status, Status::kViolation);
  ExpectContains(premise->message,
                 "allow_azure_services[0] allows 0.0.0.0-0.0.0.0, which "
                 "admits every Azure service");
  ExpectContains(premise->message,
                 "everyone[0] allows 0.0.0.0-255.255.255.255");
  EXPECT_EQ(premise->message.find("office"), std::string::npos);
  EXPECT_EQ(premise->related_sources.size(), 2u);
  EXPECT_FALSE(passed);
}

TEST(S2PostgreSql, FirewallRuleForAnAllocatedAddressIsNotOpen) {
  // The newer reference architecture pins a rule to the NAT gateway's IP.
  Resource egress = FirewallRule("aks_egress", "x", "x");
  egress.values = PlanValue::Object({{"start_ip_address", PlanValue::Unknown()},
                                     {"end_ip_address", PlanValue::Unknown()},
                                     {"server_id", PlanValue::Unknown()}});
  egress.references["start_ip_address"] = {
      RefTo("module.platform.azurerm_public_ip.nat_gateway", "ip_address")};
  egress.references["end_ip_address"] = egress.references["start_ip_address"];
  std::optional<Finding> premise =
      WithFacet(S2({Server(), egress}), "premise-private");
  ASSERT_NE(premise, std::nullopt);
  EXPECT_EQ(premise->status, Status::kPass);
}

TEST(S2PostgreSql, VnetInjectionOrAPrivateEndpointKeepsItPrivate) {
  Resource injected = Server("true");
  injected.values.mutable_members()["delegated_subnet_id"] =
      PlanValue::Unknown();
  std::optional<Finding> premise = WithFacet(S2({injected}), "premise-private");
  ASSERT_NE(premise, std::nullopt);
  EXPECT_EQ(premise->status, Status::kPass);
  ExpectContains(premise->message,
                 "VNet-injected (delegated_subnet_id is set (known at apply))");

  Resource pe = Planned(
      "azurerm_private_endpoint.pg", R"({"private_service_connection": [{}]})",
      R"({"private_service_connection": [{"private_connection_resource_id": true}]})",
      std::vector<std::string>{
          "private_service_connection[0].private_connection_resource_id"});
  pe.references
      ["private_service_connection[0].private_connection_resource_id"] = {
      RefTo(kServerBase, "id")};
  premise = WithFacet(S2({Server("true"), pe}), "premise-private");
  ASSERT_NE(premise, std::nullopt);
  EXPECT_EQ(premise->status, Status::kPass);
  ExpectContains(premise->message,
                 "private endpoint azurerm_private_endpoint.pg");
}

TEST(S2PostgreSql, AnEndpointOfUnknownTargetMattersOnlyForPublicServers) {
  Resource pe = Planned(
      "azurerm_private_endpoint.somewhere", "{}",
      R"({"private_service_connection": true})",
      std::vector<std::string>{
          "private_service_connection[0].private_connection_resource_id"});
  Reference local;
  local.kind = Reference::Kind::kLocal;
  local.text = "local.target_id";
  pe.references
      ["private_service_connection[0].private_connection_resource_id"] = {
      local};
  std::vector<Finding> f = S2({Server("false"), pe});
  EXPECT_EQ(WithFacet(f, "premise-private")->status, Status::kPass);
  f = S2({Server("true"), pe});
  EXPECT_EQ(WithFacet(f, "premise-private")->status, Status::kUndecided);
  ExpectContains(WithFacet(f, "premise-private")->message,
                 "azurerm_private_endpoint.somewhere: "
                 "private_service_connection[0].private_connection_resource_"
                 "id is unknown at plan time and refers to local.target_id");
}

TEST(S2PostgreSql, EntraOnlyPassesAndReferencesAreUndecided) {
  Resource entra = Server();
  entra.values.mutable_members()["authentication"] =
      PlanValue::List({PlanValue::Object(
          {{"password_auth_enabled", PlanValue::Bool(false)},
           {"active_directory_auth_enabled", PlanValue::Bool(true)}})});
  std::optional<Finding> password = WithFacet(S2({entra}), "password-auth");
  ASSERT_NE(password, std::nullopt);
  EXPECT_EQ(password->status, Status::kPass);

  Resource by_reference = Server();
  by_reference.configured->insert("authentication[0].password_auth_enabled");
  by_reference.references["authentication[0].password_auth_enabled"] = {
      RefTo("module.settings.terraform_data.auth", "output")};
  bool passed = false;
  password = WithFacet(S2({by_reference}, Policy(), &passed), "password-auth");
  ASSERT_NE(password, std::nullopt);
  EXPECT_EQ(password->status, Status::kUndecided);
  ExpectContains(password->message,
                 "authentication is unknown; set from "
                 "module.settings.terraform_data.auth.output");
  EXPECT_TRUE(passed);  // advisory
}

TEST(S2PostgreSql, EnforcementPerFacetWinsOverTheThreat) {
  struct Case {
    std::string name;
    std::map<std::string, Enforcement> enforcement;
    Enforcement password, premise;
  };
  const Case cases[] = {
      {"defaults", {}, Enforcement::kAdvisory, Enforcement::kMandatory},
      {"facet key",
       {{"s-2/PASSWORD-auth", Enforcement::kMandatory}},
       Enforcement::kMandatory,
       Enforcement::kMandatory},
      {"threat key",
       {{"S-2", Enforcement::kAdvisory}},
       Enforcement::kAdvisory,
       Enforcement::kAdvisory},
      {"threat key mandatory",
       {{"S-2", Enforcement::kMandatory}},
       Enforcement::kMandatory,
       Enforcement::kMandatory},
      {"both",
       {{"S-2", Enforcement::kAdvisory},
        {"S-2/premise-private", Enforcement::kMandatory}},
       Enforcement::kAdvisory,
       Enforcement::kMandatory},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.name);
    Policy policy;
    policy.enforcement = c.enforcement;
    std::vector<Finding> f = S2({Server("true")}, policy);
    ASSERT_NE(WithFacet(f, "password-auth"), std::nullopt);
    ASSERT_NE(WithFacet(f, "premise-private"), std::nullopt);
    EXPECT_EQ(WithFacet(f, "password-auth")->enforcement, c.password);
    EXPECT_EQ(WithFacet(f, "premise-private")->enforcement, c.premise);
  }
}

TEST(S2PostgreSql, UnknownFacetKeysAreRejected) {
  Policy policy;
  policy.enforcement["S-2/password"] = Enforcement::kAdvisory;
  absl::Status s = ValidatePolicy(policy);
  EXPECT_FALSE(s.ok());
  ExpectContains(std::string(s.message()), "S-2/password-auth");
  policy.enforcement = {{" S-2/premise-private ", Enforcement::kAdvisory}};
  EXPECT_TRUE(ValidatePolicy(policy).ok());
}

TEST(S2PostgreSql, AFacetWaiverWaivesThatFacetOnly) {
  Policy policy;
  policy.waivers = {{"S-2/premise-private", kServer, "migrating to a PE",
                     "2026-06-30", "security@contoso.com", "waivers[0]"}};
  bool passed = false;
  std::vector<Finding> f = S2({Server("true")}, policy, &passed);
  EXPECT_EQ(WithFacet(f, "premise-private")->status, Status::kWaived);
  EXPECT_EQ(WithFacet(f, "password-auth")->status, Status::kViolation);
  EXPECT_TRUE(passed);
}

TEST(S2PostgreSql, AnOpenRuleForAServerNobodyCanNameIsUndecided) {
  Resource rule = FirewallRule("orphan", "0.0.0.0", "0.0.0.0");
  Reference local;
  local.kind = Reference::Kind::kLocal;
  local.text = "local.server_id";
  rule.references["server_id"] = {local};
  std::vector<Finding> f = S2({rule});
  ASSERT_EQ(f.size(), 1u);
  EXPECT_EQ(f[0].status, Status::kUndecided);
  EXPECT_EQ(f[0].facet, "premise-private");
  EXPECT_EQ(f[0].subject,
            "module.platform.azurerm_postgresql_flexible_server_firewall_rule."
            "orphan[0]");
  ExpectContains(f[0].message, "the server it applies to cannot be told");
}

TEST(S2PostgreSql, NoServersIsNotApplicable) {
  std::vector<Finding> f = S2({});
  ASSERT_EQ(f.size(), 1u);
  EXPECT_EQ(f[0].status, Status::kNotApplicable);
  EXPECT_TRUE(f[0].facet.empty());
}

TEST(S2PostgreSql, DeclaresItsFacetsAndPeers) {
  const RuleInfo* rule = FindRule("S-2");
  ASSERT_NE(rule, nullptr);
  ASSERT_EQ(rule->facets.size(), 2u);
  EXPECT_EQ(rule->facets[0].enforcement, Enforcement::kAdvisory);
  EXPECT_EQ(rule->facets[1].enforcement, Enforcement::kMandatory);
  std::optional<ThreatKey> key = FindThreatKey("S-2/premise-private");
  ASSERT_TRUE(key.has_value());
  EXPECT_EQ(key->facet, &rule->facets[1]);
  EXPECT_FALSE(rule->peers.empty());
}

}  // namespace
}  // namespace threatmodel::rules
