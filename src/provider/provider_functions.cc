// The function half of the provider core: one lookup of the name, the
// arguments checked against the signature, then the call.
#include <string>

#include "absl/strings/str_cat.h"
#include "threatmodel/provider/provider.h"

namespace threatmodel::provider {
namespace {

FunctionResult Failed(std::string text, std::optional<int64_t> argument) {
  return FunctionResult{cty::Value(), FunctionError{std::move(text), argument}};
}

// Why `value` may not be passed as `parameter`, or "" when it may. Sets
// `defer` when the call must wait for a known value.
std::string CheckArgument(const FunctionParameter& parameter,
                          const cty::Value& value, bool& defer) {
  if (value.IsNull() && value.IsKnown()) {
    if (!parameter.allow_null) {
      return absl::StrCat("Argument \"", parameter.name,
                          "\" must not be null.");
    }
    return "";
  }
  if (!value.IsWhollyKnown() && !parameter.allow_unknown) defer = true;
  if (!cty::Conforms(value, parameter.type)) {
    return absl::StrCat("Argument \"", parameter.name, "\" must be ",
                        parameter.type.FriendlyName(), ", not ",
                        value.type().FriendlyName(), ".");
  }
  return "";
}

}  // namespace

FunctionResult Provider::CallFunction(
    std::string_view name, const std::vector<cty::Value>& arguments) const {
  auto it = functions_.find(name);
  if (it == functions_.end()) {
    return Failed(absl::StrCat("This provider has no function named \"",
                               std::string(name), "\"."),
                  std::nullopt);
  }
  const Function& function = *it->second;
  const FunctionSignature& signature = function.Signature();
  const size_t fixed = signature.parameters.size();
  if (arguments.size() < fixed ||
      (arguments.size() > fixed && !signature.variadic.has_value())) {
    return Failed(
        absl::StrCat("Function \"", std::string(name), "\" takes ", fixed,
                     signature.variadic ? " or more" : "", " argument",
                     fixed == 1 ? "" : "s", ", not ", arguments.size(), "."),
        std::nullopt);
  }
  bool defer = false;
  for (size_t i = 0; i < arguments.size(); ++i) {
    const FunctionParameter& parameter =
        i < fixed ? signature.parameters[i] : *signature.variadic;
    std::string problem = CheckArgument(parameter, arguments[i], defer);
    if (!problem.empty()) {
      return Failed(std::move(problem), static_cast<int64_t>(i));
    }
  }
  if (defer)
    return FunctionResult{cty::Value::Unknown(signature.return_type),
                          std::nullopt};
  FunctionResult result = function.Call(arguments);
  if (!result.error.has_value() &&
      !cty::Conforms(result.value, signature.return_type)) {
    return Failed(absl::StrCat("Function \"", std::string(name),
                               "\" returned a value of the wrong type; this "
                               "is a bug in the provider."),
                  std::nullopt);
  }
  return result;
}

}  // namespace threatmodel::provider
