// Parses arbitrary text as a policy file (the CLI's --policy). Anything that
// parses must pass the policy's own structural validation.

#include <cstdio>
#include <cstdlib>
#include <string_view>

#include "threatmodel/rules/policy.h"
#include "threatmodel/rules/policy_json.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace threatmodel::rules;
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  absl::StatusOr<Policy> policy = ParsePolicyJson(text);
  if (!policy.ok()) return 0;
  if (!ValidatePolicy(*policy).ok()) {
    std::fprintf(stderr, "parsed policy fails validation\n");
    std::abort();
  }
  return 0;
}
