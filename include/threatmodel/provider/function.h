// File: function.h
//
// The interface a provider-defined function implements (Terraform >= 1.8,
// OpenTofu >= 1.7, called as provider::<provider>::<name>(...)). The
// provider core checks the arguments against the signature before calling
// it, so implementations see exactly what the signature allows:
//   * one argument per parameter, then any number for the variadic one;
//   * a null argument only where the parameter allows null;
//   * an unknown (or partly unknown) argument only where the parameter
//     allows unknown values; otherwise the core answers with an unknown
//     result of the return type without calling the function, as Terraform
//     does itself.
//
// Functions run on a provider that may not be configured: Terraform calls
// them during validate and before ConfigureProvider, so a function sees
// only its arguments.
//
// Implementations are shared by every concurrent call: Call is const and
// must be thread-safe.
#ifndef THREATMODEL_PROVIDER_FUNCTION_H_
#define THREATMODEL_PROVIDER_FUNCTION_H_

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "threatmodel/cty/type.h"
#include "threatmodel/cty/value.h"

namespace threatmodel::provider {

struct FunctionParameter {
  std::string name;
  cty::Type type;
  bool allow_null = false;
  bool allow_unknown = false;
  std::string description;  // Markdown
};

struct FunctionSignature {
  std::vector<FunctionParameter> parameters;
  std::optional<FunctionParameter> variadic;
  cty::Type return_type;
  std::string summary;      // one line
  std::string description;  // Markdown
};

// What a failed call tells Terraform: the text becomes the error of the
// expression that called the function, and fails the plan.
struct FunctionError {
  std::string text;
  // The argument at fault, when one is.
  std::optional<int64_t> argument;
};

struct FunctionResult {
  cty::Value value;  // of the return type; ignored when error is set
  std::optional<FunctionError> error;
};

class Function {
 public:
  virtual ~Function() = default;

  // The name without the provider:: prefix, such as "assert".
  [[nodiscard]] virtual std::string_view Name() const = 0;
  [[nodiscard]] virtual const FunctionSignature& Signature() const = 0;
  [[nodiscard]] virtual FunctionResult Call(
      const std::vector<cty::Value>& arguments) const = 0;
};

}  // namespace threatmodel::provider

#endif  // THREATMODEL_PROVIDER_FUNCTION_H_
