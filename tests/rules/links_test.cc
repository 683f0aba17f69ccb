// Cross-resource links by value and by reference.

#include "rules/links.h"

#include <string>
#include <vector>

#include "gtest/gtest.h"
#include "rules/test_util.h"

namespace threatmodel::rules::internal {
namespace {

using testing::Planned;
using testing::RefTo;

constexpr char kSubnetId[] =
    "/subscriptions/1/resourceGroups/rg/providers/Microsoft.Network/"
    "virtualNetworks/v/subnets/a";

Resource KnownSubnet() {
  return Planned("azurerm_subnet.a",
                 std::string(R"({"id": ")") + kSubnetId + R"("})");
}

// Evaluates the link of `from`'s subnet_id after building the facts.
Link SubnetLink(const Input& input, std::size_t from) {
  Facts facts = BuildFacts(input);
  return LinkOf(facts, input.resources[from], "subnet_id", "azurerm_subnet");
}

TEST(LinkOf, ByKnownValueIgnoringCase) {
  Input input;
  input.resources = {
      KnownSubnet(),
      Planned("azurerm_subnet_network_security_group_association.x",
              R"({"subnet_id": "/SUBSCRIPTIONS/1/resourceGroups/rg/providers/)"
              R"(Microsoft.Network/virtualNetworks/v/subnets/A"})")};
  Link link = SubnetLink(input, 1);
  ASSERT_EQ(link.state, Link::State::kLinked);
  EXPECT_EQ(link.targets[0]->address, "azurerm_subnet.a");
  EXPECT_EQ(link.text, "subnet_id refers to azurerm_subnet.a");
}

TEST(LinkOf, ByReferenceWhenUnknown) {
  Input input;
  input.resources = {
      Planned("azurerm_subnet.a[\"x\"]", "{}", R"({"id": true})"),
      Planned("azurerm_subnet.a[\"y\"]", "{}", R"({"id": true})"),
      Planned("azurerm_subnet_network_security_group_association.x[\"y\"]",
              "{}", R"({"subnet_id": true})")};
  input.resources[2].references["subnet_id"] = {
      RefTo("azurerm_subnet.a", "id")};
  // The association's own key pairs it with the subnet of the same key.
  Link link = SubnetLink(input, 2);
  ASSERT_EQ(link.state, Link::State::kLinked);
  EXPECT_EQ(link.targets[0]->address, "azurerm_subnet.a[\"y\"]");
}

TEST(LinkOf, UnknownThroughALocalIsUnknown) {
  Input input;
  input.resources = {
      Planned("azurerm_subnet.a", "{}", R"({"id": true})"),
      Planned("azurerm_subnet_network_security_group_association.x", "{}",
              R"({"subnet_id": true})")};
  Reference local;
  local.kind = Reference::Kind::kLocal;
  local.text = "local.subnet_ids";
  input.resources[1].references["subnet_id"] = {local};
  Link link = SubnetLink(input, 1);
  EXPECT_EQ(link.state, Link::State::kUnknown);
  EXPECT_EQ(link.text,
            "subnet_id is unknown at plan time and refers to local.subnet_ids");
}

TEST(LinkOf, UnknownThroughEachValueIsUnknown) {
  // for_each = { aks = azurerm_subnet.a.id }, subnet_id = each.value: plan
  // JSON does not pair instance keys with the map's values.
  Input input;
  input.resources = {
      Planned("azurerm_subnet.a", "{}", R"({"id": true})"),
      Planned("azurerm_subnet_network_security_group_association.x[\"aks\"]",
              "{}", R"({"subnet_id": true})")};
  Reference each;
  each.kind = Reference::Kind::kInstance;
  each.text = "each.value";
  input.resources[1].references["subnet_id"] = {each};
  Link link = SubnetLink(input, 1);
  EXPECT_EQ(link.state, Link::State::kUnknown);
  EXPECT_EQ(link.text,
            "subnet_id is unknown at plan time and refers to each.value");
}

TEST(LinkOf, SomethingElseIsNone) {
  Input input;
  input.resources = {
      KnownSubnet(),
      Planned("azurerm_subnet_network_security_group_association.x",
              R"({"subnet_id": "/subscriptions/1/other"})"),
      Planned("azurerm_subnet_network_security_group_association.y", "{}",
              R"({"subnet_id": true})")};
  input.resources[2].references["subnet_id"] = {
      RefTo("data.azurerm_subnet.existing", "id")};
  input.resources[2].references["subnet_id"][0].type = "azurerm_subnet";
  EXPECT_EQ(SubnetLink(input, 1).state, Link::State::kNone);
  EXPECT_EQ(SubnetLink(input, 2).state, Link::State::kNone);
}

TEST(PrivateEndpointsOf, LinkedAndUnknownTargets) {
  Input input;
  input.resources = {Planned("azurerm_redis_cache.a", R"({"id": "/r/a"})"),
                     Planned("azurerm_private_endpoint.known",
                             R"({"private_service_connection": [)"
                             R"({"private_connection_resource_id": "/other"},)"
                             R"({"private_connection_resource_id": "/R/A"}]})"),
                     Planned("azurerm_private_endpoint.unknown", "{}",
                             R"({"private_service_connection": true})")};
  Facts facts = BuildFacts(input);
  PrivateEndpoints pe =
      PrivateEndpointsOf(facts, input.resources[0], "azurerm_redis_cache");
  ASSERT_EQ(pe.linked.size(), 1u);
  EXPECT_EQ(pe.linked[0]->address, "azurerm_private_endpoint.known");
  ASSERT_EQ(pe.unknown.size(), 1u);
  EXPECT_NE(pe.unknown[0].find("azurerm_private_endpoint.unknown: "),
            std::string::npos);
}

}  // namespace
}  // namespace threatmodel::rules::internal
