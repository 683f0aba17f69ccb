// File: version_data_source.h
//
// `threatmodel_version`: reports the provider's release and protocol
// versions. It has no inputs, so Terraform always reads it at plan time,
// which makes it the simplest end-to-end probe of the provider.
#ifndef THREATMODEL_DATASOURCES_VERSION_DATA_SOURCE_H_
#define THREATMODEL_DATASOURCES_VERSION_DATA_SOURCE_H_

#include <memory>

#include "threatmodel/provider/data_source.h"

namespace threatmodel::datasources {

[[nodiscard]] std::unique_ptr<provider::DataSource> NewVersionDataSource();

}  // namespace threatmodel::datasources

#endif  // THREATMODEL_DATASOURCES_VERSION_DATA_SOURCE_H_
