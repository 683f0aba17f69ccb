// File: provider_service.h
//
// The tfplugin6.Provider gRPC service, backed by the provider core. Each
// handler looks up the schema, decodes the request's DynamicValues against
// it, calls the core and encodes the answer; problems a user can act on
// travel as diagnostics in an OK response, as Terraform expects. RPCs the
// provider has no use for (resources, ephemeral resources, actions, state
// stores) answer UNIMPLEMENTED.
//
// Thread-safety: the service is called concurrently by gRPC's thread pool;
// it holds no mutable state of its own.
#ifndef THREATMODEL_ADAPTER_PROVIDER_SERVICE_H_
#define THREATMODEL_ADAPTER_PROVIDER_SERVICE_H_

#include <memory>

#include "threatmodel/logging/logger.h"
#include "threatmodel/provider/provider.h"

namespace grpc {
class Service;
}

namespace threatmodel::adapter {

// `provider` and `logger` must outlive the service.
[[nodiscard]] std::unique_ptr<grpc::Service> NewProviderService(
    provider::Provider& provider, const logging::Logger& logger);

}  // namespace threatmodel::adapter

#endif  // THREATMODEL_ADAPTER_PROVIDER_SERVICE_H_
