// File: version.h
//
// The release version, compiled in from the VERSION file so that the
// binaries, the version data source and the release archives agree.
#ifndef THREATMODEL_BASE_VERSION_H_
#define THREATMODEL_BASE_VERSION_H_

#include <string_view>

namespace threatmodel {

// Semantic version without a leading "v", such as "0.1.0".
[[nodiscard]] std::string_view ProviderVersion();

// The plugin protocol version the provider serves, as major.minor.
inline constexpr std::string_view kPluginProtocolVersion = "6.10";

}  // namespace threatmodel

#endif  // THREATMODEL_BASE_VERSION_H_
