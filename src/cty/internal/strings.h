// File: strings.h
//
// String concatenation for messages. Debian's Abseil is built with its own
// absl::string_view class rather than an alias of std::string_view, so
// absl::StrCat rejects std::string_view arguments; this small helper accepts
// both. Pure functions, safe from any thread.
#ifndef THREATMODEL_CTY_INTERNAL_STRINGS_H_
#define THREATMODEL_CTY_INTERNAL_STRINGS_H_

#include <string>
#include <string_view>
#include <type_traits>

#include "absl/status/status.h"
#include "absl/strings/string_view.h"

namespace threatmodel::cty::internal {

inline void AppendPiece(std::string* out, std::string_view s) {
  out->append(s);
}
inline void AppendPiece(std::string* out, const char* s) { out->append(s); }
inline void AppendPiece(std::string* out, const std::string& s) {
  out->append(s);
}
inline void AppendPiece(std::string* out, absl::string_view s) {
  out->append(s.data(), s.size());
}
template <typename T, typename = std::enable_if_t<std::is_integral_v<T> &&
                                                  !std::is_same_v<T, bool> &&
                                                  !std::is_same_v<T, char>>>
void AppendPiece(std::string* out, T n) {
  out->append(std::to_string(n));
}

template <typename... Pieces>
[[nodiscard]] std::string Cat(const Pieces&... pieces) {
  std::string out;
  (AppendPiece(&out, pieces), ...);
  return out;
}

template <typename... Pieces>
void Append(std::string* out, const Pieces&... pieces) {
  (AppendPiece(out, pieces), ...);
}

// A status message as std::string_view.
[[nodiscard]] inline std::string_view MessageOf(const absl::Status& status) {
  const absl::string_view m = status.message();
  return std::string_view(m.data(), m.size());
}

}  // namespace threatmodel::cty::internal

#endif  // THREATMODEL_CTY_INTERNAL_STRINGS_H_
