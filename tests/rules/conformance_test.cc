// Data-driven conformance cases: every JSON file under
// tests/testdata/rules/conformance/ holds a model, an optional policy, a
// date and threat selector, and the findings the engine must produce, in
// order. Cases run sorted by path.
//
//   {"note": "...", "today": "2026-03-01", "threats": ["E-1"],
//    "policy": {...}, "model": {...},
//    "want": {"passed": false,
//             "findings": [{"threat_id": "E-1", "status": "violation",
//                           "subject": "...", "source": "...",
//                           "message_contains": ["..."]}],
//             "waiver_issues": ["expired"]}}

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "gtest/gtest.h"
#include "nlohmann/json.hpp"
#include "rules/engine_internal.h"
#include "threatmodel/rules/engine.h"
#include "threatmodel/rules/model_json.h"
#include "threatmodel/rules/policy_json.h"

namespace threatmodel::rules {
namespace {

namespace fs = std::filesystem;
using Json = nlohmann::json;

std::vector<fs::path> CaseFiles() {
  std::vector<fs::path> files;
  fs::path root = fs::path(THREATMODEL_SOURCE_DIR) / "tests" / "testdata" /
                  "rules" / "conformance";
  for (const auto& entry : fs::recursive_directory_iterator(root)) {
    if (entry.is_regular_file() && entry.path().extension() == ".json") {
      files.push_back(entry.path());
    }
  }
  std::sort(files.begin(), files.end());
  return files;
}

std::string Slurp(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

void RunCase(const fs::path& path) {
  Json c = Json::parse(Slurp(path));
  SCOPED_TRACE(c.value("note", std::string()));

  absl::StatusOr<Deployment> model = ParseDeploymentJson(c.at("model").dump());
  ASSERT_TRUE(model.ok()) << model.status();
  Policy policy;
  if (c.contains("policy")) {
    absl::StatusOr<Policy> p = ParsePolicyJson(c.at("policy").dump());
    ASSERT_TRUE(p.ok()) << p.status();
    policy = *std::move(p);
  }
  std::vector<std::string> threats =
      c.value("threats", std::vector<std::string>{});
  absl::StatusOr<absl::CivilDay> today =
      ParseIsoDate(c.value("today", std::string("2026-03-01")));
  ASSERT_TRUE(today.ok());

  absl::StatusOr<Report> report =
      EvaluateAccessFacts(*model, policy, threats, *today);
  ASSERT_TRUE(report.ok()) << report.status();

  const Json& want = c.at("want");
  if (want.contains("passed")) {
    EXPECT_EQ(report->passed, want.at("passed").get<bool>());
  }
  const Json& findings = want.at("findings");
  ASSERT_EQ(report->findings.size(), findings.size());
  for (std::size_t i = 0; i < findings.size(); ++i) {
    const Json& w = findings[i];
    const Finding& got = report->findings[i];
    SCOPED_TRACE("finding " + std::to_string(i) + ": " + got.message);
    EXPECT_EQ(got.threat_id, w.at("threat_id").get<std::string>());
    EXPECT_EQ(std::string(StatusName(got.status)),
              w.at("status").get<std::string>());
    if (w.contains("subject")) {
      EXPECT_EQ(got.subject, w.at("subject").get<std::string>());
    }
    if (w.contains("source")) {
      EXPECT_EQ(got.source, w.at("source").get<std::string>());
    }
    for (const std::string& fragment :
         w.value("message_contains", std::vector<std::string>{})) {
      EXPECT_NE(got.message.find(fragment), std::string::npos)
          << "missing \"" << fragment << "\"";
    }
  }
  std::vector<std::string> issues;
  for (const WaiverIssue& issue : report->waiver_issues) {
    issues.emplace_back(WaiverProblemName(issue.problem));
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
}  // namespace threatmodel::rules
