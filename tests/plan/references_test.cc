#include "plan/references.h"

#include <string>
#include <vector>

#include "gtest/gtest.h"

namespace threatmodel::plan::internal {
namespace {

RawExpression Refs(std::vector<std::string> refs) {
  RawExpression e;
  e.references = std::move(refs);
  return e;
}

// root -> module.platform (resource_group = azurerm_resource_group.this[0],
//                          oid = msgraph...output.oid, rg2 = local.rg)
//      -> module.platform.module.inner (rg = var.resource_group)
//      -> module.ids (output principal = azurerm_user_assigned_identity.x)
RawModule Config() {
  RawModule root;
  RawModuleCall& platform = root.calls["platform"];
  platform.expressions["resource_group"] =
      Refs({"azurerm_resource_group.this[0]", "azurerm_resource_group.this"});
  platform.expressions["oid"] =
      Refs({"msgraph_resource_action.current_user[0].output.oid",
            "msgraph_resource_action.current_user[0].output",
            "msgraph_resource_action.current_user[0]",
            "msgraph_resource_action.current_user"});
  platform.expressions["rg2"] = Refs({"local.rg"});
  platform.expressions["fixed"].constant = true;
  platform.module = std::make_unique<RawModule>();
  RawModuleCall& inner = platform.module->calls["inner"];
  inner.expressions["rg"] = Refs({"var.resource_group"});
  inner.module = std::make_unique<RawModule>();
  RawModuleCall& ids = root.calls["ids"];
  ids.module = std::make_unique<RawModule>();
  ids.module->outputs["principal"] =
      Refs({"azurerm_user_assigned_identity.x[\"a\"].principal_id",
            "azurerm_user_assigned_identity.x[\"a\"]",
            "azurerm_user_assigned_identity.x"});
  return root;
}

TEST(References, LongestReferencesDropPrefixes) {
  std::vector<std::vector<Step>> refs = LongestReferences(
      {"a.b.identity[0].principal_id", "a.b.identity[0]", "a.b.identity", "a.b",
       "each.key", "bad..ref", "a.b.identity[0].principal_id"});
  ASSERT_EQ(refs.size(), 2u);
  EXPECT_EQ(FormatTraversal(refs[0]), "a.b.identity[0].principal_id");
  EXPECT_EQ(FormatTraversal(refs[1]), "each.key");
}

TEST(References, Resolve) {
  const RawModule root = Config();
  ReferenceResolver resolver(root);
  ModuleStep platform{"platform", {}};
  ModuleStep inner{"inner", {}};
  struct Case {
    std::string name;
    ModulePath where;
    std::vector<std::string> refs;
    Terminal::Kind kind;
    std::string text;
  };
  const std::vector<Case> cases = {
      {"var through one module",
       {platform},
       {"var.resource_group.id", "var.resource_group"},
       Terminal::Kind::kResource,
       "azurerm_resource_group.this[0].id"},
      {"var through two modules",
       {platform, inner},
       {"var.rg.id", "var.rg"},
       Terminal::Kind::kResource,
       "azurerm_resource_group.this[0].id"},
      {"var to a local",
       {platform},
       {"var.rg2.id"},
       Terminal::Kind::kLocal,
       "local.rg.id"},
      {"var with a constant",
       {platform},
       {"var.fixed"},
       Terminal::Kind::kConstant,
       "module.platform.var.fixed"},
      {"var not passed",
       {platform},
       {"var.other"},
       Terminal::Kind::kConstant,
       "module.platform.var.other"},
      {"root variable", {}, {"var.x"}, Terminal::Kind::kRootVariable, "var.x"},
      {"module output",
       {},
       {"module.ids.principal", "module.ids"},
       Terminal::Kind::kResource,
       "module.ids.azurerm_user_assigned_identity.x[\"a\"].principal_id"},
      {"missing output",
       {},
       {"module.ids.nope"},
       Terminal::Kind::kUnresolved,
       "module.ids.nope"},
      {"whole module",
       {},
       {"module.ids"},
       Terminal::Kind::kUnresolved,
       "module.ids"},
      {"each",
       {},
       {"each.value.object_id", "each.value"},
       Terminal::Kind::kInstance,
       "each.value.object_id"},
      {"data source",
       {platform},
       {"data.azurerm_subscription.current.id"},
       Terminal::Kind::kResource,
       "module.platform.data.azurerm_subscription.current.id"},
      {"path", {}, {"path.module"}, Terminal::Kind::kConstant, "path.module"},
      {"missing module config",
       {ModuleStep{"nope", {}}},
       {"var.x"},
       Terminal::Kind::kUnresolved,
       "module.nope.var.x"},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.name);
    std::vector<Terminal> t = resolver.Resolve(c.where, Refs(c.refs));
    ASSERT_EQ(t.size(), 1u);
    EXPECT_EQ(t[0].kind, c.kind);
    EXPECT_EQ(t[0].text, c.text);
  }
}

TEST(References, ResourceTerminalParts) {
  const RawModule root = Config();
  ReferenceResolver resolver(root);
  std::vector<Terminal> t = resolver.Resolve(
      {},
      Refs({"azurerm_automation_account.aa[\"k\"].identity[0].principal_id"}));
  ASSERT_EQ(t.size(), 1u);
  EXPECT_EQ(t[0].type, "azurerm_automation_account");
  EXPECT_EQ(t[0].name, "aa");
  EXPECT_EQ(std::get<std::string>(t[0].key), "k");
  ASSERT_EQ(t[0].rest.size(), 3u);
  EXPECT_EQ(t[0].rest[0].name, "identity");
}

TEST(References, CyclesAreCut) {
  RawModule root;
  // module.a passes var.x = var.x of its caller... a hostile loop through
  // the same module path cannot happen, but deep chains must end.
  RawModule* m = &root;
  for (int i = 0; i < 40; ++i) {
    RawModuleCall& call = m->calls["m"];
    call.expressions["x"] = Refs({"var.x"});
    call.module = std::make_unique<RawModule>();
    m = call.module.get();
  }
  ReferenceResolver resolver(root);
  ModulePath deep(40, ModuleStep{"m", {}});
  std::vector<Terminal> t = resolver.Resolve(deep, Refs({"var.x"}));
  ASSERT_EQ(t.size(), 1u);
  EXPECT_EQ(t[0].kind, Terminal::Kind::kUnresolved);
}

TEST(References, SourcesAlongAPath) {
  RawModule root;
  root.calls["a"].source = "./a";
  root.calls["a"].module = std::make_unique<RawModule>();
  root.calls["a"].module->calls["b"].source = "registry/x/y";
  ReferenceResolver resolver(root);
  EXPECT_EQ(resolver.Sources({{"a", {}}, {"b", std::int64_t{0}}}),
            (std::vector<std::string>{"./a", "registry/x/y"}));
}

}  // namespace
}  // namespace threatmodel::plan::internal
