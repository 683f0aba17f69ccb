// File: plan.h
//
// Reads the JSON form of a Terraform plan (`terraform show -json PLANFILE`,
// format_version 0.1 to 1.2) into the rule engine's input: the planned
// resources (rules::Resource, resource.h), so that the CLI judges a plan
// with the same rules as the provider. The reader only translates; which
// resources belong together is the engine's facts stage.
//
// What is read, and why:
//   * `resource_changes[].change.after` together with `after_unknown` and
//     `after_sensitive`, merged into one rules::PlanValue per resource.
//     `planned_values` is never used: it drops unknown values, which would
//     turn "decided at apply" into "absent".
//   * Only the resource types the rules read are materialised
//     (rules::RelevantResourceTypes(), the one list) plus
//     `threatmodel_assertion` entries; everything else is validated and
//     skipped, so memory stays proportional to the relevant part of the
//     plan.
//   * `configuration`: the `references` of every expression of a kept
//     resource (attributes and nested blocks, by attribute path), followed
//     through module variables and module outputs, as rules::References.
//     On a first plan most principals and many scopes are unknown; the
//     references still say that an assignment's principal is
//     `azurerm_automation_account.X.identity[0].principal_id` and that a
//     scope is a resource group's ID.
//   * Resources being destroyed (and deposed objects) are left out: a
//     resource on its way out is not a finding.
//   * Deferred `data.threatmodel_assertion` reads are listed: the provider's
//     data source did not run at plan time, so its checks are still open.
//
// Sensitive values (marked in `after_sensitive`) are never copied into the
// resources: each becomes rules::PlanValue::Sensitive(), and a note names
// the attribute, never the value. Notes and errors never contain attribute
// values from the plan.
//
// Hostile input is an error, never a crash: structure, types, UTF-8,
// nesting depth and string length are all checked; see ReadOptions.
//
// Thread-safety: pure functions of their arguments; safe from any thread.
#ifndef THREATMODEL_PLAN_PLAN_H_
#define THREATMODEL_PLAN_PLAN_H_

#include <cstddef>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/statusor.h"
#include "threatmodel/rules/resource.h"

namespace threatmodel::plan {

struct ReadOptions {
  // Containers open at once anywhere in the document.
  int max_depth = 128;
  // Bytes of any one JSON string.
  std::size_t max_string_bytes = std::size_t{64} << 20;
};

// A `data.threatmodel_assertion` whose read Terraform deferred to apply.
struct DeferredAssertion {
  std::string address;
  // Terraform's `action_reason` ("read_because_config_unknown",
  // "read_because_dependency_pending", ...) or, for an entry of
  // `deferred_changes`, "deferred: <reason>"; empty when the plan's format
  // does not record one.
  std::string reason;
};

// Something the reader could not use or decide, for the report. `text`
// never contains a value from the plan.
struct Note {
  std::string address;  // the resource instance it concerns, may be empty
  std::string text;
};

// Where a resource is declared, as far as plan JSON says: the chain of
// module calls from the root module (call names and their `source`
// strings) and the resource's type and name. Plan JSON records no file
// names or line numbers.
struct Declaration {
  std::vector<std::string> module_calls;
  std::vector<std::string> module_sources;
  bool data = false;
  std::string type;
  std::string name;
};

struct PlanSummary {
  std::string format_version;
  std::string terraform_version;
  // Entries in resource_changes.
  std::size_t resource_changes = 0;
  // Role assignments and Automation accounts among `resources`.
  std::size_t role_assignments = 0;
  std::size_t automation_accounts = 0;
  // Relevant resources (and key holders, see rules/key_export.h) left out
  // because they are being destroyed.
  std::size_t destroyed = 0;
  bool has_configuration = false;
  // The plan's own `errored` flag (format 1.2): planning failed.
  bool errored = false;
  // The plan's own `complete` flag (format 1.2): false when Terraform left
  // resources unplanned (deferred changes, -target). True when absent.
  bool complete = true;
};

struct Plan {
  PlanSummary summary;
  // The planned resources of the relevant types that are not being
  // destroyed, in plan order: rules::Input::resources. Plan JSON does not
  // record the backend (see workdir::DiscoverBackend for the working
  // directory's).
  std::vector<rules::Resource> resources;
  // The root module's outputs that refer to something, with their
  // references resolved like the resources' (rules::Input::outputs).
  std::vector<rules::RootOutput> outputs;
  // threatmodel_assertion changes (data sources and managed resources) that
  // are not being destroyed, with their planned inputs.
  std::vector<rules::Resource> assertions;
  std::vector<DeferredAssertion> deferred_assertions;
  std::vector<Note> notes;
  // Resource instance address -> declaration, for every resource in
  // `resources`.
  std::map<std::string, Declaration> declarations;
};

// Parses plan JSON text (UTF-8). InvalidArgument, with a JSON path or a
// line and column, for anything that is not a readable plan of a supported
// format_version; the message never quotes values from the plan.
[[nodiscard]] absl::StatusOr<Plan> ParsePlanJson(std::string_view json,
                                                 const ReadOptions& options);

// DecodePlanText (see input.h) followed by ParsePlanJson; `name` names the
// input in messages.
[[nodiscard]] absl::StatusOr<Plan> ParsePlanBytes(std::string raw,
                                                  std::string_view name,
                                                  const ReadOptions& options);

// What the engine judges of a plan: its planned resources and root
// outputs, moved out of `plan` (which keeps its summary, assertions and
// notes). The backend is the front end's to add: plan JSON has none.
[[nodiscard]] rules::Input TakeEngineInput(Plan& plan);

// The plan format versions this reader was written against ("0.1" ...
// "1.2"). Later 1.x minor versions are read too (Terraform keeps minor
// versions backward compatible), with a note.
[[nodiscard]] std::vector<std::string> SupportedFormatVersions();

}  // namespace threatmodel::plan

#endif  // THREATMODEL_PLAN_PLAN_H_
