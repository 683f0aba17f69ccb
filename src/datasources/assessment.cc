#include "datasources/assessment.h"

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "datasources/config_reader.h"
#include "datasources/deployment_config.h"
#include "datasources/input_schema.h"
#include "datasources/policy_config.h"
#include "threatmodel/rules/engine.h"
#include "threatmodel/rules/rule.h"
#include "threatmodel/rules/stated_backend.h"
#include "threatmodel/workdir/backend_discovery.h"

namespace threatmodel::datasources {
namespace {

cty::Type WaiverOutputType() {
  return cty::Type::Object({{"justification", cty::Type::String()},
                            {"expires", cty::Type::String()},
                            {"approver", cty::Type::String()}});
}

}  // namespace

cty::Type FindingType() {
  return cty::Type::Object({
      {"threat", cty::Type::String()},
      {"facet", cty::Type::String()},
      {"title", cty::Type::String()},
      {"severity", cty::Type::String()},
      {"status", cty::Type::String()},
      {"enforcement", cty::Type::String()},
      {"subject", cty::Type::String()},
      {"source", cty::Type::String()},
      {"message", cty::Type::String()},
      {"remediation", cty::Type::String()},
      {"waiver", WaiverOutputType()},
  });
}

namespace {

using cty::Path;
using cty::Type;
using cty::Value;
using provider::Attribute;
using provider::ComputedAttribute;
using provider::OptionalAttribute;

constexpr char kInputDescription[] =
    " Accepts a list, set, map or object of objects, so the same `locals` "
    "that drive `azurerm_*` resources (or whole resource objects) can be "
    "passed.";

// The stated backend: Terraform's type syntax, checked by ConformValue.
const TypeSpec& BackendSpec() {
  static const TypeSpec* spec = [] {
    absl::StatusOr<TypeSpec> parsed = ParseTypeSpec(
        "object({type = string, settings = optional(list(string))})");
    return new TypeSpec(parsed.ok() ? *std::move(parsed) : TypeSpec());
  }();
  return *spec;
}

Attribute DynamicInput(std::string name, std::string description) {
  return OptionalAttribute(std::move(name), Type::Dynamic(),
                           std::move(description) + kInputDescription);
}

std::string FormatDetail(const rules::Finding& f) {
  std::string detail = f.message;
  absl::StrAppend(&detail, "\n\nSubject: ", f.subject);
  if (!f.facet.empty()) {
    // The key that `enforcement` and waivers use for this part of the
    // threat.
    absl::StrAppend(&detail,
                    "\nFacet: ", rules::ThreatKeyName(f.threat_id, f.facet));
  }
  if (!f.source.empty()) absl::StrAppend(&detail, "\nWhere: ", f.source);
  absl::StrAppend(&detail,
                  "\nSeverity: ", std::string(rules::SeverityName(f.severity)));
  if (const rules::RuleInfo* rule = rules::FindRule(f.threat_id)) {
    absl::StrAppend(&detail,
                    " (STRIDE: ", std::string(rules::StrideName(rule->stride)),
                    ")");
  }
  absl::StrAppend(&detail, "\n\nRemediation: ", f.remediation);
  if (f.status == rules::Status::kUndecided) {
    absl::StrAppend(&detail,
                    "\n\nA value this check depends on is not known at plan "
                    "time, so the check was not made. Pass known values "
                    "(through locals), or state them explicitly.");
  }
  return detail;
}

Value FindingValue(const rules::Finding& f) {
  Value waiver = Value::Null(WaiverOutputType());
  if (f.waiver.has_value()) {
    waiver = Value::Object({
        {"justification", Value::String(f.waiver->justification)},
        {"expires", Value::String(f.waiver->expires)},
        {"approver", Value::String(f.waiver->approver)},
    });
  }
  return Value::Object({
      {"threat", Value::String(f.threat_id)},
      {"facet", f.facet.empty() ? Value::Null(cty::Type::String())
                                : Value::String(f.facet)},
      {"title", Value::String(f.title)},
      {"severity", Value::String(std::string(rules::SeverityName(f.severity)))},
      {"status", Value::String(std::string(rules::StatusName(f.status)))},
      {"enforcement",
       Value::String(std::string(rules::EnforcementName(f.enforcement)))},
      {"subject", Value::String(f.subject)},
      {"source", Value::String(f.source)},
      {"message", Value::String(f.message)},
      {"remediation", Value::String(f.remediation)},
      {"waiver", waiver},
  });
}

std::vector<std::string> Threats(const Value& config,
                                 diag::Diagnostics& diags) {
  std::vector<std::string> out;
  const Value* threats = config.GetAttr("threats");
  if (threats == nullptr || threats->IsNull() || !threats->IsKnown()) {
    return out;
  }
  int64_t i = 0;
  for (const Value& t : threats->elements()) {
    const Path path = Path().Attr("threats").Index(i++);
    if (!t.IsKnown()) continue;
    if (t.IsNull()) {
      diags.AddAttributeError(path, "Invalid threat ID",
                              "Threat IDs cannot be null.");
      continue;
    }
    const rules::RuleInfo* rule = rules::FindRule(t.AsString());
    if (rule == nullptr) {
      diags.AddAttributeError(
          path, "Unknown threat ID",
          absl::StrCat("\"", t.AsString(),
                       "\" is not a threat this provider checks. Known "
                       "threats: ",
                       absl::StrJoin(rules::RuleIds(), ", "), "."));
      continue;
    }
    out.emplace_back(rule->id);
  }
  return out;
}

// A stated backend is recorded; the working directory's backend is
// observed unless discover_backend = false. The engine lets the
// observation win and reports a contradicting statement.
void ReadBackend(const Value& config, rules::Input& input,
                 std::map<std::string, Path>& paths, diag::Diagnostics& diags) {
  const Path path = Path().Attr("backend");
  std::optional<Value> stated =
      ConformValue(*config.GetAttr("backend"), BackendSpec(), path, diags);
  if (stated.has_value() && !stated->IsNull()) {
    std::vector<std::string> settings =
        StringList(stated->GetAttr("settings"), path.Attr("settings"), diags)
            .value_or(std::vector<std::string>{});
    input.stated_backend = rules::StatedBackend(
        stated->GetAttr("type")->AsString(), settings, path.ToString());
    paths.emplace(path.ToString(), path);
  }
  const Value* discover = config.GetAttr("discover_backend");
  if (discover != nullptr && !discover->IsNull() && !discover->AsBool()) {
    return;
  }
  std::string working_dir = ".";
  const Value* wd = config.GetAttr("working_dir");
  if (wd != nullptr && !wd->IsNull()) working_dir = wd->AsString();
  absl::StatusOr<rules::Backend> backend = workdir::DiscoverBackend(
      workdir::DiscoveryOptionsFromEnvironment(working_dir));
  if (!backend.ok()) {
    // The message names the file and the problem, never its contents.
    diags.AddAttributeError(Path().Attr("working_dir"),
                            "Cannot read the state backend",
                            std::string(backend.status().message()));
    return;
  }
  input.observed_backend.state = rules::BackendObservation::State::kObserved;
  input.observed_backend.backend = *std::move(backend);
}

void Report(const rules::Report& report,
            const std::map<std::string, Path>& paths, bool as_warnings,
            diag::Diagnostics& diags) {
  auto path_of = [&](const std::string& source) -> std::optional<Path> {
    auto it = paths.find(source);
    if (it == paths.end() || it->second.empty()) return std::nullopt;
    return it->second;
  };
  for (const rules::Finding& f : report.findings) {
    if (f.status != rules::Status::kViolation &&
        f.status != rules::Status::kUndecided) {
      continue;
    }
    diag::Diagnostic d;
    d.severity = f.enforcement == rules::Enforcement::kMandatory && !as_warnings
                     ? diag::Severity::kError
                     : diag::Severity::kWarning;
    d.summary = absl::StrCat(f.threat_id, ": ", f.title);
    if (f.status == rules::Status::kUndecided) {
      absl::StrAppend(&d.summary, " (undecided at plan time)");
    }
    d.detail = FormatDetail(f);
    if (as_warnings && f.enforcement == rules::Enforcement::kMandatory) {
      absl::StrAppend(&d.detail,
                      "\n\nMandatory: reported as a warning because the "
                      "provider block sets violations_as_warnings; `passed` "
                      "is false and `blocking` lists it.");
    }
    d.attribute = path_of(f.source);
    if (!d.attribute && !f.related_sources.empty()) {
      d.attribute = path_of(f.related_sources.front());
    }
    diags.Add(std::move(d));
  }
  for (const rules::WaiverIssue& issue : report.waiver_issues) {
    diag::Diagnostic d;
    d.severity = diag::Severity::kError;
    d.summary = issue.problem == rules::WaiverProblem::kExpired
                    ? "Expired waiver"
                    : "Malformed waiver";
    d.detail = absl::StrCat(
        issue.message, "\n\nWaiver ", issue.source, " (threat \"",
        issue.threat_id, "\", subject \"", issue.subject,
        "\") does not apply, so the findings it would cover stand.");
    d.attribute = path_of(issue.source);
    diags.Add(std::move(d));
  }
}

// The first control input that is not wholly known, or nullptr.
// Why `passed` is false, a line per reason, each keeping the threat ID,
// the subject and the remediation: what a postcondition's error_message
// shows.
Value BlockingLines(const rules::Report& report) {
  std::vector<Value> lines;
  for (const rules::Finding& f : report.findings) {
    if (f.enforcement != rules::Enforcement::kMandatory ||
        (f.status != rules::Status::kViolation &&
         f.status != rules::Status::kUndecided)) {
      continue;
    }
    lines.push_back(Value::String(absl::StrCat(
        f.threat_id, " ", f.subject,
        f.status == rules::Status::kUndecided ? " (undecided)" : "", ": ",
        f.message, " Remediation: ", f.remediation)));
  }
  for (const rules::WaiverIssue& issue : report.waiver_issues) {
    lines.push_back(Value::String(absl::StrCat(
        issue.problem == rules::WaiverProblem::kExpired ? "Expired"
                                                        : "Malformed",
        " waiver ", issue.source, " (", issue.threat_id, " ", issue.subject,
        "): ", issue.message)));
  }
  return Value::List(Type::String(), std::move(lines));
}

}  // namespace

const char* FirstUnknownControl(const Value& config) {
  for (const char* name : {"threats", "backend", "discover_backend",
                           "working_dir", "policy", "waivers"}) {
    const Value* v = config.GetAttr(name);
    if (v != nullptr && !v->IsWhollyKnown()) return name;
  }
  return nullptr;
}

std::vector<provider::Attribute> AssertionInputAttributes() {
  Attribute backend = OptionalAttribute(
      "backend", Type::Dynamic(),
      absl::StrCat(
          "T-2: the state backend as the module author expects it, an object "
          "with `type` (required: the backend type, such as `azurerm`) and "
          "`settings` (the names of the backend settings that are set, such "
          "as `use_azuread_auth`; values are never needed); any other key "
          "is an error. The backend is always read from the working "
          "directory (`$TF_DATA_DIR` or `.terraform`, file "
          "`terraform.tfstate`; no file there means local state) and what is "
          "observed there wins: a stated backend of another type is a "
          "violation that names both. Only with `discover_backend = false` "
          "is the stated backend judged on its own."));

  Attribute policy = PolicyAttribute(
      "Overrides of the provider block's policy settings for this "
      "assertion.");

  return {

      OptionalAttribute("threats", Type::List(Type::String()),
                        absl::StrCat("Threat IDs to check: any of ",
                                     ThreatIdList(), ". Defaults to all.")),
      backend,
      OptionalAttribute("discover_backend", Type::Bool(),
                        "Whether to read the backend from the working "
                        "directory when `backend` is omitted. Defaults to "
                        "`true`; `false` leaves T-2 not applicable."),
      OptionalAttribute("working_dir", Type::String(),
                        "Directory holding the Terraform data directory. "
                        "Defaults to the directory Terraform runs in."),
      DynamicInput("automation_accounts",
                   "E-1: Automation accounts keyed by name, each with "
                   "`principal_id` (or `identity`) and `role_assignments` "
                   "(objects with `role_definition_name` or "
                   "`role_definition_id`, and `scope`)."),
      DynamicInput("users",
                   "E-3: users keyed by name (UPN), each with "
                   "`principal_id`, optional `tier` and `role_assignments`."),
      DynamicInput("role_assignments",
                   "Further role assignments (`principal_id`, "
                   "`principal_type`, `role_definition_name` or "
                   "`role_definition_id`, `scope`). They count for the "
                   "Automation account or user with the same principal ID, "
                   "and principals of type `User` are checked for E-3."),
      OptionalAttribute(
          "resources", Type::Dynamic(),
          "Whole resources keyed by their address without instance keys, "
          "as Terraform names them: `{ \"azurerm_role_assignment.users\" = "
          "azurerm_role_assignment.users, \"azurerm_automation_account.aa\" "
          "= azurerm_automation_account.aa }`. Each value is the resource "
          "itself: one object, a list (`count`) or a map (`for_each`). The "
          "key tells the type, and findings name the instance address, such "
          "as `azurerm_role_assignment.users[\"alice\"]`. A role assignment "
          "counts for the Automation account or user whose principal ID it "
          "names; while both IDs are unknown the link cannot be made, so a "
          "privileged grant is undecided. A type no rule reads is an error, "
          "except the threat model's other types, which are accepted and "
          "not judged yet."),
      policy,
      WaiversAttribute(
          "Accepted risks, added to the provider block's waivers. A waiver "
          "that is malformed or expired fails the plan (fails closed)."),
  };
}

const std::vector<std::string>& AssertionResourceInputs() {
  static const std::vector<std::string>* names = new std::vector<std::string>{
      "automation_accounts", "users", "role_assignments", "resources"};
  return *names;
}

std::vector<provider::Attribute> AssertionOutputAttributes() {
  return {
      ComputedAttribute("findings", Type::List(FindingType()),
                        "Every finding: `threat`, `facet` (the part of "
                        "the threat it is about, which `enforcement` and "
                        "waivers can name as `ID/facet`; null for the "
                        "threat as a whole), `title`, `severity`, "
                        "`status` (`violation`, `undecided`, `pass`, "
                        "`not_applicable`, `waived`), `enforcement`, "
                        "`subject`, `source`, `message`, `remediation`, and "
                        "the `waiver` applied, if any."),
      ComputedAttribute("passed", Type::Bool(),
                        "True when no mandatory finding is a violation or "
                        "undecided and every waiver is valid."),
      ComputedAttribute(
          "blocking", Type::List(Type::String()),
          "Why `passed` is false, one line per mandatory violation or "
          "undecided finding (threat ID, subject, message and remediation) "
          "and per waiver that does not apply; empty when `passed` is true. "
          "Made for a postcondition's `error_message`: see "
          "docs/testing.md."),
  };
}

std::string ThreatSummary() {
  std::vector<std::string> threats;
  for (const rules::RuleInfo& rule : rules::Rules()) {
    threats.push_back(
        absl::StrCat(std::string(rule.id), " ", std::string(rule.title)));
  }
  return absl::StrJoin(threats, "; ");
}

void ValidateAssertionInputs(const Value& config, diag::Diagnostics& diags) {
  if (config.IsNull() || !config.IsKnown()) return;
  (void)Threats(config, diags);
  rules::Policy scratch;
  if (const Value* policy = config.GetAttr("policy")) {
    ApplyPolicyConfig(*policy, Path().Attr("policy"), PolicyScope::kAssertion,
                      scratch, diags);
  }
  if (const Value* waivers = config.GetAttr("waivers")) {
    AppendWaivers(*waivers, Path().Attr("waivers"), ".waivers", scratch.waivers,
                  diags);
  }
  if (const Value* backend = config.GetAttr("backend")) {
    (void)ConformValue(*backend, BackendSpec(), Path().Attr("backend"), diags);
  }
  (void)ReadDeploymentInputs(config, diags);
}

std::optional<Assessment> Assess(const provider::RequestContext& context,
                                 const Value& config, absl::CivilDay today,
                                 diag::Diagnostics& diags) {
  if (!context.provider_config.IsWhollyKnown()) {
    diags.AddError(
        "Provider configuration not known",
        "The provider block's policy or waivers depend on values that are "
        "not known yet, so the threat model cannot be judged. Set them from "
        "values known at plan time.");
    return std::nullopt;
  }
  if (const char* name = FirstUnknownControl(config)) {
    diags.AddAttributeError(
        Path().Attr(name), "Value not known at plan time",
        absl::StrCat("\"", name,
                     "\" decides what is judged and how, so it must be known "
                     "when Terraform plans. Set it from constants, variables "
                     "or locals rather than from attributes of resources that "
                     "do not exist yet."));
    return std::nullopt;
  }
  rules::Policy policy;
  // ConfigureProvider has checked the provider block; its paths mean
  // nothing in this data source's block, so problems carry none.
  diag::Diagnostics provider_diags;
  ApplyPolicyConfig(context.provider_config, Path(),
                    PolicyScope::kProviderBlock, policy, provider_diags);
  if (const Value* w = Member(context.provider_config, "waivers")) {
    AppendWaivers(*w, Path().Attr("waivers"), "provider.waivers",
                  policy.waivers, provider_diags);
  }
  for (const diag::Diagnostic& d : provider_diags.items()) {
    diags.AddError(absl::StrCat("Invalid provider configuration: ", d.summary),
                   d.detail);
  }
  ApplyPolicyConfig(*config.GetAttr("policy"), Path().Attr("policy"),
                    PolicyScope::kAssertion, policy, diags);
  std::map<std::string, Path> paths;
  const size_t provider_waivers = policy.waivers.size();
  AppendWaivers(*config.GetAttr("waivers"), Path().Attr("waivers"), ".waivers",
                policy.waivers, diags);
  for (size_t i = provider_waivers; i < policy.waivers.size(); ++i) {
    paths.emplace(policy.waivers[i].source,
                  Path().Attr("waivers").Index(
                      static_cast<int64_t>(i - provider_waivers)));
  }
  if (absl::Status s = rules::ValidatePolicy(policy); !s.ok()) {
    diags.AddStatus(s, "Invalid policy");
  }
  std::vector<std::string> threats = Threats(config, diags);

  DeploymentInputs inputs = ReadDeploymentInputs(config, diags);
  paths.merge(inputs.paths);
  ReadBackend(config, inputs.input, paths, diags);
  if (diags.HasError()) return std::nullopt;

  absl::StatusOr<rules::Report> report =
      rules::Evaluate(inputs.input, policy, threats, today);
  if (!report.ok()) {
    diags.AddStatus(report.status(), "Cannot evaluate the threat model");
    return std::nullopt;
  }
  const Value* as_warnings =
      Member(context.provider_config, "violations_as_warnings");
  Report(*report, paths,
         as_warnings != nullptr && as_warnings->IsKnown() &&
             !as_warnings->IsNull() && as_warnings->AsBool(),
         diags);

  std::vector<Value> findings;
  for (const rules::Finding& f : report->findings) {
    findings.push_back(FindingValue(f));
  }
  return Assessment{Value::List(FindingType(), std::move(findings)),
                    report->passed, BlockingLines(*report)};
}

void SetAssertionOutputs(const Assessment* assessment,
                         std::map<std::string, Value>& attributes) {
  if (assessment == nullptr) {
    attributes["findings"] = Value::Unknown(Type::List(FindingType()));
    attributes["passed"] = Value::Unknown(Type::Bool());
    attributes["blocking"] = Value::Unknown(Type::List(Type::String()));
    return;
  }
  attributes["findings"] = assessment->findings;
  attributes["passed"] = Value::Bool(assessment->passed);
  attributes["blocking"] = assessment->blocking;
}

}  // namespace threatmodel::datasources
