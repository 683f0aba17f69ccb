// Conversions from the provider core's types to tfplugin6 messages. Each
// function is named after the message it fills.
#ifndef THREATMODEL_ADAPTER_TO_PROTO_H_
#define THREATMODEL_ADAPTER_TO_PROTO_H_

#include "google/protobuf/repeated_field.h"
#include "tfplugin/tfplugin6.pb.h"
#include "threatmodel/diag/diagnostics.h"
#include "threatmodel/provider/function.h"
#include "threatmodel/provider/schema.h"

namespace threatmodel::adapter {

void Schema(const provider::Schema& in, tfplugin6::Schema& out);
void Function(const provider::FunctionSignature& in, tfplugin6::Function& out);
void AttributePath(const cty::Path& in, tfplugin6::AttributePath& out);
void Diagnostic(const diag::Diagnostic& in, tfplugin6::Diagnostic& out);
void Diagnostics(
    const diag::Diagnostics& in,
    google::protobuf::RepeatedPtrField<tfplugin6::Diagnostic>& out);

}  // namespace threatmodel::adapter

#endif  // THREATMODEL_ADAPTER_TO_PROTO_H_
