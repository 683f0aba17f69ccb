// terraform-provider-azurerm: a TEST-ONLY stand-in for hashicorp/azurerm,
// and, run under the name terraform-provider-helm or
// terraform-provider-kubernetes (or with -provider=helm|kubernetes), for
// hashicorp/helm or hashicorp/kubernetes (stub_choice.h); served by the
// project's own plugin library. Acceptance tests install it through
// dev_overrides (acceptance/terraform/lib/stub_env.sh); it is built only
// with THREATMODEL_BUILD_TESTS and is never installed or released.
#include <grpcpp/impl/codegen/service_type.h>

#include <cstdio>
#include <memory>
#include <string>

#include "absl/status/statusor.h"
#include "acceptance/azurerm-stub/stub_choice.h"
#include "threatmodel/adapter/provider_service.h"
#include "threatmodel/logging/logger.h"
#include "threatmodel/plugin/serve.h"

int main(int argc, char** argv) {
  namespace stub = threatmodel::azurerm_stub;
  threatmodel::plugin::ServeOptions options;
  std::string flag;
  bool version = false;
  for (int i = 1; i < argc; ++i) {
    const std::string arg = argv[i];
    if (arg == "-debug" || arg == "--debug") {
      options.debug = true;
    } else if (arg == "-version" || arg == "--version") {
      version = true;
    } else if (arg.rfind("-provider=", 0) == 0) {
      flag = arg.substr(arg.find('=') + 1);
    } else {
      std::fprintf(stderr,
                   "terraform-provider-azurerm (test stub): unknown flag %s\n"
                   "Usage: terraform-provider-azurerm [-debug] [-version] "
                   "[-provider=azurerm|helm|kubernetes]\n",
                   arg.c_str());
      return 2;
    }
  }
  const absl::StatusOr<stub::StubKind> kind =
      stub::ChooseStub(argc > 0 ? argv[0] : "", flag);
  if (!kind.ok()) {
    std::fprintf(stderr, "terraform-provider-azurerm (test stub): %s\n",
                 std::string(kind.status().message()).c_str());
    return 2;
  }
  if (version) {
    std::printf("terraform-provider-%s (threatmodel test stub)\n",
                std::string(stub::StubTypeName(*kind)).c_str());
    return 0;
  }
  const threatmodel::logging::Logger& logger = threatmodel::logging::Default();
  std::unique_ptr<threatmodel::provider::Provider> provider =
      stub::NewStubProvider(*kind);
  std::unique_ptr<grpc::Service> service =
      threatmodel::adapter::NewProviderService(*provider, logger);
  options.logger = &logger;
  options.provider_address = stub::StubProviderAddress(*kind);
  return threatmodel::plugin::Serve(*service, options);
}
