#include "threatmodel/plugin/handshake.h"

#include <map>
#include <utility>

#include "gtest/gtest.h"
#include "nlohmann/json.hpp"

namespace threatmodel::plugin {
namespace {

GetEnv FakeEnv(std::map<std::string, std::string> vars) {
  auto shared =
      std::make_shared<std::map<std::string, std::string>>(std::move(vars));
  return [shared](const char* name) -> const char* {
    auto it = shared->find(name);
    return it == shared->end() ? nullptr : it->second.c_str();
  };
}

TEST(ReadHostEnvironment, EmptyEnvironmentHasNoCookieAndTmpDir) {
  HostEnvironment env = ReadHostEnvironment(FakeEnv({}));
  EXPECT_FALSE(env.magic_cookie_ok);
  EXPECT_EQ(env.unix_socket_dir, "/tmp");
  EXPECT_TRUE(env.client_cert_pem.empty());
  EXPECT_FALSE(env.multiplex_grpc_set);
}

TEST(ReadHostEnvironment, WrongCookieValueIsRejected) {
  HostEnvironment env =
      ReadHostEnvironment(FakeEnv({{"TF_PLUGIN_MAGIC_COOKIE", "nope"}}));
  EXPECT_FALSE(env.magic_cookie_ok);
}

TEST(ReadHostEnvironment, ReadsEveryVariable) {
  HostEnvironment env = ReadHostEnvironment(FakeEnv({
      {"TF_PLUGIN_MAGIC_COOKIE", std::string(kMagicCookieValue)},
      {"PLUGIN_PROTOCOL_VERSIONS", "6,5"},
      {"PLUGIN_CLIENT_CERT", "PEM"},
      {"PLUGIN_UNIX_SOCKET_DIR", "/run/x"},
      {"TMPDIR", "/ignored"},
      {"PLUGIN_UNIX_SOCKET_GROUP", "staff"},
      {"PLUGIN_MULTIPLEX_GRPC", ""},
  }));
  EXPECT_TRUE(env.magic_cookie_ok);
  EXPECT_EQ(env.protocol_versions, "6,5");
  EXPECT_EQ(env.client_cert_pem, "PEM");
  EXPECT_EQ(env.unix_socket_dir, "/run/x");
  EXPECT_EQ(env.unix_socket_group, "staff");
  EXPECT_TRUE(env.multiplex_grpc_set);
}

TEST(ReadHostEnvironment, FallsBackToTmpdir) {
  EXPECT_EQ(
      ReadHostEnvironment(FakeEnv({{"TMPDIR", "/var/tmp"}})).unix_socket_dir,
      "/var/tmp");
}

TEST(NegotiateProtocolVersion, PicksSixInAnyOrder) {
  EXPECT_EQ(NegotiateProtocolVersion("5,6"), 6);
  EXPECT_EQ(NegotiateProtocolVersion("6,5"), 6);
  EXPECT_EQ(NegotiateProtocolVersion(" 6 "), 6);
}

TEST(NegotiateProtocolVersion, AnswersSixWhenNotOffered) {
  EXPECT_EQ(NegotiateProtocolVersion(""), 6);
  EXPECT_EQ(NegotiateProtocolVersion("4,5"), 6);
  EXPECT_EQ(NegotiateProtocolVersion("garbage"), 6);
}

TEST(FormatHandshakeLine, SixFieldsWithoutMultiplexing) {
  EXPECT_EQ(FormatHandshakeLine(6, "unix", "/tmp/p/plugin.sock", "MIIB", false),
            "1|6|unix|/tmp/p/plugin.sock|grpc|MIIB\n");
}

TEST(FormatHandshakeLine, EmptyCertificateFieldWithoutTls) {
  EXPECT_EQ(FormatHandshakeLine(6, "unix", "/s", "", false),
            "1|6|unix|/s|grpc|\n");
}

TEST(FormatHandshakeLine, SeventhFieldOnlyWhenAsked) {
  EXPECT_EQ(FormatHandshakeLine(6, "unix", "/s", "C", true),
            "1|6|unix|/s|grpc|C|false\n");
}

TEST(FormatReattachConfig, ProtocolSixNeedsTestTrue) {
  nlohmann::json config = nlohmann::json::parse(
      FormatReattachConfig("example.com/a/threatmodel", 42, "/tmp/x.sock"));
  const nlohmann::json& entry = config["example.com/a/threatmodel"];
  EXPECT_EQ(entry["Protocol"], "grpc");
  EXPECT_EQ(entry["ProtocolVersion"], 6);
  EXPECT_EQ(entry["Pid"], 42);
  EXPECT_EQ(entry["Test"], true);
  EXPECT_EQ(entry["Addr"]["Network"], "unix");
  EXPECT_EQ(entry["Addr"]["String"], "/tmp/x.sock");
}

}  // namespace
}  // namespace threatmodel::plugin
