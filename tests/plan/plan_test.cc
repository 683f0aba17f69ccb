#include "threatmodel/plan/plan.h"

#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

#include "gtest/gtest.h"
#include "nlohmann/json.hpp"

namespace threatmodel::plan {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;

std::string ReadFile(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in),
                     std::istreambuf_iterator<char>());
}

const fs::path kShared = fs::path(THREATMODEL_SHARED_DIR) / "fixtures/plans";
const fs::path kOwn = fs::path(THREATMODEL_SOURCE_DIR) / "tests/testdata/plans";

std::vector<fs::path> JsonFiles(const fs::path& dir) {
  std::vector<fs::path> out;
  for (const auto& e : fs::directory_iterator(dir)) {
    if (e.path().extension() == ".json") out.push_back(e.path());
  }
  std::sort(out.begin(), out.end());
  return out;
}

// Every file in the shared fixture folder: each JSON plan reads, the binary
// plan saved as .json is recognised.
TEST(ParsePlan, EverySharedFixture) {
  const std::vector<fs::path> files = JsonFiles(kShared);
  ASSERT_GE(files.size(), 14u);
  int binary = 0;
  for (const fs::path& f : files) {
    SCOPED_TRACE(f.filename().string());
    absl::StatusOr<Plan> plan =
        ParsePlanBytes(ReadFile(f), f.filename().string(), {});
    if (f.filename().string().find("binary-not-json") != std::string::npos) {
      ++binary;
      ASSERT_FALSE(plan.ok());
      EXPECT_NE(std::string(plan.status().message()).find("binary"),
                std::string::npos);
      EXPECT_NE(std::string(plan.status().message())
                    .find("terraform show -json PLANFILE > plan.json"),
                std::string::npos);
      continue;
    }
    ASSERT_TRUE(plan.ok()) << plan.status();
    EXPECT_GT(plan->summary.resource_changes, 0u);
    EXPECT_TRUE(plan->summary.has_configuration);
    EXPECT_FALSE(plan->summary.format_version.empty());
  }
  EXPECT_EQ(binary, 1);
}

TEST(ParsePlan, SharedFixtureDetails) {
  // UTF-16LE with a BOM (PowerShell) reads like its UTF-8 twin would.
  absl::StatusOr<Plan> utf16 = ParsePlanBytes(
      ReadFile(kShared /
               "bridgecrewio__checkov__plan-encodings-win-utf16.json"),
      "utf16", {});
  ASSERT_TRUE(utf16.ok()) << utf16.status();
  EXPECT_EQ(utf16->summary.format_version, "1.1");
  EXPECT_EQ(utf16->summary.resource_changes, 1u);
  // Format 0.1 (Terraform 0.12) with data-source reads and modules.
  absl::StatusOr<Plan> old = ParsePlanBytes(
      ReadFile(kShared /
               "terraform-compliance__cli__test-issue-294-plan.out.json"),
      "old", {});
  ASSERT_TRUE(old.ok()) << old.status();
  EXPECT_EQ(old->summary.format_version, "0.1");
  EXPECT_EQ(old->summary.resource_changes, 20u);
  // A replace: the old object is deleted and a new one created.
  absl::StatusOr<Plan> replace = ParsePlanBytes(
      ReadFile(kShared / "jason-johnson__azure-pipelines-tasks-terraform__"
                         "tf-show-destroy-apimanagement.json"),
      "replace", {});
  ASSERT_TRUE(replace.ok()) << replace.status();
  EXPECT_EQ(replace->summary.format_version, "0.2");
}

struct Expect {
  std::string file;
  std::size_t accounts;
  std::size_t account_assignments;
  std::size_t users;
  std::size_t other_assignments;
  std::size_t deferred;
};

// The reference-architecture fixtures produce the model the rules need.
TEST(ParsePlan, ReferenceArchitectureFixtures) {
  const std::vector<Expect> cases = {
      {"automation-root-greenfield.json", 1, 2, 0, 0, 1},
      {"automation-root-fixed.json", 1, 2, 0, 0, 0},
      {"automation-root-no-postgresql.json", 1, 1, 0, 0, 0},
      {"automation-root-second-plan.json", 1, 2, 0, 0, 0},
      {"automation-root-destroy.json", 0, 0, 0, 0, 0},
      {"platform-root-greenfield.json", 1, 1, 1, 10, 1},
      {"platform-root-rg-via-local.json", 1, 1, 1, 10, 1},
      {"onboarding-for-each-greenfield.json", 0, 0, 0, 18, 0},
      {"onboarding-for-each-tiered.json", 0, 0, 0, 8, 0},
      {"onboarding-for-each-disabled.json", 0, 0, 0, 0, 0},
  };
  for (const Expect& c : cases) {
    SCOPED_TRACE(c.file);
    absl::StatusOr<Plan> plan =
        ParsePlanBytes(ReadFile(kOwn / c.file), c.file, {});
    ASSERT_TRUE(plan.ok()) << plan.status();
    const rules::Deployment& d = plan->deployment;
    EXPECT_TRUE(d.backend.is_null());
    EXPECT_EQ(d.automation_accounts.size(), c.accounts);
    std::size_t attributed = 0;
    for (const auto& a : d.automation_accounts) {
      attributed += a.role_assignments.size();
    }
    EXPECT_EQ(attributed, c.account_assignments);
    EXPECT_EQ(d.users.size(), c.users);
    EXPECT_EQ(d.role_assignments.size(), c.other_assignments);
    EXPECT_EQ(plan->deferred_assertions.size(), c.deferred);
  }
}

TEST(ParsePlan, ScopeKindsFromReferences) {
  absl::StatusOr<Plan> direct =
      ParsePlanBytes(ReadFile(kOwn / "platform-root-greenfield.json"), "p", {});
  ASSERT_TRUE(direct.ok());
  absl::StatusOr<Plan> via_local = ParsePlanBytes(
      ReadFile(kOwn / "platform-root-rg-via-local.json"), "p", {});
  ASSERT_TRUE(via_local.ok());
  auto hint_of = [](const Plan& p, const std::string& source) {
    for (const auto& a : p.deployment.automation_accounts) {
      for (const auto& r : a.role_assignments) {
        if (r.source == source) return r.scope_kind_hint;
      }
    }
    for (const auto& r : p.deployment.role_assignments) {
      if (r.source == source) return r.scope_kind_hint;
    }
    return rules::Maybe<rules::ScopeKind>::Unknown();
  };
  const std::string ops =
      "module.platform.azurerm_role_assignment.ops_rg_contributor";
  const std::string ml =
      "module.platform.azurerm_role_assignment.ml_rg_contributor";
  const std::string kv =
      "module.platform.azurerm_role_assignment.ml_kv_secrets_user";
  // Through a module variable fed by azurerm_resource_group.this[0].
  EXPECT_EQ(hint_of(*direct, ops),
            rules::Maybe<rules::ScopeKind>(rules::ScopeKind::kResourceGroup));
  EXPECT_EQ(hint_of(*direct, ml),
            rules::Maybe<rules::ScopeKind>(rules::ScopeKind::kResourceGroup));
  EXPECT_EQ(hint_of(*direct, kv),
            rules::Maybe<rules::ScopeKind>(rules::ScopeKind::kResource));
  // Through a local, which plan JSON does not record: undecided.
  EXPECT_TRUE(hint_of(*via_local, ops).is_null());
}

// Wrong JSON types at each level the reader looks at: a clear error that
// names the place.
TEST(ParsePlan, WrongTypesAreErrors) {
  const json base = json::parse(R"({
    "format_version": "1.2", "terraform_version": "1.11.4", "errored": false,
    "resource_changes": [{
      "address": "module.m.azurerm_role_assignment.a[0]",
      "module_address": "module.m", "mode": "managed",
      "type": "azurerm_role_assignment", "name": "a", "index": 0,
      "change": {"actions": ["create"],
                 "after": {"principal_id": "p", "scope": "/subscriptions/1"},
                 "after_unknown": {"id": true}, "after_sensitive": {}}}],
    "configuration": {"root_module": {"module_calls": {"m": {
      "source": "./m", "expressions": {"v": {"references": ["var.x"]}},
      "module": {
        "resources": [{"address": "azurerm_role_assignment.a",
                       "mode": "managed", "type": "azurerm_role_assignment",
                       "name": "a", "expressions": {"principal_id":
                         {"references": ["var.v"]}}}],
        "outputs": {"o": {"expression": {"references": ["x.y"]}}}}}}}}
  })");
  ASSERT_TRUE(ParsePlanJson(base.dump(), {}).ok());
  struct Case {
    std::string pointer;
    json value;
    std::string error;
  };
  const std::string rc = "/resource_changes/0";
  const std::string call = "/configuration/root_module/module_calls/m";
  const std::vector<Case> cases = {
      {"", json::array(), "not plan JSON"},
      {"/format_version", 12, "format_version: expected a string, got number"},
      {"/terraform_version", json::object(), "terraform_version"},
      {"/errored", "yes", "errored: expected a boolean"},
      {"/resource_changes", json::object(),
       "resource_changes: expected an array"},
      {rc, "x", "resource_changes[0]: expected an object, got string"},
      {rc + "/address", 1, "resource_changes[0].address: expected a string"},
      {rc + "/address", "azurerm_role_assignment.not an address!",
       "resource_changes[0].address"},
      {rc + "/mode", json::array(), "resource_changes[0].mode"},
      {rc + "/index", json::object(), "index: expected a number or a string"},
      {rc + "/change", json::array(),
       "resource_changes[0].change: expected an object"},
      {rc + "/change/actions", "create", "change.actions: expected an array"},
      {rc + "/change/actions/0", 5, "change.actions[0]: expected a string"},
      {rc + "/change/after", "x", "change.after: expected an object or null"},
      {rc + "/change/after/principal_id", 5,
       "change.after.principal_id: expected a string, got number"},
      {rc + "/change/after/scope", json::array({1}),
       "change.after.scope: expected a string, got array"},
      {rc + "/change/after_unknown", "x", "change.after_unknown: expected"},
      {rc + "/change/after_unknown/principal_id", "yes",
       "after_unknown.principal_id: expected a boolean"},
      {rc + "/change/after_sensitive", 3, "change.after_sensitive: expected"},
      {"/configuration", json::array(), "configuration: expected an object"},
      {"/configuration/root_module", 1, "root_module: expected an object"},
      {"/configuration/root_module/module_calls", json::array(),
       "module_calls"},
      {call, "x", "module_calls.m: expected an object"},
      {call + "/source", 1, "module_calls.m.source: expected a string"},
      {call + "/expressions", json::array(), "module_calls.m.expressions"},
      {call + "/expressions/v", "var.x", "expected an expression object"},
      {call + "/expressions/v/references", "var.x",
       "references: expected an array"},
      {call + "/expressions/v/references/0", 1,
       "references[0]: expected a string"},
      {call + "/module/resources", json::object(),
       "resources: expected an array"},
      {call + "/module/resources/0/address", 1, "resources[0].address"},
      {call + "/module/outputs/o", json::array(),
       "outputs.o: expected an object"},
      {call + "/module/outputs/o/expression", 1,
       "expected an expression object"},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.pointer);
    json doc = base;
    doc[json::json_pointer(c.pointer)] = c.value;
    absl::StatusOr<Plan> plan = ParsePlanJson(doc.dump(), {});
    ASSERT_FALSE(plan.ok());
    EXPECT_TRUE(absl::IsInvalidArgument(plan.status()));
    EXPECT_NE(std::string(plan.status().message()).find(c.error),
              std::string::npos)
        << plan.status();
  }
}

// Replaces every node of a real fixture, one at a time, with values of each
// other JSON type: the reader must return a plan or an InvalidArgument
// error, never crash or throw.
TEST(ParsePlan, EveryNodeWithEveryWrongType) {
  const json base =
      json::parse(ReadFile(kOwn / "automation-root-greenfield.json"));
  std::vector<json::json_pointer> pointers;
  const json flat = base.flatten();
  for (const auto& [path, value] : flat.items()) {
    json::json_pointer p(path);
    while (!p.empty()) {
      pointers.push_back(p);
      p = p.parent_pointer();
    }
  }
  std::sort(pointers.begin(), pointers.end(), [](const auto& a, const auto& b) {
    return a.to_string() < b.to_string();
  });
  pointers.erase(std::unique(pointers.begin(), pointers.end()), pointers.end());
  const std::vector<json> replacements = {json(nullptr), json(true),
                                          json(7),       json("s"),
                                          json::array(), json::object()};
  int errors = 0;
  for (const json::json_pointer& p : pointers) {
    for (const json& r : replacements) {
      json doc = base;
      doc[p] = r;
      absl::StatusOr<Plan> plan = ParsePlanJson(doc.dump(), {});
      if (!plan.ok()) {
        ++errors;
        EXPECT_TRUE(absl::IsInvalidArgument(plan.status()))
            << p.to_string() << ": " << plan.status();
      }
    }
  }
  EXPECT_GT(errors, 100);
}

TEST(ParsePlan, TruncatedAnywhereIsAnError) {
  const std::string text = ReadFile(kOwn / "platform-root-greenfield.json");
  for (std::size_t n = 0; n < text.size(); n += 97) {
    SCOPED_TRACE(n);
    absl::StatusOr<Plan> plan = ParsePlanJson(text.substr(0, n), {});
    EXPECT_FALSE(plan.ok());
  }
}

TEST(ParsePlan, HostileInputs) {
  const std::string head =
      R"({"format_version":"1.2","resource_changes":[{"address":"azurerm_role_assignment.a","change":{"actions":["create"],"after":{"x":)";
  const std::string tail = "}}}]}";
  struct Case {
    std::string name;
    std::string text;
    bool ok;
    std::string error;
  };
  ReadOptions opts;
  const std::vector<Case> cases = {
      {"100-level nesting in a value",
       head + std::string(100, '[') + std::string(100, ']') + tail, true, ""},
      {"nesting past the limit",
       head + std::string(200, '[') + std::string(200, ']') + tail, false,
       "nesting deeper than 128"},
      {"non-UTF-8 in a skipped value",
       R"({"format_version":"1.2","planned_values":{"x":"caf)"
       "\xE9"
       R"("},"resource_changes":[]})",
       false, "invalid UTF-8"},
      {"NUL byte", std::string("{\"format_version\":\"1.2\"\0}", 25), false,
       "(byte 23)"},
      {"over-long string",
       head + "\"" + std::string(2 << 20, 'a') + "\"" + tail, false,
       "string longer than 1048576 bytes"},
  };
  opts.max_string_bytes = 1 << 20;
  for (const Case& c : cases) {
    SCOPED_TRACE(c.name);
    absl::StatusOr<Plan> plan = ParsePlanJson(c.text, opts);
    ASSERT_EQ(plan.ok(), c.ok) << plan.status();
    if (!c.ok) {
      EXPECT_NE(std::string(plan.status().message()).find(c.error),
                std::string::npos)
          << plan.status();
    }
  }
}

TEST(ParsePlan, ErrorsNeverQuoteValues) {
  // A wrong type next to a secret: the message names the path only.
  const std::string text =
      R"({"format_version":"1.2","resource_changes":[{"address":"azurerm_role_assignment.a","change":{"actions":["create"],"after":{"principal_id":["TOPSECRET"]}}}]})";
  absl::StatusOr<Plan> plan = ParsePlanJson(text, {});
  ASSERT_FALSE(plan.ok());
  EXPECT_EQ(std::string(plan.status().message()).find("TOPSECRET"),
            std::string::npos);
}

TEST(ParsePlan, SupportedFormatVersions) {
  EXPECT_EQ(SupportedFormatVersions(),
            (std::vector<std::string>{"0.1", "0.2", "1.0", "1.1", "1.2"}));
}

}  // namespace
}  // namespace threatmodel::plan
