#include "cli/locations.h"

#include <string>

#include "gtest/gtest.h"
#include "test_util.h"

namespace threatmodel::cli {
namespace {

using testing::TempDir;
using testing::WriteFile;

TEST(FindDeclarations, LocalAndInstalledModules) {
  TempDir root;
  const auto work = root.path() / "deploy/automation";
  WriteFile(work / "main.tf", R"(module "automation" {
  source = "../modules/automation"
}
module "registry" {
  source = "example/thing/azurerm"
}
resource "azurerm_role_assignment" "top" {
}
)");
  WriteFile(root.path() / "deploy/modules/automation/main.tf", R"(# header
resource "azurerm_automation_account" "this" {
  name = "x"
}

  resource  "azurerm_role_assignment"   "aks_contributor"   {
}
data "threatmodel_assertion" "automation" {}
)");
  WriteFile(work / ".terraform/modules/modules.json",
            R"({"Modules":[{"Key":"","Source":"","Dir":"."},
              {"Key":"registry","Source":"example/thing/azurerm",
               "Dir":".terraform/modules/registry"}]})");
  WriteFile(work / ".terraform/modules/registry/roles.tf",
            "resource azurerm_role_assignment bare_labels {\n}\n");

  std::map<std::string, plan::Declaration> decls;
  decls["module.automation.azurerm_role_assignment.aks_contributor"] = {
      {"automation"},
      {"../modules/automation"},
      false,
      "azurerm_role_assignment",
      "aks_contributor"};
  decls["module.automation.azurerm_automation_account.this"] = {
      {"automation"},
      {"../modules/automation"},
      false,
      "azurerm_automation_account",
      "this"};
  decls["module.automation.data.threatmodel_assertion.automation"] = {
      {"automation"},
      {"../modules/automation"},
      true,
      "threatmodel_assertion",
      "automation"};
  decls["azurerm_role_assignment.top[0]"] = {
      {}, {}, false, "azurerm_role_assignment", "top"};
  decls["module.registry.azurerm_role_assignment.bare_labels"] = {
      {"registry"},
      {"example/thing/azurerm"},
      false,
      "azurerm_role_assignment",
      "bare_labels"};
  decls["azurerm_role_assignment.missing"] = {
      {}, {}, false, "azurerm_role_assignment", "missing"};
  decls["module.unknown.azurerm_role_assignment.x"] = {
      {"unknown"},
      {"git::https://example/x"},
      false,
      "azurerm_role_assignment",
      "x"};

  std::map<std::string, SourceLocation> found =
      FindDeclarations(work.string(), decls);
  struct Want {
    std::string address, file;
    int line;
  };
  const std::vector<Want> wants = {
      {"module.automation.azurerm_role_assignment.aks_contributor",
       "../modules/automation/main.tf", 6},
      {"module.automation.azurerm_automation_account.this",
       "../modules/automation/main.tf", 2},
      {"module.automation.data.threatmodel_assertion.automation",
       "../modules/automation/main.tf", 8},
      {"azurerm_role_assignment.top[0]", "main.tf", 7},
      {"module.registry.azurerm_role_assignment.bare_labels",
       ".terraform/modules/registry/roles.tf", 1},
  };
  for (const Want& w : wants) {
    SCOPED_TRACE(w.address);
    auto it = found.find(w.address);
    ASSERT_NE(it, found.end());
    EXPECT_EQ(it->second.file, w.file);
    EXPECT_EQ(it->second.line, w.line);
  }
  EXPECT_EQ(found.count("azurerm_role_assignment.missing"), 0u);
  EXPECT_EQ(found.count("module.unknown.azurerm_role_assignment.x"), 0u);
}

TEST(FindDeclarations, MissingDirectoryFindsNothing) {
  std::map<std::string, plan::Declaration> decls;
  decls["a.b"] = {{}, {}, false, "a", "b"};
  EXPECT_TRUE(FindDeclarations("/nonexistent-dir", decls).empty());
}

}  // namespace
}  // namespace threatmodel::cli
