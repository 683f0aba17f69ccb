// terraform-provider-threatmodel: the plugin process Terraform and OpenTofu
// start. Wires the provider core, the protocol adapter and the plugin
// server together; everything else lives in the modules.
#include <grpcpp/impl/codegen/service_type.h>

#include <cstdio>
#include <cstring>
#include <string>

#include "threatmodel/adapter/provider_service.h"
#include "threatmodel/base/version.h"
#include "threatmodel/datasources/threatmodel_provider.h"
#include "threatmodel/logging/logger.h"
#include "threatmodel/plugin/serve.h"

namespace {

constexpr char kUsage[] =
    "Usage: terraform-provider-threatmodel [-debug] [-version]\n"
    "\n"
    "A Terraform provider plugin: Terraform and OpenTofu start it.\n"
    "  -debug    serve without the plugin host and print the\n"
    "            TF_REATTACH_PROVIDERS value to attach Terraform to it\n"
    "  -version  print the version and exit\n";

}  // namespace

int main(int argc, char** argv) {
  threatmodel::plugin::ServeOptions options;
  for (int i = 1; i < argc; ++i) {
    const std::string arg = argv[i];
    if (arg == "-debug" || arg == "--debug") {
      options.debug = true;
    } else if (arg == "-version" || arg == "--version") {
      std::printf("terraform-provider-threatmodel %s (plugin protocol %s)\n",
                  std::string(threatmodel::ProviderVersion()).c_str(),
                  std::string(threatmodel::kPluginProtocolVersion).c_str());
      return 0;
    } else if (arg == "-h" || arg == "-help" || arg == "--help") {
      std::fputs(kUsage, stdout);
      return 0;
    } else {
      std::fprintf(stderr,
                   "terraform-provider-threatmodel: unknown flag %s\n%s",
                   arg.c_str(), kUsage);
      return 2;
    }
  }
  const threatmodel::logging::Logger& logger = threatmodel::logging::Default();
  std::unique_ptr<threatmodel::provider::Provider> provider =
      threatmodel::datasources::NewThreatmodelProvider();
  std::unique_ptr<grpc::Service> service =
      threatmodel::adapter::NewProviderService(*provider, logger);
  options.logger = &logger;
  return threatmodel::plugin::Serve(*service, options);
}
