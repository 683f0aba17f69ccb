// The plan half of stub_plan.h.
#include "acceptance/azurerm-stub/stub_plan.h"

#include <map>
#include <string>
#include <utility>

namespace threatmodel::azurerm_stub {
namespace {

using cty::Value;

bool EmptyBlock(const Value& v) {
  return v.IsNull() || (v.IsKnown() && v.LengthOrZero() == 0 &&
                        v.type().kind() != cty::Type::Kind::kObject);
}

const Value& Attr(const Value& object, const std::string& name) {
  static const Value kNull;
  if (object.IsNull() || !object.IsKnown()) return kNull;
  const Value* v = object.GetAttr(name);
  return v == nullptr ? kNull : *v;
}

Value PlanAttribute(const StubAttribute& a, const Value& prior_object,
                    const Value& proposed, const Value& config) {
  if (!config.IsKnown() || !config.IsNull()) return proposed;
  if (a.schema.computed) {
    // Terraform proposes the prior value for a computed attribute the
    // configuration leaves unset; null means there was none to keep.
    const bool creating = prior_object.IsNull() || !prior_object.IsKnown();
    if (proposed.IsNull() && creating) return Value::Unknown(proposed.type());
    return proposed;
  }
  if (a.default_value.has_value()) return *a.default_value;
  return proposed;
}

Value PlanElements(const StubNestedBlock& nb, const Value& prior,
                   const Value& proposed, const Value& config) {
  const cty::Type& element_type = proposed.type().element_type();
  switch (nb.nesting) {
    case provider::NestingMode::kList: {
      std::vector<Value> out;
      const std::vector<Value>& elements = proposed.elements();
      for (size_t i = 0; i < elements.size(); ++i) {
        // SDKv2 correlates list blocks by index.
        const Value& p =
            prior.IsKnown() && !prior.IsNull() && i < prior.elements().size()
                ? prior.elements()[i]
                : Value::Null(element_type);
        const Value& c =
            config.IsKnown() && !config.IsNull() && i < config.elements().size()
                ? config.elements()[i]
                : elements[i];
        out.push_back(PlanObject(nb.block, p, elements[i], c));
      }
      return Value::List(element_type, std::move(out));
    }
    case provider::NestingMode::kSet: {
      // Set elements have no index to correlate by; Terraform's proposal
      // already matched them with prior elements and copied computed values
      // across, so each proposed element stands in for its configuration.
      std::vector<Value> out;
      for (const Value& e : proposed.elements()) {
        out.push_back(PlanObject(nb.block, Value::Null(element_type), e, e));
      }
      return Value::Set(element_type, std::move(out));
    }
    case provider::NestingMode::kMap: {
      std::map<std::string, Value> out;
      for (const auto& [key, e] : proposed.map_elements()) {
        out.emplace(key, PlanObject(nb.block, Value::Null(element_type), e, e));
      }
      return Value::Map(element_type, std::move(out));
    }
    default:
      return proposed;
  }
}

Value PlanBlock(const StubNestedBlock& nb, const Value& prior_object,
                const Value& prior, const Value& proposed,
                const Value& config) {
  // An unknown configuration is a dynamic block with an unknown for_each.
  if (!config.IsKnown() || !proposed.IsKnown()) return proposed;
  if (nb.computed && EmptyBlock(config)) {
    // SDKv2 Optional+Computed: left out of the configuration, the block is
    // whatever the API reports: unknown before the object exists.
    if (prior_object.IsNull() || !prior_object.IsKnown()) {
      return Value::Unknown(proposed.type());
    }
    return prior;
  }
  if (proposed.IsNull()) return proposed;
  if (nb.nesting == provider::NestingMode::kSingle ||
      nb.nesting == provider::NestingMode::kGroup) {
    return PlanObject(nb.block, prior, proposed, config);
  }
  return PlanElements(nb, prior, proposed, config);
}

}  // namespace

Value PlanObject(const StubBlock& block, const Value& prior,
                 const Value& proposed, const Value& config) {
  if (proposed.IsNull() || !proposed.IsKnown()) return proposed;
  std::map<std::string, Value> out = proposed.attributes();
  for (const StubAttribute& a : block.attributes) {
    auto it = out.find(a.schema.name);
    if (it == out.end()) continue;
    it->second = PlanAttribute(a, prior, it->second, Attr(config, it->first));
  }
  for (const StubNestedBlock& nb : block.blocks) {
    auto it = out.find(nb.name);
    if (it == out.end()) continue;
    it->second = PlanBlock(nb, prior, Attr(prior, nb.name), it->second,
                           Attr(config, nb.name));
  }
  return Value::ObjectOf(proposed.type(), std::move(out));
}

std::vector<cty::Path> ReplacePaths(const StubBlock& block, const Value& prior,
                                    const Value& planned) {
  std::vector<cty::Path> out;
  if (prior.IsNull() || !prior.IsKnown() || planned.IsNull()) return out;
  for (const StubAttribute& a : block.attributes) {
    if (!a.force_new) continue;
    const Value& before = Attr(prior, a.schema.name);
    const Value& after = Attr(planned, a.schema.name);
    if (!(before == after)) out.push_back(cty::Path().Attr(a.schema.name));
  }
  return out;
}

}  // namespace threatmodel::azurerm_stub
