// D-3 through the engine, over planned resources as the plan reader builds
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

constexpr char kAks[] = "module.platform.azurerm_kubernetes_cluster.main";
constexpr char kSubnet[] = "module.platform.azurerm_subnet.aks";
constexpr char kNsg[] = "module.platform.azurerm_network_security_group.main";
constexpr char kNat[] = "module.platform.azurerm_nat_gateway.main";
constexpr char kTable[] = "module.platform.azurerm_route_table.aks";

Resource Aks(const std::string& outbound = R"("userAssignedNATGateway")") {
  Resource r = Planned(
      kAks,
      R"({"name": "aks-robotics-dev",
          "default_node_pool": [{"name": "system"}],
          "network_profile": [{"network_plugin": "azure",
                               "outbound_type": )" +
          outbound + "}]}",
      R"({"id": true, "default_node_pool": [{"vnet_subnet_id": true}]})",
      std::vector<std::string>{"name", "default_node_pool[0].name",
                               "default_node_pool[0].vnet_subnet_id",
                               "network_profile[0].network_plugin",
                               "network_profile[0].outbound_type"});
  r.references["default_node_pool[0].vnet_subnet_id"] = {RefTo(kSubnet, "id")};
  return r;
}

Resource Subnet() {
  return Planned(kSubnet, R"({"name": "snet-aks-robotics-dev"})",
                 R"({"id": true})",
                 std::vector<std::string>{"name", "address_prefixes"});
}

// The reference architecture's NSG, declared without rules (azurerm 3.x
// plans `security_rule` unknown).
Resource Nsg(const std::string& rules = "") {
  if (rules.empty()) {
    return Planned(
        kNsg, R"({"name": "nsg-robotics-dev", "resource_group_name": "rg"})",
        R"({"id": true, "security_rule": true})",
        std::vector<std::string>{"name", "resource_group_name"});
  }
  return Planned(
      kNsg,
      R"({"name": "nsg-robotics-dev", "resource_group_name": "rg",
                     "security_rule": )" +
          rules + "}",
      R"({"id": true})",
      std::vector<std::string>{"name", "resource_group_name", "security_rule"});
}

// An association of the AKS subnet with `target` through `attribute`, by
// reference.
Resource Association(const std::string& type, const std::string& attribute,
                     const std::string& target) {
  Resource a = Planned(
      "module.platform." + type + ".aks", "{}",
      R"({"id": true, "subnet_id": true, ")" + attribute + R"(": true})",
      std::vector<std::string>{"subnet_id", attribute});
  a.references["subnet_id"] = {RefTo(kSubnet, "id")};
  a.references[attribute] = {RefTo(target, "id")};
  return a;
}

std::vector<Resource> ReferenceArchitecture() {
  return {Aks(),
          Subnet(),
          Nsg(),
          Planned(kNat, R"({"name": "nat-robotics-dev"})", R"({"id": true})",
                  std::vector<std::string>{"name"}),
          Association("azurerm_subnet_network_security_group_association",
                      "network_security_group_id", kNsg),
          Association("azurerm_subnet_nat_gateway_association",
                      "nat_gateway_id", kNat)};
}

Resource RouteTable(const std::string& routes) {
  return Planned(kTable,
                 R"({"name": "rt-aks", "resource_group_name": "rg",
                     "route": )" +
                     routes + "}",
                 R"({"id": true})", std::vector<std::string>{"name", "route"});
}

std::vector<Finding> D3(std::vector<Resource> resources,
                        bool* passed = nullptr) {
  return testing::FindingsOver(std::move(resources), "D-3", Policy(), passed);
}

TEST(D3Egress, ReferenceArchitectureNatWithoutFirewallIsAViolation) {
  bool passed = true;
  const std::vector<Finding> f = D3(ReferenceArchitecture(), &passed);
  ASSERT_EQ(f.size(), 1u);
  EXPECT_EQ(f[0].subject, kSubnet);
  EXPECT_EQ(f[0].facet, "egress-filtering");
  EXPECT_EQ(f[0].status, Status::kViolation);
  EXPECT_EQ(f[0].enforcement, Enforcement::kMandatory);
  ExpectContains(f[0].message, kAks);
  ExpectContains(f[0].message, "outbound_type is userAssignedNATGateway");
  ExpectContains(f[0].message, kNat);
  ExpectContains(f[0].message, "checked " + std::string(kNsg));
  EXPECT_FALSE(passed);
}

TEST(D3Egress, AFirewallRouteFilters) {
  std::vector<Resource> r = ReferenceArchitecture();
  r.push_back(RouteTable(
      R"([{"name": "to-firewall", "address_prefix": "0.0.0.0/0",
           "next_hop_type": "VirtualAppliance",
           "next_hop_in_ip_address": "10.0.9.4"}])"));
  r.push_back(Association("azurerm_subnet_route_table_association",
                          "route_table_id", kTable));
  bool passed = false;
  const std::vector<Finding> f = D3(r, &passed);
  ASSERT_EQ(f.size(), 1u);
  EXPECT_EQ(f[0].status, Status::kPass);
  ExpectContains(f[0].message,
                 "route[0] sends 0.0.0.0/0 to a VirtualAppliance");
  EXPECT_TRUE(passed);
}

TEST(D3Egress, AStandaloneRouteFiltersAndAnInternetRouteDoesNot) {
  for (const char* hop : {"VirtualAppliance", "Internet"}) {
    SCOPED_TRACE(hop);
    std::vector<Resource> r = ReferenceArchitecture();
    r.push_back(RouteTable("[]"));
    r.push_back(Association("azurerm_subnet_route_table_association",
                            "route_table_id", kTable));
    Resource route =
        Planned("module.platform.azurerm_route.default",
                std::string(R"({"name": "default", "resource_group_name": "rg",
            "address_prefix": "0.0.0.0/0", "next_hop_type": ")") +
                    hop + R"("})",
                R"({"id": true, "route_table_name": true})",
                std::vector<std::string>{"name", "route_table_name",
                                         "address_prefix", "next_hop_type"});
    route.references["route_table_name"] = {RefTo(kTable, "name")};
    r.push_back(route);
    const std::vector<Finding> f = D3(r);
    ASSERT_EQ(f.size(), 1u);
    if (std::string(hop) == "Internet") {
      EXPECT_EQ(f[0].status, Status::kViolation);
      ExpectContains(f[0].message, kTable);
    } else {
      EXPECT_EQ(f[0].status, Status::kPass);
      ExpectContains(f[0].message, "azurerm_route.default sends 0.0.0.0/0");
    }
  }
}

TEST(D3Egress, AnNsgOutboundDenyToInternetFiltersOnlyWhenComplete) {
  struct Case {
    const char* rule;
    Status want;
  };
  const std::vector<Case> cases = {
      {R"({"direction": "Outbound", "access": "Deny", "priority": 4000,
           "protocol": "*", "destination_port_range": "*",
           "destination_address_prefix": "Internet"})",
       Status::kPass},
      // Below the default rule is what counts.
      {R"({"direction": "Outbound", "access": "Deny", "priority": 4096,
           "protocol": "*", "destination_port_range": "*",
           "destination_address_prefix": "0.0.0.0/0"})",
       Status::kPass},
      // One port denied leaves the rest of the Internet open.
      {R"({"direction": "Outbound", "access": "Deny", "priority": 4000,
           "protocol": "Tcp", "destination_port_range": "22",
           "destination_address_prefix": "Internet"})",
       Status::kViolation},
      {R"({"direction": "Inbound", "access": "Deny", "priority": 4000,
           "protocol": "*", "destination_port_range": "*",
           "destination_address_prefix": "*"})",
       Status::kViolation},
      {R"({"direction": "Outbound", "access": "Allow", "priority": 4000,
           "protocol": "*", "destination_port_range": "*",
           "destination_address_prefix": "Internet"})",
       Status::kViolation},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.rule);
    std::vector<Resource> r = ReferenceArchitecture();
    r[2] = Nsg(std::string("[") + c.rule + "]");
    const std::vector<Finding> f = D3(r);
    ASSERT_EQ(f.size(), 1u);
    EXPECT_EQ(f[0].status, c.want) << f[0].message;
  }
}

TEST(D3Egress, AStandaloneNsgRuleWithAnUnknownDestinationIsUndecided) {
  std::vector<Resource> r = ReferenceArchitecture();
  Resource rule =
      Planned("module.platform.azurerm_network_security_rule.deny_internet",
              R"({"name": "deny-internet", "resource_group_name": "rg",
          "direction": "Outbound", "access": "Deny", "priority": 4000,
          "protocol": "*", "destination_port_range": "*"})",
              R"({"id": true, "network_security_group_name": true,
          "destination_address_prefix": true})",
              std::vector<std::string>{"name", "network_security_group_name",
                                       "destination_address_prefix"});
  rule.references["network_security_group_name"] = {RefTo(kNsg, "name")};
  r.push_back(rule);
  const std::vector<Finding> f = D3(r);
  ASSERT_EQ(f.size(), 1u);
  EXPECT_EQ(f[0].status, Status::kUndecided);
  ExpectContains(f[0].message,
                 "deny_internet: destination_address_prefix is unknown");
}

TEST(D3Egress, ARouteTableAssociationWithAnUnknownSubnetIsUndecided) {
  std::vector<Resource> r = ReferenceArchitecture();
  r.push_back(RouteTable("[]"));
  Resource a = Association("azurerm_subnet_route_table_association",
                           "route_table_id", kTable);
  Reference local;
  local.kind = Reference::Kind::kLocal;
  local.text = "local.subnet_ids";
  a.references["subnet_id"] = {local};
  r.push_back(a);
  const std::vector<Finding> f = D3(r);
  ASSERT_EQ(f.size(), 1u);
  EXPECT_EQ(f[0].status, Status::kUndecided);
  ExpectContains(f[0].message, "local.subnet_ids");
}

TEST(D3Egress, OutboundTypeByReferenceIsUndecidedAndOmittedIsLoadBalancer) {
  std::vector<Resource> r = ReferenceArchitecture();
  r.erase(r.end() - 1);  // no NAT gateway association
  Resource aks = Aks(R"("x")");
  aks.values = Planned(kAks,
                       R"({"default_node_pool": [{}],
                           "network_profile": [{}]})",
                       R"({"default_node_pool": [{"vnet_subnet_id": true}],
                           "network_profile": [{"outbound_type": true}]})")
                   .values;
  Reference var;
  var.kind = Reference::Kind::kLocal;
  var.text = "local.outbound";
  aks.references["network_profile[0].outbound_type"] = {var};
  r[0] = aks;
  std::vector<Finding> f = D3(r);
  ASSERT_EQ(f.size(), 1u);
  EXPECT_EQ(f[0].status, Status::kUndecided);
  ExpectContains(f[0].message, "outbound_type is unknown at plan time");

  aks.configured->erase("network_profile[0].outbound_type");
  aks.references.erase("network_profile[0].outbound_type");
  r[0] = aks;
  f = D3(r);
  ASSERT_EQ(f.size(), 1u);
  EXPECT_EQ(f[0].status, Status::kViolation);
  ExpectContains(f[0].message, "outbound_type is loadBalancer");
}

TEST(D3Egress, AClusterWithoutASubnetOfItsOwnIsAViolation) {
  Resource aks = Planned(kAks,
                         R"({"default_node_pool": [{"vnet_subnet_id": null}],
                             "network_profile": [{"outbound_type":
                                                  "loadBalancer"}]})",
                         R"({"id": true})", std::vector<std::string>{});
  const std::vector<Finding> f = D3({aks});
  ASSERT_EQ(f.size(), 1u);
  EXPECT_EQ(f[0].subject, kAks);
  EXPECT_EQ(f[0].status, Status::kViolation);
  ExpectContains(f[0].message, "virtual network it manages");
}

TEST(D3Egress, ANodeSubnetOutsideThePlanIsUndecided) {
  Resource aks = Planned(kAks,
                         R"({"default_node_pool": [{"vnet_subnet_id":
                             "/subscriptions/x/resourceGroups/rg/providers/Microsoft.Network/virtualNetworks/v/subnets/s"}]})",
                         R"({"id": true})", std::vector<std::string>{});
  const std::vector<Finding> f = D3({aks});
  ASSERT_EQ(f.size(), 1u);
  EXPECT_EQ(f[0].status, Status::kUndecided);
  ExpectContains(f[0].message, "not in the plan");
}

TEST(D3Egress, AnExtraNodePoolSubnetIsJudgedToo) {
  std::vector<Resource> r = ReferenceArchitecture();
  Resource gpu_subnet =
      Planned("module.platform.azurerm_subnet.gpu", R"({"name": "snet-gpu"})",
              R"({"id": true})", std::vector<std::string>{"name"});
  Resource pool = Planned(
      "module.platform.azurerm_kubernetes_cluster_node_pool.gpu",
      R"({"name": "gpu"})",
      R"({"id": true, "kubernetes_cluster_id": true, "vnet_subnet_id": true})",
      std::vector<std::string>{"name", "kubernetes_cluster_id",
                               "vnet_subnet_id"});
  pool.references["kubernetes_cluster_id"] = {RefTo(kAks, "id")};
  pool.references["vnet_subnet_id"] = {
      RefTo("module.platform.azurerm_subnet.gpu", "id")};
  r.push_back(gpu_subnet);
  r.push_back(pool);
  const std::vector<Finding> f = D3(r);
  ASSERT_EQ(f.size(), 2u);
  std::optional<Finding> gpu = About(f, "module.platform.azurerm_subnet.gpu");
  ASSERT_NE(gpu, std::nullopt);
  EXPECT_EQ(gpu->status, Status::kViolation);
  ExpectContains(gpu->message, "it has no route table and no NSG");
  ExpectContains(gpu->message, "azurerm_kubernetes_cluster_node_pool.gpu");
}

TEST(D3Egress, NoClusterIsNotApplicable) {
  const std::vector<Finding> f = D3({Subnet(), Nsg()});
  ASSERT_EQ(f.size(), 1u);
  EXPECT_EQ(f[0].status, Status::kNotApplicable);
}

}  // namespace
}  // namespace threatmodel::rules
