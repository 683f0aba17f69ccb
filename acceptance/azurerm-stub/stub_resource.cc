#include "acceptance/azurerm-stub/stub_resource.h"

#include <string>
#include <utility>

#include "acceptance/azurerm-stub/fake_values.h"
#include "acceptance/azurerm-stub/stub_plan.h"

namespace threatmodel::azurerm_stub {
namespace {

class StubResource final : public provider::ManagedResource {
 public:
  explicit StubResource(StubType type)
      : type_(std::move(type)), schema_(ToSchema(type_)) {}

  std::string_view TypeName() const override { return type_.name; }
  const provider::Schema& GetSchema() const override { return schema_; }

  // Terraform itself checks required attributes and types; the real
  // provider's value validators are out of scope for a stub.
  void Validate(const cty::Value&, const provider::ClientCapabilities&,
                diag::Diagnostics&) const override {}

  void Plan(const provider::RequestContext&,
            const provider::PlanRequest& request,
            provider::PlanResponse& response,
            diag::Diagnostics&) const override {
    response.planned_state =
        PlanObject(type_.block, request.prior_state, request.proposed_new_state,
                   request.config);
    response.requires_replace =
        ReplacePaths(type_.block, request.prior_state, response.planned_state);
  }

  void Apply(const provider::RequestContext&,
             const provider::ApplyRequest& request, cty::Value& new_state,
             diag::Diagnostics& diagnostics) const override {
    new_state =
        ApplyObject(type_.block, request.planned_state,
                    ResourceSeed(type_.name, request.config), diagnostics);
  }

 private:
  const StubType type_;
  const provider::Schema schema_;
};

}  // namespace

std::unique_ptr<provider::ManagedResource> NewStubResource(StubType type) {
  return std::make_unique<StubResource>(std::move(type));
}

}  // namespace threatmodel::azurerm_stub
