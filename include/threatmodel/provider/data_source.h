// File: data_source.h
//
// The interface a data source implements. The provider core decodes the
// configuration against the data source's schema before calling it, so a
// data source always receives a value of its schema's implied type.
//
// Implementations are shared by every concurrent RPC: Validate and Read
// are const and must be thread-safe.
#ifndef THREATMODEL_PROVIDER_DATA_SOURCE_H_
#define THREATMODEL_PROVIDER_DATA_SOURCE_H_

#include <string>
#include <string_view>

#include "threatmodel/cty/value.h"
#include "threatmodel/diag/diagnostics.h"
#include "threatmodel/provider/request_context.h"
#include "threatmodel/provider/schema.h"

namespace threatmodel::provider {

class DataSource {
 public:
  virtual ~DataSource() = default;

  // The full type name, such as "threatmodel_version".
  [[nodiscard]] virtual std::string_view TypeName() const = 0;
  [[nodiscard]] virtual const Schema& GetSchema() const = 0;

  // Static checks only. Any value may be unknown here (Terraform validates
  // before variables and resources are known) and the provider may not be
  // configured yet, so checks that need a value skip it when it is unknown.
  virtual void Validate(const cty::Value& config,
                        diag::Diagnostics& diagnostics) const = 0;

  // Produces the state: every attribute of the schema, wholly known. On
  // errors the state may be left null.
  virtual void Read(const RequestContext& context, const cty::Value& config,
                    cty::Value& state,
                    diag::Diagnostics& diagnostics) const = 0;
};

}  // namespace threatmodel::provider

#endif  // THREATMODEL_PROVIDER_DATA_SOURCE_H_
