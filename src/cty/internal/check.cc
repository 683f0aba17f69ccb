#include "cty/internal/check.h"

#include <cstdio>
#include <cstdlib>

namespace threatmodel::cty::internal {

void CheckFailed(const char* file, int line, const char* condition,
                 const char* message) {
  std::fprintf(stderr, "%s:%d: cty check failed: %s: %s\n", file, line,
               condition, message);
  std::abort();
}

}  // namespace threatmodel::cty::internal
