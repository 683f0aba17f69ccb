// The azurerm stub through the provider core: every table entry is a valid
// schema that plans, applies to a wholly known state and re-plans to a
// no-op; the SDKv2 behaviours the stub imitates show up where expected.
#include <map>
#include <memory>
#include <regex>
#include <set>
#include <string>

#include "acceptance/azurerm-stub/azurerm_provider.h"
#include "acceptance/azurerm-stub/azurerm_types.h"
#include "acceptance/azurerm-stub/fake_values.h"
#include "acceptance/azurerm-stub/stub_choice.h"
#include "gtest/gtest.h"

namespace threatmodel::azurerm_stub {
namespace {

using cty::Type;
using cty::Value;
using provider::Attribute;
using provider::Block;
using provider::NestedBlock;
using provider::NestingMode;

const provider::ClientCapabilities kCapabilities{
    .write_only_attributes_allowed = true};

Value Placeholder(const Type& type) {
  switch (type.kind()) {
    case Type::Kind::kString:
      return Value::String("x");
    case Type::Kind::kNumber:
      return Value::Int(1);
    case Type::Kind::kBool:
      return Value::Bool(true);
    case Type::Kind::kList:
      return Value::List(type.element_type(), {});
    case Type::Kind::kSet:
      return Value::Set(type.element_type(), {});
    case Type::Kind::kMap:
      return Value::Map(type.element_type(), {});
    default:
      return Value::Null(type);
  }
}

// A configuration as Terraform would decode one that sets only what is
// required: other attributes null, optional list/set blocks empty.
Value MinimalConfig(const Block& block) {
  const Type type = provider::ImpliedType(block);
  std::map<std::string, Value> out;
  for (const Attribute& a : block.attributes) {
    if (a.required) out.emplace(a.name, Placeholder(*a.type));
  }
  for (const NestedBlock& nb : block.block_types) {
    const Type& t = type.attribute_types().at(nb.type_name);
    if (nb.nesting == NestingMode::kList) {
      std::vector<Value> elements;
      if (nb.min_items > 0) elements.push_back(MinimalConfig(nb.block));
      out.emplace(nb.type_name, Value::List(t.element_type(), elements));
    } else if (nb.nesting == NestingMode::kSet) {
      out.emplace(nb.type_name, Value::Set(t.element_type(), {}));
    }
  }
  return Value::ObjectOf(type, std::move(out));
}

// Terraform's proposed new state for an unchanged configuration: the prior
// state, except that blocks come from the configuration (blocks are never
// computed on the wire) and write-only values are the configured ones.
Value ProposedUpdate(const Block& block, const Value& prior,
                     const Value& config) {
  std::map<std::string, Value> out = prior.attributes();
  for (const NestedBlock& nb : block.block_types) {
    const Value& c = *config.GetAttr(nb.type_name);
    if (c.LengthOrZero() == 0) out[nb.type_name] = c;
  }
  return Value::ObjectOf(prior.type(), std::move(out));
}

struct Stub {
  Stub() : provider(NewAzurermStubProvider()) {}
  explicit Stub(StubKind kind) : provider(NewStubProvider(kind)) {}
  const Block& BlockOf(std::string_view type) const {
    return provider->FindResource(type)->GetSchema().block;
  }
  provider::PlanResourceChangeResult Plan(std::string_view type,
                                          const Value& prior,
                                          const Value& proposed,
                                          const Value& config) const {
    return provider->PlanResourceChange(type, {prior, proposed, config},
                                        kCapabilities);
  }
  provider::ResourceStateResult Apply(std::string_view type,
                                      const Value& planned,
                                      const Value& config) const {
    const Value null = Value::Null(planned.type());
    return provider->ApplyResourceChange(type, {null, planned, config},
                                         kCapabilities);
  }
  // Create, then plan again with the same configuration.
  struct Lifecycle {
    provider::PlanResourceChangeResult create;
    provider::ResourceStateResult applied;
    provider::PlanResourceChangeResult update;
  };
  Lifecycle Run(std::string_view type, const Value& config) const {
    Lifecycle l;
    const Block& block = BlockOf(type);
    l.create = Plan(type, Value::Null(config.type()), config, config);
    if (l.create.diagnostics.HasError()) return l;
    l.applied = Apply(type, l.create.planned_state, config);
    if (l.applied.diagnostics.HasError()) return l;
    l.update = Plan(type, l.applied.state,
                    ProposedUpdate(block, l.applied.state, config), config);
    return l;
  }
  std::unique_ptr<provider::Provider> provider;
};

Value With(const Value& object, const std::map<std::string, Value>& changes) {
  std::map<std::string, Value> out = object.attributes();
  for (const auto& [k, v] : changes) out[k] = v;
  return Value::ObjectOf(object.type(), std::move(out));
}

const NestedBlock* FindBlockType(const Block& block, std::string_view name) {
  for (const NestedBlock& nb : block.block_types) {
    if (nb.type_name == name) return &nb;
  }
  return nullptr;
}

std::string Diags(const diag::Diagnostics& d) {
  std::string out;
  for (const diag::Diagnostic& x : d.items()) {
    out += x.summary + ": " + x.detail + "\n";
  }
  return out;
}

TEST(AzurermStub, ServesTheRequestedTypes) {
  std::set<std::string> names;
  for (const StubType& t : AzurermTypes()) names.insert(t.name);
  const std::set<std::string> want = {
      "azurerm_resource_group",
      "azurerm_user_assigned_identity",
      "azurerm_automation_account",
      "azurerm_role_assignment",
      "azurerm_role_definition",
      "azurerm_postgresql_flexible_server",
      "azurerm_key_vault",
      "azurerm_storage_account",
      "azurerm_redis_cache",
      "azurerm_kubernetes_cluster",
      "azurerm_virtual_network",
      "azurerm_subnet",
      "azurerm_network_security_group",
      "azurerm_subnet_network_security_group_association",
      "azurerm_nat_gateway",
      "azurerm_subnet_nat_gateway_association",
      "azurerm_private_endpoint",
      "azurerm_managed_redis",
      "azurerm_key_vault_secret",
      "azurerm_postgresql_flexible_server_firewall_rule",
      "azurerm_kubernetes_cluster_extension",
      "azurerm_kubernetes_cluster_node_pool",
      "azurerm_route_table",
      "azurerm_subnet_route_table_association",
      "azurerm_network_security_rule",
      "azurerm_firewall",
      "azurerm_public_ip",
      "azurerm_nat_gateway_public_ip_association",
      "azurerm_automation_webhook",
      "azurerm_automation_variable_string"};
  EXPECT_EQ(names, want);
  Stub stub;
  EXPECT_EQ(stub.provider->resources().size(), want.size());
  EXPECT_TRUE(stub.provider->legacy_type_system());
}

constexpr StubKind kAllKinds[] = {StubKind::kAzurerm, StubKind::kHelm,
                                  StubKind::kKubernetes};

TEST(AzurermStub, EverySchemaIsValidAndHasAComputedId) {
  for (StubKind kind : kAllKinds) {
    SCOPED_TRACE(StubTypeName(kind));
    Stub stub(kind);
    for (const auto& [name, r] : stub.provider->resources()) {
      SCOPED_TRACE(name);
      const Block& block = r->GetSchema().block;
      EXPECT_TRUE(provider::ValidateSchema(block).ok())
          << provider::ValidateSchema(block);
      const Attribute* id = block.FindAttribute("id");
      ASSERT_NE(id, nullptr);
      EXPECT_TRUE(id->computed && !id->optional);
    }
    EXPECT_TRUE(
        provider::ValidateSchema(stub.provider->provider_schema().block).ok());
  }
}

TEST(AzurermStub, EveryTypeAppliesWhollyKnownAndReplansAsNoOp) {
  for (StubKind kind : kAllKinds) {
    SCOPED_TRACE(StubTypeName(kind));
    Stub stub(kind);
    for (const auto& [name, r] : stub.provider->resources()) {
      SCOPED_TRACE(name);
      const Value config = MinimalConfig(r->GetSchema().block);
      Stub::Lifecycle l = stub.Run(name, config);
      ASSERT_FALSE(l.create.diagnostics.HasError())
          << Diags(l.create.diagnostics);
      EXPECT_FALSE(l.create.planned_state.GetAttr("id")->IsKnown());
      ASSERT_FALSE(l.applied.diagnostics.HasError())
          << Diags(l.applied.diagnostics);
      EXPECT_TRUE(l.applied.state.IsWhollyKnown());
      ASSERT_FALSE(l.update.diagnostics.HasError())
          << Diags(l.update.diagnostics);
      EXPECT_EQ(l.update.planned_state, l.applied.state)
          << l.update.planned_state.DebugString() << "\n"
          << l.applied.state.DebugString();
      EXPECT_TRUE(l.update.requires_replace.empty());
    }
  }
}

TEST(AzurermStub, PostgresPlansLikeSdkV2) {
  Stub stub;
  const std::string type = "azurerm_postgresql_flexible_server";
  const Value config =
      With(MinimalConfig(stub.BlockOf(type)),
           {{"name", Value::String("pg")},
            {"resource_group_name", Value::String("rg")},
            {"administrator_password", Value::String("hunter2")},
            {"administrator_password_wo", Value::String("also-secret")}});
  Stub::Lifecycle l = stub.Run(type, config);
  ASSERT_FALSE(l.create.diagnostics.HasError()) << Diags(l.create.diagnostics);
  const Value& plan = l.create.planned_state;
  // The Optional+Computed block left out: unknown as a whole on create.
  EXPECT_FALSE(plan.GetAttr("authentication")->IsKnown());
  EXPECT_FALSE(plan.GetAttr("fqdn")->IsKnown());
  EXPECT_FALSE(plan.GetAttr("administrator_login")->IsKnown());
  EXPECT_EQ(*plan.GetAttr("public_network_access_enabled"), Value::Bool(true));
  EXPECT_EQ(*plan.GetAttr("administrator_password"), Value::String("hunter2"));
  EXPECT_TRUE(plan.GetAttr("administrator_password_wo")->IsNull());
  // Optional without default stays null; computed-only attributes never
  // take a configured value.
  EXPECT_TRUE(plan.GetAttr("delegated_subnet_id")->IsNull());

  ASSERT_FALSE(l.applied.diagnostics.HasError());
  const Value& state = l.applied.state;
  EXPECT_EQ(state.GetAttr("id")->AsString(),
            "/subscriptions/00000000-0000-0000-0000-000000000000/"
            "resourceGroups/rg/providers/Microsoft.DBforPostgreSQL/"
            "flexibleServers/pg");
  EXPECT_EQ(state.GetAttr("fqdn")->AsString(),
            "pg.postgres.database.azure.com");
  const Value& auth = *state.GetAttr("authentication");
  ASSERT_EQ(auth.LengthOrZero(), 1u);
  EXPECT_EQ(*auth.elements()[0].GetAttr("password_auth_enabled"),
            Value::Bool(true));
  EXPECT_EQ(*auth.elements()[0].GetAttr("active_directory_auth_enabled"),
            Value::Bool(false));
  EXPECT_TRUE(state.GetAttr("administrator_password_wo")->IsNull());
}

TEST(AzurermStub, ConfiguredOptionalComputedBlockIsPlannedFromConfig) {
  Stub stub;
  const std::string type = "azurerm_postgresql_flexible_server";
  const Block& block = stub.BlockOf(type);
  const Type auth_type =
      provider::ImpliedType(block).attribute_types().at("authentication");
  const Value auth =
      Value::ObjectOf(auth_type.element_type(),
                      {{"active_directory_auth_enabled", Value::Bool(true)}});
  const Value config =
      With(MinimalConfig(block),
           {{"authentication", Value::List(auth_type.element_type(), {auth})}});
  Stub::Lifecycle l = stub.Run(type, config);
  ASSERT_FALSE(l.create.diagnostics.HasError());
  const Value& planned = *l.create.planned_state.GetAttr("authentication");
  ASSERT_TRUE(planned.IsKnown());
  ASSERT_EQ(planned.LengthOrZero(), 1u);
  // Unset inside the configured block: the SDKv2 default.
  EXPECT_EQ(*planned.elements()[0].GetAttr("password_auth_enabled"),
            Value::Bool(true));
  EXPECT_EQ(*planned.elements()[0].GetAttr("active_directory_auth_enabled"),
            Value::Bool(true));
}

TEST(AzurermStub, IdentityPrincipalIsUnknownThenAUuid) {
  Stub stub;
  const std::string type = "azurerm_automation_account";
  const Block& block = stub.BlockOf(type);
  const Type identity_type =
      provider::ImpliedType(block).attribute_types().at("identity");
  const Value identity =
      Value::ObjectOf(identity_type.element_type(),
                      {{"type", Value::String("SystemAssigned")}});
  const Value config = With(
      MinimalConfig(block),
      {{"identity", Value::List(identity_type.element_type(), {identity})}});
  Stub::Lifecycle l = stub.Run(type, config);
  ASSERT_FALSE(l.create.diagnostics.HasError());
  const Value& planned =
      l.create.planned_state.GetAttr("identity")->elements()[0];
  EXPECT_FALSE(planned.GetAttr("principal_id")->IsKnown());
  EXPECT_EQ(*planned.GetAttr("type"), Value::String("SystemAssigned"));
  EXPECT_EQ(*l.create.planned_state.GetAttr("local_authentication_enabled"),
            Value::Bool(true));
  ASSERT_FALSE(l.applied.diagnostics.HasError());
  const std::string principal = l.applied.state.GetAttr("identity")
                                    ->elements()[0]
                                    .GetAttr("principal_id")
                                    ->AsString();
  EXPECT_TRUE(std::regex_match(
      principal,
      std::regex("[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-"
                 "[0-9a-f]{12}")))
      << principal;
  // Deterministic: the same configuration applies to the same values.
  EXPECT_EQ(stub.Apply(type, l.create.planned_state, config).state,
            l.applied.state);
}

TEST(AzurermStub, RoleAssignmentIdUsesItsGeneratedName) {
  Stub stub;
  const std::string type = "azurerm_role_assignment";
  const Value config =
      With(MinimalConfig(stub.BlockOf(type)),
           {{"scope", Value::String("/subscriptions/s/resourceGroups/rg")},
            {"role_definition_name", Value::String("Contributor")}});
  Stub::Lifecycle l = stub.Run(type, config);
  ASSERT_FALSE(l.applied.diagnostics.HasError())
      << Diags(l.applied.diagnostics);
  const Value& s = l.applied.state;
  EXPECT_EQ(s.GetAttr("id")->AsString(),
            "/subscriptions/s/resourceGroups/rg/providers/"
            "Microsoft.Authorization/roleAssignments/" +
                s.GetAttr("name")->AsString());
  EXPECT_EQ(s.GetAttr("role_definition_name")->AsString(), "Contributor");
  EXPECT_EQ(s.GetAttr("principal_type")->AsString(), "ServicePrincipal");
}

TEST(AzurermStub, ForceNewChangePlansAReplacement) {
  Stub stub;
  const std::string type = "azurerm_resource_group";
  const Value config = MinimalConfig(stub.BlockOf(type));
  Stub::Lifecycle l = stub.Run(type, config);
  ASSERT_FALSE(l.applied.diagnostics.HasError());
  const Value renamed = With(config, {{"name", Value::String("other")}});
  const Value proposed =
      With(l.applied.state, {{"name", Value::String("other")}});
  provider::PlanResourceChangeResult r =
      stub.Plan(type, l.applied.state, proposed, renamed);
  ASSERT_FALSE(r.diagnostics.HasError());
  ASSERT_EQ(r.requires_replace.size(), 1u);
  EXPECT_EQ(r.requires_replace[0].ToString(), ".name");
}

TEST(FakeValues, TemplatesExpandAndReportWhatIsMissing) {
  const Value state = Value::Object({{"name", Value::String("n")},
                                     {"later", Value::Unknown(Type::String())},
                                     {"gone", Value::Null(Type::String())}});
  EXPECT_EQ(*ExpandTemplate("/s/{subscription_id}/x/{name}", state, "s", "p"),
            "/s/00000000-0000-0000-0000-000000000000/x/n");
  EXPECT_EQ(*ExpandTemplate("{uuid}", state, "s", "p"), FakeUuid("s", "p"));
  EXPECT_NE(FakeUuid("s", "p"), FakeUuid("s", "q"));
  EXPECT_TRUE(
      absl::IsUnavailable(ExpandTemplate("{later}", state, "s", "p").status()));
  EXPECT_TRUE(absl::IsInvalidArgument(
      ExpandTemplate("{gone}", state, "s", "p").status()));
  EXPECT_TRUE(absl::IsInvalidArgument(
      ExpandTemplate("{nope}", state, "s", "p").status()));
  EXPECT_TRUE(absl::IsInvalidArgument(
      ExpandTemplate("{name", state, "s", "p").status()));
}

TEST(FakeValues, TemplatesReachIntoNestedBlocks) {
  const Type meta = Type::Object({{"name", Type::String()}});
  const Value state = Value::Object(
      {{"metadata",
        Value::List(meta, {Value::Object({{"name", Value::String("cm")}})})},
       {"pending", Value::Unknown(Type::List(meta))}});
  EXPECT_EQ(*ExpandTemplate("ns/{metadata.0.name}", state, "s", "p"), "ns/cm");
  EXPECT_TRUE(absl::IsUnavailable(
      ExpandTemplate("{pending.0.name}", state, "s", "p").status()));
  EXPECT_TRUE(absl::IsInvalidArgument(
      ExpandTemplate("{metadata.1.name}", state, "s", "p").status()));
  EXPECT_TRUE(absl::IsInvalidArgument(
      ExpandTemplate("{metadata.x.name}", state, "s", "p").status()));
}

TEST(StubChoice, TheExecutableNameOrTheFlagPicksTheProvider) {
  EXPECT_EQ(*ChooseStub("/p/terraform-provider-azurerm", ""),
            StubKind::kAzurerm);
  EXPECT_EQ(*ChooseStub("/p/helm/terraform-provider-helm", ""),
            StubKind::kHelm);
  EXPECT_EQ(*ChooseStub("terraform-provider-kubernetes_v2.38.0_x5", ""),
            StubKind::kKubernetes);
  // A name the stub does not know, or none, keeps the original azurerm.
  EXPECT_EQ(*ChooseStub("/p/terraform-provider-helmfile", ""),
            StubKind::kAzurerm);
  EXPECT_EQ(*ChooseStub("", ""), StubKind::kAzurerm);
  EXPECT_EQ(*ChooseStub("/p/terraform-provider-azurerm", "kubernetes"),
            StubKind::kKubernetes);
  EXPECT_TRUE(absl::IsInvalidArgument(
      ChooseStub("/p/terraform-provider-helm", "aws").status()));
  EXPECT_EQ(StubProviderAddress(StubKind::kHelm),
            "registry.terraform.io/hashicorp/helm");
  EXPECT_EQ(NewStubProvider(StubKind::kKubernetes)->type_name(), "kubernetes");
}

TEST(WorkloadStubs, ServeTheRequestedTypesWithTheRealTimeouts) {
  Stub helm(StubKind::kHelm);
  Stub kubernetes(StubKind::kKubernetes);
  std::set<std::string> names;
  for (const auto& [name, r] : helm.provider->resources()) names.insert(name);
  EXPECT_EQ(names, std::set<std::string>{"helm_release"});
  names.clear();
  for (const auto& [name, r] : kubernetes.provider->resources()) {
    names.insert(name);
  }
  EXPECT_EQ(names,
            (std::set<std::string>{
                "kubernetes_namespace_v1", "kubernetes_config_map_v1",
                "kubernetes_secret_v1", "kubernetes_network_policy_v1"}));
  EXPECT_TRUE(helm.provider->legacy_type_system());
  EXPECT_TRUE(kubernetes.provider->legacy_type_system());
  // helm_release has a `timeout` number and no timeouts block; a
  // namespace only a delete timeout.
  EXPECT_EQ(FindBlockType(helm.BlockOf("helm_release"), "timeouts"), nullptr);
  const NestedBlock* ns_timeouts =
      FindBlockType(kubernetes.BlockOf("kubernetes_namespace_v1"), "timeouts");
  ASSERT_NE(ns_timeouts, nullptr);
  ASSERT_EQ(ns_timeouts->block.attributes.size(), 1u);
  EXPECT_EQ(ns_timeouts->block.attributes[0].name, "delete");
}

TEST(WorkloadStubs, HelmReleaseKeepsSetSensitiveValuesSensitive) {
  Stub stub(StubKind::kHelm);
  const Block& block = stub.BlockOf("helm_release");
  for (const char* name : {"set", "set_sensitive"}) {
    const NestedBlock* nb = FindBlockType(block, name);
    ASSERT_NE(nb, nullptr) << name;
    EXPECT_EQ(nb->nesting, NestingMode::kSet) << name;
    ASSERT_NE(nb->block.FindAttribute("value"), nullptr);
    EXPECT_EQ(nb->block.FindAttribute("value")->sensitive,
              std::string_view(name) == "set_sensitive");
  }
  ASSERT_NE(FindBlockType(block, "set_list"), nullptr);
  EXPECT_EQ(FindBlockType(block, "set_list")->nesting, NestingMode::kList);
  const Attribute* values = block.FindAttribute("values");
  ASSERT_NE(values, nullptr);
  EXPECT_EQ(*values->type, Type::List(Type::String()));
  EXPECT_EQ(stub.provider->FindResource("helm_release")->GetSchema().version,
            1);
  const Attribute* metadata = block.FindAttribute("metadata");
  ASSERT_NE(metadata, nullptr);
  EXPECT_TRUE(metadata->computed && !metadata->optional);
}

TEST(WorkloadStubs, HelmReleasePlansTheDefaultNamespaceAndAnUnknownId) {
  Stub stub(StubKind::kHelm);
  const Value config = With(
      MinimalConfig(stub.BlockOf("helm_release")),
      {{"name", Value::String("osmo")}, {"chart", Value::String("service")}});
  Stub::Lifecycle l = stub.Run("helm_release", config);
  ASSERT_FALSE(l.create.diagnostics.HasError()) << Diags(l.create.diagnostics);
  EXPECT_EQ(*l.create.planned_state.GetAttr("namespace"),
            Value::String("default"));
  EXPECT_FALSE(l.create.planned_state.GetAttr("id")->IsKnown());
  EXPECT_FALSE(l.create.planned_state.GetAttr("metadata")->IsKnown());
  ASSERT_FALSE(l.applied.diagnostics.HasError());
  EXPECT_EQ(*l.applied.state.GetAttr("id"), Value::String("osmo"));
}

TEST(WorkloadStubs, KubernetesIdsNameTheNamespaceAndTheObject) {
  Stub stub(StubKind::kKubernetes);
  for (const char* type :
       {"kubernetes_config_map_v1", "kubernetes_network_policy_v1"}) {
    SCOPED_TRACE(type);
    const Block& block = stub.BlockOf(type);
    const NestedBlock* metadata = FindBlockType(block, "metadata");
    ASSERT_NE(metadata, nullptr);
    EXPECT_EQ(metadata->min_items, 1);
    EXPECT_EQ(metadata->max_items, 1);
    Value config = MinimalConfig(block);
    const Value& meta = config.GetAttr("metadata")->elements()[0];
    config = With(
        config, {{"metadata",
                  Value::List(meta.type(),
                              {With(meta, {{"name", Value::String("cm")}})})}});
    Stub::Lifecycle l = stub.Run(type, config);
    ASSERT_FALSE(l.create.diagnostics.HasError())
        << Diags(l.create.diagnostics);
    ASSERT_FALSE(l.applied.diagnostics.HasError())
        << Diags(l.applied.diagnostics);
    EXPECT_EQ(*l.applied.state.GetAttr("id"), Value::String("default/cm"));
  }
  const Block& secret = stub.BlockOf("kubernetes_secret_v1");
  EXPECT_TRUE(secret.FindAttribute("data")->sensitive);
  EXPECT_FALSE(stub.BlockOf("kubernetes_config_map_v1")
                   .FindAttribute("data")
                   ->sensitive);
  const NestedBlock* spec =
      FindBlockType(stub.BlockOf("kubernetes_network_policy_v1"), "spec");
  ASSERT_NE(spec, nullptr);
  ASSERT_NE(FindBlockType(spec->block, "pod_selector"), nullptr);
  EXPECT_EQ(FindBlockType(spec->block, "pod_selector")->min_items, 1);
  EXPECT_NE(FindBlockType(spec->block, "ingress"), nullptr);
  EXPECT_NE(FindBlockType(spec->block, "egress"), nullptr);
}

}  // namespace
}  // namespace threatmodel::azurerm_stub
