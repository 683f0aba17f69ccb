// File: utf8.h
//
// UTF-8 (RFC 3629) for the places that handle text bytes themselves: the
// plan reader rejects malformed strings and decodes \u escapes, the protocol
// adapter replaces malformed text before protobuf refuses the message.
#ifndef THREATMODEL_BASE_UTF8_H_
#define THREATMODEL_BASE_UTF8_H_

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

namespace threatmodel::base {

// Length (1-4) of the well-formed UTF-8 sequence that starts at
// `text[at]`, or 0 when it is not one: stray continuation bytes, overlong
// forms, UTF-16 surrogates, code points above U+10FFFF and sequences cut
// off by the end of `text` included. `at` must be inside `text`.
[[nodiscard]] inline std::size_t Utf8SequenceLength(std::string_view text,
                                                    std::size_t at) {
  const auto byte = [&](std::size_t k) {
    return static_cast<std::uint8_t>(text[k]);
  };
  const std::uint8_t lead = byte(at);
  if (lead < 0x80) return 1;
  std::size_t len = 0;
  std::uint8_t lo = 0x80;
  std::uint8_t hi = 0xBF;
  if (lead >= 0xC2 && lead <= 0xDF) {
    len = 2;
  } else if (lead >= 0xE0 && lead <= 0xEF) {
    len = 3;
    if (lead == 0xE0) lo = 0xA0;  // overlong
    if (lead == 0xED) hi = 0x9F;  // UTF-16 surrogates
  } else if (lead >= 0xF0 && lead <= 0xF4) {
    len = 4;
    if (lead == 0xF0) lo = 0x90;  // overlong
    if (lead == 0xF4) hi = 0x8F;  // above U+10FFFF
  } else {
    return 0;
  }
  if (text.size() - at < len) return 0;
  if (byte(at + 1) < lo || byte(at + 1) > hi) return 0;
  for (std::size_t k = 2; k < len; ++k) {
    if (byte(at + k) < 0x80 || byte(at + k) > 0xBF) return 0;
  }
  return len;
}

// Appends the UTF-8 encoding of `code_point`, which the caller has checked
// is a Unicode scalar value (at most U+10FFFF, not a surrogate).
inline void AppendUtf8(std::uint32_t code_point, std::string* out) {
  const auto put = [out](std::uint32_t byte) {
    out->push_back(static_cast<char>(byte));
  };
  if (code_point < 0x80) {
    put(code_point);
  } else if (code_point < 0x800) {
    put(0xC0 | (code_point >> 6));
    put(0x80 | (code_point & 0x3F));
  } else if (code_point < 0x10000) {
    put(0xE0 | (code_point >> 12));
    put(0x80 | ((code_point >> 6) & 0x3F));
    put(0x80 | (code_point & 0x3F));
  } else {
    put(0xF0 | (code_point >> 18));
    put(0x80 | ((code_point >> 12) & 0x3F));
    put(0x80 | ((code_point >> 6) & 0x3F));
    put(0x80 | (code_point & 0x3F));
  }
}

}  // namespace threatmodel::base

#endif  // THREATMODEL_BASE_UTF8_H_
