// File: string_view_compat.h
//
// Debian's Abseil (20220623) has its own absl::string_view, distinct from
// std::string_view, and absl::StrCat and friends accept only the former. The
// plan module's API uses std::string_view; Av() converts at that seam without
// copying.
//
// Thread-safety: trivially safe.
#ifndef THREATMODEL_SRC_PLAN_STRING_VIEW_COMPAT_H_
#define THREATMODEL_SRC_PLAN_STRING_VIEW_COMPAT_H_

#include <string_view>

#include "absl/strings/string_view.h"

namespace threatmodel::plan::internal {

inline absl::string_view Av(std::string_view s) {
  return absl::string_view(s.data(), s.size());
}

}  // namespace threatmodel::plan::internal

#endif  // THREATMODEL_SRC_PLAN_STRING_VIEW_COMPAT_H_
