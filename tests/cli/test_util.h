// File: test_util.h
//
// Helpers for the CLI tests: temporary Terraform working directories (with
// or without a backend file), file I/O and fixture paths.
//
// Thread-safety: not thread-safe; one test at a time.
#ifndef THREATMODEL_TESTS_CLI_TEST_UTIL_H_
#define THREATMODEL_TESTS_CLI_TEST_UTIL_H_

#include <stdlib.h>

#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>

namespace threatmodel::cli::testing {

inline const std::filesystem::path kOwnPlans =
    std::filesystem::path(THREATMODEL_SOURCE_DIR) / "tests/testdata/plans";
inline const std::filesystem::path kSharedPlans =
    std::filesystem::path(THREATMODEL_SHARED_DIR) / "fixtures/plans";

inline std::string ReadFile(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in),
                     std::istreambuf_iterator<char>());
}

inline void WriteFile(const std::filesystem::path& path,
                      const std::string& contents) {
  std::filesystem::create_directories(path.parent_path());
  std::ofstream out(path, std::ios::binary);
  out << contents;
}

// A temporary directory, removed with everything in it.
class TempDir {
 public:
  TempDir() {
    std::string tmpl =
        (std::filesystem::temp_directory_path() / "tm_cli_test_XXXXXX")
            .string();
    path_ = mkdtemp(tmpl.data());
  }
  ~TempDir() {
    std::error_code ec;
    std::filesystem::remove_all(path_, ec);
  }
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;

  const std::filesystem::path& path() const { return path_; }
  std::string str() const { return path_.string(); }

 private:
  std::filesystem::path path_;
};

// A working directory whose backend is azurerm with Entra ID auth.
inline void WriteAzurermBackend(const std::filesystem::path& dir) {
  WriteFile(dir / ".terraform/terraform.tfstate", R"({
    "version": 3, "terraform_version": "1.11.4",
    "backend": {"type": "azurerm", "config": {
      "storage_account_name": "sttfstate", "container_name": "tfstate",
      "key": "robotics.tfstate", "resource_group_name": "rg-tfstate",
      "use_azuread_auth": true, "access_key": null, "sas_token": null},
      "hash": 1}})");
}

}  // namespace threatmodel::cli::testing

#endif  // THREATMODEL_TESTS_CLI_TEST_UTIL_H_
