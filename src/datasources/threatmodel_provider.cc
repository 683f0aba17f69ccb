#include "threatmodel/datasources/threatmodel_provider.h"

#include "datasources/policy_config.h"
#include "threatmodel/datasources/assert_function.h"
#include "threatmodel/datasources/assertion_data_source.h"
#include "threatmodel/datasources/assertion_resource.h"
#include "threatmodel/datasources/version_data_source.h"

namespace threatmodel::datasources {

std::unique_ptr<provider::Provider> NewThreatmodelProvider() {
  provider::ProviderDefinition def;
  def.type_name = "threatmodel";
  def.provider_schema.block.description =
      "Turns the STRIDE threat model of an Azure GPU robotics platform into "
      "checks that fail `terraform plan`. The settings here are the policy "
      "every `threatmodel_assertion` (data source or resource) starts from; an "
      "assertion's `policy` "
      "attribute overrides them.";
  def.provider_schema.block.attributes = PolicyAttributes();
  def.provider_schema.block.attributes.push_back(provider::OptionalAttribute(
      "violations_as_warnings", cty::Type::Bool(),
      "Reports mandatory violations and undecided findings as warnings "
      "instead of errors, while `passed` stays false and `blocking` lists "
      "them. Only for `terraform test`, whose `expect_failures` counts "
      "failed conditions but never a provider's errors: set it in the test "
      "file's provider block, and have the assertion's postcondition check "
      "`passed` (docs/testing.md). Never set it where plans must be "
      "stopped: without that postcondition nothing fails."));
  def.provider_schema.block.attributes.push_back(WaiversAttribute(
      "Accepted risks that apply to every assertion. A waiver that is "
      "malformed or expired fails the plan (fails closed)."));
  def.validate_config = [](const cty::Value& config, diag::Diagnostics& diags) {
    if (config.IsNull() || !config.IsKnown()) return;
    rules::Policy scratch;
    ApplyPolicyConfig(config, cty::Path(), PolicyScope::kProviderBlock, scratch,
                      diags);
    if (const cty::Value* waivers = config.GetAttr("waivers")) {
      AppendWaivers(*waivers, cty::Path().Attr("waivers"), "provider.waivers",
                    scratch.waivers, diags);
    }
  };
  def.data_sources.push_back(NewVersionDataSource());
  def.data_sources.push_back(NewAssertionDataSource());
  def.resources.push_back(NewAssertionResource());
  def.functions.push_back(NewAssertFunction());
  return std::make_unique<provider::Provider>(std::move(def));
}

}  // namespace threatmodel::datasources
