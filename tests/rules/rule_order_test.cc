// The engine's evaluation order: rules after the rules whose findings they
// read, and a registry with an unknown ID or a cycle rejected.

#include "rules/rule_order.h"

#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "rules/rules_internal.h"
#include "threatmodel/rules/rule.h"

namespace threatmodel::rules::internal {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;

RuleEntry Entry(std::string_view id, std::vector<std::string_view> reads) {
  RuleEntry entry;
  entry.info.id = id;
  entry.evaluate = nullptr;  // never called here
  entry.reads_findings_of = std::move(reads);
  return entry;
}

std::string ErrorOf(const std::vector<RuleEntry>& entries) {
  absl::StatusOr<std::vector<std::size_t>> order = EvaluationOrder(entries);
  EXPECT_FALSE(order.ok());
  return order.ok() ? "" : std::string(order.status().message());
}

TEST(RuleOrder, RulesThatReadNothingKeepTheirOrder) {
  absl::StatusOr<std::vector<std::size_t>> order =
      EvaluationOrder({Entry("S-1", {}), Entry("T-2", {}), Entry("E-1", {})});
  ASSERT_TRUE(order.ok()) << order.status();
  EXPECT_THAT(*order, ElementsAre(0, 1, 2));
}

TEST(RuleOrder, ARuleComesAfterTheRulesItReads) {
  // I-2 reads T-2 and D-9, which is listed after both and reads T-2 too.
  absl::StatusOr<std::vector<std::size_t>> order = EvaluationOrder(
      {Entry("I-2", {"D-9", "T-2"}), Entry("T-2", {}), Entry("D-9", {"T-2"})});
  ASSERT_TRUE(order.ok()) << order.status();
  EXPECT_THAT(*order, ElementsAre(1, 2, 0));
}

TEST(RuleOrder, AnUnknownIdIsRejected) {
  EXPECT_THAT(ErrorOf({Entry("T-2", {}), Entry("I-2", {"T-9"})}),
              HasSubstr("I-2 reads the findings of \"T-9\", which is no "
                        "registered rule"));
}

TEST(RuleOrder, ARuleReadingItselfIsRejected) {
  EXPECT_THAT(ErrorOf({Entry("T-2", {"T-2"})}),
              HasSubstr("T-2 reads its own findings"));
}

TEST(RuleOrder, ACycleIsRejectedAndNamed) {
  EXPECT_THAT(ErrorOf({Entry("A-1", {"B-2"}), Entry("B-2", {"C-3"}),
                       Entry("C-3", {"A-1"}), Entry("D-4", {})}),
              HasSubstr("cycle: A-1 -> B-2 -> C-3 -> A-1"));
}

TEST(RuleOrder, DuplicatesAreRejected) {
  EXPECT_THAT(ErrorOf({Entry("T-2", {}), Entry("I-2", {"T-2", "T-2"})}),
              HasSubstr("I-2 declares the findings of T-2 twice"));
  EXPECT_THAT(ErrorOf({Entry("T-2", {}), Entry("T-2", {})}),
              HasSubstr("two rules are registered as T-2"));
}

TEST(RuleOrder, SelectionPullsInWhatItReadsTransitively) {
  const std::vector<RuleEntry> entries = {Entry("A-1", {"B-2"}),
                                          Entry("B-2", {"C-3"}),
                                          Entry("C-3", {}), Entry("D-4", {})};
  const std::vector<std::size_t> selected = {0};
  EXPECT_THAT(WithTheRulesTheyRead(entries, selected),
              ElementsAre(true, true, true, false));
  const std::vector<std::size_t> none = {};
  EXPECT_THAT(WithTheRulesTheyRead(entries, none),
              ElementsAre(false, false, false, false));
}

// The generated registry is valid, and I-2 follows T-2 through it.
TEST(RuleOrder, TheRegistryIsOrderedAndI2ReadsT2) {
  const absl::StatusOr<std::vector<std::size_t>>& order =
      RegisteredEvaluationOrder();
  ASSERT_TRUE(order.ok()) << order.status();
  absl::Span<const RuleEntry> entries = RuleEntries();
  ASSERT_EQ(order->size(), entries.size());
  std::vector<std::size_t> position(entries.size());
  for (std::size_t p = 0; p < order->size(); ++p) position[(*order)[p]] = p;
  bool i2_reads_t2 = false;
  for (std::size_t i = 0; i < entries.size(); ++i) {
    for (std::string_view read : entries[i].reads_findings_of) {
      for (std::size_t j = 0; j < entries.size(); ++j) {
        if (entries[j].info.id != read) continue;
        EXPECT_LT(position[j], position[i])
            << entries[i].info.id << " reads " << read;
      }
      i2_reads_t2 |= entries[i].info.id == "I-2" && read == "T-2";
    }
  }
  EXPECT_TRUE(i2_reads_t2);
}

}  // namespace
}  // namespace threatmodel::rules::internal
