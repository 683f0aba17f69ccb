#include "threatmodel/base/version.h"

namespace threatmodel {

std::string_view ProviderVersion() { return THREATMODEL_VERSION_STRING; }

}  // namespace threatmodel
