// Hands the server's private key to gRPC without serializing it.
//
// gRPC 1.51 takes the TLS private key as a PEM string or as a reference of
// the form "engine:<engine id>:<key id>", which it resolves through
// OpenSSL's ENGINE interface. Writing the key as PEM and having gRPC parse
// it again costs about two milliseconds of start-up under OpenSSL 3.0 (its
// encoder and decoder frameworks are slow on first use), and Terraform waits
// for that in every provider process it starts. An in-process engine that
// returns the key object itself is both faster and keeps the key out of any
// string.
//
// Thread-safety: all functions may be called from any thread.
#ifndef THREATMODEL_PLUGIN_KEY_ENGINE_H_
#define THREATMODEL_PLUGIN_KEY_ENGINE_H_

#include <openssl/types.h>

#include <string>

#include "absl/status/statusor.h"

namespace threatmodel::plugin {

// Registers `key` (the engine takes its own reference) and returns the
// reference to pass to gRPC in place of a PEM private key.
[[nodiscard]] absl::StatusOr<std::string> ReferenceKeyForGrpc(EVP_PKEY* key);

// Resolves a reference made by ReferenceKeyForGrpc the way gRPC does: through
// OpenSSL's engine lookup. Returns a new reference to the key, or null for an
// unknown reference.
[[nodiscard]] EVP_PKEY* LoadReferencedKey(const std::string& reference);

}  // namespace threatmodel::plugin

#endif  // THREATMODEL_PLUGIN_KEY_ENGINE_H_
