// Data-driven conformance cases, through the real front end. Every
// tests/testdata/rules/conformance/TOPIC/CASE.case.json comes with
// CASE.plan.json (read by the plan reader) and, where T-2 needs one,
// CASE.backend.json (the working directory's backend file; see
// plan_case.h), or names one of the shared real plans ("shared_plan":
// "FILE" under fixtures/plans/ of the shared directory). The case gives an
// optional policy (policy JSON, waivers included), declared users (what the
// data source's `users` input becomes; plan JSON has none), a date and threat
// selector, and the findings the engine must produce, in order. Cases run
// sorted by path. Paths under the scratch working directory are reported
// relative to it.
//
//   {"note": "...", "today": "2026-03-01", "threats": ["E-1"],
//    "policy": {...},
//    "users": [{"subject": "alice@contoso.com", "principal_id": "u-alice",
//               "tier": "contributor"}],
//    "want": {"passed": false,
//             "findings": [{"threat_id": "E-1", "status": "violation",
//                           "facet": "..." (omitted: none),
//                           "subject": "...", "source": "...",
//                           "message_contains": ["..."]}],
//             "waiver_issues": ["expired"]}}

#include <algorithm>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "absl/strings/str_replace.h"
#include "gtest/gtest.h"
#include "nlohmann/json.hpp"
#include "plan/plan_case.h"
#include "threatmodel/rules/engine.h"
#include "threatmodel/rules/policy_json.h"
#include "threatmodel/rules/waiver.h"

namespace threatmodel::plan {
namespace {

namespace fs = std::filesystem;
using Json = nlohmann::json;

constexpr char kCaseSuffix[] = ".case.json";

std::vector<fs::path> CaseFiles() {
  std::vector<fs::path> files;
  fs::path root = fs::path(THREATMODEL_SOURCE_DIR) / "tests" / "testdata" /
                  "rules" / "conformance";
  for (const auto& entry : fs::recursive_directory_iterator(root)) {
    const std::string name = entry.path().filename().string();
    if (entry.is_regular_file() && name.size() > sizeof(kCaseSuffix) - 1 &&
        name.compare(name.size() - (sizeof(kCaseSuffix) - 1), std::string::npos,
                     kCaseSuffix) == 0) {
      files.push_back(entry.path());
    }
  }
  std::sort(files.begin(), files.end());
  return files;
}

// CASE.case.json -> CASE + suffix, beside it.
fs::path Sibling(const fs::path& case_file, const std::string& suffix) {
  std::string name = case_file.filename().string();
  name.resize(name.size() - (sizeof(kCaseSuffix) - 1));
  return case_file.parent_path() / (name + suffix);
}

rules::Maybe<std::string> MaybeString(const Json& object, const char* key) {
  if (!object.contains(key) || object.at(key).is_null()) {
    return rules::Maybe<std::string>::Null();
  }
  return object.at(key).get<std::string>();
}

void RunCase(const fs::path& path) {
  absl::StatusOr<std::string> text = testing::ReadTextFile(path);
  ASSERT_TRUE(text.ok()) << text.status();
  Json c = Json::parse(*text);
  SCOPED_TRACE(c.value("note", std::string()));

  testing::ScratchDir working_dir;
  ASSERT_FALSE(working_dir.path().empty());
  std::optional<fs::path> backend;
  if (fs::exists(Sibling(path, ".backend.json"))) {
    backend = Sibling(path, ".backend.json");
  }
  // A case may judge one of the shared real plans (fixtures/plans/, which
  // are read in place and never copied) instead of its own.
  const fs::path plan = c.contains("shared_plan")
                            ? fs::path(THREATMODEL_SHARED_DIR) / "fixtures" /
                                  "plans" /
                                  c.at("shared_plan").get<std::string>()
                            : Sibling(path, ".plan.json");
  absl::StatusOr<rules::Input> input =
      testing::ReadPlanCase(plan, backend, working_dir.path());
  ASSERT_TRUE(input.ok()) << input.status();
  for (const Json& u : c.value("users", Json::array())) {
    rules::DeclaredUser user;
    user.subject = u.at("subject").get<std::string>();
    user.address = "users[\"" + user.subject + "\"]";
    user.principal_id = MaybeString(u, "principal_id");
    user.tier = MaybeString(u, "tier");
    user.source = user.address;
    input->users.push_back(std::move(user));
  }

  rules::Policy policy;
  if (c.contains("policy")) {
    absl::StatusOr<rules::Policy> p =
        rules::ParsePolicyJson(c.at("policy").dump());
    ASSERT_TRUE(p.ok()) << p.status();
    policy = *std::move(p);
  }
  std::vector<std::string> threats =
      c.value("threats", std::vector<std::string>{});
  absl::StatusOr<absl::CivilDay> today =
      rules::ParseIsoDate(c.value("today", std::string("2026-03-01")));
  ASSERT_TRUE(today.ok());

  absl::StatusOr<rules::Report> report =
      rules::Evaluate(*input, policy, threats, *today);
  ASSERT_TRUE(report.ok()) << report.status();

  const std::string scratch = working_dir.path().string() + "/";
  const Json& want = c.at("want");
  if (want.contains("passed")) {
    EXPECT_EQ(report->passed, want.at("passed").get<bool>());
  }
  const Json& findings = want.at("findings");
  ASSERT_EQ(report->findings.size(), findings.size());
  for (std::size_t i = 0; i < findings.size(); ++i) {
    const Json& w = findings[i];
    const rules::Finding& got = report->findings[i];
    const std::string source = absl::StrReplaceAll(got.source, {{scratch, ""}});
    const std::string message =
        absl::StrReplaceAll(got.message, {{scratch, ""}});
    SCOPED_TRACE("finding " + std::to_string(i) + ": " + message);
    EXPECT_EQ(got.threat_id, w.at("threat_id").get<std::string>());
    EXPECT_EQ(std::string(rules::StatusName(got.status)),
              w.at("status").get<std::string>());
    if (w.contains("subject")) {
      EXPECT_EQ(got.subject, w.at("subject").get<std::string>());
    }
    EXPECT_EQ(got.facet, w.value("facet", std::string()));
    if (w.contains("source")) {
      EXPECT_EQ(source, w.at("source").get<std::string>());
    }
    for (const std::string& fragment :
         w.value("message_contains", std::vector<std::string>{})) {
      EXPECT_NE(message.find(fragment), std::string::npos)
          << "missing \"" << fragment << "\"";
    }
  }
  std::vector<std::string> issues;
  for (const rules::WaiverIssue& issue : report->waiver_issues) {
    issues.emplace_back(rules::WaiverProblemName(issue.problem));
  }
  EXPECT_EQ(issues, want.value("waiver_issues", std::vector<std::string>{}));
}

TEST(Conformance, AllCases) {
  std::vector<fs::path> files = CaseFiles();
  ASSERT_FALSE(files.empty());
  for (const fs::path& file : files) {
    SCOPED_TRACE(file.string());
    RunCase(file);
  }
}

}  // namespace
}  // namespace threatmodel::plan
