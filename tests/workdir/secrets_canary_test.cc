// No secret from a backend configuration may reach a finding, a message, an
// error or a log line. Each case plants a recognisable canary in a backend
// file, runs discovery and every rule, and searches everything produced.

#include <stdlib.h>

#include <cstdint>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "gtest/gtest.h"
#include "rules/test_util.h"
#include "threatmodel/rules/engine.h"
#include "threatmodel/workdir/backend_discovery.h"

namespace threatmodel::workdir {
namespace {

using rules::Backend;
using rules::BackendSetting;
using rules::Evaluate;
using rules::Finding;
using rules::Policy;
using rules::Report;
using rules::Status;
using rules::WaiverIssue;

namespace fs = std::filesystem;

constexpr char kCanary[] = "TM-CANARY";

void ExpectClean(const std::string& text, const std::string& where) {
  EXPECT_EQ(text.find(kCanary), std::string::npos)
      << "secret leaked into " << where << ": " << text;
}

void ExpectReportClean(const Report& report) {
  for (const Finding& f : report.findings) {
    for (const std::string* field : {&f.threat_id, &f.title, &f.subject,
                                     &f.source, &f.message, &f.remediation}) {
      ExpectClean(*field, "finding " + f.threat_id);
    }
    for (const std::string& s : f.related_sources) ExpectClean(s, "related");
    if (f.waiver.has_value()) {
      ExpectClean(f.waiver->justification + f.waiver->approver +
                      f.waiver->expires + f.waiver->source,
                  "waiver");
    }
  }
  for (const WaiverIssue& issue : report.waiver_issues) {
    ExpectClean(issue.message + issue.source + issue.subject, "waiver issue");
  }
}

void ExpectBackendClean(const Backend& backend) {
  if (const std::string* type = backend.type.if_known()) {
    ExpectClean(*type, "backend type");
  }
  ExpectClean(backend.source, "backend source");
  for (const BackendSetting& s : backend.settings) {
    ExpectClean(s.name, "setting name");
  }
}

struct Case {
  std::string name;
  std::string file;  // contents of .terraform/terraform.tfstate
  bool parses;
  std::vector<std::string> accepted;
  std::vector<std::string> offending;  // setting names the message must name
};

std::vector<Case> Cases() {
  return {
      {"azurerm access_key (fixture)",
       rules::testing::ReadTestdata("backend/azurerm_access_key.tfstate"),
       true,
       {"azurerm"},
       {"access_key"}},
      {"http password (fixture)",
       rules::testing::ReadTestdata("backend/http_password.tfstate"),
       true,
       {"http"},
       {"password"}},
      {"azurerm sas token and client secret",
       R"({"version":3,"backend":{"type":"azurerm","config":{
           "sas_token":"?sv=2022&sig=TM-CANARY-SAS",
           "client_secret":"TM-CANARY-CLIENT-SECRET",
           "client_certificate_password":"TM-CANARY-CERT-PW",
           "storage_account_name":"st"},"hash":1}})",
       true,
       {"azurerm"},
       {"client_certificate_password", "client_secret", "sas_token"}},
      {"s3 keys and nested web identity token",
       R"({"backend":{"type":"s3","config":{
           "access_key":"AKIA-TM-CANARY","secret_key":"TM-CANARY-S3",
           "assume_role_with_web_identity":{
             "web_identity_token":"TM-CANARY-JWT","role_arn":"arn:aws:iam::1:role/x"},
           "bucket":"b","use_lockfile":true}}})",
       true,
       {"s3"},
       {"access_key", "secret_key",
        "assume_role_with_web_identity.web_identity_token"}},
      {"pg conn_str with password",
       R"({"backend":{"type":"pg","config":{
           "conn_str":"postgres://tf:TM-CANARY-PG@db.internal/tfstate"}}})",
       true,
       {"pg"},
       {"conn_str"}},
      {"gcs inline service account key",
       R"({"backend":{"type":"gcs","config":{"bucket":"b",
           "credentials":"{\"type\":\"service_account\",\"private_key\":\"TM-CANARY-GCP\"}"}}})",
       true,
       {"gcs"},
       {"credentials"}},
      {"cloud token",
       R"({"backend":{"type":"cloud","config":{
           "organization":"contoso","token":"TM-CANARY-TFC.atlasv1.x"}}})",
       true,
       {"cloud"},
       {"token"}},
      {"canary in a setting of an unknown backend",
       R"({"backend":{"type":"vault","config":{"api_password":"TM-CANARY-V"}}})",
       true,
       {"vault"},
       {"api_password"}},
      {"truncated inside the secret",
       R"({"backend":{"type":"s3","config":{"secret_key":"TM-CANARY-TRUNC)",
       false,
       {},
       {}},
      {"invalid literal after the secret",
       R"({"backend":{"type":"s3","config":{"secret_key":"TM-CANARY-LIT" TM-CANARY}}})",
       false,
       {},
       {}},
      {"bare secret as a value",
       R"({"backend":{"type":"s3","config":{"secret_key":TM-CANARY-BARE}}})",
       false,
       {},
       {}},
      {"secret where the type should be",
       R"({"backend":{"type":"TM-CANARY type with spaces","config":{}}})",
       false,
       {},
       {}},
      {"secret as a setting name",
       R"({"backend":{"type":"s3","config":{"TM-CANARY key=x":"v"}}})",
       true,
       {"s3"},
       {}},
  };
}

TEST(SecretsCanary, NoBackendSecretReachesAnyOutput) {
  for (const Case& c : Cases()) {
    SCOPED_TRACE(c.name);
    std::string tmpl =
        (fs::temp_directory_path() / "tm-canary-XXXXXX").string();
    ASSERT_NE(::mkdtemp(tmpl.data()), nullptr);
    fs::path dir = tmpl;
    fs::create_directories(dir / ".terraform");
    {
      std::ofstream out(dir / ".terraform" / "terraform.tfstate");
      out << c.file;
    }
    ASSERT_NE(c.file.find(kCanary), std::string::npos) << "case has no canary";

    ::testing::internal::CaptureStdout();
    ::testing::internal::CaptureStderr();
    DiscoveryOptions options;
    options.working_dir = dir.string();
    absl::StatusOr<Backend> backend = DiscoverBackend(options);
    absl::StatusOr<Report> report;
    if (backend.ok()) {
      rules::Input input;
      input.observed_backend.state =
          rules::BackendObservation::State::kObserved;
      input.observed_backend.backend = *backend;
      Policy policy;
      policy.accepted_backends = c.accepted;
      report = Evaluate(input, policy, {}, rules::testing::Today());
    }
    std::string out = ::testing::internal::GetCapturedStdout();
    std::string err = ::testing::internal::GetCapturedStderr();
    ExpectClean(out, "stdout");
    ExpectClean(err, "stderr");

    EXPECT_EQ(backend.ok(), c.parses) << backend.status();
    if (!backend.ok()) {
      ExpectClean(backend.status().ToString(), "discovery error");
    } else {
      ExpectBackendClean(*backend);
      ASSERT_TRUE(report.ok()) << report.status();
      ExpectReportClean(*report);
      std::vector<Finding> t2 = rules::testing::Of(*report, "T-2");
      ASSERT_EQ(t2.size(), 1u);
      if (!c.offending.empty()) {
        EXPECT_EQ(t2[0].status, Status::kViolation) << t2[0].message;
        for (const std::string& name : c.offending) {
          EXPECT_NE(t2[0].message.find(name), std::string::npos)
              << "evidence should name " << name << ": " << t2[0].message;
        }
      }
    }
    fs::remove_all(dir);
  }
}

TEST(SecretsCanary, ParseErrorsNeverQuoteTheInput) {
  // Whatever sits next to the syntax error, the message only gives an offset.
  const std::string inputs[] = {
      "{\"backend\": {\"config\": {\"password\": \"TM-CANARY\" \"x\"}}}",
      "{\"backend\": {\"config\": {\"password\": TM-CANARY}}}",
      "TM-CANARY",
      "{\"TM-CANARY\": }",
  };
  for (const std::string& input : inputs) {
    SCOPED_TRACE(input);
    absl::StatusOr<Backend> backend = ParseBackendFile(input, "f");
    ASSERT_FALSE(backend.ok());
    ExpectClean(backend.status().ToString(), "parse error");
    EXPECT_NE(std::string(backend.status().message()).find("byte"),
              std::string::npos);
  }
}

TEST(SecretsCanary, MutatedBackendFilesNeverCrashOrLeak) {
  // Single-byte mutations and truncations of real backend files holding a
  // canary: whatever the parser makes of them, the canary stays inside.
  const std::string originals[] = {
      rules::testing::ReadTestdata("backend/azurerm_access_key.tfstate"),
      rules::testing::ReadTestdata("backend/http_password.tfstate"),
  };
  const char kBytes[] = "{}[]\":,\\ \n0aZ-\x00\xff";
  std::uint64_t state = 0x9e3779b97f4a7c15ull;
  auto next = [&state] {
    state = state * 6364136223846793005ull + 1442695040888963407ull;
    return static_cast<std::size_t>(state >> 33);
  };
  int parsed = 0;
  for (const std::string& original : originals) {
    for (int i = 0; i < 3000; ++i) {
      std::string input = original;
      if (i % 10 == 0) {
        input.resize(next() % input.size());
      } else {
        input[next() % input.size()] = kBytes[next() % (sizeof(kBytes) - 1)];
      }
      absl::StatusOr<Backend> backend = ParseBackendFile(input, "f");
      if (!backend.ok()) {
        ExpectClean(backend.status().ToString(), "parse error");
        continue;
      }
      ++parsed;
      ExpectBackendClean(*backend);
      rules::Input observed;
      observed.observed_backend.state =
          rules::BackendObservation::State::kObserved;
      observed.observed_backend.backend = *backend;
      absl::StatusOr<Report> report =
          Evaluate(observed, Policy(), {"T-2"}, rules::testing::Today());
      ASSERT_TRUE(report.ok());
      ExpectReportClean(*report);
    }
  }
  EXPECT_GT(parsed, 0);
}

}  // namespace
}  // namespace threatmodel::workdir
