// File: serve.h
//
// Runs a provider's gRPC service as a go-plugin plugin process: checks the
// magic cookie, negotiates the protocol, sets up AutoMTLS, listens on a
// private unix socket, registers the health ("plugin" = SERVING) and
// plugin.GRPCController services, prints the handshake line and serves
// until the host calls Shutdown, sends SIGTERM/SIGHUP, or dies.
//
// Serve must be called from the main thread before any other thread
// exists: it sets the process signal mask that gRPC's threads inherit.
#ifndef THREATMODEL_PLUGIN_SERVE_H_
#define THREATMODEL_PLUGIN_SERVE_H_

#include <cstdio>
#include <string>

#include "threatmodel/logging/logger.h"

namespace grpc {
class Service;
}

namespace threatmodel::plugin {

struct ServeOptions {
  // Debug mode: no cookie, no TLS, no parent watch; prints the
  // TF_REATTACH_PROVIDERS value for `provider_address` and serves until
  // SIGTERM.
  bool debug = false;
  std::string provider_address =
      "registry.terraform.io/threatmodel/threatmodel";
  const logging::Logger* logger = nullptr;  // Default() when null.
  FILE* out = stdout;                       // Handshake line.
  FILE* err = stderr;                       // Start-up errors.
};

// Serves `provider_service` and returns the process exit status: 0 after a
// clean shutdown, 1 when the process was not started by a plugin host or
// could not start serving (the reason is on `options.err`).
[[nodiscard]] int Serve(grpc::Service& provider_service,
                        const ServeOptions& options);

}  // namespace threatmodel::plugin

#endif  // THREATMODEL_PLUGIN_SERVE_H_
