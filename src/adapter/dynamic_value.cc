#include "adapter/dynamic_value.h"

#include "threatmodel/cty/json.h"
#include "threatmodel/cty/msgpack.h"

namespace threatmodel::adapter {

absl::StatusOr<cty::Value> DecodeDynamicValue(const tfplugin6::DynamicValue& in,
                                              const cty::Type& type) {
  if (!in.msgpack().empty()) return cty::DecodeMsgpack(in.msgpack(), type);
  if (!in.json().empty()) return cty::DecodeJson(in.json(), type);
  return cty::Value::Null(type);
}

absl::Status EncodeDynamicValue(const cty::Value& value, const cty::Type& type,
                                tfplugin6::DynamicValue& out) {
  absl::StatusOr<std::string> bytes = cty::EncodeMsgpack(value, type);
  if (!bytes.ok()) return bytes.status();
  out.set_msgpack(*std::move(bytes));
  return absl::OkStatus();
}

}  // namespace threatmodel::adapter
