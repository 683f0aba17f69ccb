#include "threatmodel/rules/model.h"

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/string_view.h"
#include "rules/string_view_compat.h"
#include "threatmodel/rules/maybe.h"

namespace threatmodel::rules {

std::string_view ValueStateName(ValueState state) {
  switch (state) {
    case ValueState::kNull:
      return "null";
    case ValueState::kUnknown:
      return "unknown";
    case ValueState::kKnown:
      return "known";
  }
  return "unknown";
}

std::string_view PrincipalTypeName(PrincipalType type) {
  switch (type) {
    case PrincipalType::kUser:
      return "User";
    case PrincipalType::kGroup:
      return "Group";
    case PrincipalType::kServicePrincipal:
      return "ServicePrincipal";
    case PrincipalType::kOther:
      break;
  }
  return "Other";
}

PrincipalType PrincipalTypeFromName(std::string_view name_in) {
  absl::string_view name = absl::StripAsciiWhitespace(internal::Av(name_in));
  if (absl::EqualsIgnoreCase(name, "User")) return PrincipalType::kUser;
  if (absl::EqualsIgnoreCase(name, "Group")) return PrincipalType::kGroup;
  if (absl::EqualsIgnoreCase(name, "ServicePrincipal")) {
    return PrincipalType::kServicePrincipal;
  }
  return PrincipalType::kOther;
}

std::string_view BackendOriginName(BackendOrigin origin) {
  switch (origin) {
    case BackendOrigin::kStated:
      return "stated";
    case BackendOrigin::kBackendFile:
      return "backend_file";
    case BackendOrigin::kNoBackendFile:
      return "no_backend_file";
  }
  return "stated";
}

}  // namespace threatmodel::rules
