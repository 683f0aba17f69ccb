#include "threatmodel/datasources/assertion_resource.h"

#include <algorithm>

#include "absl/strings/str_cat.h"
#include "datasources/assessment.h"
#include "threatmodel/rules/engine.h"

namespace threatmodel::datasources {
namespace {

using cty::Value;

// The ID every instance gets: the resource stands for a check, not for an
// object anywhere, so there is nothing better to name.
constexpr char kId[] = "threatmodel-assertion";

bool IsResourceInput(std::string_view name) {
  const std::vector<std::string>& inputs = AssertionResourceInputs();
  return std::find(inputs.begin(), inputs.end(), name) != inputs.end();
}

provider::Schema BuildSchema() {
  provider::Schema schema;
  schema.block.description = absl::StrCat(
      "Checks the planned resources against the threat model's rules (",
      ThreatSummary(),
      ") whenever Terraform plans, even before the resources exist. Same "
      "inputs and outputs as the data source `threatmodel_assertion`; "
      "resource objects whose IDs are not known yet are judged on what the "
      "configuration does decide, and a value a rule depends on that is "
      "still unknown makes the finding undecided, which fails a mandatory "
      "threat. The resource inputs are write-only (Terraform 1.11 or "
      "later): they are never stored in state or plan files.");
  for (provider::Attribute& a : AssertionInputAttributes()) {
    if (IsResourceInput(a.name)) {
      a.write_only = true;
      absl::StrAppend(&a.description,
                      " Write-only: never stored in state or plan files.");
    }
    schema.block.attributes.push_back(std::move(a));
  }
  schema.block.attributes.push_back(provider::ComputedAttribute(
      "id", cty::Type::String(),
      absl::StrCat("Always `", kId, "`; the assertion manages no object.")));
  for (provider::Attribute& a : AssertionOutputAttributes()) {
    absl::StrAppend(&a.description,
                    " Unknown in a plan whose inputs are not all known yet.");
    schema.block.attributes.push_back(std::move(a));
  }
  return schema;
}

class AssertionResource final : public provider::ManagedResource {
 public:
  explicit AssertionResource(std::function<absl::CivilDay()> today)
      : schema_(BuildSchema()), today_(std::move(today)) {}

  std::string_view TypeName() const override { return "threatmodel_assertion"; }
  const provider::Schema& GetSchema() const override { return schema_; }

  void Validate(const Value& config,
                const provider::ClientCapabilities& capabilities,
                diag::Diagnostics& diags) const override {
    if (!capabilities.write_only_attributes_allowed && config.IsKnown() &&
        !config.IsNull()) {
      for (const std::string& name : AssertionResourceInputs()) {
        const Value* v = config.GetAttr(name);
        if (v == nullptr || v->IsNull()) continue;
        diags.AddAttributeError(
            cty::Path().Attr(name), "Write-only attributes not supported",
            absl::StrCat("The resource `threatmodel_assertion` keeps `", name,
                         "` out of state as a write-only attribute, which "
                         "needs Terraform 1.11 or later. With an older "
                         "Terraform, use the data source of the same name "
                         "or `threatmodel check` on the saved plan."));
      }
    }
    ValidateAssertionInputs(config, diags);
  }

  void Plan(const provider::RequestContext& context,
            const provider::PlanRequest& request,
            provider::PlanResponse& response,
            diag::Diagnostics& diags) const override {
    std::optional<Assessment> assessment =
        Assess(context, request.config, Today(), diags);
    if (!assessment.has_value() || diags.HasError()) return;
    std::map<std::string, Value> attributes =
        request.proposed_new_state.attributes();
    attributes["id"] = Value::String(kId);
    // With every input known, the findings are final. Otherwise they are
    // computed again at apply, unless the plan already fails: then the
    // verdict is what the plan shows (a postcondition on `passed` sees it
    // under violations_as_warnings), and an apply keeps it as planned.
    const bool final = request.config.IsWhollyKnown() || !assessment->passed;
    SetAssertionOutputs(final ? &*assessment : nullptr, attributes);
    response.planned_state = Value::ObjectOf(
        provider::ImpliedType(schema_.block), std::move(attributes));
  }

  void Apply(const provider::RequestContext& context,
             const provider::ApplyRequest& request, Value& new_state,
             diag::Diagnostics& diags) const override {
    const Value& planned = request.planned_state;
    if (planned.IsWhollyKnown()) {
      new_state = planned;
      return;
    }
    std::optional<Assessment> assessment =
        Assess(context, request.config, Today(), diags);
    if (!assessment.has_value() || diags.HasError()) return;
    std::map<std::string, Value> attributes = planned.attributes();
    SetAssertionOutputs(&*assessment, attributes);
    new_state = Value::ObjectOf(provider::ImpliedType(schema_.block),
                                std::move(attributes));
  }

  void Import(const provider::RequestContext&, std::string_view id,
              Value& state, diag::Diagnostics&) const override {
    // Nothing exists to be read back; the next plan evaluates the
    // configuration and updates the findings.
    std::map<std::string, Value> attributes;
    attributes["id"] = Value::String(std::string(id));
    attributes["findings"] = Value::List(FindingType(), {});
    attributes["passed"] = Value::Bool(false);
    attributes["blocking"] =
        Value::List(cty::Type::String(),
                    {Value::String("Imported: not evaluated yet; the next plan "
                                   "evaluates the configuration.")});
    state = Value::ObjectOf(provider::ImpliedType(schema_.block),
                            std::move(attributes));
  }

 private:
  absl::CivilDay Today() const { return today_ ? today_() : rules::TodayUtc(); }

  provider::Schema schema_;
  std::function<absl::CivilDay()> today_;
};

}  // namespace

std::unique_ptr<provider::ManagedResource> NewAssertionResource(
    std::function<absl::CivilDay()> today) {
  return std::make_unique<AssertionResource>(std::move(today));
}

}  // namespace threatmodel::datasources
