// File: stub_choice.h
//
// Which provider one stub binary serves. The same executable stands in for
// hashicorp/azurerm, hashicorp/helm and hashicorp/kubernetes: Terraform
// runs the file named terraform-provider-<type> in a dev_overrides
// directory, so a symlink or copy under that name picks the provider; a
// `-provider=<type>` flag overrides the name. Any other name serves
// azurerm, as the binary did before it served more than one.
//
// Test-only. Pure functions; safe from any thread.
#ifndef THREATMODEL_ACCEPTANCE_AZURERM_STUB_STUB_CHOICE_H_
#define THREATMODEL_ACCEPTANCE_AZURERM_STUB_STUB_CHOICE_H_

#include <memory>
#include <string_view>

#include "absl/status/statusor.h"
#include "threatmodel/provider/provider.h"

namespace threatmodel::azurerm_stub {

enum class StubKind { kAzurerm, kHelm, kKubernetes };

// `executable` is argv[0] (a path; only its last component counts, and a
// registry-style version suffix "_v2.17.0" is ignored). `flag` is the
// value of -provider= (empty when absent): "azurerm", "helm" or
// "kubernetes", else InvalidArgument.
[[nodiscard]] absl::StatusOr<StubKind> ChooseStub(std::string_view executable,
                                                  std::string_view flag);

// "azurerm", "helm", "kubernetes".
[[nodiscard]] std::string_view StubTypeName(StubKind kind);

// registry.terraform.io/hashicorp/<type>.
[[nodiscard]] std::string StubProviderAddress(StubKind kind);

[[nodiscard]] std::unique_ptr<provider::Provider> NewStubProvider(
    StubKind kind);

}  // namespace threatmodel::azurerm_stub

#endif  // THREATMODEL_ACCEPTANCE_AZURERM_STUB_STUB_CHOICE_H_
