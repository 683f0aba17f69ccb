// Protobuf refuses invalid UTF-8 in `string` fields and fails the whole RPC,
// so human-readable text bound for the wire (diagnostic summaries and
// details) is cleaned here. Machine-readable strings (type names, paths) are
// not: changing them would change their meaning.
#ifndef THREATMODEL_ADAPTER_UTF8_H_
#define THREATMODEL_ADAPTER_UTF8_H_

#include <string>
#include <string_view>

namespace threatmodel::adapter {

// Replaces every invalid UTF-8 sequence with U+FFFD.
[[nodiscard]] std::string ForceValidUtf8(std::string_view text);

}  // namespace threatmodel::adapter

#endif  // THREATMODEL_ADAPTER_UTF8_H_
