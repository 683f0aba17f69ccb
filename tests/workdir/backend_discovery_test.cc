#include "threatmodel/workdir/backend_discovery.h"

#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "gtest/gtest.h"
#include "rules/test_util.h"

namespace threatmodel::workdir {
namespace {

using rules::Backend;
using rules::BackendOrigin;
using rules::BackendSetting;
using rules::Maybe;
using rules::SettingState;

namespace fs = std::filesystem;

class TempDir {
 public:
  TempDir() {
    std::string tmpl =
        (fs::temp_directory_path() / "tm-workdir-XXXXXX").string();
    char* made = ::mkdtemp(tmpl.data());
    EXPECT_NE(made, nullptr);
    path_ = tmpl;
  }
  ~TempDir() {
    std::error_code ec;
    fs::remove_all(path_, ec);
  }
  const fs::path& path() const { return path_; }

 private:
  fs::path path_;
};

void WriteFile(const fs::path& path, const std::string& contents) {
  fs::create_directories(path.parent_path());
  std::ofstream out(path, std::ios::binary);
  out << contents;
}

DiscoveryOptions Options(const TempDir& dir) {
  DiscoveryOptions options;
  options.working_dir = dir.path().string();
  return options;
}

std::vector<std::string> Names(const Backend& backend) {
  std::vector<std::string> out;
  for (const BackendSetting& s : backend.settings) out.push_back(s.name);
  return out;
}

const BackendSetting* Find(const Backend& backend, const std::string& name) {
  for (const BackendSetting& s : backend.settings) {
    if (s.name == name) return &s;
  }
  return nullptr;
}

TEST(DiscoverBackend, NoBackendFileMeansLocalState) {
  TempDir dir;
  absl::StatusOr<Backend> backend = DiscoverBackend(Options(dir));
  ASSERT_TRUE(backend.ok()) << backend.status();
  EXPECT_EQ(backend->type.value(), "local");
  EXPECT_EQ(backend->origin, BackendOrigin::kNoBackendFile);
  EXPECT_EQ(backend->source,
            (dir.path() / ".terraform" / "terraform.tfstate").string());
  EXPECT_TRUE(backend->settings.empty());
}

TEST(DiscoverBackend, ReadsTheFileTerraformWrites) {
  TempDir dir;
  // The shape Terraform 1.11 writes: every schema attribute, null if unset.
  WriteFile(dir.path() / ".terraform" / "terraform.tfstate", R"({
  "version": 3,
  "terraform_version": "1.11.4",
  "backend": {
    "type": "azurerm",
    "config": {
      "access_key": null,
      "client_id": null,
      "container_name": "tfstate",
      "key": "robotics.tfstate",
      "resource_group_name": "rg-tfstate",
      "sas_token": null,
      "snapshot": false,
      "storage_account_name": "sttfstate",
      "use_azuread_auth": true,
      "use_oidc": true
    },
    "hash": 3657868389
  }
})");
  absl::StatusOr<Backend> backend = DiscoverBackend(Options(dir));
  ASSERT_TRUE(backend.ok()) << backend.status();
  EXPECT_EQ(backend->type.value(), "azurerm");
  EXPECT_EQ(backend->origin, BackendOrigin::kBackendFile);
  EXPECT_EQ(Names(*backend),
            (std::vector<std::string>{
                "container_name", "key", "resource_group_name", "snapshot",
                "storage_account_name", "use_azuread_auth", "use_oidc"}));
  ASSERT_NE(Find(*backend, "snapshot"), nullptr);
  EXPECT_EQ(Find(*backend, "snapshot")->state, SettingState::kFalse);
  EXPECT_EQ(Find(*backend, "use_oidc")->state, SettingState::kSet);
}

TEST(DiscoverBackend, HonoursTfDataDirRelativeAndAbsolute) {
  TempDir dir;
  const std::string file = R"({"version":3,"backend":{"type":"remote",
      "config":{"organization":"contoso","workspaces":{"name":"robotics"}},
      "hash":1}})";
  WriteFile(dir.path() / "custom-data" / "terraform.tfstate", file);
  DiscoveryOptions relative = Options(dir);
  relative.tf_data_dir = "custom-data";
  absl::StatusOr<Backend> backend = DiscoverBackend(relative);
  ASSERT_TRUE(backend.ok()) << backend.status();
  EXPECT_EQ(backend->type.value(), "remote");
  EXPECT_EQ(Names(*backend),
            (std::vector<std::string>{"organization", "workspaces",
                                      "workspaces.name"}));

  TempDir elsewhere;
  DiscoveryOptions absolute = Options(elsewhere);
  absolute.tf_data_dir = (dir.path() / "custom-data").string();
  backend = DiscoverBackend(absolute);
  ASSERT_TRUE(backend.ok()) << backend.status();
  EXPECT_EQ(backend->type.value(), "remote");

  // The default data dir is not consulted when TF_DATA_DIR is set.
  WriteFile(elsewhere.path() / ".terraform" / "terraform.tfstate", file);
  DiscoveryOptions missing = Options(elsewhere);
  missing.tf_data_dir = "nowhere";
  backend = DiscoverBackend(missing);
  ASSERT_TRUE(backend.ok()) << backend.status();
  EXPECT_EQ(backend->origin, BackendOrigin::kNoBackendFile);
}

TEST(DiscoveryOptionsFromEnvironment, ReadsTfDataDir) {
  ASSERT_EQ(::setenv("TF_DATA_DIR", "from-env", 1), 0);
  DiscoveryOptions options = DiscoveryOptionsFromEnvironment("/work");
  EXPECT_EQ(options.working_dir, "/work");
  ASSERT_TRUE(options.tf_data_dir.has_value());
  EXPECT_EQ(*options.tf_data_dir, "from-env");
  EXPECT_EQ(BackendFilePath(options), "/work/from-env/terraform.tfstate");
  ASSERT_EQ(::unsetenv("TF_DATA_DIR"), 0);
  options = DiscoveryOptionsFromEnvironment("/work");
  EXPECT_FALSE(options.tf_data_dir.has_value());
  EXPECT_EQ(BackendFilePath(options), "/work/.terraform/terraform.tfstate");
}

TEST(ParseBackendFile, NestedSettingsEmptyValuesAndCredentialFacts) {
  absl::StatusOr<Backend> backend = ParseBackendFile(R"({"backend": {
      "config": {
        "assume_role_with_web_identity": {"role_arn": "arn:x",
                                          "web_identity_token": "tok"},
        "bucket": "b", "dynamodb_table": "", "endpoints": {},
        "conn_str": "postgres://u:pw@h/db", "credentials": "/k.json",
        "skip_region_validation": false, "max_retries": 5
      },
      "type": "S3"}})",
                                                     "f");
  ASSERT_TRUE(backend.ok()) << backend.status();
  EXPECT_EQ(backend->type.value(), "s3");
  EXPECT_EQ(Names(*backend),
            (std::vector<std::string>{
                "assume_role_with_web_identity",
                "assume_role_with_web_identity.role_arn",
                "assume_role_with_web_identity.web_identity_token", "bucket",
                "conn_str", "credentials", "dynamodb_table", "endpoints",
                "max_retries", "skip_region_validation"}));
  EXPECT_EQ(Find(*backend, "dynamodb_table")->state, SettingState::kEmpty);
  EXPECT_EQ(Find(*backend, "endpoints")->state, SettingState::kEmpty);
  EXPECT_EQ(Find(*backend, "assume_role_with_web_identity")->state,
            SettingState::kSet);
  EXPECT_EQ(Find(*backend, "skip_region_validation")->state,
            SettingState::kFalse);
  EXPECT_EQ(Find(*backend, "conn_str")->embeds_credential, Maybe<bool>(true));
  EXPECT_EQ(Find(*backend, "credentials")->embeds_credential,
            Maybe<bool>(false));
  EXPECT_TRUE(Find(*backend, "bucket")->embeds_credential.is_null());
}

TEST(ParseBackendFile, NoBackendKeyOrNullBackendIsLocal) {
  for (const std::string& text :
       {std::string(R"({"version": 3})"),
        std::string(R"({"version": 3, "backend": null})")}) {
    SCOPED_TRACE(text);
    absl::StatusOr<Backend> backend = ParseBackendFile(text, "f");
    ASSERT_TRUE(backend.ok()) << backend.status();
    EXPECT_EQ(backend->type.value(), "local");
    EXPECT_EQ(backend->origin, BackendOrigin::kBackendFile);
  }
}

TEST(ParseBackendFile, MalformedFilesAreClearErrors) {
  struct Case {
    std::string name;
    std::string text;
    std::string fragment;
  };
  const Case cases[] = {
      {"empty", "", "not valid JSON"},
      {"not json", "backend = azurerm", "not valid JSON"},
      {"truncated", R"({"backend": {"type": "azurerm")", "not valid JSON"},
      {"trailing garbage", R"({"backend": null} x)", "not valid JSON"},
      {"array root", "[1, 2]", "not a JSON object"},
      {"string root", "\"azurerm\"", "not a JSON object"},
      {"backend is a string", R"({"backend": "azurerm"})",
       "\"backend\" is not an object"},
      {"backend is a list", R"({"backend": []})",
       "\"backend\" is not an object"},
      {"type is a number", R"({"backend": {"type": 3}})",
       "\"backend.type\" is not"},
      {"type is an object", R"({"backend": {"type": {}}})",
       "\"backend.type\" is not"},
      {"type is empty", R"({"backend": {"type": ""}})",
       "\"backend.type\" is not"},
      {"type is implausible", R"({"backend": {"type": "a b"}})",
       "not a plausible backend name"},
      {"type is missing", R"({"backend": {"config": {}}})",
       "\"backend.type\" is missing"},
      {"config is a list", R"({"backend": {"type": "s3", "config": []}})",
       "\"backend.config\" is not an object"},
      {"config is a string", R"({"backend": {"type": "s3", "config": "x"}})",
       "\"backend.config\" is not an object"},
      {"invalid utf-8",
       "{\"backend\": {\"type\": \"s3\", \"config\": "
       "{\"a\": \"\xff\xfe\"}}}",
       "not valid JSON"},
      {"deep nesting", std::string(100000, '[') + std::string(100000, ']'),
       "not a JSON object"},
      {"deep nesting in config",
       R"({"backend": {"type": "s3", "config": {"a": )" +
           std::string(1000, '[') + std::string(1000, ']') + "}}}",
       "nested deeper than 64"},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.name);
    absl::StatusOr<Backend> backend = ParseBackendFile(c.text, "the-file");
    ASSERT_FALSE(backend.ok());
    EXPECT_EQ(backend.status().code(), absl::StatusCode::kInvalidArgument);
    EXPECT_NE(std::string(backend.status().message()).find(c.fragment),
              std::string::npos)
        << backend.status();
    EXPECT_NE(std::string(backend.status().message()).find("the-file"),
              std::string::npos);
  }
}

TEST(ParseBackendFile, DuplicateKeysAreErrors) {
  struct Case {
    std::string name;
    std::string text;
    std::string message;
  };
  const Case cases[] = {
      {"backend type", R"({"backend": {"type": "local", "type": "azurerm"}})",
       R"(backend file f: duplicate object key "type" at byte 30)"},
      {"setting",
       R"({"backend": {"type": "azurerm", "config": )"
       R"({"access_key": null, "access_key": "TM-CANARY"}}})",
       R"(backend file f: duplicate object key "access_key" at byte 63)"},
      {"backend", R"({"backend": null, "backend": {"type": "local"}})",
       R"(backend file f: duplicate object key "backend" at byte 18)"},
      {"outside the backend", R"({"x": {"a\u0062": 1, "ab": 2}})",
       R"(backend file f: duplicate object key "ab" at byte 21)"},
      {"unprintable key, not echoed",
       R"({"backend": {"type": "s3", "config": {"a b": 1, "a b": 2}}})",
       "backend file f: duplicate object key (a key with an unprintable "
       "name) at byte 48"},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.name);
    absl::StatusOr<Backend> backend = ParseBackendFile(c.text, "f");
    ASSERT_FALSE(backend.ok());
    EXPECT_EQ(backend.status().code(), absl::StatusCode::kInvalidArgument);
    EXPECT_EQ(backend.status().message(), c.message);
  }
}

TEST(ParseBackendFile, ImplausibleSettingNamesAreNotEchoed) {
  absl::StatusOr<Backend> backend = ParseBackendFile(
      R"({"backend": {"type": "s3", "config": {"we ird\"name": "v"}}})", "f");
  ASSERT_TRUE(backend.ok()) << backend.status();
  ASSERT_EQ(backend->settings.size(), 1u);
  EXPECT_EQ(backend->settings[0].name.find("we ird"), std::string::npos);
}

TEST(ParseBackendFile, TooManySettingsIsAnError) {
  std::string config;
  for (int i = 0; i < 5000; ++i) {
    if (i > 0) config += ",";
    config += "\"s" + std::to_string(i) + "\": 1";
  }
  absl::StatusOr<Backend> backend = ParseBackendFile(
      R"({"backend": {"type": "s3", "config": {)" + config + "}}}", "f");
  ASSERT_FALSE(backend.ok());
  EXPECT_NE(std::string(backend.status().message()).find("more than 4096"),
            std::string::npos);
}

TEST(DiscoverBackend, HostileFilesAreBoundedErrors) {
  TempDir dir;
  const fs::path data = dir.path() / ".terraform";
  const fs::path file = data / "terraform.tfstate";

  // Over the size limit: rejected without reading it all.
  WriteFile(file, "{\"backend\": null, \"pad\": \"" +
                      std::string(2 << 20, 'x') + "\"}");
  absl::StatusOr<Backend> backend = DiscoverBackend(Options(dir));
  ASSERT_FALSE(backend.ok());
  EXPECT_EQ(backend.status().code(), absl::StatusCode::kResourceExhausted);

  DiscoveryOptions small = Options(dir);
  small.max_file_bytes = 16;
  WriteFile(file, R"({"backend": null, "x": 1})");
  backend = DiscoverBackend(small);
  ASSERT_FALSE(backend.ok());
  EXPECT_EQ(backend.status().code(), absl::StatusCode::kResourceExhausted);

  // A directory where the file should be.
  fs::remove(file);
  fs::create_directories(file);
  backend = DiscoverBackend(Options(dir));
  ASSERT_FALSE(backend.ok());
  EXPECT_EQ(backend.status().code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_NE(std::string(backend.status().message()).find("not a regular file"),
            std::string::npos);
  fs::remove_all(file);

  // A FIFO: must not block.
  ASSERT_EQ(::mkfifo(file.c_str(), 0600), 0);
  backend = DiscoverBackend(Options(dir));
  ASSERT_FALSE(backend.ok());
  EXPECT_NE(std::string(backend.status().message()).find("not a regular file"),
            std::string::npos);
  fs::remove(file);

  // A device.
  fs::create_symlink("/dev/zero", file);
  backend = DiscoverBackend(Options(dir));
  ASSERT_FALSE(backend.ok());
  EXPECT_NE(std::string(backend.status().message()).find("not a regular file"),
            std::string::npos);
  fs::remove(file);

  // A symlink loop.
  fs::create_symlink(data / "b", file);
  fs::create_symlink(file, data / "b");
  backend = DiscoverBackend(Options(dir));
  ASSERT_FALSE(backend.ok());
  EXPECT_NE(std::string(backend.status().message()).find("symbolic links"),
            std::string::npos)
      << backend.status();
  fs::remove(file);
  fs::remove(data / "b");

  // A dangling symlink is not mistaken for "no backend".
  fs::create_symlink(data / "missing", file);
  backend = DiscoverBackend(Options(dir));
  ASSERT_FALSE(backend.ok());
  EXPECT_NE(std::string(backend.status().message()).find("dangling"),
            std::string::npos);
  fs::remove(file);

  // The data dir is a file.
  fs::remove_all(data);
  WriteFile(data, "not a directory");
  backend = DiscoverBackend(Options(dir));
  ASSERT_FALSE(backend.ok());
  EXPECT_NE(std::string(backend.status().message()).find("not a directory"),
            std::string::npos);
}

TEST(DiscoverBackend, WorkingDirectoryMustExist) {
  DiscoveryOptions options;
  options.working_dir = "/nonexistent/terraform/root";
  absl::StatusOr<Backend> backend = DiscoverBackend(options);
  ASSERT_FALSE(backend.ok());
  EXPECT_EQ(backend.status().code(), absl::StatusCode::kNotFound);

  TempDir dir;
  WriteFile(dir.path() / "file", "x");
  options.working_dir = (dir.path() / "file").string();
  backend = DiscoverBackend(options);
  ASSERT_FALSE(backend.ok());
  EXPECT_EQ(backend.status().code(), absl::StatusCode::kFailedPrecondition);
}

TEST(DiscoverBackend, ReadsCommittedFixtures) {
  struct Case {
    std::string fixture;
    std::string type;
  };
  const Case cases[] = {
      {"backend/azurerm_entra.tfstate", "azurerm"},
      {"backend/azurerm_access_key.tfstate", "azurerm"},
      {"backend/http_password.tfstate", "http"},
      {"backend/local_explicit.tfstate", "local"},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.fixture);
    TempDir dir;
    WriteFile(dir.path() / ".terraform" / "terraform.tfstate",
              rules::testing::ReadTestdata(c.fixture));
    absl::StatusOr<Backend> backend = DiscoverBackend(Options(dir));
    ASSERT_TRUE(backend.ok()) << backend.status();
    EXPECT_EQ(backend->type.value(), c.type);
  }
}

}  // namespace
}  // namespace threatmodel::workdir
