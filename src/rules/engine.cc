#include "threatmodel/rules/engine.h"

#include <algorithm>
#include <exception>
#include <new>
#include <string>
#include <string_view>
#include <tuple>
#include <utility>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/time/clock.h"
#include "absl/time/time.h"
#include "rules/compiled_policy.h"
#include "rules/engine_internal.h"
#include "rules/facts.h"
#include "rules/rule_order.h"
#include "rules/rules_internal.h"
#include "rules/string_view_compat.h"
#include "threatmodel/base/status_macros.h"
#include "threatmodel/rules/rule.h"

namespace threatmodel::rules {
namespace {

using internal::CompiledPolicy;
using internal::Facts;
using internal::RuleEntry;

// Stage 1b: the selector as indexes into the catalogue, in catalogue order.
absl::StatusOr<std::vector<std::size_t>> SelectRules(
    absl::Span<const std::string> threats) {
  absl::Span<const RuleEntry> entries = internal::RuleEntries();
  std::vector<bool> chosen(entries.size(), threats.empty());
  for (const std::string& wanted : threats) {
    absl::string_view id = absl::StripAsciiWhitespace(wanted);
    bool found = false;
    for (std::size_t i = 0; i < entries.size(); ++i) {
      if (!absl::EqualsIgnoreCase(internal::Av(entries[i].info.id), id)) {
        continue;
      }
      if (chosen[i]) {
        return absl::InvalidArgumentError(
            absl::StrCat("threat \"", id, "\" is selected twice"));
      }
      chosen[i] = true;
      found = true;
    }
    if (!found) {
      return absl::InvalidArgumentError(
          absl::StrCat("unknown threat \"", id.substr(0, 40),
                       "\" (known: ", absl::StrJoin(RuleIds(), ", "), ")"));
    }
  }
  std::vector<std::size_t> out;
  for (std::size_t i = 0; i < entries.size(); ++i) {
    if (chosen[i]) out.push_back(i);
  }
  return out;
}

// Stage 2b: resources a rule reads that a front end could not list yet
// leave the rule undecided about them.
std::vector<Finding> UnknownInputs(
    const RuleInfo& info, const std::vector<UnknownResources>& unknown) {
  // One finding per input, naming every type of it the rule reads.
  std::vector<std::pair<std::string, std::vector<std::string>>> inputs;
  for (const UnknownResources& u : unknown) {
    bool read = false;
    for (std::string_view type : info.resource_types) read |= type == u.type;
    if (!read) continue;
    auto it = std::find_if(inputs.begin(), inputs.end(),
                           [&](const auto& i) { return i.first == u.source; });
    if (it == inputs.end()) {
      inputs.push_back({u.source, {}});
      it = inputs.end() - 1;
    }
    it->second.push_back(u.type);
  }
  std::vector<Finding> out;
  for (const auto& [source, types] : inputs) {
    // Waivers name the input as written, without a path's leading dot.
    const std::string subject =
        !source.empty() && source.front() == '.' ? source.substr(1) : source;
    out.push_back(internal::MakeFinding(
        Status::kUndecided, subject, source,
        absl::StrCat(subject, " is unknown at plan time, so the ",
                     absl::StrJoin(types, " and "),
                     " resources it holds cannot be judged until apply")));
  }
  return out;
}

// Stage 3: what every finding of a rule shares, and the enforcement of its
// facet.
void Stamp(const RuleInfo& info, const Policy& policy, Finding& finding) {
  finding.threat_id = std::string(info.id);
  finding.title = std::string(info.title);
  finding.severity = info.severity;
  // A facet the rule does not declare is a programming error; its finding
  // is judged as the threat's, which is never laxer than a facet default.
  if (!finding.facet.empty() && FindFacet(info, finding.facet) == nullptr) {
    finding.facet.clear();
  }
  finding.enforcement = EnforcementFor(policy, info.id, finding.facet);
  finding.remediation = std::string(info.remediation);
}

// Stage 5: rule order first, so the report reads like the threat model.
void Order(std::vector<Finding>& findings) {
  std::vector<std::string> ids = RuleIds();
  auto rank = [&](const std::string& id) {
    return std::find(ids.begin(), ids.end(), id) - ids.begin();
  };
  std::stable_sort(findings.begin(), findings.end(),
                   [&](const Finding& a, const Finding& b) {
                     return std::make_tuple(rank(a.threat_id), a.subject,
                                            a.facet, a.source, a.message) <
                            std::make_tuple(rank(b.threat_id), b.subject,
                                            b.facet, b.source, b.message);
                   });
}

// Stage 6.
void Summarise(Report& report) {
  bool failed = !report.waiver_issues.empty();
  for (const Finding& f : report.findings) {
    switch (f.status) {
      case Status::kViolation:
        ++report.summary.violations;
        break;
      case Status::kUndecided:
        ++report.summary.undecided;
        break;
      case Status::kPass:
        ++report.summary.passes;
        break;
      case Status::kNotApplicable:
        ++report.summary.not_applicable;
        break;
      case Status::kWaived:
        ++report.summary.waived;
        break;
    }
    if (f.enforcement == Enforcement::kMandatory &&
        (f.status == Status::kViolation || f.status == Status::kUndecided)) {
      failed = true;
    }
  }
  report.passed = !failed;
}

// `facts` is null when the caller hands in facts it built itself (tests).
absl::StatusOr<Report> EvaluateStages(const Input* input, const Facts* given,
                                      const Policy& policy,
                                      absl::Span<const std::string> threats,
                                      absl::CivilDay today) {
  // 1. validate
  THREATMODEL_ASSIGN_OR_RETURN(CompiledPolicy compiled,
                               CompiledPolicy::Compile(policy));
  THREATMODEL_ASSIGN_OR_RETURN(std::vector<std::size_t> selected,
                               SelectRules(threats));

  // 1b. facts
  Facts built;
  if (given == nullptr) built = internal::BuildFacts(*input);
  const Facts& model = given == nullptr ? built : *given;

  // 2-3. evaluate and stamp: the selected rules and the rules whose
  // findings they read, each once, every rule after those it reads.
  const absl::StatusOr<std::vector<std::size_t>>& order =
      internal::RegisteredEvaluationOrder();
  if (!order.ok()) {
    return absl::InternalError(
        absl::StrCat("rule registry: ", order.status().message()));
  }
  absl::Span<const RuleEntry> entries = internal::RuleEntries();
  const std::vector<bool> wanted =
      internal::WithTheRulesTheyRead(entries, selected);
  std::vector<std::vector<Finding>> by_rule(entries.size());
  for (std::size_t index : *order) {
    if (!wanted[index]) continue;
    const RuleEntry& entry = entries[index];
    // Before waivers: see DeclaredFindings.
    internal::DeclaredFindings declared;
    for (std::string_view id : entry.reads_findings_of) {
      for (std::size_t read = 0; read < entries.size(); ++read) {
        if (entries[read].info.id == id) declared.Add(id, by_rule[read]);
      }
    }
    std::vector<Finding>& findings = by_rule[index];
    findings = entry.evaluate(model, compiled, declared);
    if (input != nullptr) {
      for (Finding& finding :
           UnknownInputs(entry.info, input->unknown_resources)) {
        findings.push_back(std::move(finding));
      }
    }
    for (Finding& finding : findings) Stamp(entry.info, policy, finding);
  }

  // Only the selected rules report, in catalogue order.
  Report report;
  std::vector<std::string> selected_ids;
  for (std::size_t index : selected) {
    selected_ids.emplace_back(entries[index].info.id);
    for (Finding& finding : by_rule[index]) {
      report.findings.push_back(std::move(finding));
    }
  }

  // 4. waive
  report.waiver_issues = ApplyWaivers(policy.waivers, ThreatKeys(),
                                      selected_ids, today, report.findings);

  // 5-6. order and summarise
  Order(report.findings);
  Summarise(report);
  return report;
}

absl::StatusOr<Report> Guarded(const Input* input, const Facts* facts,
                               const Policy& policy,
                               absl::Span<const std::string> threats,
                               absl::CivilDay today) {
  // Nothing in the stages throws by design; this keeps allocation failure
  // and library surprises from crossing the module boundary.
  try {
    return EvaluateStages(input, facts, policy, threats, today);
  } catch (const std::bad_alloc&) {
    return absl::ResourceExhaustedError("rule evaluation: out of memory");
  } catch (const std::exception& e) {
    return absl::InternalError(absl::StrCat("rule evaluation: ", e.what()));
  }
}

}  // namespace

absl::StatusOr<Report> Evaluate(const Input& input, const Policy& policy,
                                absl::Span<const std::string> threats,
                                absl::CivilDay today) {
  return Guarded(&input, nullptr, policy, threats, today);
}

absl::StatusOr<Report> EvaluateAccessFacts(
    const Deployment& access, const Policy& policy,
    absl::Span<const std::string> threats, absl::CivilDay today) {
  Facts facts;
  facts.access = access;
  return Guarded(nullptr, &facts, policy, threats, today);
}

absl::CivilDay TodayUtc() {
  return absl::ToCivilDay(absl::Now(), absl::UTCTimeZone());
}

}  // namespace threatmodel::rules
