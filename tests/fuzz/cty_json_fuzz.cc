// Decodes arbitrary text as cty JSON. Whatever decodes must survive a JSON
// and a msgpack round trip unchanged.

#include <cstdio>
#include <cstdlib>
#include <string>

#include "cty_fuzz_types.h"
#include "threatmodel/cty/json.h"
#include "threatmodel/cty/msgpack.h"
#include "threatmodel/cty/value.h"

namespace {

[[noreturn]] void Fail(const char* what, const std::string& detail) {
  std::fprintf(stderr, "cty_json_fuzz: %s: %s\n", what, detail.c_str());
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
  const auto& [type, text] = *input;

  absl::StatusOr<Value> value = DecodeJson(text, type);
  if (!value.ok()) return 0;
  if (!value->IsWhollyKnown()) Fail("JSON produced an unknown", "");
  if (!Conforms(*value, type)) Fail("decoded value does not conform", "");

  absl::StatusOr<std::string> packed = EncodeMsgpack(*value, type);
  if (!packed.ok()) Fail("msgpack encode failed", Msg(packed.status()));
  absl::StatusOr<Value> unpacked = DecodeMsgpack(*packed, type);
  if (!unpacked.ok()) Fail("msgpack decode failed", Msg(unpacked.status()));
  if (!(*unpacked == *value)) {
    Fail("msgpack round trip changed the value",
         value->DebugString() + " -> " + unpacked->DebugString());
  }

  absl::StatusOr<std::string> json = EncodeJson(*value, type);
  if (!json.ok()) {
    // A numeric string such as "Inf" decodes to an infinity, which cty JSON
    // cannot write.
    if (Msg(json.status()).find("infinity") == std::string::npos) {
      Fail("JSON encode failed", Msg(json.status()));
    }
    return 0;
  }
  absl::StatusOr<Value> again = DecodeJson(*json, type);
  if (!again.ok()) {
    if (Msg(again.status()).find("number overflow") == std::string::npos) {
      Fail("decode of own JSON failed", Msg(again.status()) + ": " + *json);
    }
    return 0;
  }
  if (!(*again == *value)) {
    Fail("JSON round trip changed the value",
         value->DebugString() + " -> " + again->DebugString());
  }
  absl::StatusOr<std::string> json_again = EncodeJson(*again, type);
  if (!json_again.ok() || *json_again != *json) {
    Fail("JSON encoding is not stable", *json);
  }
  return 0;
}
