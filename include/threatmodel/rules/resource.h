// File: resource.h
//
// The rule engine's one input: the planned resources, exactly as Terraform
// plans them, plus what a front end observed outside the plan (the working
// directory's backend) and what a module author declared (users and their
// tiers, a stated backend).
//
// Front ends only translate into this model:
//   * the plan reader turns `resource_changes[].change.after` with
//     `after_unknown` / `after_sensitive` into Resource::values, and the
//     `configuration` expressions, followed through module variables and
//     outputs, into Resource::references;
//   * the provider (data source, managed resource, functions) turns whole
//     resource objects passed as inputs into Resources, and the structure of
//     its own inputs (an Automation account's nested role assignments) into
//     References, so that both front ends link resources the same way.
//
// Everything that spans resources (which identity belongs to which
// Automation account, which assignments share a principal, what kind of
// scope an unknown scope is, which backend holds the state) is the engine's
// facts stage (facts.h); rules never re-derive it.
//
// Secrets: a sensitive value is PlanValue::Sensitive() and carries no
// value; the backend holds setting names and derived facts only.
//
// Thread-safety: plain value types; const access is safe from any thread.
#ifndef THREATMODEL_RULES_RESOURCE_H_
#define THREATMODEL_RULES_RESOURCE_H_

#include <map>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "threatmodel/rules/maybe.h"
#include "threatmodel/rules/model.h"
#include "threatmodel/rules/plan_value.h"

namespace threatmodel::rules {

// What Terraform plans to do with a resource instance. Resources being
// deleted are never judged; front ends may leave them out.
enum class Action {
  kCreate,
  kUpdate,
  kReplace,  // delete and create, in either order
  kNoOp,
  kRead,  // a data source read
  kDelete,
};

// "create", "update", "replace", "no-op", "read", "delete".
[[nodiscard]] std::string_view ActionName(Action action);

// One reference of a configuration expression, resolved as far as the
// configuration allows (through `var.*` and module outputs).
struct Reference {
  enum class Kind {
    kResource,      // a managed or data resource (the usual end)
    kLocal,         // a local value: not recorded in plan JSON
    kRootVariable,  // a root module variable
    kInstance,      // each.*, count.*, self.*: differs per instance
    kConstant,      // path.*, terraform.*, a constant module argument
    kUnresolved,    // the chain breaks (configuration missing, ...)
  };
  Kind kind = Kind::kUnresolved;
  // kResource: the referenced resource's absolute address without an
  // instance key ("module.a[\"x\"].azurerm_automation_account.this"; data
  // sources start with "data."), and the instance key the reference gives
  // ("[0]", "[\"k\"]", or "" when it gives none).
  std::string resource;
  std::string key;
  // kResource: the referenced resource's type ("azurerm_automation_account");
  // when empty it is read from `resource`.
  std::string type;
  // kResource: the steps after the resource in Terraform's spelling
  // ("identity[0].principal_id", "id", ""); kLocal / kRootVariable: the
  // steps after `local.NAME` / `var.NAME`.
  std::string attribute;
  // The whole reference as an absolute traversal, for messages and as a
  // grouping key ("module.a.azurerm_user_assigned_identity.ml.principal_id").
  std::string text;
};

// One planned resource instance.
struct Resource {
  // The absolute instance address: what findings and waivers call it
  // ("module.platform.azurerm_role_assignment.users[\"alice\"]"). A front
  // end without addresses (a data source input) makes one up from the
  // input's structure and says so in `source`.
  std::string address;
  // The address without the resource's own instance key, and the key
  // ("[0]", "[\"k\"]" or ""), to match References against.
  std::string base_address;
  std::string key;
  std::string type;  // "azurerm_role_assignment"
  std::string name;
  bool data = false;
  Action action = Action::kCreate;
  // The planned attributes: an object (unknown as a whole only when the
  // front end could not see it).
  PlanValue values = PlanValue::Object({});
  // Configuration references per attribute path ("principal_id",
  // "identity[0].identity_ids"). Empty when the front end has no
  // configuration; an attribute set to a constant has no entry.
  std::map<std::string, std::vector<Reference>, std::less<>> references;
  // The attribute paths the configuration sets, constant or not, spelled as
  // in `references` (blocks flattened: "authentication[0].tenant_id"; a
  // block is not an entry itself). Null when the front end has no
  // configuration for the resource: then an unknown value cannot be told
  // apart from a default the provider fills in (see docs/engine.md, the
  // unknown ladder).
  std::optional<std::set<std::string, std::less<>>> configured;
  // What findings and waivers call the resource when it is not its address
  // (an input's map key, say); empty: the address.
  std::string subject;
  // Opaque locator chosen by the front end (an address, or an input path
  // such as `role_assignments["alice-reader"]`), copied into findings.
  std::string source;
};

// A principal that the module author declared, with the tier the policy
// judges it against (the data source's `users` input). Role assignments
// attributed to it reference it with Reference::Kind::kResource and
// `resource` equal to `address`.
struct DeclaredUser {
  std::string address;  // a made-up address, e.g. `users["alice@x"]`
  std::string subject;  // what findings and waivers call it (the UPN)
  Maybe<std::string> principal_id;
  Maybe<std::string> tier;
  std::string source;
};

// The state backend as the front end saw it.
struct BackendObservation {
  enum class State {
    kNotObserved,  // no working directory was looked at: T-2 is judged on
                   // the stated backend, or not applicable without one
    kUnavailable,  // a working directory was expected but cannot be read
                   // (the CLI without --chdir and no .terraform here):
                   // T-2 is undecided
    kObserved,     // `backend` is what Terraform uses
  };
  State state = State::kNotObserved;
  Backend backend;     // kObserved
  std::string reason;  // kUnavailable: why, for the finding
};

// Resources of `type` that the front end knows are there but cannot list
// yet: an input whose whole value is unknown at plan time. Every rule that
// reads `type` is undecided about them, never a pass.
struct UnknownResources {
  std::string type;    // "azurerm_role_assignment"
  std::string source;  // the input that holds them, e.g. `automation_accounts`
};

// A root module output and what its expression refers to. Outputs are how
// values leave a configuration (`terraform output`, remote-state readers,
// pipelines), so a secret copied into one is exported (I-1 and I-3's key
// export). Only a front end with the configuration (plan JSON) has them.
struct RootOutput {
  std::string name;  // "redis_primary_key"
  std::vector<Reference> references;
  std::string source;  // "output.redis_primary_key"
};

// Everything the engine judges.
struct Input {
  std::vector<Resource> resources;
  // Root module outputs whose expressions refer to something.
  std::vector<RootOutput> outputs;
  std::vector<UnknownResources> unknown_resources;
  std::vector<DeclaredUser> users;
  BackendObservation observed_backend;
  // A backend the module author stated. An observed backend always wins; a
  // stated one that contradicts it is a T-2 violation naming both.
  std::optional<Backend> stated_backend;
};

}  // namespace threatmodel::rules

#endif  // THREATMODEL_RULES_RESOURCE_H_
