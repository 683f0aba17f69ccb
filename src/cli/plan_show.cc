#include "cli/plan_show.h"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <vector>

#include "absl/strings/str_cat.h"

extern char** environ;

namespace threatmodel::cli {
namespace {

// Enough of standard error to say why the CLI failed.
constexpr std::size_t kMaxErrorBytes = std::size_t{8} << 10;

bool IsExecutableFile(const std::string& path) {
  struct stat st;
  return stat(path.c_str(), &st) == 0 && S_ISREG(st.st_mode) &&
         access(path.c_str(), X_OK) == 0;
}

// Closes a descriptor once.
class Fd {
 public:
  explicit Fd(int fd = -1) : fd_(fd) {}
  Fd(const Fd&) = delete;
  Fd& operator=(const Fd&) = delete;
  ~Fd() { Close(); }
  int get() const { return fd_; }
  void Close() {
    if (fd_ >= 0) close(fd_);
    fd_ = -1;
  }

 private:
  int fd_;
};

absl::Status Errno(std::string_view what, int err) {
  return absl::FailedPreconditionError(
      absl::StrCat(std::string(what), ": ", std::strerror(err)));
}

// The last line of the child's standard error that says something, which
// is where Terraform puts the reason.
std::string ErrorSummary(const std::string& err) {
  std::string text = err;
  while (!text.empty() && (text.back() == '\n' || text.back() == ' ')) {
    text.pop_back();
  }
  for (char& c : text) {
    if (c == '\n' || c == '\r' || c == '\t') c = ' ';
  }
  return text.empty() ? "no message" : text;
}

}  // namespace

std::optional<std::string> FindTerraformCli(std::string_view path) {
  for (const char* name : {"terraform", "tofu"}) {
    std::size_t start = 0;
    while (start <= path.size()) {
      std::size_t end = path.find(':', start);
      if (end == std::string_view::npos) end = path.size();
      // An empty entry is the current directory.
      std::string candidate =
          end > start ? std::string(path.substr(start, end - start)) : ".";
      candidate.push_back('/');
      candidate.append(name);
      if (IsExecutableFile(candidate)) return candidate;
      start = end + 1;
    }
  }
  return std::nullopt;
}

absl::StatusOr<std::string> ShowPlanJson(const ShowOptions& options) {
  std::error_code ec;
  const std::string plan_file =
      std::filesystem::absolute(options.plan_file, ec).string();
  if (ec) return Errno("resolve the plan file's path", ec.value());

  int out_pipe[2];
  int err_pipe[2];
  if (pipe2(out_pipe, O_CLOEXEC) != 0) return Errno("create a pipe", errno);
  Fd out_read(out_pipe[0]), out_write(out_pipe[1]);
  if (pipe2(err_pipe, O_CLOEXEC) != 0) return Errno("create a pipe", errno);
  Fd err_read(err_pipe[0]), err_write(err_pipe[1]);

  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_addopen(&actions, STDIN_FILENO, "/dev/null",
                                   O_RDONLY, 0);
  posix_spawn_file_actions_adddup2(&actions, out_write.get(), STDOUT_FILENO);
  posix_spawn_file_actions_adddup2(&actions, err_write.get(), STDERR_FILENO);
  const std::string chdir = absl::StrCat("-chdir=", options.working_dir);
  std::vector<std::string> args = {options.cli, chdir,       "show",
                                   "-json",     "-no-color", plan_file};
  std::vector<char*> argv;
  for (std::string& a : args) argv.push_back(a.data());
  argv.push_back(nullptr);
  pid_t pid = 0;
  const int spawned = posix_spawn(&pid, options.cli.c_str(), &actions, nullptr,
                                  argv.data(), environ);
  posix_spawn_file_actions_destroy(&actions);
  if (spawned != 0) {
    return Errno(absl::StrCat("start ", options.cli), spawned);
  }
  out_write.Close();
  err_write.Close();

  std::string out;
  std::string err;
  absl::Status failure = absl::OkStatus();
  const auto deadline = std::chrono::steady_clock::now() + options.deadline;
  bool out_open = true;
  bool err_open = true;
  char buffer[64 * 1024];
  while ((out_open || err_open) && failure.ok()) {
    const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
        deadline - std::chrono::steady_clock::now());
    if (left.count() <= 0) {
      failure = absl::FailedPreconditionError(
          absl::StrCat(options.cli, " show -json did not finish within ",
                       options.deadline.count(), " seconds"));
      break;
    }
    pollfd fds[2] = {{out_open ? out_read.get() : -1, POLLIN, 0},
                     {err_open ? err_read.get() : -1, POLLIN, 0}};
    const int ready = poll(fds, 2, static_cast<int>(left.count()));
    if (ready < 0) {
      if (errno == EINTR) continue;
      failure = Errno("wait for the plan JSON", errno);
      break;
    }
    for (int i = 0; i < 2; ++i) {
      if (fds[i].fd < 0 || fds[i].revents == 0) continue;
      const ssize_t n = read(fds[i].fd, buffer, sizeof buffer);
      if (n < 0 && errno == EINTR) continue;
      if (n <= 0) {
        (i == 0 ? out_open : err_open) = false;
        continue;
      }
      if (i == 0) {
        out.append(buffer, static_cast<std::size_t>(n));
        if (out.size() > options.limits.max_bytes) {
          failure = absl::ResourceExhaustedError(absl::StrCat(
              "the plan JSON of ", plan_file, " is larger than the limit of ",
              options.limits.max_bytes, " bytes"));
        }
      } else if (err.size() < kMaxErrorBytes) {
        err.append(buffer, static_cast<std::size_t>(n));
      }
    }
  }
  if (!failure.ok()) kill(pid, SIGKILL);
  int status = 0;
  while (waitpid(pid, &status, 0) < 0 && errno == EINTR) {
  }
  if (!failure.ok()) return failure;
  if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
    return absl::FailedPreconditionError(absl::StrCat(
        options.cli, " -chdir=", options.working_dir, " show -json ", plan_file,
        " failed (",
        WIFEXITED(status) ? absl::StrCat("exit status ", WEXITSTATUS(status))
                          : std::string("killed by a signal"),
        "): ", ErrorSummary(err)));
  }
  return out;
}

}  // namespace threatmodel::cli
