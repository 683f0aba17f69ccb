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

#include <string>

#include "absl/status/statusor.h"

namespace threatmodel::plugin {

struct ServerCertificate {
  std::string certificate_pem;
  std::string private_key_pem;
  // DER of the certificate in standard base64 without '=' padding, the form
  // the handshake line carries; go-plugin rejects padded input.
  std::string certificate_der_base64;
};

[[nodiscard]] absl::StatusOr<ServerCertificate> GenerateServerCertificate();

// Checks that `pem` holds one parseable X.509 certificate, so a broken
// PLUGIN_CLIENT_CERT yields a clear error instead of a TLS failure later.
[[nodiscard]] absl::Status ValidateCertificatePem(const std::string& pem);

}  // namespace threatmodel::plugin

#endif  // THREATMODEL_PLUGIN_CERTIFICATE_H_
