// Parses arbitrary text as a cty type JSON. Whatever parses must print to a
// canonical form that parses back to an equal type and prints identically.

#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>

#include "threatmodel/cty/type.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace threatmodel::cty;
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  absl::StatusOr<Type> type = ParseTypeJson(text);
  if (!type.ok()) return 0;
  const std::string canonical = TypeToJson(*type);
  absl::StatusOr<Type> again = ParseTypeJson(canonical);
  if (!again.ok() || !(*again == *type) || TypeToJson(*again) != canonical) {
    std::fprintf(stderr, "cty_type_json_fuzz: unstable type JSON: %s\n",
                 canonical.c_str());
    std::abort();
  }
  (void)type->FriendlyName();
  return 0;
}
