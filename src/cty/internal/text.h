// File: text.h
//
// UTF-8 validation and JSON string escaping shared by the codecs, the type
// JSON writer and Path::ToString. Pure functions, safe from any thread.
#ifndef THREATMODEL_CTY_INTERNAL_TEXT_H_
#define THREATMODEL_CTY_INTERNAL_TEXT_H_

#include <cstddef>
#include <string>
#include <string_view>

namespace threatmodel::cty::internal {

// Whether `s` is well-formed UTF-8 (no overlongs, surrogates or code points
// above U+10FFFF), as Go's utf8.ValidString decides.
[[nodiscard]] bool IsValidUtf8(std::string_view s);

// Appends `s` as a quoted JSON string the way Go's encoding/json writes it:
// \" \\ \b \f \n \r \t, other control characters as \u00xx, U+2028/U+2029
// escaped, each invalid UTF-8 byte replaced by \ufffd, and with
// `html_escape` also <, > and & as \u003c, \u003e, \u0026.
void AppendJsonString(std::string* out, std::string_view s, bool html_escape);

// The longest prefix of `s` of at most `max_bytes` that does not end inside
// a UTF-8 sequence. REQUIRES: `s` is valid UTF-8.
[[nodiscard]] std::string_view TruncateUtf8(std::string_view s,
                                            size_t max_bytes);

}  // namespace threatmodel::cty::internal

#endif  // THREATMODEL_CTY_INTERNAL_TEXT_H_
