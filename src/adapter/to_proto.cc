#include "adapter/to_proto.h"

#include "adapter/utf8.h"
#include "threatmodel/cty/type.h"

namespace threatmodel::adapter {
namespace {

using provider::NestingMode;

tfplugin6::Schema::NestedBlock::NestingMode BlockNesting(NestingMode mode) {
  switch (mode) {
    case NestingMode::kSingle:
      return tfplugin6::Schema::NestedBlock::SINGLE;
    case NestingMode::kList:
      return tfplugin6::Schema::NestedBlock::LIST;
    case NestingMode::kSet:
      return tfplugin6::Schema::NestedBlock::SET;
    case NestingMode::kMap:
      return tfplugin6::Schema::NestedBlock::MAP;
    case NestingMode::kGroup:
      return tfplugin6::Schema::NestedBlock::GROUP;
    case NestingMode::kNone:
      break;
  }
  return tfplugin6::Schema::NestedBlock::INVALID;
}

tfplugin6::Schema::Object::NestingMode ObjectNesting(NestingMode mode) {
  switch (mode) {
    case NestingMode::kSingle:
      return tfplugin6::Schema::Object::SINGLE;
    case NestingMode::kList:
      return tfplugin6::Schema::Object::LIST;
    case NestingMode::kSet:
      return tfplugin6::Schema::Object::SET;
    case NestingMode::kMap:
      return tfplugin6::Schema::Object::MAP;
    default:
      break;
  }
  return tfplugin6::Schema::Object::INVALID;
}

void Attribute(const provider::Attribute& in,
               tfplugin6::Schema::Attribute& out) {
  out.set_name(in.name);
  if (in.type.has_value()) {
    out.set_type(cty::TypeToJson(*in.type));
  } else {
    tfplugin6::Schema::Object& nested = *out.mutable_nested_type();
    nested.set_nesting(ObjectNesting(in.nested_nesting));
    for (const provider::Attribute& a : in.nested_attributes) {
      Attribute(a, *nested.add_attributes());
    }
  }
  out.set_description(ForceValidUtf8(in.description));
  out.set_description_kind(tfplugin6::MARKDOWN);
  out.set_required(in.required);
  out.set_optional(in.optional);
  out.set_computed(in.computed);
  out.set_sensitive(in.sensitive);
  out.set_deprecated(in.deprecated);
  out.set_write_only(in.write_only);
}

void Block(const provider::Block& in, tfplugin6::Schema::Block& out) {
  for (const provider::Attribute& a : in.attributes) {
    Attribute(a, *out.add_attributes());
  }
  for (const provider::NestedBlock& nb : in.block_types) {
    tfplugin6::Schema::NestedBlock& block = *out.add_block_types();
    block.set_type_name(nb.type_name);
    block.set_nesting(BlockNesting(nb.nesting));
    block.set_min_items(nb.min_items);
    block.set_max_items(nb.max_items);
    Block(nb.block, *block.mutable_block());
  }
  out.set_description(ForceValidUtf8(in.description));
  out.set_description_kind(tfplugin6::MARKDOWN);
  out.set_deprecated(in.deprecated);
}

}  // namespace

void Schema(const provider::Schema& in, tfplugin6::Schema& out) {
  out.set_version(in.version);
  // Terraform dereferences the block without a nil check, so it is always
  // present, even when empty.
  Block(in.block, *out.mutable_block());
}

void Function(const provider::FunctionSignature& in, tfplugin6::Function& out) {
  auto parameter = [](const provider::FunctionParameter& p,
                      tfplugin6::Function::Parameter& o) {
    o.set_name(p.name);
    o.set_type(cty::TypeToJson(p.type));
    o.set_allow_null_value(p.allow_null);
    o.set_allow_unknown_values(p.allow_unknown);
    o.set_description(ForceValidUtf8(p.description));
    o.set_description_kind(tfplugin6::MARKDOWN);
  };
  for (const provider::FunctionParameter& p : in.parameters) {
    parameter(p, *out.add_parameters());
  }
  if (in.variadic.has_value()) {
    parameter(*in.variadic, *out.mutable_variadic_parameter());
  }
  out.mutable_return_()->set_type(cty::TypeToJson(in.return_type));
  out.set_summary(ForceValidUtf8(in.summary));
  out.set_description(ForceValidUtf8(in.description));
  out.set_description_kind(tfplugin6::MARKDOWN);
}

void AttributePath(const cty::Path& in, tfplugin6::AttributePath& out) {
  for (const cty::PathStep& step : in.steps()) {
    tfplugin6::AttributePath::Step& s = *out.add_steps();
    switch (step.kind) {
      case cty::PathStep::Kind::kAttribute:
        s.set_attribute_name(step.name);
        break;
      case cty::PathStep::Kind::kElementKeyString:
        s.set_element_key_string(step.name);
        break;
      case cty::PathStep::Kind::kElementKeyInt:
        s.set_element_key_int(step.index);
        break;
    }
  }
}

void Diagnostic(const diag::Diagnostic& in, tfplugin6::Diagnostic& out) {
  out.set_severity(in.severity == diag::Severity::kError
                       ? tfplugin6::Diagnostic::ERROR
                       : tfplugin6::Diagnostic::WARNING);
  out.set_summary(ForceValidUtf8(in.summary));
  out.set_detail(ForceValidUtf8(in.detail));
  // An empty path would give Terraform no source range at all; leaving it
  // unset points at the whole block instead.
  if (in.attribute.has_value() && !in.attribute->empty()) {
    AttributePath(*in.attribute, *out.mutable_attribute());
  }
}

void Diagnostics(
    const diag::Diagnostics& in,
    google::protobuf::RepeatedPtrField<tfplugin6::Diagnostic>& out) {
  for (const diag::Diagnostic& d : in.items()) Diagnostic(d, *out.Add());
}

}  // namespace threatmodel::adapter
