#include "rule_pages.h"

#include <stdlib.h>

#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_replace.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "threatmodel/rules/finding.h"
#include "threatmodel/rules/rule.h"

namespace threatmodel::docgen {
namespace {

namespace fs = std::filesystem;
using ::testing::HasSubstr;

class TempDir {
 public:
  TempDir() {
    std::string pattern =
        (fs::temp_directory_path() / "tm-docgen-test.XXXXXX").string();
    path_ = mkdtemp(pattern.data());
  }
  ~TempDir() {
    std::error_code ec;
    fs::remove_all(path_, ec);
  }
  const fs::path& path() const { return path_; }

 private:
  fs::path path_;
};

void Write(const fs::path& path, const std::string& contents) {
  fs::create_directories(path.parent_path());
  std::ofstream(path, std::ios::binary) << contents;
}

// Registry prose as a page shows it: "<" outside code spans escaped.
std::string Escaped(std::string_view text) {
  return absl::StrReplaceAll(absl::string_view(text.data(), text.size()),
                             {{"<", "&lt;"}});
}

TEST(FindRuleFolders, EveryRegisteredRuleHasAFolder) {
  absl::StatusOr<std::map<std::string, fs::path>> folders = FindRuleFolders(
      fs::path(THREATMODEL_SOURCE_DIR) / "src" / "rules" / "catalogue");
  ASSERT_TRUE(folders.ok()) << folders.status();
  for (const std::string& id : rules::RuleIds()) {
    EXPECT_EQ(folders->count(id), 1u) << id;
  }
}

TEST(FindRuleFolders, TwoFoldersClaimingOneIdAreAnError) {
  TempDir dir;
  Write(dir.path() / "a" / "rule.cc", "  info.id = \"X-1\";\n");
  Write(dir.path() / "b" / "rule.cc", "  info.id = \"X-1\";\n");
  absl::StatusOr<std::map<std::string, fs::path>> folders =
      FindRuleFolders(dir.path());
  ASSERT_FALSE(folders.ok());
  EXPECT_THAT(std::string(folders.status().message()),
              HasSubstr("rule X-1 is claimed by both"));
}

TEST(ReadRuleExamples, BadOnesFirstAndOnlyTerraformFiles) {
  TempDir dir;
  Write(dir.path() / "examples" / "z.good.tf", "good\n");
  Write(dir.path() / "examples" / "b.bad.tf", "bad b\n");
  Write(dir.path() / "examples" / "a.bad.tf", "bad a\n");
  Write(dir.path() / "examples" / "a.plan.json", "{}\n");
  absl::StatusOr<std::vector<RuleExampleFile>> examples =
      ReadRuleExamples(dir.path());
  ASSERT_TRUE(examples.ok()) << examples.status();
  ASSERT_EQ(examples->size(), 3u);
  EXPECT_EQ((*examples)[0].file_name, "a.bad.tf");
  EXPECT_TRUE((*examples)[0].bad);
  EXPECT_EQ((*examples)[1].file_name, "b.bad.tf");
  EXPECT_EQ((*examples)[2].file_name, "z.good.tf");
  EXPECT_FALSE((*examples)[2].bad);
}

TEST(ReadRuleExamples, NoExamplesFolderIsNoExamples) {
  TempDir dir;
  absl::StatusOr<std::vector<RuleExampleFile>> examples =
      ReadRuleExamples(dir.path());
  ASSERT_TRUE(examples.ok()) << examples.status();
  EXPECT_TRUE(examples->empty());
}

TEST(RenderRulePage, CarriesEverythingTheRegistrySays) {
  const std::vector<RuleExampleFile> examples = {
      {"local.bad.tf", true, "terraform {}\n"},
      {"azurerm.good.tf", false, "terraform {\n  backend \"azurerm\" {}\n}\n"},
  };
  for (const rules::RuleInfo& rule : rules::Rules()) {
    SCOPED_TRACE(std::string(rule.id));
    absl::StatusOr<std::string> page =
        RenderRulePage(rule, examples, DefaultRuleTemplate(), "test");
    ASSERT_TRUE(page.ok()) << page.status();
    EXPECT_THAT(*page, HasSubstr(absl::StrCat("# ", std::string(rule.id), ": ",
                                              std::string(rule.title))));
    EXPECT_THAT(*page, HasSubstr(std::string(rules::StrideName(rule.stride))));
    EXPECT_THAT(*page,
                HasSubstr(std::string(rules::SeverityName(rule.severity))));
    EXPECT_THAT(*page,
                HasSubstr(absl::StrCat("| Threat model's rating | ",
                                       std::string(rule.threat_model_rating))));
    EXPECT_THAT(*page, HasSubstr(Escaped(rule.description)));
    EXPECT_THAT(*page, HasSubstr(Escaped(rule.remediation)));
    for (std::string_view type : rule.resource_types) {
      EXPECT_THAT(*page, HasSubstr(absl::StrCat("`", std::string(type), "`")));
    }
    for (const rules::RuleParameter& p : rule.parameters) {
      EXPECT_THAT(*page,
                  HasSubstr(absl::StrCat("| `", std::string(p.name), "` | `",
                                         std::string(p.type), "` |")));
    }
    for (const rules::RuleFacet& f : rule.facets) {
      EXPECT_THAT(*page, HasSubstr(absl::StrCat("`", std::string(rule.id), "/",
                                                std::string(f.name), "` (")));
    }
    for (const rules::RulePeer& p : rule.peers) {
      EXPECT_THAT(*page, HasSubstr(absl::StrCat(std::string(p.tool), " `",
                                                std::string(p.id), "`")));
    }
    if (rule.facets.empty()) {
      EXPECT_THAT(*page, ::testing::Not(HasSubstr("| Facets |")));
    }
    EXPECT_THAT(*page, HasSubstr("### Bad: `local.bad.tf`\n\n```terraform\n"
                                 "terraform {}\n```"));
    EXPECT_THAT(*page, HasSubstr("### Good: `azurerm.good.tf`"));
    EXPECT_LT(page->find("### Bad"), page->find("### Good"));
  }
}

TEST(RenderRulePage, AngleBracketsOutsideCodeAreEscaped) {
  rules::RuleInfo rule = rules::Rules().front();
  rule.description = "reads <data dir>/x and `<y>`";
  absl::StatusOr<std::string> page =
      RenderRulePage(rule, {}, DefaultRuleTemplate(), "test");
  ASSERT_TRUE(page.ok()) << page.status();
  EXPECT_THAT(*page, HasSubstr("reads &lt;data dir>/x and `<y>`"));
}

TEST(RenderRulePage, NoExamplesNoSection) {
  const rules::RuleInfo& rule = rules::Rules().front();
  absl::StatusOr<std::string> page =
      RenderRulePage(rule, {}, DefaultRuleTemplate(), "test");
  ASSERT_TRUE(page.ok()) << page.status();
  EXPECT_THAT(*page, ::testing::Not(HasSubstr("## Examples")));
}

TEST(RenderRulePage, TemplateErrors) {
  const rules::RuleInfo& rule = rules::Rules().front();
  const struct {
    std::string name, page_template, error;
  } cases[] = {
      {"missing parameters",
       "{{summary}}{{description}}{{remediation}}{{examples}}",
       "t.md: {{parameters}} is missing"},
      {"unknown placeholder", "{{summary}}\n{{schema}}",
       "t.md:2: unknown placeholder {{schema}}"},
      {"unterminated", "{{summary", "t.md:1: unterminated placeholder"},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(c.name);
    absl::StatusOr<std::string> page =
        RenderRulePage(rule, {}, c.page_template, "t.md");
    ASSERT_FALSE(page.ok());
    EXPECT_EQ(page.status().code(), absl::StatusCode::kInvalidArgument);
    EXPECT_THAT(std::string(page.status().message()), HasSubstr(c.error));
  }
}

TEST(RenderRuleIndexTable, LinksEveryRule) {
  const std::string table = RenderRuleIndexTable();
  for (const rules::RuleInfo& rule : rules::Rules()) {
    const std::string id(rule.id);
    EXPECT_THAT(table, HasSubstr(absl::StrCat("| [`", id, "`](", id, ".md) | ",
                                              std::string(rule.title), " |")));
  }
}

}  // namespace
}  // namespace threatmodel::docgen
