// terraform-provider-azurerm: a TEST-ONLY stand-in for hashicorp/azurerm,
// served by the project's own plugin library. Acceptance tests install it
// through dev_overrides (acceptance/terraform/lib/stub_env.sh); it is built
// only with THREATMODEL_BUILD_TESTS and is never installed or released.
#include <grpcpp/impl/codegen/service_type.h>

#include <cstdio>
#include <memory>
#include <string>

#include "acceptance/azurerm-stub/azurerm_provider.h"
#include "threatmodel/adapter/provider_service.h"
#include "threatmodel/logging/logger.h"
#include "threatmodel/plugin/serve.h"

int main(int argc, char** argv) {
  threatmodel::plugin::ServeOptions options;
  for (int i = 1; i < argc; ++i) {
    const std::string arg = argv[i];
    if (arg == "-debug" || arg == "--debug") {
      options.debug = true;
    } else if (arg == "-version" || arg == "--version") {
      std::printf("terraform-provider-azurerm (threatmodel test stub)\n");
      return 0;
    } else {
      std::fprintf(stderr,
                   "terraform-provider-azurerm (test stub): unknown flag %s\n"
                   "Usage: terraform-provider-azurerm [-debug] [-version]\n",
                   arg.c_str());
      return 2;
    }
  }
  const threatmodel::logging::Logger& logger = threatmodel::logging::Default();
  std::unique_ptr<threatmodel::provider::Provider> provider =
      threatmodel::azurerm_stub::NewAzurermStubProvider();
  std::unique_ptr<grpc::Service> service =
      threatmodel::adapter::NewProviderService(*provider, logger);
  options.logger = &logger;
  options.provider_address = "registry.terraform.io/hashicorp/azurerm";
  return threatmodel::plugin::Serve(*service, options);
}
