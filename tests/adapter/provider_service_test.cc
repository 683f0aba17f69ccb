#include "threatmodel/adapter/provider_service.h"

#include <fstream>
#include <sstream>

#include "gtest/gtest.h"
#include "proto_text.h"
#include "tfplugin/tfplugin6.grpc.pb.h"
#include "threatmodel/cty/msgpack.h"
#include "threatmodel/datasources/threatmodel_provider.h"

namespace threatmodel::adapter {
namespace {

class ProviderServiceTest : public ::testing::Test {
 protected:
  ProviderServiceTest()
      : logger_(logging::Level::kOff, "test"),
        provider_(datasources::NewThreatmodelProvider()),
        grpc_service_(NewProviderService(*provider_, logger_)),
        service_(
            dynamic_cast<tfplugin6::Provider::Service*>(grpc_service_.get())) {}

  logging::Logger logger_;
  std::unique_ptr<provider::Provider> provider_;
  std::unique_ptr<grpc::Service> grpc_service_;
  tfplugin6::Provider::Service* service_;
};

std::string ReadFile(const std::string& path) {
  std::ifstream in(path);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

TEST_F(ProviderServiceTest, SchemaMatchesGolden) {
  ASSERT_NE(service_, nullptr);
  tfplugin6::GetProviderSchema::Request req;
  tfplugin6::GetProviderSchema::Response resp;
  ASSERT_TRUE(service_->GetProviderSchema(nullptr, &req, &resp).ok());
  EXPECT_TRUE(resp.server_capabilities().get_provider_schema_optional());
  EXPECT_TRUE(resp.has_provider());
  EXPECT_TRUE(resp.data_source_schemas().contains("threatmodel_version"));

  const std::string text = prototext::ProtoText(resp);
  const std::string golden = std::string(THREATMODEL_SOURCE_DIR) +
                             "/tests/testdata/proto/provider_schema.textproto";
  if (std::getenv("THREATMODEL_UPDATE_GOLDEN") != nullptr) {
    std::ofstream(golden) << text;
  }
  EXPECT_EQ(text, ReadFile(golden))
      << "rerun with THREATMODEL_UPDATE_GOLDEN=1 if the change is intended";
}

TEST_F(ProviderServiceTest, EveryAdvertisedSchemaIsValid) {
  EXPECT_TRUE(
      provider::ValidateSchema(provider_->provider_schema().block).ok());
  for (const auto& [name, ds] : provider_->data_sources()) {
    SCOPED_TRACE(name);
    EXPECT_TRUE(provider::ValidateSchema(ds->GetSchema().block).ok());
  }
}

TEST_F(ProviderServiceTest, MetadataListsDataSources) {
  tfplugin6::GetMetadataMsg::Request req;
  tfplugin6::GetMetadataMsg::Response resp;
  ASSERT_TRUE(service_->GetMetadata(nullptr, &req, &resp).ok());
  std::vector<std::string> names;
  for (const auto& ds : resp.data_sources()) names.push_back(ds.type_name());
  EXPECT_EQ(names, (std::vector<std::string>{"threatmodel_assertion",
                                             "threatmodel_version"}));
}

TEST_F(ProviderServiceTest, IdentitySchemasAreEmpty) {
  tfplugin6::GetResourceIdentitySchemas::Request req;
  tfplugin6::GetResourceIdentitySchemas::Response resp;
  ASSERT_TRUE(service_->GetResourceIdentitySchemas(nullptr, &req, &resp).ok());
  EXPECT_TRUE(resp.identity_schemas().empty());
  EXPECT_TRUE(resp.diagnostics().empty());
}

TEST_F(ProviderServiceTest, EmptyProviderBlockConfigures) {
  // An empty provider block arrives as an object with every attribute null.
  const cty::Type type =
      provider::ImpliedType(provider_->provider_schema().block);
  absl::StatusOr<std::string> config =
      cty::EncodeMsgpack(cty::Value::ObjectOf(type, {}), type);
  ASSERT_TRUE(config.ok());
  tfplugin6::ConfigureProvider::Request req;
  req.set_terraform_version("1.11.4");
  req.mutable_config()->set_msgpack(*config);
  tfplugin6::ConfigureProvider::Response resp;
  ASSERT_TRUE(service_->ConfigureProvider(nullptr, &req, &resp).ok());
  EXPECT_TRUE(resp.diagnostics().empty()) << prototext::ProtoText(resp);
}

TEST_F(ProviderServiceTest, MalformedMsgpackIsADiagnostic) {
  tfplugin6::ValidateDataResourceConfig::Request req;
  req.set_type_name("threatmodel_version");
  req.mutable_config()->set_msgpack(std::string("\x85\xa1", 2));
  tfplugin6::ValidateDataResourceConfig::Response resp;
  ASSERT_TRUE(service_->ValidateDataResourceConfig(nullptr, &req, &resp).ok());
  ASSERT_EQ(resp.diagnostics_size(), 1);
  EXPECT_EQ(resp.diagnostics(0).severity(), tfplugin6::Diagnostic::ERROR);
}

TEST_F(ProviderServiceTest, UnknownTypeNameIsADiagnostic) {
  tfplugin6::ReadDataSource::Request req;
  req.set_type_name("threatmodel_nope");
  tfplugin6::ReadDataSource::Response resp;
  ASSERT_TRUE(service_->ReadDataSource(nullptr, &req, &resp).ok());
  ASSERT_EQ(resp.diagnostics_size(), 1);
  EXPECT_NE(resp.diagnostics(0).summary().find("Unknown data source"),
            std::string::npos);
}

TEST_F(ProviderServiceTest, ReadVersionReturnsAWhollyKnownState) {
  const provider::DataSource* ds =
      provider_->FindDataSource("threatmodel_version");
  ASSERT_NE(ds, nullptr);
  const cty::Type type = provider::ImpliedType(ds->GetSchema().block);
  absl::StatusOr<std::string> config =
      cty::EncodeMsgpack(cty::Value::Null(type), type);
  ASSERT_TRUE(config.ok());
  // Terraform sends the object with computed attributes null.
  absl::StatusOr<std::string> object =
      cty::EncodeMsgpack(cty::Value::ObjectOf(type, {}), type);
  ASSERT_TRUE(object.ok());

  tfplugin6::ReadDataSource::Request req;
  req.set_type_name("threatmodel_version");
  req.mutable_config()->set_msgpack(*object);
  tfplugin6::ReadDataSource::Response resp;
  ASSERT_TRUE(service_->ReadDataSource(nullptr, &req, &resp).ok());
  ASSERT_TRUE(resp.diagnostics().empty()) << prototext::ProtoText(resp);
  absl::StatusOr<cty::Value> state =
      cty::DecodeMsgpack(resp.state().msgpack(), type);
  ASSERT_TRUE(state.ok()) << state.status();
  EXPECT_TRUE(state->IsWhollyKnown());
  EXPECT_FALSE(state->GetAttr("version")->AsString().empty());
  EXPECT_EQ(state->GetAttr("protocol_version")->AsString(), "6.10");
}

TEST_F(ProviderServiceTest, NullAssertionConfigIsADiagnostic) {
  tfplugin6::ReadDataSource::Request req;
  req.set_type_name("threatmodel_assertion");
  req.mutable_config()->set_msgpack(std::string("\xc0", 1));
  tfplugin6::ReadDataSource::Response resp;
  ASSERT_TRUE(service_->ReadDataSource(nullptr, &req, &resp).ok());
  ASSERT_EQ(resp.diagnostics_size(), 1);
  EXPECT_EQ(resp.diagnostics(0).severity(), tfplugin6::Diagnostic::ERROR);
}

TEST_F(ProviderServiceTest, StopProviderAnswersWithoutError) {
  tfplugin6::StopProvider::Request req;
  tfplugin6::StopProvider::Response resp;
  ASSERT_TRUE(service_->StopProvider(nullptr, &req, &resp).ok());
  EXPECT_TRUE(resp.error().empty());
}

TEST_F(ProviderServiceTest, UnknownResourceTypeIsADiagnostic) {
  tfplugin6::PlanResourceChange::Request req;
  req.set_type_name("threatmodel_nope");
  tfplugin6::PlanResourceChange::Response resp;
  ASSERT_TRUE(service_->PlanResourceChange(nullptr, &req, &resp).ok());
  ASSERT_EQ(resp.diagnostics_size(), 1);
  EXPECT_NE(resp.diagnostics(0).summary().find("Unknown resource type"),
            std::string::npos);
  EXPECT_FALSE(resp.has_planned_state());
}

// A resource that plans the proposed state and applies the planned one.
class EchoResource final : public provider::ManagedResource {
 public:
  EchoResource() {
    schema_.block.attributes = {
        provider::OptionalAttribute("x", cty::Type::String(), "")};
  }
  std::string_view TypeName() const override { return "echo_thing"; }
  const provider::Schema& GetSchema() const override { return schema_; }
  void Validate(const cty::Value&, const provider::ClientCapabilities&,
                diag::Diagnostics&) const override {}
  void Plan(const provider::RequestContext&, const provider::PlanRequest&,
            provider::PlanResponse&, diag::Diagnostics&) const override {}
  void Apply(const provider::RequestContext&,
             const provider::ApplyRequest& request, cty::Value& state,
             diag::Diagnostics&) const override {
    state = request.planned_state;
  }

 private:
  provider::Schema schema_;
};

// Plan and apply answers carry the provider's legacy_type_system setting.
void ExpectLegacyTypeSystem(bool legacy) {
  SCOPED_TRACE(legacy ? "legacy" : "not legacy");
  provider::ProviderDefinition def;
  def.type_name = "echo";
  def.legacy_type_system = legacy;
  def.resources.push_back(std::make_unique<EchoResource>());
  provider::Provider p(std::move(def));
  logging::Logger logger(logging::Level::kOff, "test");
  std::unique_ptr<grpc::Service> grpc_service = NewProviderService(p, logger);
  auto* service =
      dynamic_cast<tfplugin6::Provider::Service*>(grpc_service.get());
  ASSERT_NE(service, nullptr);

  const cty::Type type =
      provider::ImpliedType(p.FindResource("echo_thing")->GetSchema().block);
  const std::string null = *cty::EncodeMsgpack(cty::Value::Null(type), type);
  const std::string object = *cty::EncodeMsgpack(
      cty::Value::ObjectOf(type, {{"x", cty::Value::String("a")}}), type);

  tfplugin6::PlanResourceChange::Request plan_req;
  plan_req.set_type_name("echo_thing");
  plan_req.mutable_prior_state()->set_msgpack(null);
  plan_req.mutable_proposed_new_state()->set_msgpack(object);
  plan_req.mutable_config()->set_msgpack(object);
  tfplugin6::PlanResourceChange::Response plan_resp;
  ASSERT_TRUE(service->PlanResourceChange(nullptr, &plan_req, &plan_resp).ok());
  ASSERT_EQ(plan_resp.diagnostics_size(), 0);
  EXPECT_EQ(plan_resp.legacy_type_system(), legacy);

  tfplugin6::ApplyResourceChange::Request apply_req;
  apply_req.set_type_name("echo_thing");
  apply_req.mutable_prior_state()->set_msgpack(null);
  apply_req.mutable_planned_state()->set_msgpack(object);
  apply_req.mutable_config()->set_msgpack(object);
  tfplugin6::ApplyResourceChange::Response apply_resp;
  ASSERT_TRUE(
      service->ApplyResourceChange(nullptr, &apply_req, &apply_resp).ok());
  ASSERT_EQ(apply_resp.diagnostics_size(), 0);
  EXPECT_EQ(apply_resp.legacy_type_system(), legacy);
}

TEST(ProviderServiceResources, LegacyTypeSystemIsDeclaredOnlyWhenAskedFor) {
  ExpectLegacyTypeSystem(false);
  ExpectLegacyTypeSystem(true);
}

TEST_F(ProviderServiceTest, EphemeralResourceRpcsAreUnimplemented) {
  tfplugin6::OpenEphemeralResource::Request req;
  tfplugin6::OpenEphemeralResource::Response resp;
  EXPECT_EQ(service_->OpenEphemeralResource(nullptr, &req, &resp).error_code(),
            grpc::StatusCode::UNIMPLEMENTED);
}

TEST_F(ProviderServiceTest, FunctionsAreInTheSchemaAndGetFunctions) {
  tfplugin6::GetProviderSchema::Request schema_req;
  tfplugin6::GetProviderSchema::Response schema;
  ASSERT_TRUE(service_->GetProviderSchema(nullptr, &schema_req, &schema).ok());
  ASSERT_TRUE(schema.functions().contains("assert"));
  const tfplugin6::Function& f = schema.functions().at("assert");
  ASSERT_EQ(f.parameters_size(), 1);
  EXPECT_TRUE(f.parameters(0).allow_unknown_values());
  EXPECT_EQ(f.parameters(0).type(), "\"dynamic\"");
  EXPECT_EQ(f.return_().type(), "\"bool\"");

  tfplugin6::GetFunctions::Request req;
  tfplugin6::GetFunctions::Response resp;
  ASSERT_TRUE(service_->GetFunctions(nullptr, &req, &resp).ok());
  ASSERT_TRUE(resp.functions().contains("assert"));
  EXPECT_EQ(prototext::ProtoText(resp.functions().at("assert")),
            prototext::ProtoText(f));

  tfplugin6::GetMetadataMsg::Request meta_req;
  tfplugin6::GetMetadataMsg::Response meta;
  ASSERT_TRUE(service_->GetMetadata(nullptr, &meta_req, &meta).ok());
  ASSERT_EQ(meta.functions_size(), 1);
  EXPECT_EQ(meta.functions(0).name(), "assert");
}

class CallFunctionTest : public ProviderServiceTest {
 protected:
  tfplugin6::CallFunction::Response Call(const std::string& name,
                                         const std::vector<cty::Value>& args) {
    tfplugin6::CallFunction::Request req;
    req.set_name(name);
    for (const cty::Value& a : args) {
      absl::StatusOr<std::string> wire =
          cty::EncodeMsgpack(a, cty::Type::Dynamic());
      EXPECT_TRUE(wire.ok()) << wire.status();
      req.add_arguments()->set_msgpack(wire.value_or(""));
    }
    tfplugin6::CallFunction::Response resp;
    EXPECT_TRUE(service_->CallFunction(nullptr, &req, &resp).ok());
    return resp;
  }
};

TEST_F(CallFunctionTest, UnknownArgumentGivesAnUnknownBool) {
  tfplugin6::CallFunction::Response resp =
      Call("assert", {cty::Value::Unknown(cty::Type::Dynamic())});
  ASSERT_FALSE(resp.has_error()) << resp.error().text();
  absl::StatusOr<cty::Value> result =
      cty::DecodeMsgpack(resp.result().msgpack(), cty::Type::Bool());
  ASSERT_TRUE(result.ok()) << result.status();
  EXPECT_FALSE(result->IsKnown());
}

TEST_F(CallFunctionTest, ViolationIsAFunctionErrorOfTheCall) {
  cty::Value grant = cty::Value::Object(
      {{"role_definition_name", cty::Value::String("Owner")},
       {"scope", cty::Value::String("/subscriptions/00000000-0000-0000-0000-"
                                    "000000000000")}});
  cty::Value arg = cty::Value::Object(
      {{"discover_backend", cty::Value::Bool(false)},
       {"automation_accounts",
        cty::Value::Object(
            {{"aa", cty::Value::Object({{"role_assignments",
                                         cty::Value::Tuple({grant})}})}})}});
  tfplugin6::CallFunction::Response resp = Call("assert", {arg});
  ASSERT_TRUE(resp.has_error());
  EXPECT_NE(resp.error().text().find("E-1"), std::string::npos);
  EXPECT_FALSE(resp.error().has_function_argument());
  EXPECT_FALSE(resp.has_result());
}

TEST_F(CallFunctionTest, BadCallsAreFunctionErrors) {
  EXPECT_TRUE(Call("nope", {}).has_error());
  EXPECT_TRUE(Call("assert", {}).has_error());

  tfplugin6::CallFunction::Request req;
  req.set_name("assert");
  req.add_arguments()->set_msgpack(std::string("\xc1", 1));
  tfplugin6::CallFunction::Response resp;
  ASSERT_TRUE(service_->CallFunction(nullptr, &req, &resp).ok());
  ASSERT_TRUE(resp.has_error());
  EXPECT_EQ(resp.error().function_argument(), 0);
}

}  // namespace
}  // namespace threatmodel::adapter
