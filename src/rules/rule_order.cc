#include "rules/rule_order.h"

#include <algorithm>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "rules/string_view_compat.h"

namespace threatmodel::rules::internal {
namespace {

std::optional<std::size_t> IndexOf(absl::Span<const RuleEntry> entries,
                                   std::string_view id) {
  for (std::size_t i = 0; i < entries.size(); ++i) {
    if (entries[i].info.id == id) return i;
  }
  return std::nullopt;
}

absl::Status CheckDeclarations(absl::Span<const RuleEntry> entries) {
  for (std::size_t i = 0; i < entries.size(); ++i) {
    const RuleEntry& entry = entries[i];
    if (IndexOf(entries, entry.info.id) != i) {
      return absl::FailedPreconditionError(
          absl::StrCat("two rules are registered as ", Av(entry.info.id)));
    }
    for (std::size_t d = 0; d < entry.reads_findings_of.size(); ++d) {
      const std::string_view read = entry.reads_findings_of[d];
      if (!IndexOf(entries, read).has_value()) {
        return absl::FailedPreconditionError(
            absl::StrCat(Av(entry.info.id), " reads the findings of \"",
                         Av(read), "\", which is no registered rule"));
      }
      if (read == entry.info.id) {
        return absl::FailedPreconditionError(
            absl::StrCat(Av(entry.info.id), " reads its own findings"));
      }
      if (std::find(entry.reads_findings_of.begin(),
                    entry.reads_findings_of.begin() + d,
                    read) != entry.reads_findings_of.begin() + d) {
        return absl::FailedPreconditionError(
            absl::StrCat(Av(entry.info.id), " declares the findings of ",
                         Av(read), " twice"));
      }
    }
  }
  return absl::OkStatus();
}

// Depth-first, in entry order and then declaration order, so that the
// order is the same on every run; a rule is placed after what it reads.
class Sorter {
 public:
  explicit Sorter(absl::Span<const RuleEntry> entries)
      : entries_(entries), state_(entries.size(), kUnvisited) {}

  absl::StatusOr<std::vector<std::size_t>> Run() {
    for (std::size_t i = 0; i < entries_.size(); ++i) {
      absl::Status visited = Visit(i);
      if (!visited.ok()) return visited;
    }
    return std::move(order_);
  }

 private:
  enum State { kUnvisited, kOnPath, kPlaced };

  absl::Status Visit(std::size_t index) {
    if (state_[index] == kPlaced) return absl::OkStatus();
    if (state_[index] == kOnPath) {
      std::vector<std::string> cycle;
      auto from = std::find(path_.begin(), path_.end(), index);
      for (auto it = from; it != path_.end(); ++it) {
        cycle.emplace_back(entries_[*it].info.id);
      }
      cycle.emplace_back(entries_[index].info.id);
      return absl::FailedPreconditionError(
          absl::StrCat("rules read each other's findings in a cycle: ",
                       absl::StrJoin(cycle, " -> ")));
    }
    state_[index] = kOnPath;
    path_.push_back(index);
    for (std::string_view read : entries_[index].reads_findings_of) {
      absl::Status visited = Visit(*IndexOf(entries_, read));
      if (!visited.ok()) return visited;
    }
    path_.pop_back();
    state_[index] = kPlaced;
    order_.push_back(index);
    return absl::OkStatus();
  }

  absl::Span<const RuleEntry> entries_;
  std::vector<State> state_;
  std::vector<std::size_t> path_;
  std::vector<std::size_t> order_;
};

}  // namespace

absl::StatusOr<std::vector<std::size_t>> EvaluationOrder(
    absl::Span<const RuleEntry> entries) {
  absl::Status declared = CheckDeclarations(entries);
  if (!declared.ok()) return declared;
  return Sorter(entries).Run();
}

const absl::StatusOr<std::vector<std::size_t>>& RegisteredEvaluationOrder() {
  // Never freed, so no destructor runs at exit.
  static const auto* order = new absl::StatusOr<std::vector<std::size_t>>(
      EvaluationOrder(RuleEntries()));
  return *order;
}

std::vector<bool> WithTheRulesTheyRead(absl::Span<const RuleEntry> entries,
                                       absl::Span<const std::size_t> selected) {
  std::vector<bool> wanted(entries.size(), false);
  std::vector<std::size_t> pending(selected.begin(), selected.end());
  while (!pending.empty()) {
    const std::size_t index = pending.back();
    pending.pop_back();
    if (wanted[index]) continue;
    wanted[index] = true;
    for (std::string_view read : entries[index].reads_findings_of) {
      // Unknown IDs are rejected by EvaluationOrder before any selection.
      if (std::optional<std::size_t> dep = IndexOf(entries, read)) {
        pending.push_back(*dep);
      }
    }
  }
  return wanted;
}

}  // namespace threatmodel::rules::internal
