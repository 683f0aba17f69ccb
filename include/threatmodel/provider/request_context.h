// File: request_context.h
//
// What a data source, managed resource or function may know about the
// request besides its own arguments: the provider block, the Terraform
// version, what the client can handle, and whether Terraform asked the
// provider to stop.
//
// A plain value; the stop flag it points at is owned by the provider core
// and outlives the request.
#ifndef THREATMODEL_PROVIDER_REQUEST_CONTEXT_H_
#define THREATMODEL_PROVIDER_REQUEST_CONTEXT_H_

#include <atomic>
#include <string>

#include "threatmodel/cty/value.h"

namespace threatmodel::provider {

// ClientCapabilities of the request (tfplugin6 6.6+); all false when the
// client sent none.
struct ClientCapabilities {
  bool deferral_allowed = false;
  // Terraform >= 1.11 keeps write-only attributes out of state and plan.
  bool write_only_attributes_allowed = false;
};

struct RequestContext {
  // The provider block's value as passed to ConfigureProvider; a null of the
  // provider schema's type when the provider was not configured. During
  // `terraform plan` parts of it may be unknown.
  cty::Value provider_config;
  std::string terraform_version;
  ClientCapabilities capabilities;
  // Becomes true when Terraform calls StopProvider during this request.
  const std::atomic<bool>* stopped = nullptr;

  [[nodiscard]] bool Stopped() const {
    return stopped != nullptr && stopped->load(std::memory_order_relaxed);
  }
};

}  // namespace threatmodel::provider

#endif  // THREATMODEL_PROVIDER_REQUEST_CONTEXT_H_
