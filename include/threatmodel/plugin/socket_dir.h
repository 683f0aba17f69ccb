// File: socket_dir.h
//
// A private directory that holds the plugin's unix socket. Only this process
// (and, when the host names PLUGIN_UNIX_SOCKET_GROUP, that group) can reach
// the socket, and both are removed when the object goes away, including on
// the clean shutdown paths that follow Terraform's Shutdown call or SIGTERM.
//
// Thread-safety: not thread-safe; owned by the serving thread.
#ifndef THREATMODEL_PLUGIN_SOCKET_DIR_H_
#define THREATMODEL_PLUGIN_SOCKET_DIR_H_

#include <string>

#include "absl/status/status.h"
#include "absl/status/statusor.h"

namespace threatmodel::plugin {

class SocketDir {
 public:
  // Creates `<parent>/tfplugin-XXXXXX` with mode 0700 (0750 and the named
  // group when `group` is non-empty). Fails when the socket path would not
  // fit in sockaddr_un.
  [[nodiscard]] static absl::StatusOr<SocketDir> Create(
      const std::string& parent, const std::string& group);

  SocketDir(SocketDir&& other) noexcept;
  SocketDir& operator=(SocketDir&&) = delete;
  SocketDir(const SocketDir&) = delete;
  ~SocketDir();

  const std::string& socket_path() const { return socket_path_; }
  const std::string& dir() const { return dir_; }

  // Makes the socket file usable by the configured group (0660), once the
  // server listens on it. A no-op without a group.
  [[nodiscard]] absl::Status ShareSocketWithGroup() const;

  // Removes the socket and the directory; safe to call twice.
  void Remove();

 private:
  SocketDir(std::string dir, std::string socket_path, long gid)
      : dir_(std::move(dir)), socket_path_(std::move(socket_path)), gid_(gid) {}

  std::string dir_;
  std::string socket_path_;
  long gid_;  // -1 when no group was requested.
};

}  // namespace threatmodel::plugin

#endif  // THREATMODEL_PLUGIN_SOCKET_DIR_H_
