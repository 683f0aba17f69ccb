// File: string_view_compat.h
//
// Debian's Abseil (20220623) is built without ABSL_OPTION_USE_STD_STRING_VIEW,
// so absl::string_view and std::string_view are distinct types with no
// implicit conversion between them. The public API uses std::string_view;
// the implementation uses Abseil's string utilities. These two helpers
// convert at that seam without copying.
//
// Thread-safety: trivially safe.
#ifndef THREATMODEL_SRC_RULES_STRING_VIEW_COMPAT_H_
#define THREATMODEL_SRC_RULES_STRING_VIEW_COMPAT_H_

#include <string_view>

#include "absl/strings/string_view.h"

namespace threatmodel::rules::internal {

inline absl::string_view Av(std::string_view s) {
  return absl::string_view(s.data(), s.size());
}

inline std::string_view Sv(absl::string_view s) {
  return std::string_view(s.data(), s.size());
}

}  // namespace threatmodel::rules::internal

#endif  // THREATMODEL_SRC_RULES_STRING_VIEW_COMPAT_H_
