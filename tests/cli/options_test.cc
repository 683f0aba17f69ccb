#include "cli/options.h"

#include <string>
#include <vector>

#include "gtest/gtest.h"
#include "threatmodel/rules/policy_json.h"
#include "threatmodel/rules/rule.h"

namespace threatmodel::cli {
namespace {

TEST(ParseCommandLine, Check) {
  struct Case {
    std::vector<std::string> args;
    std::string plan;
    std::string chdir, policy, output;
    Format format;
    std::vector<std::string> threats;
  };
  const std::vector<Case> cases = {
      {{"check", "plan.json"}, "plan.json", "", "", "", Format::kText, {}},
      {{"check", "-", "--chdir", "."}, "-", ".", "", "", Format::kText, {}},
      {{"check", "--format=SARIF", "p", "--output", "o.sarif"},
       "p",
       "",
       "",
       "o.sarif",
       Format::kSarif,
       {}},
      {{"check", "p", "--policy=pol.json", "--format", "junit"},
       "p",
       "",
       "pol.json",
       "",
       Format::kJunit,
       {}},
      {{"check", "p", "--threats", "T-2, e-1,,"},
       "p",
       "",
       "",
       "",
       Format::kText,
       {"T-2", "e-1"}},
      {{"check", "--format", "json", "--", "-plan-with-dash.json"},
       "-plan-with-dash.json",
       "",
       "",
       "",
       Format::kJson,
       {}},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.args.size());
    absl::StatusOr<Command> cmd = ParseCommandLine(c.args);
    ASSERT_TRUE(cmd.ok()) << cmd.status();
    EXPECT_EQ(cmd->kind, Command::Kind::kCheck);
    EXPECT_EQ(cmd->check.plan_path, c.plan);
    EXPECT_EQ(cmd->check.chdir.value_or(""), c.chdir);
    EXPECT_EQ(cmd->check.policy_path.value_or(""), c.policy);
    EXPECT_EQ(cmd->check.output_path.value_or(""), c.output);
    EXPECT_EQ(cmd->check.format, c.format);
    EXPECT_EQ(cmd->check.threats, c.threats);
  }
}

TEST(ParseCommandLine, HelpAndVersion) {
  for (const auto& args : std::vector<std::vector<std::string>>{
           {"--help"}, {"-h"}, {"help"}, {"check", "--help"}}) {
    absl::StatusOr<Command> cmd = ParseCommandLine(args);
    ASSERT_TRUE(cmd.ok());
    EXPECT_EQ(cmd->kind, Command::Kind::kHelp);
  }
  for (const auto& args : std::vector<std::vector<std::string>>{
           {"--version"}, {"version"}, {"check", "p", "--version"}}) {
    absl::StatusOr<Command> cmd = ParseCommandLine(args);
    ASSERT_TRUE(cmd.ok());
    EXPECT_EQ(cmd->kind, Command::Kind::kVersion);
  }
}

TEST(ParseCommandLine, UsageErrors) {
  const std::vector<std::vector<std::string>> cases = {
      {},
      {"lint"},
      {"check"},
      {"check", "a", "b"},
      {"check", "a", "--chdir"},
      {"check", "a", "--chdir="},
      {"check", "a", "--format", "html"},
      {"check", "a", "--format", "json", "--format", "text"},
      {"check", "a", "-x"},
      {"check", "a", "--threats", " , "},
  };
  for (const auto& args : cases) {
    SCOPED_TRACE(args.size());
    absl::StatusOr<Command> cmd = ParseCommandLine(args);
    ASSERT_FALSE(cmd.ok());
    EXPECT_TRUE(absl::IsInvalidArgument(cmd.status()));
    EXPECT_NE(std::string(cmd.status().message()).find("threatmodel --help"),
              std::string::npos);
  }
}

TEST(FormatName, Names) {
  EXPECT_EQ(FormatName(Format::kText), "text");
  EXPECT_EQ(FormatName(Format::kJson), "json");
  EXPECT_EQ(FormatName(Format::kSarif), "sarif");
  EXPECT_EQ(FormatName(Format::kJunit), "junit");
}

TEST(HelpText, ListsEveryRuleOfTheRegistry) {
  const std::string help = HelpText();
  for (const std::string& id : rules::RuleIds()) {
    SCOPED_TRACE(id);
    const rules::RuleInfo* rule = rules::FindRule(id);
    ASSERT_NE(rule, nullptr);
    EXPECT_NE(help.find("\n  " + id + "  "), std::string::npos) << help;
    // The title may be wrapped; its first word follows the ID.
    const std::string title(rule->title);
    const std::string first_word = title.substr(0, title.find(' '));
    EXPECT_NE(help.find("  " + id + "  " + first_word), std::string::npos);
  }
}

TEST(HelpText, ListsEveryPolicyKey) {
  const std::string help = HelpText();
  for (const std::string& key : rules::PolicyJsonKeys()) {
    EXPECT_NE(help.find("\"" + key + "\""), std::string::npos) << key;
  }
}

TEST(HelpText, FitsEightyColumns) {
  const std::string help = HelpText();
  std::size_t start = 0;
  while (start < help.size()) {
    std::size_t end = help.find('\n', start);
    if (end == std::string::npos) end = help.size();
    EXPECT_LE(end - start, 80u) << help.substr(start, end - start);
    start = end + 1;
  }
}

}  // namespace
}  // namespace threatmodel::cli
