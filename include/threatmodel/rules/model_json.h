// File: model_json.h
//
// A JSON form of Deployment, for conformance test cases and for callers that
// already hold a model as data. Known values are plain JSON values, null (or
// a missing key) is null, and unknown is {"unknown": true}:
//
//   {
//     "backend": {"type": "s3", "settings": ["bucket", "use_lockfile"],
//                 "source": "backend"},
//     "automation_accounts": [{
//       "subject": "aa-robotics-dev", "name": "aa-robotics-dev",
//       "identity_type": "SystemAssigned",
//       "principal_id": {"unknown": true},
//       "role_assignments": [ <assignment> ], "source": "..." }],
//     "users": [{"subject": "alice", "principal_id": "...",
//                "tier": "contributor", "role_assignments": [ ... ]}],
//     "role_assignments": [ <assignment> ]
//   }
//
//   <assignment> = {"principal_id": "...", "principal_type": "User",
//                   "role_definition_name": "Contributor",
//                   "role_definition_id": {"unknown": true},
//                   "scope": "/subscriptions/...",
//                   "scope_kind_hint": "resource_group", "source": "..."}
//
// A backend setting is a name, or {"name": ..., "state": "set"|"false"|
// "empty", "embeds_credential": true|false}. A backend's "origin" is
// "stated" (default), "backend_file" or "no_backend_file". Unknown keys are
// errors.
//
// Input is bounded (4 MiB, nesting depth 64) and parsing never throws.
//
// Thread-safety: pure function; safe from any thread.
#ifndef THREATMODEL_RULES_MODEL_JSON_H_
#define THREATMODEL_RULES_MODEL_JSON_H_

#include <string_view>

#include "absl/status/statusor.h"
#include "threatmodel/rules/model.h"

namespace threatmodel::rules {

// InvalidArgument with a JSON path (e.g. `users[0].tier`) on malformed input.
[[nodiscard]] absl::StatusOr<Deployment> ParseDeploymentJson(
    std::string_view json);

}  // namespace threatmodel::rules

#endif  // THREATMODEL_RULES_MODEL_JSON_H_
