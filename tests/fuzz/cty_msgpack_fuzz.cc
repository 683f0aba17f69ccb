// Decodes arbitrary bytes as cty msgpack. Decoding may fail, but never crash,
// hang or leak; whatever decodes must re-encode, decode again to an equal
// value, and re-encode to the same bytes. Values that JSON can express must
// also survive the JSON codec unchanged.

#include <cstdio>
#include <cstdlib>
#include <string>

#include "cty_fuzz_types.h"
#include "threatmodel/cty/json.h"
#include "threatmodel/cty/msgpack.h"
#include "threatmodel/cty/value.h"

namespace {

[[noreturn]] void Fail(const char* what, const std::string& detail) {
  std::fprintf(stderr, "cty_msgpack_fuzz: %s: %s\n", what, detail.c_str());
  std::abort();
}

std::string Msg(const absl::Status& s) {
  return std::string(s.message().data(), s.message().size());
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace threatmodel::cty;
  auto input = fuzz::SplitInput(data, size);
  if (!input) return 0;
  const auto& [type, bytes] = *input;

  absl::StatusOr<Value> value = DecodeMsgpack(bytes, type);
  if (!value.ok()) return 0;
  if (!Conforms(*value, type)) Fail("decoded value does not conform", "");

  absl::StatusOr<std::string> encoded = EncodeMsgpack(*value, type);
  if (!encoded.ok()) Fail("re-encode failed", Msg(encoded.status()));
  absl::StatusOr<Value> again = DecodeMsgpack(*encoded, type);
  if (!again.ok()) Fail("decode of own encoding failed", Msg(again.status()));
  if (!(*again == *value)) {
    Fail("round trip changed the value",
         value->DebugString() + " -> " + again->DebugString());
  }
  absl::StatusOr<std::string> encoded_again = EncodeMsgpack(*again, type);
  if (!encoded_again.ok() || *encoded_again != *encoded) {
    Fail("encoding is not stable", value->DebugString());
  }

  absl::StatusOr<std::string> json = EncodeJson(*value, type);
  if (json.ok()) {
    absl::StatusOr<Value> from_json = DecodeJson(*json, type);
    // Numbers beyond the double range do not survive nlohmann's JSON lexer;
    // that is documented, anything else must round-trip.
    if (!from_json.ok()) {
      if (Msg(from_json.status()).find("number overflow") ==
          std::string::npos) {
        Fail("decode of own JSON failed",
             Msg(from_json.status()) + ": " + *json);
      }
    } else if (!(*from_json == *value)) {
      Fail("JSON round trip changed the value",
           value->DebugString() + " -> " + from_json->DebugString());
    }
  } else if (value->IsWhollyKnown() &&
             Msg(json.status()).find("infinity") == std::string::npos) {
    Fail("JSON encode of a known value failed", Msg(json.status()));
  }
  return 0;
}
