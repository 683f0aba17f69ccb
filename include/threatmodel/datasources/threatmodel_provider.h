// File: threatmodel_provider.h
//
// Assembles the threatmodel provider: its provider block schema and every
// data source it offers. The only place that knows the full list.
#ifndef THREATMODEL_DATASOURCES_THREATMODEL_PROVIDER_H_
#define THREATMODEL_DATASOURCES_THREATMODEL_PROVIDER_H_

#include <memory>

#include "threatmodel/provider/provider.h"

namespace threatmodel::datasources {

[[nodiscard]] std::unique_ptr<provider::Provider> NewThreatmodelProvider();

}  // namespace threatmodel::datasources

#endif  // THREATMODEL_DATASOURCES_THREATMODEL_PROVIDER_H_
