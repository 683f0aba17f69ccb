#include "plan/address.h"

#include <string>
#include <vector>

#include "gtest/gtest.h"

namespace threatmodel::plan::internal {
namespace {

TEST(Address, TraversalRoundTrips) {
  const std::vector<std::string> cases = {
      "var.resource_group.id",
      "azurerm_automation_account.this.identity[0].principal_id",
      R"(terraform_data.id["alice"].output)",
      R"(module.server["North Europe"].module.data_disks[0])",
      R"(x.y["a \"quoted\" key.with.dots[0]"])",
      "aws_instance.web[*].id",
      "each.value",
      "x.y[-1]",
  };
  for (const std::string& c : cases) {
    SCOPED_TRACE(c);
    absl::StatusOr<std::vector<Step>> steps = ParseTraversal(c);
    ASSERT_TRUE(steps.ok()) << steps.status();
    EXPECT_EQ(FormatTraversal(*steps), c);
  }
}

TEST(Address, RejectsMalformed) {
  const std::vector<std::string> cases = {
      "",     ".a",     "a.",   "a..b", "a[",         "a[0",
      "a[x]", "a[\"k]", "1abc", "a b",  "a[\"\\q\"]", std::string(5000, 'a'),
  };
  for (const std::string& c : cases) {
    SCOPED_TRACE(c);
    EXPECT_FALSE(ParseTraversal(c).ok());
  }
}

TEST(Address, ResourceAddresses) {
  struct Case {
    std::string text;
    std::string module;
    bool data;
    std::string type, name, key;
  };
  const std::vector<Case> cases = {
      {"azurerm_role_assignment.a", "", false, "azurerm_role_assignment", "a",
       ""},
      {"module.automation.azurerm_role_assignment.pg[0]", "module.automation",
       false, "azurerm_role_assignment", "pg", "[0]"},
      {R"(module.s["North Europe"].module.d[0].data.threatmodel_assertion.x["k"])",
       R"(module.s["North Europe"].module.d[0])", true, "threatmodel_assertion",
       "x", R"(["k"])"},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.text);
    absl::StatusOr<ResourceAddress> a = ParseResourceAddress(c.text);
    ASSERT_TRUE(a.ok()) << a.status();
    EXPECT_EQ(FormatModulePath(a->module), c.module);
    EXPECT_EQ(a->data, c.data);
    EXPECT_EQ(a->type, c.type);
    EXPECT_EQ(a->name, c.name);
    EXPECT_EQ(FormatKey(a->key), c.key);
    EXPECT_EQ(FormatResourceAddress(*a), c.text);
  }
  EXPECT_FALSE(ParseResourceAddress("module.m").ok());
  EXPECT_FALSE(ParseResourceAddress("a.b.c").ok());
  EXPECT_FALSE(ParseResourceAddress("a.b[0][1]").ok());
}

TEST(Address, ModuleAddresses) {
  absl::StatusOr<ModulePath> p =
      ParseModuleAddress(R"(module.a["x"].module.b[2])");
  ASSERT_TRUE(p.ok());
  ASSERT_EQ(p->size(), 2u);
  EXPECT_EQ((*p)[0].name, "a");
  EXPECT_EQ(std::get<std::string>((*p)[0].key), "x");
  EXPECT_EQ(std::get<std::int64_t>((*p)[1].key), 2);
  EXPECT_TRUE(ParseModuleAddress("").ok());
  EXPECT_FALSE(ParseModuleAddress("module.a.b").ok());
}

}  // namespace
}  // namespace threatmodel::plan::internal
