// The JSON report; its schema is documented in docs/cli-json-schema.md and
// checked against the JSON Schema there by the tests.

#include <string>

#include "cli/report.h"
#include "nlohmann/json.hpp"
#include "threatmodel/base/version.h"
#include "threatmodel/rules/rule.h"

namespace threatmodel::cli {
namespace {

using nlohmann::json;

std::string S(std::string_view s) { return std::string(s); }

json FindingJson(const rules::Finding& f, const CheckResult& result) {
  json j = {
      {"threat_id", f.threat_id},
      {"title", f.title},
      {"severity", S(rules::SeverityName(f.severity))},
      {"enforcement", S(rules::EnforcementName(f.enforcement))},
      {"status", S(rules::StatusName(f.status))},
      {"subject", f.subject},
      {"source", f.source},
      {"related_sources", f.related_sources},
      {"message", f.message},
      {"remediation", f.remediation},
      {"location", nullptr},
      {"waiver", nullptr},
  };
  // Only faceted findings carry the key, so reports of threats without
  // facets read exactly as before.
  if (!f.facet.empty()) j["facet"] = f.facet;
  auto loc = result.locations.find(f.source);
  if (loc != result.locations.end()) {
    j["location"] = {{"file", loc->second.file}, {"line", loc->second.line}};
  }
  if (f.waiver.has_value()) {
    j["waiver"] = {{"justification", f.waiver->justification},
                   {"expires", f.waiver->expires},
                   {"approver", f.waiver->approver},
                   {"source", f.waiver->source}};
  }
  return j;
}

}  // namespace

std::string RenderJson(const CheckResult& result) {
  const plan::PlanSummary& ps = result.plan.summary;
  json rules_json = json::array();
  for (const std::string& id : result.threats) {
    const rules::RuleInfo* rule = rules::FindRule(id);
    if (rule == nullptr) continue;
    auto enf = result.enforcement.find(id);
    rules_json.push_back({
        {"id", S(rule->id)},
        {"short_code", S(rule->short_code)},
        {"title", S(rule->title)},
        {"stride", S(rules::StrideName(rule->stride))},
        {"severity", S(rules::SeverityName(rule->severity))},
        {"security_severity", rule->security_severity},
        {"enforcement",
         S(rules::EnforcementName(enf == result.enforcement.end()
                                      ? rules::Enforcement::kMandatory
                                      : enf->second))},
        {"description", S(rule->description)},
        {"remediation", S(rule->remediation)},
    });
    // Only rules with facets carry the key, so the others read as before.
    json facets = json::array();
    for (const rules::RuleFacet& facet : rule->facets) {
      auto level =
          result.enforcement.find(rules::ThreatKeyName(rule->id, facet.name));
      facets.push_back({{"name", S(facet.name)},
                        {"enforcement", S(rules::EnforcementName(
                                            level == result.enforcement.end()
                                                ? facet.enforcement
                                                : level->second))},
                        {"description", S(facet.description)}});
    }
    if (!facets.empty()) rules_json.back()["facets"] = std::move(facets);
  }
  json findings = json::array();
  for (const rules::Finding& f : result.report.findings) {
    findings.push_back(FindingJson(f, result));
  }
  json waiver_issues = json::array();
  for (const rules::WaiverIssue& w : result.report.waiver_issues) {
    waiver_issues.push_back(
        {{"problem", S(rules::WaiverProblemName(w.problem))},
         {"threat_id", w.threat_id},
         {"subject", w.subject},
         {"source", w.source},
         {"message", w.message}});
  }
  json deferred = json::array();
  for (const plan::DeferredAssertion& d : result.plan.deferred_assertions) {
    deferred.push_back({{"address", d.address}, {"reason", d.reason}});
  }
  json notes = json::array();
  for (const std::string& n : result.notes) {
    notes.push_back({{"address", ""}, {"text", n}});
  }
  for (const plan::Note& n : result.plan.notes) {
    notes.push_back({{"address", n.address}, {"text", n.text}});
  }
  const rules::Summary& s = result.report.summary;
  json doc = {
      {"schema_version", kJsonSchemaVersion},
      {"tool", {{"name", S(kToolName)}, {"version", S(ProviderVersion())}}},
      {"input", result.input_name},
      {"plan",
       {{"format_version", ps.format_version},
        {"terraform_version", ps.terraform_version},
        {"resource_changes", ps.resource_changes},
        {"role_assignments", ps.role_assignments},
        {"automation_accounts", ps.automation_accounts},
        {"destroyed", ps.destroyed},
        {"has_configuration", ps.has_configuration},
        {"errored", ps.errored}}},
      {"working_dir", result.working_dir.has_value() ? json(*result.working_dir)
                                                     : json(nullptr)},
      {"passed", result.report.passed},
      {"exit_code", ExitCodeFor(result)},
      {"summary",
       {{"violations", s.violations},
        {"undecided", s.undecided},
        {"passes", s.passes},
        {"not_applicable", s.not_applicable},
        {"waived", s.waived}}},
      {"rules", rules_json},
      {"findings", findings},
      {"waiver_issues", waiver_issues},
      {"deferred_assertions", deferred},
      {"notes", notes},
  };
  // Invalid UTF-8 cannot occur (inputs are validated), but never throw.
  return doc.dump(2, ' ', false, json::error_handler_t::replace) + "\n";
}

}  // namespace threatmodel::cli
