#include "threatmodel/datasources/version_data_source.h"

#include "threatmodel/base/version.h"

namespace threatmodel::datasources {
namespace {

using provider::ComputedAttribute;

class VersionDataSource final : public provider::DataSource {
 public:
  VersionDataSource() {
    schema_.block.description =
        "Reports the version of the threatmodel provider and of the plugin "
        "protocol it serves.";
    schema_.block.attributes = {
        ComputedAttribute("version", cty::Type::String(),
                          "The provider's release version, such as `0.1.0`."),
        ComputedAttribute("protocol_version", cty::Type::String(),
                          "The Terraform plugin protocol version served, "
                          "such as `6.10`."),
    };
  }

  std::string_view TypeName() const override { return "threatmodel_version"; }
  const provider::Schema& GetSchema() const override { return schema_; }

  void Validate(const cty::Value&, diag::Diagnostics&) const override {}

  void Read(const provider::RequestContext&, const cty::Value&,
            cty::Value& state, diag::Diagnostics&) const override {
    state = cty::Value::ObjectOf(
        provider::ImpliedType(schema_.block),
        {{"version", cty::Value::String(std::string(ProviderVersion()))},
         {"protocol_version",
          cty::Value::String(std::string(kPluginProtocolVersion))}});
  }

 private:
  provider::Schema schema_;
};

}  // namespace

std::unique_ptr<provider::DataSource> NewVersionDataSource() {
  return std::make_unique<VersionDataSource>();
}

}  // namespace threatmodel::datasources
