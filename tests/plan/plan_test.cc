#include "threatmodel/plan/plan.h"

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <functional>
#include <iterator>
#include <string>
#include <vector>

#include "gtest/gtest.h"
#include "nlohmann/json.hpp"
#include "threatmodel/rules/plan_value.h"
#include "threatmodel/rules/resource.h"
#include "threatmodel/rules/rule.h"

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
  std::size_t assignments;
  std::size_t resources;
  std::size_t destroyed;
  std::size_t deferred;
};

// The reference-architecture fixtures give the resources the rules need.
TEST(ParsePlan, ReferenceArchitectureFixtures) {
  const std::vector<Expect> cases = {
      {"automation-root-greenfield.json", 1, 2, 3, 0, 1},
      {"automation-root-fixed.json", 1, 2, 3, 0, 0},
      {"automation-root-no-postgresql.json", 1, 1, 2, 0, 0},
      {"automation-root-second-plan.json", 1, 2, 3, 0, 0},
      {"automation-root-destroy.json", 0, 0, 0, 3, 0},
  };
  for (const Expect& c : cases) {
    SCOPED_TRACE(c.file);
    absl::StatusOr<Plan> plan =
        ParsePlanBytes(ReadFile(kOwn / c.file), c.file, {});
    ASSERT_TRUE(plan.ok()) << plan.status();
    EXPECT_EQ(plan->summary.automation_accounts, c.accounts);
    EXPECT_EQ(plan->summary.role_assignments, c.assignments);
    EXPECT_EQ(plan->resources.size(), c.resources);
    EXPECT_EQ(plan->summary.destroyed, c.destroyed);
    EXPECT_EQ(plan->deferred_assertions.size(), c.deferred);
    for (const rules::Resource& r : plan->resources) {
      EXPECT_TRUE(rules::IsRelevantResourceType(r.data, r.type)) << r.type;
      EXPECT_EQ(plan->declarations.count(r.address), 1u) << r.address;
    }
  }
  // The other fixtures read; every resource is of a relevant type.
  for (const char* file :
       {"platform-root-greenfield.json", "platform-root-rg-via-local.json",
        "onboarding-for-each-greenfield.json",
        "onboarding-for-each-tiered.json", "onboarding-for-each-disabled.json",
        "sensitive-canary.json"}) {
    SCOPED_TRACE(file);
    absl::StatusOr<Plan> plan = ParsePlanBytes(ReadFile(kOwn / file), file, {});
    ASSERT_TRUE(plan.ok()) << plan.status();
    for (const rules::Resource& r : plan->resources) {
      EXPECT_TRUE(rules::IsRelevantResourceType(r.data, r.type)) << r.type;
    }
  }
}

// A role assignment's scope, followed through the module variable: to the
// resource group's ID, or to a local (which plan JSON does not record).
TEST(ParsePlan, ScopeReferences) {
  const std::string ops =
      "module.platform.azurerm_role_assignment.ops_rg_contributor";
  auto scope_of = [&](const std::string& file) {
    absl::StatusOr<Plan> plan = ParsePlanBytes(ReadFile(kOwn / file), file, {});
    EXPECT_TRUE(plan.ok()) << plan.status();
    std::vector<rules::Reference> out;
    if (!plan.ok()) return out;
    for (const rules::Resource& r : plan->resources) {
      if (r.address != ops) continue;
      EXPECT_TRUE(r.values.Find("scope")->is_unknown());
      auto it = r.references.find("scope");
      if (it != r.references.end()) out = it->second;
    }
    return out;
  };
  const std::vector<rules::Reference> direct =
      scope_of("platform-root-greenfield.json");
  ASSERT_EQ(direct.size(), 1u);
  EXPECT_EQ(direct[0].kind, rules::Reference::Kind::kResource);
  EXPECT_EQ(direct[0].resource, "azurerm_resource_group.this");
  EXPECT_EQ(direct[0].key, "[0]");
  EXPECT_EQ(direct[0].attribute, "id");
  EXPECT_EQ(direct[0].text, "azurerm_resource_group.this[0].id");
  const std::vector<rules::Reference> via_local =
      scope_of("platform-root-rg-via-local.json");
  ASSERT_EQ(via_local.size(), 1u);
  EXPECT_EQ(via_local[0].kind, rules::Reference::Kind::kLocal);
  EXPECT_EQ(via_local[0].attribute, "id");
  EXPECT_EQ(via_local[0].text, "local.resource_group.id");
}

// Sensitive values never reach the resources or the notes.
TEST(ParsePlan, SensitiveCanary) {
  const std::string text = ReadFile(kOwn / "sensitive-canary.json");
  ASSERT_NE(text.find("CANARY"), std::string::npos);
  absl::StatusOr<Plan> plan = ParsePlanJson(text, {});
  ASSERT_TRUE(plan.ok()) << plan.status();
  std::function<bool(const rules::PlanValue&)> has_canary =
      [&](const rules::PlanValue& v) {
        switch (v.kind()) {
          case rules::PlanValue::Kind::kString:
            return v.string_value().find("CANARY") != std::string::npos;
          case rules::PlanValue::Kind::kList:
            for (const rules::PlanValue& e : v.elements()) {
              if (has_canary(e)) return true;
            }
            return false;
          case rules::PlanValue::Kind::kObject:
            for (const auto& [k, m] : v.members()) {
              if (has_canary(m)) return true;
            }
            return false;
          default:
            return false;
        }
      };
  for (const rules::Resource& r : plan->resources) {
    EXPECT_FALSE(has_canary(r.values)) << r.address;
  }
  for (const rules::Resource& r : plan->assertions) {
    EXPECT_FALSE(has_canary(r.values)) << r.address;
  }
  for (const Note& n : plan->notes) {
    EXPECT_EQ(n.text.find("CANARY"), std::string::npos);
  }
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
      {rc + "/change/after_unknown", "x", "change.after_unknown: expected"},
      {rc + "/change/after_unknown/principal_id", "yes",
       "after_unknown.principal_id: expected a boolean"},
      {"/complete", "no", "complete: expected a boolean"},
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
      R"({"format_version":"1.2","resource_changes":[{"address":"azurerm_role_assignment.a","change":{"actions":["create"],"after":{"principal_id":"TOPSECRET"},"after_sensitive":{"principal_id":"TOPSECRET"}}}]})";
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
