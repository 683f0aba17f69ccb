// Measures what Terraform pays for this provider: time from exec to the
// handshake line (with AutoMTLS on, as Terraform runs it), resident memory
// once serving, and the latency of GetProviderSchema and ReadDataSource over
// the real mTLS channel. Prints a markdown table.
//
// Usage: handshake_bench PROVIDER_BINARY [STARTS] [CALLS]
#include <grpcpp/grpcpp.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <string>
#include <vector>

#include "absl/strings/str_split.h"
#include "tfplugin/grpc_controller.grpc.pb.h"
#include "tfplugin/tfplugin6.grpc.pb.h"
#include "threatmodel/plugin/certificate.h"

namespace {

using Clock = std::chrono::steady_clock;

struct Started {
  pid_t pid = -1;
  std::string line;
  double micros = 0;
};

// Starts `argv` with `env_overrides` added to this process's environment and
// stdout on a pipe, and times exec to the first line. posix_spawn, like Go's
// os/exec that Terraform uses, does not copy this process's page tables, so
// the figure is not inflated by the size of the benchmark itself.
Started Start(const std::vector<std::string>& argv,
              const std::vector<std::string>& env_overrides) {
  std::vector<std::string> env;
  for (char** e = environ; *e != nullptr; ++e) {
    const std::string entry = *e;
    const std::string key = entry.substr(0, entry.find('='));
    if (key == "TF_LOG" || key == "TF_LOG_PROVIDER") continue;
    bool overridden = false;
    for (const std::string& o : env_overrides) {
      overridden = overridden || o.rfind(key + "=", 0) == 0;
    }
    if (!overridden) env.push_back(entry);
  }
  env.insert(env.end(), env_overrides.begin(), env_overrides.end());
  std::vector<char*> envp;
  for (std::string& e : env) envp.push_back(e.data());
  envp.push_back(nullptr);
  std::vector<std::string> args = argv;
  std::vector<char*> argp;
  for (std::string& a : args) argp.push_back(a.data());
  argp.push_back(nullptr);

  int out[2];
  if (pipe(out) != 0) std::abort();
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_adddup2(&actions, out[1], 1);
  posix_spawn_file_actions_addclose(&actions, out[0]);
  posix_spawn_file_actions_addclose(&actions, out[1]);
  Started s;
  const auto t0 = Clock::now();
  if (posix_spawn(&s.pid, argp[0], &actions, nullptr, argp.data(),
                  envp.data()) != 0) {
    std::perror("posix_spawn");
    std::exit(1);
  }
  posix_spawn_file_actions_destroy(&actions);
  close(out[1]);
  char c;
  while (read(out[0], &c, 1) == 1 && c != '\n') s.line += c;
  s.micros =
      std::chrono::duration<double, std::micro>(Clock::now() - t0).count();
  close(out[0]);
  return s;
}

Started StartProvider(const std::string& binary,
                      const std::string& client_cert) {
  return Start(
      {binary},
      {"TF_PLUGIN_MAGIC_COOKIE="
       "d602bf8f470bc67ca7faa0386276bbdd4330efaf76d1a219cb4d6991ca9872b2",
       "PLUGIN_PROTOCOL_VERSIONS=5,6", "PLUGIN_CLIENT_CERT=" + client_cert});
}

long RssKiB(pid_t pid) {
  std::ifstream status("/proc/" + std::to_string(pid) + "/status");
  std::string line;
  while (std::getline(status, line)) {
    if (line.rfind("VmRSS:", 0) == 0) return std::atol(line.c_str() + 6);
  }
  return -1;
}

std::string DecodeCertPem(const std::string& raw_b64) {
  std::string b64 = raw_b64;
  while (b64.size() % 4 != 0) b64 += '=';
  std::string pem = "-----BEGIN CERTIFICATE-----\n";
  for (size_t i = 0; i < b64.size(); i += 64) pem += b64.substr(i, 64) + "\n";
  return pem + "-----END CERTIFICATE-----\n";
}

// A channel to the provider that printed `handshake_line`, authenticated the
// way go-plugin does it: the server certificate from the line is the only
// root, the client presents its own certificate.
std::shared_ptr<grpc::Channel> Connect(const std::string& handshake_line,
                                       const std::string& client_key_pem,
                                       const std::string& client_cert_pem) {
  std::vector<std::string> fields = absl::StrSplit(handshake_line, '|');
  if (fields.size() < 6) {
    std::fprintf(stderr, "bad handshake: %s\n", handshake_line.c_str());
    return nullptr;
  }
  grpc::SslCredentialsOptions ssl;
  ssl.pem_root_certs = DecodeCertPem(fields[5]);
  ssl.pem_private_key = client_key_pem;
  ssl.pem_cert_chain = client_cert_pem;
  grpc::ChannelArguments args;
  args.SetSslTargetNameOverride("localhost");
  return grpc::CreateCustomChannel("unix:" + fields[3],
                                   grpc::SslCredentials(ssl), args);
}

double Percentile(std::vector<double> v, double p) {
  std::sort(v.begin(), v.end());
  size_t i =
      static_cast<size_t>(std::llround(p * static_cast<double>(v.size() - 1)));
  return v[std::min(i, v.size() - 1)];
}

template <typename Call>
std::vector<double> Time(int n, Call call) {
  std::vector<double> out;
  for (int i = 0; i < n; ++i) {
    const auto t0 = Clock::now();
    if (!call()) {
      std::fprintf(stderr, "call failed\n");
      std::exit(1);
    }
    out.push_back(
        std::chrono::duration<double, std::micro>(Clock::now() - t0).count());
  }
  return out;
}

void Row(const char* what, const std::vector<double>& us) {
  std::printf("| %s | %.0f | %.2f | %.2f |\n", what,
              static_cast<double>(us.size()), Percentile(us, 0.5) / 1000.0,
              Percentile(us, 0.95) / 1000.0);
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 2) {
    std::fprintf(stderr, "usage: %s PROVIDER_BINARY [STARTS] [CALLS]\n",
                 argv[0]);
    return 2;
  }
  const std::string binary = argv[1];
  const int starts = argc > 2 ? std::atoi(argv[2]) : 100;
  const int calls = argc > 3 ? std::atoi(argv[3]) : 1000;
  signal(SIGPIPE, SIG_IGN);

  auto client = threatmodel::plugin::GenerateServerCertificate();
  if (!client.ok()) return 1;

  // What starting any program and reading its first line costs here: the
  // floor under the provider's figure.
  std::vector<double> baseline;
  for (int i = 0; i < starts; ++i) {
    Started s = Start({"/bin/echo", "ready"}, {});
    baseline.push_back(s.micros);
    waitpid(s.pid, nullptr, 0);
  }

  std::vector<double> handshake;
  std::vector<double> rss;
  for (int i = 0; i < starts; ++i) {
    Started s = StartProvider(binary, client->certificate_pem);
    handshake.push_back(s.micros);
    rss.push_back(static_cast<double>(RssKiB(s.pid)));
    kill(s.pid, SIGTERM);
    waitpid(s.pid, nullptr, 0);
  }

  auto client_key = threatmodel::plugin::PrivateKeyPem(*client);
  if (!client_key.ok()) return 1;
  // What Terraform waits for before it can use the provider at all: exec,
  // handshake line, connection with the mTLS handshake, first answer.
  std::vector<double> first_answer;
  for (int i = 0; i < starts; ++i) {
    const auto t0 = Clock::now();
    Started s = StartProvider(binary, client->certificate_pem);
    auto channel = Connect(s.line, *client_key, client->certificate_pem);
    if (!channel) return 1;
    auto stub = tfplugin6::Provider::NewStub(channel);
    grpc::ClientContext ctx;
    tfplugin6::GetProviderSchema::Request req;
    tfplugin6::GetProviderSchema::Response resp;
    if (!stub->GetProviderSchema(&ctx, req, &resp).ok()) return 1;
    first_answer.push_back(
        std::chrono::duration<double, std::micro>(Clock::now() - t0).count());
    kill(s.pid, SIGTERM);
    waitpid(s.pid, nullptr, 0);
  }

  Started s = StartProvider(binary, client->certificate_pem);
  auto channel = Connect(s.line, *client_key, client->certificate_pem);
  if (!channel) return 1;
  auto stub = tfplugin6::Provider::NewStub(channel);

  auto schema = Time(calls, [&] {
    grpc::ClientContext ctx;
    tfplugin6::GetProviderSchema::Request req;
    tfplugin6::GetProviderSchema::Response resp;
    return stub->GetProviderSchema(&ctx, req, &resp).ok();
  });
  auto read = Time(calls, [&] {
    grpc::ClientContext ctx;
    tfplugin6::ReadDataSource::Request req;
    req.set_type_name("threatmodel_version");
    // {protocol_version: nil, version: nil}
    req.mutable_config()->set_msgpack(
        "\x82\xb0protocol_version\xc0\xa7version\xc0");
    tfplugin6::ReadDataSource::Response resp;
    return stub->ReadDataSource(&ctx, req, &resp).ok() &&
           resp.diagnostics().empty();
  });
  const long rss_after_calls = RssKiB(s.pid);
  {
    grpc::ClientContext ctx;
    plugin::Empty req, resp;
    auto controller = plugin::GRPCController::NewStub(channel);
    controller->Shutdown(&ctx, req, &resp);
  }
  waitpid(s.pid, nullptr, 0);

  std::printf("| measure | n | median (ms) | p95 (ms) |\n|---|---|---|---|\n");
  Row("exec to handshake line (AutoMTLS)", handshake);
  Row("baseline: exec of /bin/echo to its line", baseline);
  Row("exec to first GetProviderSchema answer (new mTLS connection)",
      first_answer);
  Row("GetProviderSchema over mTLS", schema);
  Row("ReadDataSource threatmodel_version over mTLS", read);
  std::printf("\n| memory | KiB |\n|---|---|\n");
  std::printf("| RSS at handshake (median) | %.0f |\n", Percentile(rss, 0.5));
  std::printf("| RSS after %d+%d calls | %ld |\n", calls, calls,
              rss_after_calls);
  return 0;
}
