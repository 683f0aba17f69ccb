// Helpers shared by the provider core's RPC groups.
#ifndef THREATMODEL_PROVIDER_PROVIDER_INTERNAL_H_
#define THREATMODEL_PROVIDER_PROVIDER_INTERNAL_H_

#include "threatmodel/diag/diagnostics.h"
#include "threatmodel/provider/schema.h"

namespace threatmodel::provider {

// Trims every diagnostic's path to what Terraform can point at.
void MakeAddressable(const Block& block, diag::Diagnostics& diags);

}  // namespace threatmodel::provider

#endif  // THREATMODEL_PROVIDER_PROVIDER_INTERNAL_H_
