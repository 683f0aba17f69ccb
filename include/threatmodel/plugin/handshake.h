// File: handshake.h
//
// The go-plugin process contract, minus the network: what the host puts in
// the environment (magic cookie, protocol versions, client certificate,
// socket directory) and the single line the plugin prints on stdout once it
// listens. Terraform and OpenTofu both start providers this way.
//
// Everything here is a pure function of its inputs and safe in any thread.
#ifndef THREATMODEL_PLUGIN_HANDSHAKE_H_
#define THREATMODEL_PLUGIN_HANDSHAKE_H_

#include <functional>
#include <optional>
#include <string>
#include <string_view>

namespace threatmodel::plugin {

inline constexpr std::string_view kMagicCookieKey = "TF_PLUGIN_MAGIC_COOKIE";
inline constexpr std::string_view kMagicCookieValue =
    "d602bf8f470bc67ca7faa0386276bbdd4330efaf76d1a219cb4d6991ca9872b2";
inline constexpr int kCoreProtocolVersion = 1;
inline constexpr int kAppProtocolVersion = 6;

// go-plugin's words when a plugin is run by hand; printed on stderr.
inline constexpr std::string_view kNotAPluginHostMessage =
    "This binary is a plugin. These are not meant to be executed directly.\n"
    "Please execute the program that consumes these plugins, which will\n"
    "load any plugins automatically\n";

// What the host told the plugin through its environment.
struct HostEnvironment {
  bool magic_cookie_ok = false;
  std::string protocol_versions;    // PLUGIN_PROTOCOL_VERSIONS, as given.
  std::string client_cert_pem;      // PLUGIN_CLIENT_CERT; empty = no TLS.
  std::string unix_socket_dir;      // PLUGIN_UNIX_SOCKET_DIR, else TMPDIR.
  std::string unix_socket_group;    // PLUGIN_UNIX_SOCKET_GROUP.
  bool multiplex_grpc_set = false;  // PLUGIN_MULTIPLEX_GRPC present.
};

using GetEnv = std::function<const char*(const char*)>;

// Reads the host environment through `getenv` (std::getenv by default).
[[nodiscard]] HostEnvironment ReadHostEnvironment(GetEnv getenv = nullptr);

// Picks the application protocol from a comma list such as "5,6". We serve
// only 6; when the host does not offer it we still answer 6 and let the host
// report the mismatch, as go-plugin's own server does.
[[nodiscard]] int NegotiateProtocolVersion(std::string_view offered);

// Builds `CORE|APP|NETWORK|ADDR|grpc|CERT\n`. The certificate field is the
// DER certificate in unpadded standard base64, or empty without TLS. The
// seventh (multiplexing) field is written only when the host asked for it:
// older go-plugin clients split the line into at most six fields.
[[nodiscard]] std::string FormatHandshakeLine(int app_version,
                                              std::string_view network,
                                              std::string_view address,
                                              std::string_view cert_base64,
                                              bool multiplex_field);

// TF_REATTACH_PROVIDERS value for debug mode: protocol 6 needs "Test": true
// or Terraform falls back to protocol 5.
[[nodiscard]] std::string FormatReattachConfig(
    std::string_view provider_address, long pid, std::string_view socket_path);

}  // namespace threatmodel::plugin

#endif  // THREATMODEL_PLUGIN_HANDSHAKE_H_
