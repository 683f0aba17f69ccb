// DynamicValue on the wire: msgpack (what Terraform always sends and what we
// always answer with), JSON as the documented fallback when msgpack is
// empty. Decoding is driven by the schema's implied type because the
// encodings do not carry enough type information on their own.
#ifndef THREATMODEL_ADAPTER_DYNAMIC_VALUE_H_
#define THREATMODEL_ADAPTER_DYNAMIC_VALUE_H_

#include "absl/status/statusor.h"
#include "tfplugin/tfplugin6.pb.h"
#include "threatmodel/cty/value.h"

namespace threatmodel::adapter {

// An empty DynamicValue (neither encoding set) decodes as null.
[[nodiscard]] absl::StatusOr<cty::Value> DecodeDynamicValue(
    const tfplugin6::DynamicValue& in, const cty::Type& type);

[[nodiscard]] absl::Status EncodeDynamicValue(const cty::Value& value,
                                              const cty::Type& type,
                                              tfplugin6::DynamicValue& out);

}  // namespace threatmodel::adapter

#endif  // THREATMODEL_ADAPTER_DYNAMIC_VALUE_H_
