#include "threatmodel/rules/rule.h"

#include <algorithm>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/string_view.h"
#include "rules/rules_internal.h"
#include "rules/string_view_compat.h"

namespace threatmodel::rules {
namespace internal {

namespace {

// The threat model's order: STRIDE letter, then the threat's number.
std::pair<int, int> CatalogueRank(std::string_view id) {
  static constexpr std::string_view kStride = "STRIDE";
  const std::size_t letter =
      id.empty() ? kStride.size() : kStride.find(id.front());
  int number = 0;
  for (char c : id.substr(std::min<std::size_t>(2, id.size()))) {
    if (c < '0' || c > '9') break;
    number = number * 10 + (c - '0');
  }
  return {static_cast<int>(letter), number};
}

}  // namespace

absl::Span<const RuleEntry> RuleEntries() {
  // Built on first use (thread-safe static initialisation) and never freed,
  // so no destructor runs at exit.
  static const std::vector<RuleEntry>* entries = [] {
    auto* out = new std::vector<RuleEntry>(RegisteredRules());
    std::stable_sort(
        out->begin(), out->end(), [](const RuleEntry& a, const RuleEntry& b) {
          return CatalogueRank(a.info.id) < CatalogueRank(b.info.id);
        });
    return out;
  }();
  return *entries;
}

Finding MakeFinding(Status status, std::string subject, std::string source,
                    std::string message) {
  Finding finding;
  finding.status = status;
  finding.subject = std::move(subject);
  finding.source = std::move(source);
  finding.message = std::move(message);
  return finding;
}

Finding ResourceFinding(Status status, const Resource& r, std::string facet,
                        std::string message) {
  Finding finding =
      MakeFinding(status, r.subject.empty() ? r.address : r.subject, r.source,
                  std::move(message));
  finding.facet = std::move(facet);
  return finding;
}

}  // namespace internal

const std::vector<std::string>& RelevantResourceTypes() {
  static const std::vector<std::string>* types = [] {
    std::set<std::string> all;
    for (std::string_view type : internal::FactResourceTypes()) {
      all.emplace(type);
    }
    for (const internal::RuleEntry& entry : internal::RuleEntries()) {
      for (std::string_view type : entry.info.resource_types) {
        all.emplace(type);
      }
    }
    return new std::vector<std::string>(all.begin(), all.end());
  }();
  return *types;
}

bool IsRelevantResourceType(bool data, std::string_view type) {
  const std::vector<std::string>& types = RelevantResourceTypes();
  if (data) {
    std::string name = "data.";
    name.append(type);
    return std::binary_search(types.begin(), types.end(), name);
  }
  return std::binary_search(types.begin(), types.end(), type);
}

const std::vector<std::string>& KeySourceResourceTypes() {
  static const std::vector<std::string>* types = [] {
    std::set<std::string> all;
    for (const internal::RuleEntry& entry : internal::RuleEntries()) {
      for (std::string_view type : entry.info.key_sources) all.emplace(type);
    }
    return new std::vector<std::string>(all.begin(), all.end());
  }();
  return *types;
}

const std::vector<std::string>& ContextResourceTypes() {
  static const std::vector<std::string>* types = [] {
    std::set<std::string> context;
    for (const internal::RuleEntry& entry : internal::RuleEntries()) {
      for (std::string_view type : entry.info.context_types) {
        if (!IsRelevantResourceType(false, type)) context.emplace(type);
      }
    }
    return new std::vector<std::string>(context.begin(), context.end());
  }();
  return *types;
}

bool IsContextResourceType(std::string_view type) {
  const std::vector<std::string>& types = ContextResourceTypes();
  return std::binary_search(types.begin(), types.end(), type);
}

absl::Span<const RuleInfo> Rules() {
  static const std::vector<RuleInfo>* infos = [] {
    auto* out = new std::vector<RuleInfo>;
    for (const internal::RuleEntry& entry : internal::RuleEntries()) {
      out->push_back(entry.info);
    }
    return out;
  }();
  return *infos;
}

const RuleInfo* FindRule(std::string_view id_in) {
  absl::string_view id = absl::StripAsciiWhitespace(internal::Av(id_in));
  for (const RuleInfo& rule : Rules()) {
    if (absl::EqualsIgnoreCase(internal::Av(rule.id), id)) return &rule;
  }
  return nullptr;
}

std::vector<std::string> RuleIds() {
  std::vector<std::string> ids;
  for (const RuleInfo& rule : Rules()) ids.emplace_back(rule.id);
  return ids;
}

const RuleFacet* FindFacet(const RuleInfo& rule, std::string_view name) {
  for (const RuleFacet& facet : rule.facets) {
    if (absl::EqualsIgnoreCase(internal::Av(facet.name), internal::Av(name))) {
      return &facet;
    }
  }
  return nullptr;
}

std::optional<ThreatKey> FindThreatKey(std::string_view key_in) {
  absl::string_view key = absl::StripAsciiWhitespace(internal::Av(key_in));
  const std::size_t slash = key.find('/');
  ThreatKey out;
  out.rule = FindRule(internal::Sv(key.substr(0, slash)));
  if (out.rule == nullptr) return std::nullopt;
  if (slash == absl::string_view::npos) return out;
  out.facet = FindFacet(*out.rule, internal::Sv(key.substr(slash + 1)));
  if (out.facet == nullptr) return std::nullopt;
  return out;
}

std::string ThreatKeyName(std::string_view id, std::string_view facet) {
  std::string out(id);
  if (!facet.empty()) {
    out.push_back('/');
    out.append(facet);
  }
  return out;
}

std::vector<std::string> ThreatKeys() {
  std::vector<std::string> keys;
  for (const RuleInfo& rule : Rules()) {
    keys.emplace_back(rule.id);
    for (const RuleFacet& facet : rule.facets) {
      keys.push_back(ThreatKeyName(rule.id, facet.name));
    }
  }
  return keys;
}

}  // namespace threatmodel::rules
