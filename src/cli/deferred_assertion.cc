#include "cli/deferred_assertion.h"

#include <map>
#include <memory>
#include <utility>

#include "absl/strings/str_cat.h"
#include "threatmodel/base/status_macros.h"
#include "threatmodel/cty/number.h"
#include "threatmodel/datasources/assertion_data_source.h"
#include "threatmodel/datasources/threatmodel_provider.h"
#include "threatmodel/diag/diagnostics.h"
#include "threatmodel/provider/schema.h"

namespace threatmodel::cli {
namespace {

using cty::Type;
using cty::Value;
using rules::PlanValue;

absl::Status Mismatch(const std::string& path, const Type& type,
                      const PlanValue& value) {
  return absl::InvalidArgumentError(absl::StrCat(
      path.empty() ? "value" : path, ": expected ", type.FriendlyName(),
      ", got ", std::string(rules::PlanValueKindName(value.kind()))));
}

absl::StatusOr<Value> Convert(const PlanValue& value, const Type& type,
                              const std::string& path, int depth);

absl::StatusOr<Value> Implied(const PlanValue& value, const std::string& path,
                              int depth) {
  switch (value.kind()) {
    case PlanValue::Kind::kNull:
      return Value::Null(Type::Dynamic());
    case PlanValue::Kind::kUnknown:
    case PlanValue::Kind::kSensitive:
      return Value::Unknown(Type::Dynamic());
    case PlanValue::Kind::kBool:
      return Value::Bool(value.bool_value());
    case PlanValue::Kind::kString:
      return Value::String(value.string_value());
    case PlanValue::Kind::kNumber: {
      THREATMODEL_ASSIGN_OR_RETURN(cty::Number n,
                                   cty::Number::Parse(value.number_text()));
      return Value::NumberVal(std::move(n));
    }
    case PlanValue::Kind::kList: {
      std::vector<Value> elements;
      for (std::size_t i = 0; i < value.elements().size(); ++i) {
        THREATMODEL_ASSIGN_OR_RETURN(
            Value e, Convert(value.elements()[i], Type::Dynamic(),
                             absl::StrCat(path, "[", i, "]"), depth + 1));
        elements.push_back(std::move(e));
      }
      return Value::Tuple(std::move(elements));
    }
    case PlanValue::Kind::kObject: {
      std::map<std::string, Value> members;
      for (const auto& [name, member] : value.members()) {
        THREATMODEL_ASSIGN_OR_RETURN(
            Value m, Convert(member, Type::Dynamic(),
                             absl::StrCat(path, ".", name), depth + 1));
        members.emplace(name, std::move(m));
      }
      return Value::Object(std::move(members));
    }
  }
  return Value::Null(Type::Dynamic());
}

absl::StatusOr<Value> Convert(const PlanValue& value, const Type& type,
                              const std::string& path, int depth) {
  if (depth > 64) {
    return absl::InvalidArgumentError(
        absl::StrCat(path, ": nested too deeply"));
  }
  if (value.is_null()) return Value::Null(type);
  if (value.is_unknown() || value.is_sensitive()) return Value::Unknown(type);
  switch (type.kind()) {
    case Type::Kind::kDynamic:
      return Implied(value, path, depth);
    case Type::Kind::kString:
      if (value.kind() != PlanValue::Kind::kString) {
        return Mismatch(path, type, value);
      }
      return Value::String(value.string_value());
    case Type::Kind::kBool:
      if (value.kind() != PlanValue::Kind::kBool) {
        return Mismatch(path, type, value);
      }
      return Value::Bool(value.bool_value());
    case Type::Kind::kNumber:
      if (value.kind() != PlanValue::Kind::kNumber) {
        return Mismatch(path, type, value);
      }
      return Implied(value, path, depth);
    case Type::Kind::kList:
    case Type::Kind::kSet:
    case Type::Kind::kTuple: {
      if (value.kind() != PlanValue::Kind::kList) {
        return Mismatch(path, type, value);
      }
      std::vector<Value> elements;
      const auto& in = value.elements();
      if (type.kind() == Type::Kind::kTuple &&
          in.size() != type.tuple_elements().size()) {
        return Mismatch(path, type, value);
      }
      for (std::size_t i = 0; i < in.size(); ++i) {
        const Type& element_type = type.kind() == Type::Kind::kTuple
                                       ? type.tuple_elements()[i]
                                       : type.element_type();
        THREATMODEL_ASSIGN_OR_RETURN(
            Value e, Convert(in[i], element_type,
                             absl::StrCat(path, "[", i, "]"), depth + 1));
        elements.push_back(std::move(e));
      }
      if (type.kind() == Type::Kind::kTuple) {
        return Value::Tuple(std::move(elements));
      }
      if (type.element_type().HasDynamic()) {
        // A collection of dynamic holds values of one implied type; a
        // mixed one cannot be expressed, so the elements keep theirs in a
        // tuple, as Terraform's own conversion does for dynamic inputs.
        return Value::Tuple(std::move(elements));
      }
      return type.kind() == Type::Kind::kList
                 ? Value::List(type.element_type(), std::move(elements))
                 : Value::Set(type.element_type(), std::move(elements));
    }
    case Type::Kind::kMap:
    case Type::Kind::kObject: {
      if (value.kind() != PlanValue::Kind::kObject) {
        return Mismatch(path, type, value);
      }
      std::map<std::string, Value> members;
      for (const auto& [name, member] : value.members()) {
        const std::string at =
            absl::StrCat(path, path.empty() ? "" : ".", name);
        if (type.kind() == Type::Kind::kObject) {
          auto it = type.attribute_types().find(name);
          if (it == type.attribute_types().end()) {
            return absl::InvalidArgumentError(
                absl::StrCat(at, ": not an attribute of the assertion"));
          }
          THREATMODEL_ASSIGN_OR_RETURN(
              Value m, Convert(member, it->second, at, depth + 1));
          members.emplace(name, std::move(m));
        } else {
          THREATMODEL_ASSIGN_OR_RETURN(
              Value m, Convert(member, type.element_type(), at, depth + 1));
          members.emplace(name, std::move(m));
        }
      }
      if (type.kind() == Type::Kind::kObject) {
        return Value::ObjectOf(type, std::move(members));
      }
      if (type.element_type().HasDynamic()) {
        return Value::Object(std::move(members));
      }
      return Value::Map(type.element_type(), std::move(members));
    }
  }
  return Mismatch(path, type, value);
}

std::string AttrString(const Value& object, const std::string& name) {
  const Value* v = object.GetAttr(name);
  if (v == nullptr || v->IsNull() || !v->IsKnown()) return "";
  return v->AsString();
}

rules::Severity SeverityFromName(const std::string& name) {
  for (rules::Severity s : {rules::Severity::kCritical, rules::Severity::kHigh,
                            rules::Severity::kMedium, rules::Severity::kLow}) {
    if (rules::SeverityName(s) == name) return s;
  }
  return rules::Severity::kLow;
}

rules::Status StatusFromName(const std::string& name) {
  for (rules::Status s : {rules::Status::kViolation, rules::Status::kUndecided,
                          rules::Status::kPass, rules::Status::kNotApplicable,
                          rules::Status::kWaived}) {
    if (rules::StatusName(s) == name) return s;
  }
  // Anything unrecognised counts against the plan.
  return rules::Status::kUndecided;
}

rules::Finding FindingFrom(const Value& f) {
  rules::Finding out;
  out.threat_id = AttrString(f, "threat");
  out.facet = AttrString(f, "facet");
  out.title = AttrString(f, "title");
  out.severity = SeverityFromName(AttrString(f, "severity"));
  out.status = StatusFromName(AttrString(f, "status"));
  out.enforcement = AttrString(f, "enforcement") == "advisory"
                        ? rules::Enforcement::kAdvisory
                        : rules::Enforcement::kMandatory;
  out.subject = AttrString(f, "subject");
  out.source = AttrString(f, "source");
  out.message = AttrString(f, "message");
  out.remediation = AttrString(f, "remediation");
  const Value* waiver = f.GetAttr("waiver");
  if (waiver != nullptr && !waiver->IsNull() && waiver->IsKnown()) {
    rules::AppliedWaiver w;
    w.justification = AttrString(*waiver, "justification");
    w.expires = AttrString(*waiver, "expires");
    w.approver = AttrString(*waiver, "approver");
    out.waiver = std::move(w);
  }
  return out;
}

PlanValue Strings(const std::vector<std::string>& items) {
  PlanValue::Elements out;
  for (const std::string& s : items) out.push_back(PlanValue::String(s));
  return PlanValue::List(std::move(out));
}

// The provider block that `policy` describes, in the provider schema's
// keys (only those the schema has).
PlanValue ProviderBlock(const rules::Policy& policy, const Type& type) {
  PlanValue::Members m;
  m["max_roles_per_user"] =
      PlanValue::Number(std::to_string(policy.max_roles_per_user));
  m["shared_nsg_min_subnets"] =
      PlanValue::Number(std::to_string(policy.shared_nsg_min_subnets));
  PlanValue::Members chart_defaults;
  for (const auto& [key, value] : policy.osmo_chart_defaults) {
    chart_defaults[key] = PlanValue::Bool(value);
  }
  m["osmo_chart_defaults"] = PlanValue::Object(std::move(chart_defaults));
  m["osmo_charts"] = Strings(policy.osmo_charts);
  PlanValue::Members tiers;
  for (const rules::TierProfile& tier : policy.tiers) {
    tiers[tier.name] =
        PlanValue::Object({{"roles", Strings(tier.roles)},
                           {"admin", PlanValue::Bool(tier.admin)}});
  }
  m["tiers"] = PlanValue::Object(std::move(tiers));
  if (policy.privileged_roles.has_value()) {
    m["privileged_roles"] = Strings(*policy.privileged_roles);
  }
  m["additional_privileged_roles"] =
      Strings(policy.additional_privileged_roles);
  m["accepted_backends"] = Strings(policy.accepted_backends);
  m["mek_key_patterns"] = Strings(policy.mek_key_patterns);
  PlanValue::Members enforcement;
  for (const auto& [id, level] : policy.enforcement) {
    enforcement[id] =
        PlanValue::String(std::string(rules::EnforcementName(level)));
  }
  m["enforcement"] = PlanValue::Object(std::move(enforcement));
  PlanValue::Elements waivers;
  for (const rules::Waiver& w : policy.waivers) {
    waivers.push_back(PlanValue::Object(
        {{"threat", PlanValue::String(w.threat_id)},
         {"subject", PlanValue::String(w.subject)},
         {"justification", PlanValue::String(w.justification)},
         {"expires", PlanValue::String(w.expires)},
         {"approver", PlanValue::String(w.approver)}}));
  }
  m["waivers"] = PlanValue::List(std::move(waivers));
  for (auto it = m.begin(); it != m.end();) {
    it = type.attribute_types().count(it->first) > 0 ? std::next(it)
                                                     : m.erase(it);
  }
  return PlanValue::Object(std::move(m));
}

}  // namespace

absl::StatusOr<Value> PlanValueToCty(const PlanValue& value, const Type& type) {
  return Convert(value, type, "", 0);
}

absl::StatusOr<DeferredAssertionResult> EvaluateDeferredAssertion(
    const PlanValue& after, const rules::Policy& policy,
    const std::optional<std::string>& working_dir, absl::CivilDay today) {
  std::unique_ptr<provider::DataSource> source =
      datasources::NewAssertionDataSource([today] { return today; });
  const Type type = provider::ImpliedType(source->GetSchema().block);
  if (after.kind() != PlanValue::Kind::kObject) {
    return absl::InvalidArgumentError(
        "the planned assertion is not an object: its inputs cannot be read");
  }
  // The computed outputs are what the read produces; the working
  // directory is the CLI's unless the assertion names its own.
  PlanValue inputs = after;
  PlanValue::Members& members = inputs.mutable_members();
  members.erase("findings");
  members.erase("passed");
  members.erase("id");
  const PlanValue* dir = after.Find("working_dir");
  if (dir == nullptr || dir->is_null()) {
    if (working_dir.has_value()) {
      members["working_dir"] = PlanValue::String(*working_dir);
    } else {
      const PlanValue* discover = after.Find("discover_backend");
      if (discover == nullptr || discover->is_null()) {
        members["discover_backend"] = PlanValue::Bool(false);
      }
    }
  }
  THREATMODEL_ASSIGN_OR_RETURN(Value config, PlanValueToCty(inputs, type));

  DeferredAssertionResult out;
  diag::Diagnostics diags;
  source->Validate(config, diags);
  Value state = Value::Null(type);
  if (!diags.HasError()) {
    std::unique_ptr<provider::Provider> provider =
        datasources::NewThreatmodelProvider();
    const Type provider_type =
        provider::ImpliedType(provider->provider_schema().block);
    provider::RequestContext context;
    THREATMODEL_ASSIGN_OR_RETURN(
        context.provider_config,
        PlanValueToCty(ProviderBlock(policy, provider_type), provider_type));
    source->Read(context, config, state, diags);
  }
  const Value* findings = state.IsNull() ? nullptr : state.GetAttr("findings");
  if (findings != nullptr && !findings->IsNull() && findings->IsKnown()) {
    for (const Value& f : findings->elements()) {
      out.findings.push_back(FindingFrom(f));
    }
  }
  for (const diag::Diagnostic& d : diags.items()) {
    if (d.severity != diag::Severity::kError) continue;
    if (d.summary == "Expired waiver" || d.summary == "Malformed waiver") {
      if (d.detail.find("Waiver provider.waivers[") != std::string::npos) {
        continue;
      }
      rules::WaiverIssue issue;
      issue.problem = d.summary == "Expired waiver"
                          ? rules::WaiverProblem::kExpired
                          : rules::WaiverProblem::kMalformed;
      issue.message = d.detail.substr(0, d.detail.find('\n'));
      out.waiver_issues.push_back(std::move(issue));
      continue;
    }
    // Findings are reported as findings; everything else is an input error.
    bool finding = false;
    for (const rules::Finding& f : out.findings) {
      if (!f.threat_id.empty() && d.summary.rfind(f.threat_id + ": ", 0) == 0) {
        finding = true;
        break;
      }
    }
    if (!finding) out.errors.push_back(absl::StrCat(d.summary, ": ", d.detail));
  }
  const Value* passed = state.IsNull() ? nullptr : state.GetAttr("passed");
  out.passed = out.errors.empty() && out.waiver_issues.empty() &&
               passed != nullptr && !passed->IsNull() && passed->IsKnown() &&
               passed->AsBool();
  return out;
}

}  // namespace threatmodel::cli
