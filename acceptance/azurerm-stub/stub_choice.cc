#include "acceptance/azurerm-stub/stub_choice.h"

#include <string>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "acceptance/azurerm-stub/azurerm_provider.h"
#include "acceptance/azurerm-stub/workload_providers.h"

namespace threatmodel::azurerm_stub {
namespace {

constexpr StubKind kKinds[] = {StubKind::kAzurerm, StubKind::kHelm,
                               StubKind::kKubernetes};

constexpr std::string_view kExecutablePrefix = "terraform-provider-";

}  // namespace

std::string_view StubTypeName(StubKind kind) {
  switch (kind) {
    case StubKind::kHelm:
      return "helm";
    case StubKind::kKubernetes:
      return "kubernetes";
    case StubKind::kAzurerm:
      break;
  }
  return "azurerm";
}

std::string StubProviderAddress(StubKind kind) {
  return std::string("registry.terraform.io/hashicorp/")
      .append(StubTypeName(kind));
}

absl::StatusOr<StubKind> ChooseStub(std::string_view executable,
                                    std::string_view flag) {
  if (!flag.empty()) {
    for (StubKind kind : kKinds) {
      if (flag == StubTypeName(kind)) return kind;
    }
    return absl::InvalidArgumentError(
        std::string("-provider=")
            .append(flag)
            .append(": the stub serves azurerm, helm or kubernetes"));
  }
  const std::size_t slash = executable.find_last_of('/');
  std::string_view name = slash == std::string_view::npos
                              ? executable
                              : executable.substr(slash + 1);
  if (name.substr(0, kExecutablePrefix.size()) != kExecutablePrefix) {
    return StubKind::kAzurerm;
  }
  name.remove_prefix(kExecutablePrefix.size());
  name = name.substr(0, name.find('_'));
  for (StubKind kind : kKinds) {
    if (name == StubTypeName(kind)) return kind;
  }
  return StubKind::kAzurerm;
}

std::unique_ptr<provider::Provider> NewStubProvider(StubKind kind) {
  switch (kind) {
    case StubKind::kHelm:
      return NewHelmStubProvider();
    case StubKind::kKubernetes:
      return NewKubernetesStubProvider();
    case StubKind::kAzurerm:
      break;
  }
  return NewAzurermStubProvider();
}

}  // namespace threatmodel::azurerm_stub
