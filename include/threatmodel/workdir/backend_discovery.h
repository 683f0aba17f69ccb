// File: backend_discovery.h
//
// Finds out which state backend a Terraform working directory uses, for the
// rule engine's T-2 (which takes the result as a rules::Backend and does no
// file-system I/O itself). `terraform init` records the initialised backend in
// `<data dir>/terraform.tfstate`, where the data dir is `$TF_DATA_DIR`
// (relative to the working directory unless absolute) or `.terraform`:
//
//   {"version": 3, "terraform_version": "1.11.4",
//    "backend": {"type": "azurerm", "config": {"access_key": null, ...},
//                "hash": 1234}}
//
// `config` lists every setting of the backend's schema, null when not set,
// and holds the values given in the backend block or with -backend-config in
// plaintext. No file means Terraform uses the implicit local backend.
//
// Secrets: the file's values are inspected only inside ParseBackendFile to
// tell set from unset (and, for `pg` `conn_str` and `gcs` `credentials`,
// whether the value carries a credential). The result holds setting names
// and those derived facts only; no value is copied into it or into any error
// message. The read buffer is overwritten before it is released.
//
// Hostile files are handled: anything but a regular file (FIFO, device,
// directory), symlink loops, files over the size limit, nesting deeper than
// 64, non-JSON, wrong types and a key given twice in any object (which
// value counts would depend on the reader) are clear errors; memory stays
// bounded by max_file_bytes.
//
// Thread-safety: functions touch only their arguments and the file system;
// safe from any thread.
#ifndef THREATMODEL_WORKDIR_BACKEND_DISCOVERY_H_
#define THREATMODEL_WORKDIR_BACKEND_DISCOVERY_H_

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

#include "absl/status/statusor.h"
#include "threatmodel/rules/model.h"

namespace threatmodel::workdir {

struct DiscoveryOptions {
  // The Terraform working directory (the root module Terraform runs in).
  std::string working_dir = ".";
  // The value of $TF_DATA_DIR, if set.
  std::optional<std::string> tf_data_dir;
  // Backend files larger than this are rejected.
  std::size_t max_file_bytes = std::size_t{1} << 20;
};

// Options for `working_dir` with tf_data_dir taken from the environment.
[[nodiscard]] DiscoveryOptions DiscoveryOptionsFromEnvironment(
    std::string working_dir);

// The backend file's path for `options` (not checked for existence).
[[nodiscard]] std::string BackendFilePath(const DiscoveryOptions& options);

// Reads the backend file. No file: a `local` backend with origin
// kNoBackendFile. Errors: NotFound when the working directory does not
// exist; FailedPrecondition for a path that is not a regular file or cannot
// be read; InvalidArgument for a malformed file; ResourceExhausted for a
// file over the limit. The Backend's source is the file's path.
[[nodiscard]] absl::StatusOr<rules::Backend> DiscoverBackend(
    const DiscoveryOptions& options);

// Parses the contents of a backend file (see above); `source` becomes the
// Backend's source. A file without a `backend` (or with `"backend": null`)
// means local state.
[[nodiscard]] absl::StatusOr<rules::Backend> ParseBackendFile(
    std::string_view contents, std::string source);

}  // namespace threatmodel::workdir

#endif  // THREATMODEL_WORKDIR_BACKEND_DISCOVERY_H_
