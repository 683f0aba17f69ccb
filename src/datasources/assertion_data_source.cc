#include "threatmodel/datasources/assertion_data_source.h"

#include "absl/strings/str_cat.h"
#include "datasources/assessment.h"
#include "threatmodel/rules/engine.h"

namespace threatmodel::datasources {
namespace {

using cty::Value;

provider::Schema BuildSchema() {
  provider::Schema schema;
  schema.block.description = absl::StrCat(
      "Checks the planned configuration against the threat model's rules (",
      ThreatSummary(),
      "). A mandatory violation fails `terraform plan` with an error "
      "that names the threat, points at the offending input and says how "
      "to fix it. Keep inputs known at plan time (route them through "
      "`locals`): Terraform defers a data source whose configuration is "
      "unknown, or that depends on managed resources with pending changes, "
      "to apply time. To judge resources that do not exist yet, use the "
      "managed resource `threatmodel_assertion`, which Terraform plans "
      "whatever its inputs.");
  schema.block.attributes = AssertionInputAttributes();
  for (provider::Attribute& a : AssertionOutputAttributes()) {
    schema.block.attributes.push_back(std::move(a));
  }
  return schema;
}

class AssertionDataSource final : public provider::DataSource {
 public:
  explicit AssertionDataSource(std::function<absl::CivilDay()> today)
      : schema_(BuildSchema()), today_(std::move(today)) {}

  std::string_view TypeName() const override { return "threatmodel_assertion"; }
  const provider::Schema& GetSchema() const override { return schema_; }

  void Validate(const Value& config, diag::Diagnostics& diags) const override {
    ValidateAssertionInputs(config, diags);
  }

  void Read(const provider::RequestContext& context, const Value& config,
            Value& state, diag::Diagnostics& diags) const override {
    std::optional<Assessment> assessment =
        Assess(context, config, today_ ? today_() : rules::TodayUtc(), diags);
    if (!assessment.has_value()) return;
    std::map<std::string, Value> attributes = config.attributes();
    SetAssertionOutputs(&*assessment, attributes);
    state = Value::ObjectOf(provider::ImpliedType(schema_.block),
                            std::move(attributes));
  }

 private:
  provider::Schema schema_;
  std::function<absl::CivilDay()> today_;
};

}  // namespace

std::unique_ptr<provider::DataSource> NewAssertionDataSource(
    std::function<absl::CivilDay()> today) {
  return std::make_unique<AssertionDataSource>(std::move(today));
}

}  // namespace threatmodel::datasources
