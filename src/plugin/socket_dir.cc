#include "threatmodel/plugin/socket_dir.h"

#include <grp.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <vector>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"

namespace threatmodel::plugin {
namespace {

absl::StatusOr<long> ResolveGroup(const std::string& group) {
  if (group.empty()) return -1L;
  long gid = 0;
  if (absl::SimpleAtoi(group, &gid) && gid >= 0) return gid;
  std::vector<char> buf(16384);
  struct group entry;
  struct group* found = nullptr;
  if (getgrnam_r(group.c_str(), &entry, buf.data(), buf.size(), &found) != 0 ||
      found == nullptr) {
    return absl::InvalidArgumentError(absl::StrCat(
        "PLUGIN_UNIX_SOCKET_GROUP: unknown group \"", group, "\""));
  }
  return static_cast<long>(found->gr_gid);
}

}  // namespace

absl::StatusOr<SocketDir> SocketDir::Create(const std::string& parent,
                                            const std::string& group) {
  absl::StatusOr<long> gid = ResolveGroup(group);
  if (!gid.ok()) return gid.status();

  std::string pattern = parent;
  while (pattern.size() > 1 && pattern.back() == '/') pattern.pop_back();
  pattern += "/tfplugin-XXXXXX";
  const std::string socket_name = "/plugin.sock";
  if (pattern.size() + socket_name.size() >= sizeof(sockaddr_un{}.sun_path)) {
    return absl::InvalidArgumentError(absl::StrCat(
        "socket directory path too long for a unix socket: ", parent));
  }
  std::vector<char> dir(pattern.begin(), pattern.end());
  dir.push_back('\0');
  if (mkdtemp(dir.data()) == nullptr) {
    return absl::InternalError(absl::StrCat(
        "cannot create a directory in ", parent, ": ", std::strerror(errno)));
  }
  SocketDir result(std::string(dir.data()),
                   std::string(dir.data()) + socket_name, *gid);
  if (*gid >= 0) {
    if (chown(result.dir_.c_str(), static_cast<uid_t>(-1),
              static_cast<gid_t>(*gid)) != 0 ||
        chmod(result.dir_.c_str(), 0750) != 0) {
      return absl::InternalError(
          absl::StrCat("cannot give the socket directory to group ", group,
                       ": ", std::strerror(errno)));
    }
  }
  return result;
}

SocketDir::SocketDir(SocketDir&& other) noexcept
    : dir_(std::move(other.dir_)),
      socket_path_(std::move(other.socket_path_)),
      gid_(other.gid_) {
  other.dir_.clear();
  other.socket_path_.clear();
}

SocketDir::~SocketDir() { Remove(); }

absl::Status SocketDir::ShareSocketWithGroup() const {
  if (gid_ < 0) return absl::OkStatus();
  if (chown(socket_path_.c_str(), static_cast<uid_t>(-1),
            static_cast<gid_t>(gid_)) != 0 ||
      chmod(socket_path_.c_str(), 0660) != 0) {
    return absl::InternalError(absl::StrCat(
        "cannot share the socket with its group: ", std::strerror(errno)));
  }
  return absl::OkStatus();
}

void SocketDir::Remove() {
  if (!socket_path_.empty()) unlink(socket_path_.c_str());
  if (!dir_.empty()) rmdir(dir_.c_str());
  socket_path_.clear();
  dir_.clear();
}

}  // namespace threatmodel::plugin
