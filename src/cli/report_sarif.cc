// The SARIF 2.1.0 report. Levels follow the gate: a mandatory violation is
// an "error", an advisory one a "warning"; a finding undecided at plan time
// is a "warning" when mandatory (it fails the check) and a "note" when
// advisory; passes and not-applicable findings are kept with kind "pass" /
// "notApplicable" and level "none" (SARIF requires "none" for them), and
// waived findings keep their level with an accepted external suppression.
//
// Rules list other scanners' checks on the same ground (RuleInfo::peers)
// as relationships to the taxa of one taxonomy per tool, so that users of
// several scanners can de-duplicate.
//
// Locations: every result names its resource address as a logical
// location (plan JSON has no file positions). When the CLI found the
// declaring `.tf` file under --chdir, a physical location relative to the
// SRCROOT base (the working directory) is added.

#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <map>
#include <string>
#include <system_error>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "cli/report.h"
#include "nlohmann/json.hpp"
#include "threatmodel/base/version.h"
#include "threatmodel/rules/rule.h"

namespace threatmodel::cli {
namespace {

using nlohmann::json;

constexpr char kSrcRoot[] = "SRCROOT";

std::string S(std::string_view s) { return std::string(s); }

// "automation-privileged-identity" -> "AutomationPrivilegedIdentity".
std::string PascalCase(std::string_view kebab) {
  std::string out;
  bool upper = true;
  for (char c : kebab) {
    if (c == '-' || c == '_') {
      upper = true;
      continue;
    }
    out.push_back(upper ? absl::ascii_toupper(static_cast<unsigned char>(c))
                        : c);
    upper = false;
  }
  return out;
}

// Percent-encodes everything but RFC 3986 unreserved characters and '/'.
std::string EncodePath(std::string_view path) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string out;
  for (unsigned char c : path) {
    if (absl::ascii_isalnum(c) || c == '-' || c == '.' || c == '_' ||
        c == '~' || c == '/') {
      out.push_back(static_cast<char>(c));
    } else {
      out.push_back('%');
      out.push_back(kHex[c >> 4]);
      out.push_back(kHex[c & 0xF]);
    }
  }
  return out;
}

std::string Fingerprint(const rules::Finding& f) {
  std::uint64_t h = 1469598103934665603ull;
  // The facet joins the threat ID only when there is one, so findings
  // without facets keep the fingerprints they always had.
  const std::string threat = rules::ThreatKeyName(f.threat_id, f.facet);
  for (const std::string* part : {&threat, &f.subject, &f.source}) {
    for (unsigned char c : *part) {
      h ^= c;
      h *= 1099511628211ull;
    }
    h ^= 0xFF;
    h *= 1099511628211ull;
  }
  char buf[17];
  std::snprintf(buf, sizeof(buf), "%016llx",
                static_cast<unsigned long long>(h));
  return buf;
}

json LogicalLocation(const std::string& address) {
  return {{"fullyQualifiedName", address}, {"kind", "resource"}};
}

json Location(const std::string& address, const CheckResult& result) {
  json loc = {{"logicalLocations", json::array({LogicalLocation(address)})}};
  auto found = result.locations.find(address);
  if (found != result.locations.end() && result.working_dir.has_value()) {
    loc["physicalLocation"] = {
        {"artifactLocation",
         {{"uri", EncodePath(found->second.file)}, {"uriBaseId", kSrcRoot}}},
        {"region", {{"startLine", found->second.line}}}};
  }
  return loc;
}

std::string Level(const rules::Finding& f) {
  const bool mandatory = f.enforcement == rules::Enforcement::kMandatory;
  switch (f.status) {
    case rules::Status::kViolation:
    case rules::Status::kWaived:
      return mandatory ? "error" : "warning";
    case rules::Status::kUndecided:
      return mandatory ? "warning" : "note";
    case rules::Status::kPass:
    case rules::Status::kNotApplicable:
      return "none";
  }
  return "none";
}

std::string Kind(rules::Status status) {
  switch (status) {
    case rules::Status::kPass:
      return "pass";
    case rules::Status::kNotApplicable:
      return "notApplicable";
    default:
      return "fail";
  }
}

// Other scanners' checks on the same ground, for de-duplication: each
// tool is a taxonomy of the run whose taxa are its check IDs, and a rule
// relates to the taxa of its peers (SARIF 2.1.0 3.19.3, 3.53).
class PeerTaxonomies {
 public:
  // The rule's `relationships`; empty when it has no peers.
  json RelationshipsOf(const rules::RuleInfo& rule) {
    json out = json::array();
    for (const rules::RulePeer& peer : rule.peers) {
      const std::string tool = S(peer.tool);
      auto [t, added] = tool_index_.emplace(tool, taxonomies_.size());
      if (added) {
        taxonomies_.push_back({{"name", tool}, {"taxa", json::array()}});
      }
      json& taxa = taxonomies_[t->second]["taxa"];
      std::size_t taxon = taxa.size();
      for (std::size_t i = 0; i < taxa.size(); ++i) {
        if (taxa[i]["id"] == S(peer.id)) taxon = i;
      }
      if (taxon == taxa.size()) {
        json entry = {{"id", S(peer.id)}};
        if (!peer.alias.empty()) {
          entry["properties"] = {{"aliases", json::array({S(peer.alias)})}};
        }
        taxa.push_back(std::move(entry));
      }
      json relationship = {
          {"target",
           {{"id", S(peer.id)},
            {"index", taxon},
            {"toolComponent", {{"name", tool}, {"index", t->second}}}}},
          {"kinds", json::array({"relevant"})}};
      // A check that matches one facet names it, as the results do.
      if (!peer.facet.empty()) {
        relationship["properties"] = {
            {"facet", rules::ThreatKeyName(rule.id, peer.facet)}};
      }
      out.push_back(std::move(relationship));
    }
    return out;
  }

  // The run's `taxonomies`; empty when no rule has peers.
  const json& taxonomies() const { return taxonomies_; }

 private:
  std::map<std::string, std::size_t> tool_index_;
  json taxonomies_ = json::array();
};

}  // namespace

std::string RenderSarif(const CheckResult& result) {
  const std::string version(ProviderVersion());
  json rules_json = json::array();
  std::map<std::string, int> rule_index;
  PeerTaxonomies peers;
  for (const std::string& id : result.threats) {
    const rules::RuleInfo* rule = rules::FindRule(id);
    if (rule == nullptr) continue;
    auto enf = result.enforcement.find(id);
    const bool mandatory = enf == result.enforcement.end() ||
                           enf->second == rules::Enforcement::kMandatory;
    rule_index[id] = static_cast<int>(rules_json.size());
    rules_json.push_back({
        {"id", S(rule->id)},
        {"name", PascalCase(rule->short_code)},
        {"shortDescription", {{"text", S(rule->title)}}},
        {"fullDescription", {{"text", S(rule->description)}}},
        {"help",
         {{"text", S(rule->remediation)},
          {"markdown",
           absl::StrCat("**Remediation.** ",
                        absl::string_view(rule->remediation.data(),
                                          rule->remediation.size()))}}},
        {"defaultConfiguration", {{"level", mandatory ? "error" : "warning"}}},
        {"properties",
         {{"security-severity",
           absl::StrFormat("%.1f", rule->security_severity)},
          {"problem.severity", mandatory ? "error" : "warning"},
          {"precision", "high"},
          {"severity", S(rules::SeverityName(rule->severity))},
          {"stride", S(rules::StrideName(rule->stride))},
          {"threat_model_rating", S(rule->threat_model_rating)},
          {"tags",
           json::array({"security", "threat-model", "terraform",
                        absl::StrCat("stride/",
                                     absl::AsciiStrToLower(S(rules::StrideName(
                                         rule->stride))))})}}},
    });
    json relationships = peers.RelationshipsOf(*rule);
    if (!relationships.empty()) {
      rules_json.back()["relationships"] = std::move(relationships);
    }
  }

  json results = json::array();
  for (const rules::Finding& f : result.report.findings) {
    json r = {
        {"ruleId", f.threat_id},
        {"kind", Kind(f.status)},
        {"level", Level(f)},
        {"message", {{"text", f.message}}},
        {"partialFingerprints", {{"threatmodelFinding/v1", Fingerprint(f)}}},
        {"properties",
         {{"status", S(rules::StatusName(f.status))},
          {"subject", f.subject},
          {"enforcement", S(rules::EnforcementName(f.enforcement))},
          {"severity", S(rules::SeverityName(f.severity))}}},
    };
    if (!f.facet.empty()) r["properties"]["facet"] = f.facet;
    auto idx = rule_index.find(f.threat_id);
    if (idx != rule_index.end()) r["ruleIndex"] = idx->second;
    const std::string& where = f.source.empty() ? f.subject : f.source;
    r["locations"] = json::array({Location(where, result)});
    json related = json::array();
    int id = 1;
    for (const std::string& s : f.related_sources) {
      json loc = Location(s, result);
      loc["id"] = id++;
      related.push_back(std::move(loc));
    }
    if (!related.empty()) r["relatedLocations"] = std::move(related);
    if (f.waiver.has_value()) {
      r["suppressions"] =
          json::array({{{"kind", "external"},
                        {"status", "accepted"},
                        {"justification",
                         absl::StrCat(f.waiver->justification, " (approved by ",
                                      f.waiver->approver, ", expires ",
                                      f.waiver->expires, ")")}}});
    }
    results.push_back(std::move(r));
  }

  json exec_notes = json::array();
  for (const plan::DeferredAssertion& d : result.plan.deferred_assertions) {
    exec_notes.push_back(
        {{"level", "note"},
         {"message",
          {{"text",
            absl::StrCat(d.address,
                         ": the data source read was deferred to apply; its "
                         "planned inputs were judged (see the results",
                         d.reason.empty() ? "" : absl::StrCat(": ", d.reason),
                         ")")}}},
         {"locations", json::array({Location(d.address, result)})}});
  }
  for (const std::string& n : result.notes) {
    exec_notes.push_back({{"level", "note"}, {"message", {{"text", n}}}});
  }
  for (const plan::Note& n : result.plan.notes) {
    json note = {{"level", "note"},
                 {"message",
                  {{"text", n.address.empty()
                                ? n.text
                                : absl::StrCat(n.address, ": ", n.text)}}}};
    if (!n.address.empty()) {
      note["locations"] = json::array({Location(n.address, result)});
    }
    exec_notes.push_back(std::move(note));
  }
  json config_notes = json::array();
  for (const rules::WaiverIssue& w : result.report.waiver_issues) {
    config_notes.push_back(
        {{"level", "error"},
         {"message",
          {{"text", absl::StrCat(w.source.empty() ? "waiver" : w.source, " (",
                                 w.threat_id, ", ", w.subject,
                                 "): ", S(rules::WaiverProblemName(w.problem)),
                                 ": ", w.message)}}}});
  }

  json invocation = {{"executionSuccessful", true},
                     {"exitCode", ExitCodeFor(result)}};
  if (!exec_notes.empty()) {
    invocation["toolExecutionNotifications"] = std::move(exec_notes);
  }
  if (!config_notes.empty()) {
    invocation["toolConfigurationNotifications"] = std::move(config_notes);
  }

  json run = {
      {"tool",
       {{"driver",
         {{"name", S(kToolName)},
          {"version", version},
          {"semanticVersion", version},
          {"rules", rules_json}}}}},
      {"invocations", json::array({invocation})},
      {"results", results},
      {"properties",
       {{"input", result.input_name},
        {"passed", result.report.passed},
        {"planFormatVersion", result.plan.summary.format_version},
        {"terraformVersion", result.plan.summary.terraform_version}}},
  };
  if (!peers.taxonomies().empty()) run["taxonomies"] = peers.taxonomies();
  if (result.working_dir.has_value()) {
    std::error_code ec;
    std::filesystem::path abs =
        std::filesystem::absolute(*result.working_dir, ec).lexically_normal();
    if (!ec) {
      std::string uri = EncodePath(abs.generic_string());
      if (uri.empty() || uri.back() != '/') uri.push_back('/');
      run["originalUriBaseIds"] = {
          {kSrcRoot, {{"uri", absl::StrCat("file://", uri)}}}};
    }
  }
  json doc = {
      {"$schema", "https://json.schemastore.org/sarif-2.1.0.json"},
      {"version", "2.1.0"},
      {"runs", json::array({run})},
  };
  return doc.dump(2, ' ', false, json::error_handler_t::replace) + "\n";
}

}  // namespace threatmodel::cli
