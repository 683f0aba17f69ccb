#include "threatmodel/rules/stated_backend.h"

#include <string>
#include <utility>
#include <vector>

#include "absl/strings/ascii.h"
#include "rules/backend_types.h"

namespace threatmodel::rules {

Backend StatedBackend(const std::string& type,
                      const std::vector<std::string>& settings,
                      std::string source) {
  Backend backend;
  backend.type = absl::AsciiStrToLower(absl::StripAsciiWhitespace(type));
  backend.origin = BackendOrigin::kStated;
  backend.source = std::move(source);
  for (const std::string& name : settings) {
    BackendSetting setting;
    setting.name = std::string(absl::StripAsciiWhitespace(name));
    setting.state = SettingState::kSet;
    if (internal::IsValueDependentSetting(setting.name)) {
      setting.embeds_credential = Maybe<bool>::Unknown();
    }
    backend.settings.push_back(std::move(setting));
  }
  return backend;
}

}  // namespace threatmodel::rules
