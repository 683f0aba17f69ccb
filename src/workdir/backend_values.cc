#include "workdir/backend_values.h"

#include <cstddef>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/string_view.h"

namespace threatmodel::workdir::internal {
namespace {

// Case-insensitive substring search without copying `haystack` (which may
// be a secret).
bool ContainsIgnoreCase(absl::string_view haystack, absl::string_view needle) {
  if (needle.size() > haystack.size()) return false;
  for (std::size_t i = 0; i + needle.size() <= haystack.size(); ++i) {
    if (absl::EqualsIgnoreCase(haystack.substr(i, needle.size()), needle)) {
      return true;
    }
  }
  return false;
}

bool ConnStrEmbedsCredential(absl::string_view value) {
  if (ContainsIgnoreCase(value, "password=")) return true;
  // URI form: scheme://user:password@host/...
  std::size_t scheme = value.find("://");
  if (scheme == absl::string_view::npos) return false;
  absl::string_view rest = value.substr(scheme + 3);
  std::size_t at = rest.find('@');
  if (at == absl::string_view::npos) return false;
  absl::string_view userinfo = rest.substr(0, at);
  return userinfo.find(':') != absl::string_view::npos;
}

}  // namespace

bool IsValueDependentSetting(absl::string_view setting_name) {
  return absl::EqualsIgnoreCase(setting_name, "conn_str") ||
         absl::EqualsIgnoreCase(setting_name, "credentials");
}

bool ValueEmbedsCredential(absl::string_view setting_name,
                           absl::string_view value) {
  if (absl::EqualsIgnoreCase(setting_name, "credentials")) {
    absl::string_view v = absl::StripLeadingAsciiWhitespace(value);
    // A service-account key pasted inline is a JSON object; a path is not.
    return !v.empty() && v.front() == '{';
  }
  if (absl::EqualsIgnoreCase(setting_name, "conn_str")) {
    return ConnStrEmbedsCredential(value);
  }
  return false;
}

bool IsPlausibleName(absl::string_view name) {
  if (name.empty() || name.size() > 64) return false;
  for (char c : name) {
    if (!absl::ascii_isalnum(static_cast<unsigned char>(c)) && c != '_' &&
        c != '-' && c != '.') {
      return false;
    }
  }
  return true;
}

}  // namespace threatmodel::workdir::internal
