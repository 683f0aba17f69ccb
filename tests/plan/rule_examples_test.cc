// Every rule's examples, run through the real front end: each
// src/rules/catalogue/NAME/examples/EXAMPLE.{good,bad}.plan.json is read by
// the plan reader (with EXAMPLE.{good,bad}.backend.json, when present, as
// the working directory's backend file) and judged by that rule alone under
// the default policy. A bad example must violate the rule; a good one must
// leave it neither violated nor undecided. Every rule folder needs at least
// one good and one bad example of each kind (plan JSON and HCL); the HCL
// examples run under real Terraform in acceptance/terraform/rule_examples.sh.

#include <algorithm>
#include <filesystem>
#include <map>
#include <optional>
#include <regex>
#include <string>
#include <vector>

#include "absl/strings/str_split.h"
#include "gtest/gtest.h"
#include "plan/plan_case.h"
#include "rules/rules_internal.h"
#include "threatmodel/rules/engine.h"
#include "threatmodel/rules/policy.h"

namespace threatmodel::plan {
namespace {

namespace fs = std::filesystem;

struct RuleFolder {
  fs::path dir;
  std::string rule_id;
};

// The rule folders as the build found them (THREATMODEL_RULE_DIRS, in the
// generated registry's order), each with the ID of the rule it registers.
std::vector<RuleFolder> RuleFolders() {
  std::vector<RuleFolder> out;
  const std::vector<rules::internal::RuleEntry> registered =
      rules::internal::RegisteredRules();
  std::size_t i = 0;
  for (absl::string_view dir :
       absl::StrSplit(THREATMODEL_RULE_DIRS, '|', absl::SkipEmpty())) {
    RuleFolder folder;
    folder.dir = fs::path(std::string(dir));
    if (i < registered.size()) {
      folder.rule_id = std::string(registered[i].info.id);
    }
    ++i;
    out.push_back(std::move(folder));
  }
  return out;
}

// EXAMPLE.KIND.SUFFIX, EXAMPLE in kebab-case.
const std::regex& ExampleName() {
  static const std::regex re(
      "([a-z0-9]+(-[a-z0-9]+)*)\\.(good|bad)\\.(plan\\.json|backend\\.json|"
      "tf)");
  return re;
}

struct PlanExample {
  std::string rule_id;
  std::string folder;
  std::string name;  // EXAMPLE.KIND
  bool bad = false;
  fs::path plan;
  std::optional<fs::path> backend;
};

std::vector<PlanExample> PlanExamples() {
  std::vector<PlanExample> out;
  for (const RuleFolder& folder : RuleFolders()) {
    const fs::path dir = folder.dir / "examples";
    if (!fs::is_directory(dir)) continue;
    for (const auto& entry : fs::directory_iterator(dir)) {
      const std::string file = entry.path().filename().string();
      std::smatch m;
      if (!std::regex_match(file, m, ExampleName()) || m[4] != "plan.json") {
        continue;
      }
      PlanExample example;
      example.rule_id = folder.rule_id;
      example.folder = folder.dir.filename().string();
      example.name = m[1].str() + "." + m[3].str();
      example.bad = m[3] == "bad";
      example.plan = entry.path();
      const fs::path backend = dir / (example.name + ".backend.json");
      if (fs::exists(backend)) example.backend = backend;
      out.push_back(std::move(example));
    }
  }
  std::sort(out.begin(), out.end(),
            [](const PlanExample& a, const PlanExample& b) {
              return a.plan < b.plan;
            });
  return out;
}

TEST(RuleExamples, EveryRuleFolderHasGoodAndBadExamplesOfEachKind) {
  const std::vector<RuleFolder> folders = RuleFolders();
  ASSERT_FALSE(folders.empty());
  ASSERT_EQ(folders.size(), rules::internal::RegisteredRules().size());
  for (const RuleFolder& folder : folders) {
    SCOPED_TRACE(folder.dir.string());
    std::map<std::string, int> counts;  // "bad.tf" -> 2
    const fs::path dir = folder.dir / "examples";
    ASSERT_TRUE(fs::is_directory(dir)) << "no examples/ folder";
    for (const auto& entry : fs::directory_iterator(dir)) {
      const std::string file = entry.path().filename().string();
      std::smatch m;
      ASSERT_TRUE(std::regex_match(file, m, ExampleName()))
          << file << " is not named EXAMPLE.{good,bad}.{plan.json,"
          << "backend.json,tf} with EXAMPLE in kebab-case";
      ++counts[m[3].str() + "." + m[4].str()];
      if (m[4] == "backend.json") {
        EXPECT_TRUE(
            fs::exists(dir / (m[1].str() + "." + m[3].str() + ".plan.json")))
            << file << " has no plan example beside it";
      }
    }
    for (const char* kind :
         {"good.plan.json", "bad.plan.json", "good.tf", "bad.tf"}) {
      EXPECT_GE(counts[kind], 1) << "no *." << kind << " example";
    }
  }
}

class PlanExampleTest : public ::testing::TestWithParam<PlanExample> {};

TEST_P(PlanExampleTest, IsJudgedByItsRule) {
  const PlanExample& example = GetParam();
  SCOPED_TRACE(example.plan.string());
  ASSERT_FALSE(example.rule_id.empty());
  testing::ScratchDir working_dir;
  ASSERT_FALSE(working_dir.path().empty());
  absl::StatusOr<rules::Input> input =
      testing::ReadPlanCase(example.plan, example.backend, working_dir.path());
  ASSERT_TRUE(input.ok()) << input.status();

  const std::vector<std::string> threats = {example.rule_id};
  absl::StatusOr<rules::Report> report = rules::Evaluate(
      *input, rules::Policy(), threats, absl::CivilDay(2026, 3, 1));
  ASSERT_TRUE(report.ok()) << report.status();

  int violations = 0;
  int undecided = 0;
  std::string findings;
  for (const rules::Finding& f : report->findings) {
    if (f.threat_id != example.rule_id) continue;
    if (f.status == rules::Status::kViolation) ++violations;
    if (f.status == rules::Status::kUndecided) ++undecided;
    findings += "\n  " + std::string(rules::StatusName(f.status)) + " " +
                f.subject + ": " + f.message;
  }
  if (example.bad) {
    EXPECT_GE(violations, 1)
        << "a bad example must violate " << example.rule_id << findings;
  } else {
    EXPECT_EQ(violations, 0) << findings;
    EXPECT_EQ(undecided, 0) << findings;
    EXPECT_TRUE(report->passed) << findings;
  }
}

std::string TestName(const ::testing::TestParamInfo<PlanExample>& info) {
  std::string name = info.param.folder + "_" + info.param.name;
  for (char& c : name) {
    if (!std::isalnum(static_cast<unsigned char>(c))) c = '_';
  }
  return name;
}

INSTANTIATE_TEST_SUITE_P(RuleExamples, PlanExampleTest,
                         ::testing::ValuesIn(PlanExamples()), TestName);

}  // namespace
}  // namespace threatmodel::plan
