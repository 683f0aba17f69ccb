// D-2 through the engine, over planned resources as the plan reader builds
// them.

#include <optional>
#include <string>
#include <vector>

#include "gtest/gtest.h"
#include "rules/test_util.h"
#include "threatmodel/rules/engine.h"

namespace threatmodel::rules {
namespace {

using testing::About;
using testing::ExpectContains;
using testing::Planned;
using testing::RefTo;

constexpr char kNsg[] = "module.platform.azurerm_network_security_group.main";

// The reference architecture's NSG, declared without rules. azurerm 3.x
// plans `security_rule` unknown; 4.x plans it empty.
Resource Nsg(bool v3 = true) {
  return Planned(
      kNsg,
      v3 ? R"({"name": "nsg-robotics-dev",
                          "resource_group_name": "rg-robotics-dev"})"
         : R"({"name": "nsg-robotics-dev",
                          "resource_group_name": "rg-robotics-dev",
                          "security_rule": []})",
      v3 ? R"({"id": true, "security_rule": true})" : R"({"id": true})",
      std::vector<std::string>{"name", "resource_group_name", "location"});
}

Resource Subnet(const std::string& name, const std::string& subnet_name,
                const std::string& delegation = "[]") {
  return Planned(
      "module.platform.azurerm_subnet." + name,
      R"({"name": ")" + subnet_name + R"(", "delegation": )" + delegation + "}",
      R"({"id": true})", std::vector<std::string>{"name", "address_prefixes"});
}

// An association of subnet `name` with the NSG, by reference as the
// reference architecture writes it.
Resource Association(const std::string& name) {
  Resource a = Planned(
      "module.platform.azurerm_subnet_network_security_group_association." +
          name,
      "{}",
      R"({"id": true, "subnet_id": true, "network_security_group_id": true})",
      std::vector<std::string>{"subnet_id", "network_security_group_id"});
  a.references["subnet_id"] = {
      RefTo("module.platform.azurerm_subnet." + name, "id")};
  a.references["network_security_group_id"] = {RefTo(kNsg, "id")};
  return a;
}

std::vector<Finding> D2(std::vector<Resource> resources,
                        const Policy& policy = Policy(),
                        bool* passed = nullptr) {
  return testing::FindingsOver(std::move(resources), "D-2", policy, passed);
}

std::vector<Resource> ReferenceArchitecture(bool v3) {
  return {Nsg(v3), Subnet("main", "snet-robotics-dev"),
          Subnet("private_endpoints", "snet-pe-robotics-dev"),
          Association("main"), Association("private_endpoints")};
}

TEST(D2Nsg, ReferenceArchitectureIsAnAdvisoryViolationOnly) {
  for (bool v3 : {true, false}) {
    SCOPED_TRACE(v3 ? "azurerm 3.x" : "azurerm 4.x");
    bool passed = false;
    std::vector<Finding> f = D2(ReferenceArchitecture(v3), Policy(), &passed);
    std::optional<Finding> nsg = About(f, kNsg);
    ASSERT_NE(nsg, std::nullopt);
    EXPECT_EQ(nsg->facet, "no-custom-rules");
    EXPECT_EQ(nsg->status, Status::kViolation);
    EXPECT_EQ(nsg->enforcement, Enforcement::kAdvisory);
    ExpectContains(nsg->message, "has no custom rules");
    ExpectContains(nsg->message, "associated with 2 subnets");
    std::optional<Finding> subnet =
        About(f, "module.platform.azurerm_subnet.main");
    ASSERT_NE(subnet, std::nullopt);
    EXPECT_EQ(subnet->facet, "premise-subnet-nsg");
    EXPECT_EQ(subnet->status, Status::kPass);
    ExpectContains(subnet->message, kNsg);
    EXPECT_TRUE(passed);
  }
}

TEST(D2Nsg, TheThresholdComesFromThePolicy) {
  Policy policy;
  policy.shared_nsg_min_subnets = 3;
  const std::vector<Finding> f = D2(ReferenceArchitecture(true), policy);
  std::optional<Finding> nsg = About(f, kNsg);
  ASSERT_NE(nsg, std::nullopt);
  EXPECT_EQ(nsg->status, Status::kPass);
  ExpectContains(nsg->message, "not shared: associated with 2 subnets");
  policy.shared_nsg_min_subnets = 0;
  EXPECT_FALSE(ValidatePolicy(policy).ok());
}

TEST(D2Nsg, CustomRulesInlineOrStandalone) {
  std::vector<Resource> inline_rules = ReferenceArchitecture(false);
  inline_rules[0].values.mutable_members()["security_rule"] =
      PlanValue::List({PlanValue::Object({})});
  const std::vector<Finding> with_inline = D2(inline_rules);
  EXPECT_EQ(About(with_inline, kNsg)->status, Status::kPass);

  std::vector<Resource> standalone = ReferenceArchitecture(true);
  Resource rule = Planned(
      "module.platform.azurerm_network_security_rule.deny_vnet",
      R"({"name": "deny-vnet-inbound", "resource_group_name": "rg-robotics-dev"})",
      R"({"id": true, "network_security_group_name": true})",
      std::vector<std::string>{"name", "network_security_group_name"});
  rule.references["network_security_group_name"] = {RefTo(kNsg, "name")};
  standalone.push_back(rule);
  const std::vector<Finding> with_standalone = D2(standalone);
  std::optional<Finding> nsg = About(with_standalone, kNsg);
  ASSERT_NE(nsg, std::nullopt);
  EXPECT_EQ(nsg->status, Status::kPass);
  ExpectContains(nsg->message, "has 1 custom rule");
}

TEST(D2Nsg, RulesSetByReferenceAreUndecided) {
  std::vector<Resource> r = ReferenceArchitecture(true);
  r[0].configured->insert("security_rule");
  r[0].references["security_rule"] = {RefTo("terraform_data.rules", "output")};
  const std::vector<Finding> f = D2(r);
  std::optional<Finding> nsg = About(f, kNsg);
  ASSERT_NE(nsg, std::nullopt);
  EXPECT_EQ(nsg->status, Status::kUndecided);
  ExpectContains(nsg->message,
                 "security_rule is unknown at plan time (set from "
                 "terraform_data.rules.output)");
}

TEST(D2Nsg, ASubnetWithoutAnNsgBreaksThePremise) {
  std::vector<Resource> r = ReferenceArchitecture(true);
  r.push_back(Subnet("gpu", "snet-gpu-robotics-dev"));
  bool passed = true;
  std::vector<Finding> f = D2(r, Policy(), &passed);
  std::optional<Finding> gpu = About(f, "module.platform.azurerm_subnet.gpu");
  ASSERT_NE(gpu, std::nullopt);
  EXPECT_EQ(gpu->status, Status::kViolation);
  EXPECT_EQ(gpu->enforcement, Enforcement::kMandatory);
  ExpectContains(gpu->message,
                 "no azurerm_subnet_network_security_group_"
                 "association gives it a network security group");
  EXPECT_FALSE(passed);
}

TEST(D2Nsg, GatewayFirewallAndDelegatedSubnetsAreExempt) {
  const std::string delegated =
      R"([{"name": "resolver", "service_delegation": [{"name": )"
      R"("Microsoft.Network/dnsResolvers"}]}])";
  bool passed = false;
  std::vector<Finding> f = D2({Subnet("gateway", "GatewaySubnet"),
                               Subnet("firewall", "AzureFirewallSubnet"),
                               Subnet("resolver", "snet-resolver", delegated)},
                              Policy(), &passed);
  ASSERT_EQ(f.size(), 3u);
  for (const Finding& finding : f) {
    EXPECT_EQ(finding.status, Status::kNotApplicable) << finding.message;
  }
  EXPECT_TRUE(passed);
}

TEST(D2Nsg, UnknownAssociationsAreUndecided) {
  std::vector<Resource> r = {Nsg(), Subnet("main", "snet-robotics-dev"),
                             Association("main")};
  Reference local;
  local.kind = Reference::Kind::kLocal;
  local.text = "local.subnet_ids";
  r[2].references["subnet_id"] = {local};
  const std::vector<Finding> f = D2(r);
  std::optional<Finding> subnet =
      About(f, "module.platform.azurerm_subnet.main");
  ASSERT_NE(subnet, std::nullopt);
  EXPECT_EQ(subnet->status, Status::kUndecided);
  ExpectContains(subnet->message,
                 "subnet_id is unknown at plan time and refers to "
                 "local.subnet_ids");
}

TEST(D2Nsg, LinksByKnownIdsAsTheDataSourceGivesThem) {
  const std::string nsg_id =
      "/subscriptions/1/resourceGroups/rg/providers/Microsoft.Network/"
      "networkSecurityGroups/nsg";
  const std::string subnet_id =
      "/subscriptions/1/resourceGroups/rg/providers/Microsoft.Network/"
      "virtualNetworks/v/subnets/a";
  std::vector<Finding> f = D2(
      {Planned("azurerm_network_security_group.main",
               R"({"id": ")" + nsg_id + R"(", "security_rule": []})"),
       Planned("azurerm_subnet.a", R"({"id": ")" + subnet_id +
                                       R"(", "name": "a", "delegation": []})"),
       Planned("azurerm_subnet_network_security_group_association.a",
               R"({"id": "x", "subnet_id": ")" + subnet_id +
                   R"(", "network_security_group_id": ")" + nsg_id + R"("})")});
  ASSERT_EQ(f.size(), 2u);
  EXPECT_EQ(About(f, "azurerm_subnet.a")->status, Status::kPass);
  EXPECT_EQ(About(f, "azurerm_network_security_group.main")->status,
            Status::kPass);
}

TEST(D2Nsg, NothingToCheckIsNotApplicable) {
  std::vector<Finding> f = D2({});
  ASSERT_EQ(f.size(), 1u);
  EXPECT_EQ(f[0].status, Status::kNotApplicable);
}

}  // namespace
}  // namespace threatmodel::rules
