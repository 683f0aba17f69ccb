#include "threatmodel/plugin/handshake.h"

#include <cstdlib>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "absl/strings/strip.h"
#include "nlohmann/json.hpp"

namespace threatmodel::plugin {

HostEnvironment ReadHostEnvironment(GetEnv getenv) {
  if (!getenv) getenv = [](const char* name) { return std::getenv(name); };
  auto get = [&](const char* name) -> std::string {
    const char* value = getenv(name);
    return value == nullptr ? std::string() : std::string(value);
  };
  HostEnvironment env;
  env.magic_cookie_ok =
      get(std::string(kMagicCookieKey).c_str()) == kMagicCookieValue;
  env.protocol_versions = get("PLUGIN_PROTOCOL_VERSIONS");
  env.client_cert_pem = get("PLUGIN_CLIENT_CERT");
  env.unix_socket_dir = get("PLUGIN_UNIX_SOCKET_DIR");
  if (env.unix_socket_dir.empty()) env.unix_socket_dir = get("TMPDIR");
  if (env.unix_socket_dir.empty()) env.unix_socket_dir = "/tmp";
  env.unix_socket_group = get("PLUGIN_UNIX_SOCKET_GROUP");
  env.multiplex_grpc_set = getenv("PLUGIN_MULTIPLEX_GRPC") != nullptr;
  return env;
}

int NegotiateProtocolVersion(std::string_view offered) {
  for (absl::string_view part :
       absl::StrSplit(absl::string_view(offered.data(), offered.size()), ',')) {
    int version = 0;
    if (absl::SimpleAtoi(absl::StripAsciiWhitespace(part), &version) &&
        version == kAppProtocolVersion) {
      return version;
    }
  }
  return kAppProtocolVersion;
}

std::string FormatHandshakeLine(int app_version, std::string_view network,
                                std::string_view address,
                                std::string_view cert_base64,
                                bool multiplex_field) {
  std::string line =
      absl::StrCat(kCoreProtocolVersion, "|", app_version, "|",
                   absl::string_view(network.data(), network.size()), "|",
                   absl::string_view(address.data(), address.size()), "|grpc|",
                   absl::string_view(cert_base64.data(), cert_base64.size()));
  // We do not multiplex gRPC brokers; say so only to hosts that asked.
  if (multiplex_field) line += "|false";
  line += "\n";
  return line;
}

std::string FormatReattachConfig(std::string_view provider_address, long pid,
                                 std::string_view socket_path) {
  nlohmann::ordered_json config;
  nlohmann::ordered_json& entry = config[std::string(provider_address)];
  entry["Protocol"] = "grpc";
  entry["ProtocolVersion"] = kAppProtocolVersion;
  entry["Pid"] = pid;
  entry["Test"] = true;
  entry["Addr"] = {{"Network", "unix"}, {"String", std::string(socket_path)}};
  return config.dump();
}

}  // namespace threatmodel::plugin
