#include "workdir/backend_values.h"

#include <cstddef>
#include <string>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_split.h"
#include "absl/strings/string_view.h"

namespace threatmodel::workdir::internal {
namespace {

bool IsSpace(char c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' ||
         c == '\v';
}

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

// What a connection string says about credentials. Only facts are kept,
// never a value (except `sslinline`'s, which is a switch).
struct ConnFacts {
  bool password = false;    // a non-empty password or sslpassword
  bool ssl_inline = false;  // sslinline is true: sslkey holds key material
  bool ssl_key = false;     // sslkey is non-empty

  bool Embeds() const { return password || (ssl_inline && ssl_key); }

  // `key` has a value of `length` bytes; `value` is filled for sslinline
  // only.
  void Note(absl::string_view key, std::size_t length,
            absl::string_view value) {
    if (absl::EqualsIgnoreCase(key, "password") ||
        absl::EqualsIgnoreCase(key, "sslpassword")) {
      password = password || length > 0;
    } else if (absl::EqualsIgnoreCase(key, "sslkey")) {
      ssl_key = ssl_key || length > 0;
    } else if (absl::EqualsIgnoreCase(key, "sslinline")) {
      for (absl::string_view yes : {"true", "t", "1", "yes", "y", "on"}) {
        if (absl::EqualsIgnoreCase(value, yes)) ssl_inline = true;
      }
    }
  }
};

// libpq keyword/value syntax: `key = value` pairs separated by whitespace,
// whitespace allowed around '='; a value is single-quoted (backslash
// escapes any character) or runs to the next whitespace (backslash escapes
// there too). False when `text` does not parse.
bool ParseKeywordValue(absl::string_view text, ConnFacts* facts) {
  std::size_t i = 0;
  const std::size_t n = text.size();
  for (;;) {
    while (i < n && IsSpace(text[i])) ++i;
    if (i == n) return true;
    const std::size_t key_start = i;
    while (i < n && text[i] != '=' && !IsSpace(text[i])) ++i;
    const absl::string_view key = text.substr(key_start, i - key_start);
    while (i < n && IsSpace(text[i])) ++i;
    if (key.empty() || i == n || text[i] != '=') return false;
    ++i;
    while (i < n && IsSpace(text[i])) ++i;
    const bool keep = absl::EqualsIgnoreCase(key, "sslinline");
    std::string kept;
    std::size_t length = 0;
    const bool quoted = i < n && text[i] == '\'';
    if (quoted) ++i;
    for (;;) {
      if (i == n) {
        if (quoted) return false;  // unterminated quote
        break;
      }
      char c = text[i];
      if (quoted ? c == '\'' : IsSpace(c)) {
        if (quoted) ++i;
        break;
      }
      ++i;
      if (c == '\\') {
        if (i == n) return false;
        c = text[i++];
      }
      ++length;
      if (keep && kept.size() < 8) kept.push_back(c);
    }
    facts->Note(key, length, kept);
  }
}

int HexDigit(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  c = absl::ascii_tolower(static_cast<unsigned char>(c));
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  return -1;
}

// Percent-decodes a URI component (for parameter names and switches, which
// are not secrets).
std::string PercentDecode(absl::string_view text) {
  std::string out;
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '%' && i + 2 < text.size() && HexDigit(text[i + 1]) >= 0 &&
        HexDigit(text[i + 2]) >= 0) {
      out.push_back(static_cast<char>(HexDigit(text[i + 1]) * 16 +
                                      HexDigit(text[i + 2])));
      i += 2;
    } else {
      out.push_back(text[i]);
    }
  }
  return out;
}

// A postgres:// or postgresql:// URI: user info `user:password@`, and query
// parameters with the keyword names above.
ConnFacts UriFacts(absl::string_view rest) {
  ConnFacts facts;
  const std::size_t authority_end = rest.find_first_of("/?#");
  const absl::string_view authority = rest.substr(0, authority_end);
  if (std::size_t at = authority.rfind('@'); at != absl::string_view::npos) {
    const absl::string_view userinfo = authority.substr(0, at);
    const std::size_t colon = userinfo.find(':');
    if (colon != absl::string_view::npos && colon + 1 < userinfo.size()) {
      facts.password = true;
    }
  }
  const std::size_t question = rest.find('?');
  if (question == absl::string_view::npos) return facts;
  absl::string_view query = rest.substr(question + 1);
  query = query.substr(0, query.find('#'));
  for (absl::string_view param : absl::StrSplit(query, '&')) {
    const std::size_t eq = param.find('=');
    const absl::string_view name = param.substr(0, eq);
    const absl::string_view value = eq == absl::string_view::npos
                                        ? absl::string_view()
                                        : param.substr(eq + 1);
    const bool is_switch =
        absl::EqualsIgnoreCase(PercentDecode(name), "sslinline");
    facts.Note(PercentDecode(name), value.size(),
               is_switch ? PercentDecode(value) : std::string());
  }
  return facts;
}

bool ConnStrEmbedsCredential(absl::string_view value) {
  const absl::string_view trimmed = absl::StripAsciiWhitespace(value);
  for (absl::string_view scheme : {"postgresql://", "postgres://"}) {
    if (absl::StartsWithIgnoreCase(trimmed, scheme)) {
      return UriFacts(trimmed.substr(scheme.size())).Embeds();
    }
  }
  if (std::size_t scheme = trimmed.find("://");
      scheme != absl::string_view::npos) {
    // Another scheme: any password in the user info counts.
    const absl::string_view rest = trimmed.substr(scheme + 3);
    const absl::string_view authority =
        rest.substr(0, rest.find_first_of("/?#"));
    const std::size_t at = authority.rfind('@');
    return (at != absl::string_view::npos &&
            authority.substr(0, at).find(':') != absl::string_view::npos) ||
           ContainsIgnoreCase(rest, "password=");
  }
  ConnFacts facts;
  if (!ParseKeywordValue(trimmed, &facts)) {
    // Not parseable: whether it carries a password cannot be ruled out.
    return ContainsIgnoreCase(trimmed, "password");
  }
  return facts.Embeds();
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
