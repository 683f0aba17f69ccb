// File: certificate.h
//
// The plugin's side of go-plugin's AutoMTLS: a fresh EC key and self-signed
// certificate for every process, shaped so that Go's verifier accepts it as
// the one trusted root for ServerName "localhost" (SAN DNS:localhost, EKU
// serverAuth and clientAuth, valid from 30 seconds ago). The key never leaves
// the process.
//
// Thread-safety: GenerateServerCertificate may be called from any thread.
#ifndef THREATMODEL_PLUGIN_CERTIFICATE_H_
#define THREATMODEL_PLUGIN_CERTIFICATE_H_

#include <openssl/types.h>

#include <memory>
#include <string>

#include "absl/status/status.h"
#include "absl/status/statusor.h"

namespace threatmodel::plugin {

struct ServerCertificate {
  std::string certificate_pem;
  std::shared_ptr<EVP_PKEY> private_key;
  // What gRPC's SSL options take as the private key: a reference that
  // resolves to `private_key` inside this process, not the key material.
  std::string private_key_reference;
  // DER of the certificate in standard base64 without '=' padding, the form
  // the handshake line carries; go-plugin rejects padded input.
  std::string certificate_der_base64;
};

[[nodiscard]] absl::StatusOr<ServerCertificate> GenerateServerCertificate();

// The private key as PKCS#8 PEM, for clients that need the key material
// itself (tests and benchmarks acting as the plugin host).
[[nodiscard]] absl::StatusOr<std::string> PrivateKeyPem(
    const ServerCertificate& cert);

// Checks that `pem` holds one parseable X.509 certificate. Serve calls it
// only after gRPC refused to build its TLS context, to say whether
// PLUGIN_CLIENT_CERT is the reason; gRPC parses the certificate itself.
[[nodiscard]] absl::Status ValidateCertificatePem(const std::string& pem);

}  // namespace threatmodel::plugin

#endif  // THREATMODEL_PLUGIN_CERTIFICATE_H_
