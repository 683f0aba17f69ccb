// Parses arbitrary bytes as a Terraform backend file (.terraform/
// terraform.tfstate), the one file the provider reads from disk. Hostile
// input must give an error, never a crash, and no error message may quote
// the file's values: the seeds plant a canary value that must not appear.

#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>

#include "threatmodel/workdir/backend_discovery.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  absl::StatusOr<threatmodel::rules::Backend> backend =
      threatmodel::workdir::ParseBackendFile(text, "fuzz");
  if (!backend.ok() && std::string(backend.status().message()).find("CANARY") !=
                           std::string::npos) {
    std::fprintf(stderr, "backend file error quotes the file's contents\n");
    std::abort();
  }
  return 0;
}
