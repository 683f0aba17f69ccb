// File: check.h
//
// Aborts on broken invariants that only a programming error can cause (cty
// panics in the same places). Never use it on data from the wire: codecs
// return absl::Status instead. Thread-safe: it only writes to stderr.
#ifndef THREATMODEL_CTY_INTERNAL_CHECK_H_
#define THREATMODEL_CTY_INTERNAL_CHECK_H_

namespace threatmodel::cty::internal {

[[noreturn]] void CheckFailed(const char* file, int line, const char* condition,
                              const char* message);

}  // namespace threatmodel::cty::internal

#define THREATMODEL_CTY_CHECK(condition, message)                       \
  do {                                                                  \
    if (!(condition)) {                                                 \
      ::threatmodel::cty::internal::CheckFailed(__FILE__, __LINE__,     \
                                                #condition, (message)); \
    }                                                                   \
  } while (0)

#endif  // THREATMODEL_CTY_INTERNAL_CHECK_H_
