#include "threatmodel/datasources/assert_function.h"

#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "datasources/assessment.h"
#include "datasources/input_schema.h"
#include "threatmodel/rules/engine.h"

namespace threatmodel::datasources {
namespace {

using cty::Type;
using cty::Value;

constexpr int64_t kArgument = 0;

// The argument is dynamic, so that every key arrives and a misspelled one
// is reported; Terraform would drop it converting to an object type. The
// few typed inputs are converted here.
std::optional<Value> ConvertInput(const std::string& name, const Value& value,
                                  const Type& want, std::string& problem) {
  if (want.kind() == Type::Kind::kDynamic || value.IsNull()) {
    return value.IsNull() ? Value::Null(want) : value;
  }
  if (!value.IsKnown()) return Value::Unknown(want);
  if (want.kind() == Type::Kind::kList) {
    const Type::Kind kind = value.type().kind();
    if (kind == Type::Kind::kList || kind == Type::Kind::kTuple ||
        kind == Type::Kind::kSet) {
      std::vector<Value> elements;
      for (const Value& e : value.elements()) {
        std::optional<Value> converted =
            ConvertInput(name, e, want.element_type(), problem);
        if (!converted.has_value()) return std::nullopt;
        elements.push_back(*std::move(converted));
      }
      return Value::List(want.element_type(), std::move(elements));
    }
  } else if (cty::Conforms(value, want)) {
    return value;
  }
  problem = absl::StrCat("\"", name, "\" must be ", want.FriendlyName(),
                         ", not ", value.type().FriendlyName(), ".");
  return std::nullopt;
}

// The error text: every error, with the input it points at.
std::string ErrorText(const diag::Diagnostics& diags) {
  std::vector<std::string> lines;
  for (const diag::Diagnostic& d : diags.items()) {
    if (d.severity != diag::Severity::kError) continue;
    std::string line = d.summary;
    if (d.attribute.has_value() && !d.attribute->steps().empty()) {
      absl::StrAppend(&line, " (at ", d.attribute->ToString(), ")");
    }
    if (!d.detail.empty()) absl::StrAppend(&line, ": ", d.detail);
    lines.push_back(std::move(line));
  }
  return absl::StrJoin(lines, "\n");
}

// Mandatory findings that fail the assertion, by status.
void CountBlocking(const Value& findings, int& violations, int& undecided) {
  for (const Value& f : findings.elements()) {
    if (f.GetAttr("enforcement")->AsString() != "mandatory") continue;
    const std::string& status = f.GetAttr("status")->AsString();
    if (status == "violation") ++violations;
    if (status == "undecided") ++undecided;
  }
}

provider::FunctionSignature BuildSignature() {
  std::vector<std::string> keys;
  for (const provider::Attribute& a : AssertionInputAttributes()) {
    keys.push_back(absl::StrCat("`", a.name, "`"));
  }
  provider::FunctionSignature s;
  s.summary = "Fails when the given resources reintroduce a threat";
  s.description = absl::StrCat(
      "Judges the threat model's rules (", ThreatSummary(),
      ") on its argument and returns `true`, or fails with the threat ID, "
      "the subject and the remediation of every mandatory violation. A "
      "function error fails the plan wherever the call is, even in a "
      "`check` block, where a false `assert` condition would only warn. "
      "While the decision waits on values that are not known yet (always "
      "during `terraform validate`) the result is unknown and Terraform "
      "checks again during apply; to fail such a plan before anything is "
      "created, use the resource `threatmodel_assertion`. The provider "
      "block's policy and waivers do not reach functions: pass them in "
      "the argument.");
  s.parameters.push_back(provider::FunctionParameter{
      "assertion", Type::Dynamic(), /*allow_null=*/false,
      /*allow_unknown=*/true,
      absl::StrCat("An object with the inputs of the data source "
                   "`threatmodel_assertion`: any of ",
                   absl::StrJoin(keys, ", "), ". Any other key is an error.")});
  s.return_type = Type::Bool();
  return s;
}

class AssertFunction final : public provider::Function {
 public:
  explicit AssertFunction(std::function<absl::CivilDay()> today)
      : signature_(BuildSignature()), today_(std::move(today)) {
    for (provider::Attribute& a : AssertionInputAttributes()) {
      input_types_.emplace(a.name, provider::ImpliedType(a));
      input_names_.push_back(a.name);
    }
  }

  std::string_view Name() const override { return "assert"; }
  const provider::FunctionSignature& Signature() const override {
    return signature_;
  }

  provider::FunctionResult Call(
      const std::vector<Value>& arguments) const override {
    const Value& input = arguments[0];
    if (!input.IsKnown()) return Unknown();
    const Type::Kind kind = input.type().kind();
    if (kind != Type::Kind::kObject && kind != Type::Kind::kMap) {
      return Error(
          absl::StrCat("The argument must be an object with the "
                       "inputs of threatmodel_assertion, not ",
                       input.type().FriendlyName(), "."));
    }
    std::map<std::string, Value> attributes;
    diag::Diagnostics diags;
    for (const auto& [key, value] : Entries(input)) {
      auto type = input_types_.find(key);
      if (type == input_types_.end()) {
        AddUnknownKeyError(key, cty::Path().Attr(key), "the assertion",
                           input_names_, diags);
        continue;
      }
      std::string problem;
      std::optional<Value> converted =
          ConvertInput(key, value, type->second, problem);
      if (!converted.has_value()) return Error(problem);
      attributes[key] = *std::move(converted);
    }
    if (diags.HasError()) return Error(ErrorText(diags));
    Value config =
        Value::ObjectOf(Type::Object(input_types_), std::move(attributes));

    // A control such as `threats` or `policy` that is not known yet (a
    // variable during validate) decides what is judged: wait for it.
    if (FirstUnknownControl(config) != nullptr) return Unknown();
    provider::RequestContext context;
    context.provider_config = Value::Null(Type::Dynamic());
    std::optional<Assessment> assessment =
        Assess(context, config, today_ ? today_() : rules::TodayUtc(), diags);
    if (!assessment.has_value()) return Error(ErrorText(diags));
    int violations = 0;
    int undecided = 0;
    CountBlocking(assessment->findings, violations, undecided);
    // A violation is the configuration's fault, not the argument's: no
    // argument index, so Terraform reports a failed call rather than an
    // invalid argument.
    if (violations > 0) return Error(ErrorText(diags), std::nullopt);
    // Terraform validates every configuration, `terraform plan` included,
    // with all variables and resource attributes unknown; an undecided
    // finding there is no verdict. An unknown result makes Terraform check
    // the condition again during apply, when every value is known.
    if (undecided > 0) return Unknown();
    if (diags.HasError()) return Error(ErrorText(diags));
    return provider::FunctionResult{Value::Bool(true), std::nullopt};
  }

 private:
  static std::vector<std::pair<std::string, Value>> Entries(const Value& v) {
    std::vector<std::pair<std::string, Value>> out;
    if (v.type().kind() == Type::Kind::kObject) {
      for (const auto& [k, e] : v.attributes()) out.emplace_back(k, e);
    } else {
      for (const auto& [k, e] : v.map_elements()) out.emplace_back(k, e);
    }
    return out;
  }
  static provider::FunctionResult Unknown() {
    return provider::FunctionResult{Value::Unknown(Type::Bool()), std::nullopt};
  }
  static provider::FunctionResult Error(
      std::string text, std::optional<int64_t> argument = kArgument) {
    return provider::FunctionResult{
        Value(), provider::FunctionError{std::move(text), argument}};
  }

  provider::FunctionSignature signature_;
  std::function<absl::CivilDay()> today_;
  std::map<std::string, Type> input_types_;
  std::vector<std::string> input_names_;
};

}  // namespace

std::unique_ptr<provider::Function> NewAssertFunction(
    std::function<absl::CivilDay()> today) {
  return std::make_unique<AssertFunction>(std::move(today));
}

}  // namespace threatmodel::datasources
