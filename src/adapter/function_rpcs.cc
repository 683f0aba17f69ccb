// Function RPCs: the signatures (also part of GetProviderSchema) and calls.
// A call answers with a FunctionError, never a diagnostic: that is the
// only failure Terraform reports at the expression that made the call.
#include "adapter/dynamic_value.h"
#include "adapter/provider_service_internal.h"
#include "adapter/to_proto.h"
#include "adapter/utf8.h"

namespace threatmodel::adapter {

using Status = ProviderService::Status;

Status ProviderService::GetFunctions(Context*,
                                     const tfplugin6::GetFunctions::Request*,
                                     tfplugin6::GetFunctions::Response* resp) {
  return Guard("GetFunctions", [&] {
    for (const auto& [name, f] : provider_.functions()) {
      Function(f->Signature(), (*resp->mutable_functions())[name]);
    }
  });
}

Status ProviderService::CallFunction(
    Context*, const tfplugin6::CallFunction::Request* req,
    tfplugin6::CallFunction::Response* resp) {
  return Guard("CallFunction", [&] {
    auto fail = [&](const std::string& text, std::optional<int64_t> argument) {
      tfplugin6::FunctionError& error = *resp->mutable_error();
      error.set_text(ForceValidUtf8(text));
      if (argument.has_value()) error.set_function_argument(*argument);
    };
    const auto& functions = provider_.functions();
    auto it = functions.find(req->name());
    if (it == functions.end()) {
      fail(absl::StrCat("This provider has no function named \"", req->name(),
                        "\"."),
           std::nullopt);
      return;
    }
    const provider::FunctionSignature& signature = it->second->Signature();
    std::vector<cty::Value> arguments;
    arguments.reserve(req->arguments_size());
    for (int i = 0; i < req->arguments_size(); ++i) {
      const size_t index = static_cast<size_t>(i);
      const provider::FunctionParameter* parameter =
          index < signature.parameters.size() ? &signature.parameters[index]
          : signature.variadic.has_value()    ? &*signature.variadic
                                              : nullptr;
      if (parameter == nullptr) {
        fail(absl::StrCat("Function \"", req->name(), "\" takes ",
                          signature.parameters.size(), " argument",
                          signature.parameters.size() == 1 ? "" : "s", ", not ",
                          req->arguments_size(), "."),
             std::nullopt);
        return;
      }
      absl::StatusOr<cty::Value> value =
          DecodeDynamicValue(req->arguments(i), parameter->type);
      if (!value.ok()) {
        fail(absl::StrCat("Invalid value for argument \"", parameter->name,
                          "\": ", value.status().message()),
             i);
        return;
      }
      arguments.push_back(*std::move(value));
    }
    provider::FunctionResult result =
        provider_.CallFunction(req->name(), arguments);
    if (result.error.has_value()) {
      fail(result.error->text, result.error->argument);
      return;
    }
    if (absl::Status s = EncodeDynamicValue(result.value, signature.return_type,
                                            *resp->mutable_result());
        !s.ok()) {
      resp->clear_result();
      fail(absl::StrCat("The function's result could not be encoded: ",
                        s.message()),
           std::nullopt);
    }
  });
}

}  // namespace threatmodel::adapter
