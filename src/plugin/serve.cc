#include "threatmodel/plugin/serve.h"

#include <grpc/grpc.h>
#include <grpcpp/grpcpp.h>
#include <grpcpp/health_check_service_interface.h>
#include <openssl/ssl.h>
#include <pthread.h>
#include <signal.h>
#include <unistd.h>

#include <atomic>
#include <future>
#include <thread>

#include "absl/strings/str_cat.h"
#include "plugin/shutdown_signal.h"
#include "tfplugin/grpc_controller.grpc.pb.h"
#include "threatmodel/plugin/certificate.h"
#include "threatmodel/plugin/handshake.h"
#include "threatmodel/plugin/socket_dir.h"

namespace threatmodel::plugin {
namespace {

// terraform-plugin-go's limit; gRPC's 4 MiB default is too small for large
// configurations.
constexpr int kMaxMessageBytes = 256 << 20;
constexpr auto kParentPollInterval = std::chrono::milliseconds(200);
constexpr auto kShutdownGrace = std::chrono::seconds(1);

class Controller final : public ::plugin::GRPCController::Service {
 public:
  explicit Controller(ShutdownSignal& signal) : signal_(signal) {}

  grpc::Status Shutdown(grpc::ServerContext*, const ::plugin::Empty*,
                        ::plugin::Empty*) override {
    // The serving thread stops the server; stopping it from inside a
    // handler would wait for this very call.
    signal_.Request("host called GRPCController.Shutdown");
    return grpc::Status::OK;
  }

 private:
  ShutdownSignal& signal_;
};

// Blocks the termination signals in the calling thread, so every thread
// created afterwards (gRPC's included) inherits the mask and only the
// watcher below receives them.
sigset_t BlockTerminationSignals() {
  signal(SIGINT, SIG_IGN);  // The terminal's Ctrl-C is for Terraform.
  signal(SIGPIPE, SIG_IGN);
  sigset_t set;
  sigemptyset(&set);
  sigaddset(&set, SIGTERM);
  sigaddset(&set, SIGHUP);
  pthread_sigmask(SIG_BLOCK, &set, nullptr);
  return set;
}

void WatchSignals(sigset_t set, ShutdownSignal& signal) {
  std::thread([set, &signal] {
    int received = 0;
    if (sigwait(&set, &received) == 0) {
      signal.Request(absl::StrCat("received signal ", received));
    }
  }).detach();
}

// A plugin whose host died would otherwise keep running forever.
void WatchParent(ShutdownSignal& signal) {
  const pid_t parent = getppid();
  std::thread([parent, &signal] {
    while (!signal.WaitFor(kParentPollInterval)) {
      if (getppid() != parent) signal.Request("plugin host exited");
    }
  }).detach();
}

int Fail(const ServeOptions& options, const logging::Logger& log,
         absl::string_view message) {
  log.Error("failed to start", {{"error", std::string(message)}});
  std::fprintf(options.err, "terraform-provider-threatmodel: %s\n",
               std::string(message).c_str());
  return 1;
}

}  // namespace

int Serve(grpc::Service& provider_service, const ServeOptions& options) {
  const logging::Logger& log =
      options.logger != nullptr ? *options.logger : logging::Default();
  const HostEnvironment env = ReadHostEnvironment();
  if (!options.debug && !env.magic_cookie_ok) {
    std::fputs(std::string(kNotAPluginHostMessage).c_str(), options.err);
    return 1;
  }

  // Static storage: the detached watcher threads may outlive this frame
  // while the process exits.
  static ShutdownSignal shutdown;
  const sigset_t termination = BlockTerminationSignals();
  const int app_version = NegotiateProtocolVersion(env.protocol_versions);

  // The host's OpenSSL configuration file is not read: the plugin's TLS is
  // pinned to one peer certificate on a private socket, so host-wide
  // settings (providers, engines, policies) have nothing to add there, and
  // a static binary's compiled-in path may name another system's file.
  // Parsing it is also about half a millisecond of every start.
  OPENSSL_init_ssl(OPENSSL_INIT_NO_LOAD_CONFIG, nullptr);

  // The certificate work (OpenSSL's start-up, key generation, signing) and
  // gRPC's own start-up are independent; overlapping them shortens the time
  // to the handshake line, which Terraform waits for in every provider
  // process it starts.
  const bool use_tls = !options.debug && !env.client_cert_pem.empty();
  std::future<absl::StatusOr<ServerCertificate>> pending_cert;
  if (use_tls) {
    pending_cert = std::async(std::launch::async, GenerateServerCertificate);
  }
  grpc_init();
  struct GrpcShutdown {
    ~GrpcShutdown() { grpc_shutdown(); }
  } grpc_shutdown_at_exit;

  absl::StatusOr<SocketDir> socket =
      SocketDir::Create(env.unix_socket_dir, env.unix_socket_group);

  std::shared_ptr<grpc::ServerCredentials> credentials;
  std::string cert_field;
  if (use_tls) {
    absl::StatusOr<ServerCertificate> cert = pending_cert.get();
    if (!cert.ok()) return Fail(options, log, cert.status().message());
    // Require a client certificate and trust exactly the one the host
    // passed: every other peer is refused during the TLS handshake. gRPC
    // parses PLUGIN_CLIENT_CERT itself; it is checked separately only when
    // that fails, to say why (a parse costs about 0.35 ms of start-up).
    grpc::SslServerCredentialsOptions ssl(
        GRPC_SSL_REQUEST_AND_REQUIRE_CLIENT_CERTIFICATE_AND_VERIFY);
    ssl.pem_root_certs = env.client_cert_pem;
    ssl.pem_key_cert_pairs.push_back(
        {cert->private_key_reference, cert->certificate_pem});
    credentials = grpc::SslServerCredentials(ssl);
    cert_field = cert->certificate_der_base64;
  } else {
    credentials = grpc::InsecureServerCredentials();
  }
  if (!socket.ok()) return Fail(options, log, socket.status().message());

  grpc::EnableDefaultHealthCheckService(true);
  Controller controller(shutdown);
  grpc::ServerBuilder builder;
  builder.AddListeningPort("unix:" + socket->socket_path(), credentials);
  builder.SetMaxReceiveMessageSize(kMaxMessageBytes);
  builder.SetMaxSendMessageSize(kMaxMessageBytes);
  builder.RegisterService(&provider_service);
  builder.RegisterService(&controller);
  std::unique_ptr<grpc::Server> server = builder.BuildAndStart();
  if (!server) {
    if (use_tls) {
      if (absl::Status s = ValidateCertificatePem(env.client_cert_pem);
          !s.ok()) {
        return Fail(options, log, s.message());
      }
    }
    return Fail(options, log,
                absl::StrCat("cannot listen on ", socket->socket_path()));
  }
  if (absl::Status s = socket->ShareSocketWithGroup(); !s.ok()) {
    server->Shutdown();
    return Fail(options, log, s.message());
  }
  server->GetHealthCheckService()->SetServingStatus("plugin", true);

  WatchSignals(termination, shutdown);
  if (options.debug) {
    std::fprintf(
        options.out,
        "Provider started. To attach Terraform CLI, set the "
        "TF_REATTACH_PROVIDERS environment variable with the following:\n\n"
        "\tTF_REATTACH_PROVIDERS='%s'\n",
        FormatReattachConfig(options.provider_address,
                             static_cast<long>(getpid()), socket->socket_path())
            .c_str());
  } else {
    WatchParent(shutdown);
    std::fputs(FormatHandshakeLine(app_version, "unix", socket->socket_path(),
                                   cert_field, env.multiplex_grpc_set)
                   .c_str(),
               options.out);
  }
  std::fflush(options.out);
  log.Debug("plugin address", {{"network", "unix"},
                               {"address", socket->socket_path()},
                               {"tls", use_tls ? "true" : "false"}});

  const std::string reason = shutdown.Wait();
  log.Debug("shutting down", {{"reason", reason}});
  server->Shutdown(std::chrono::system_clock::now() + kShutdownGrace);
  server->Wait();
  socket->Remove();
  return 0;
}

}  // namespace threatmodel::plugin
