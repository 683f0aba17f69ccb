#include "threatmodel/plugin/socket_dir.h"

#include <sys/stat.h>
#include <unistd.h>

#include <string>

#include "gtest/gtest.h"

namespace threatmodel::plugin {
namespace {

bool Exists(const std::string& path) {
  struct stat st;
  return stat(path.c_str(), &st) == 0;
}

TEST(SocketDir, PrivateDirectoryRemovedOnDestruction) {
  std::string dir;
  {
    absl::StatusOr<SocketDir> socket = SocketDir::Create("/tmp", "");
    ASSERT_TRUE(socket.ok()) << socket.status();
    dir = socket->dir();
    struct stat st;
    ASSERT_EQ(stat(dir.c_str(), &st), 0);
    EXPECT_EQ(st.st_mode & 0777, 0700u);
    EXPECT_EQ(socket->socket_path(), dir + "/plugin.sock");
  }
  EXPECT_FALSE(Exists(dir));
}

TEST(SocketDir, RemoveDeletesTheSocketFile) {
  absl::StatusOr<SocketDir> socket = SocketDir::Create("/tmp/", "");
  ASSERT_TRUE(socket.ok());
  const std::string path = socket->socket_path();
  const std::string dir = socket->dir();
  FILE* f = fopen(path.c_str(), "w");
  ASSERT_NE(f, nullptr);
  fclose(f);
  socket->Remove();
  EXPECT_FALSE(Exists(path));
  EXPECT_FALSE(Exists(dir));
  socket->Remove();  // Twice is harmless.
}

TEST(SocketDir, MissingParentIsAnError) {
  EXPECT_FALSE(SocketDir::Create("/nonexistent/dir/for/sure", "").ok());
}

TEST(SocketDir, OverlongPathIsAnError) {
  absl::StatusOr<SocketDir> socket =
      SocketDir::Create("/tmp/" + std::string(200, 'x'), "");
  ASSERT_FALSE(socket.ok());
  EXPECT_NE(socket.status().message().find("too long"), std::string::npos);
}

TEST(SocketDir, UnknownGroupIsAnError) {
  EXPECT_FALSE(SocketDir::Create("/tmp", "no-such-group-threatmodel").ok());
}

TEST(SocketDir, NumericGroupIsApplied) {
  const std::string gid = std::to_string(getgid());
  absl::StatusOr<SocketDir> socket = SocketDir::Create("/tmp", gid);
  ASSERT_TRUE(socket.ok()) << socket.status();
  struct stat st;
  ASSERT_EQ(stat(socket->dir().c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 0777, 0750u);
  EXPECT_EQ(st.st_gid, getgid());
}

}  // namespace
}  // namespace threatmodel::plugin
