// File: facts.h
//
// The facts stage: everything about the planned resources that spans more
// than one resource, worked out once, in named, ordered steps, before any
// rule runs. Rules read facts; they never re-derive them.
//
//   1. index         resources by type and by address; deleted ones dropped
//   2. identities    which managed identity belongs to which Automation
//                    account: the system-assigned one (`identity[0]`) and
//                    user-assigned ones (`identity[0].identity_ids`, by
//                    reference or by ID)
//   3. assignments   each azurerm_role_assignment read once: its role, its
//                    scope (with the scope kind an unknown scope's
//                    references fix), its principal type (inferred from the
//                    reference when the plan does not know it)
//   4. principals    who holds each assignment, in this order: an
//                    Automation account (through its identities, by
//                    reference or by known principal), a declared user (by
//                    reference or by known principal), a group of
//                    assignments that refer to the same principal, or
//                    nobody the engine can name (`unattributable`)
//   5. backend       the backend as observed; a stated backend that
//                    contradicts it is recorded
//
// Each step may only read what the steps before it produced.
//
// Thread-safety: BuildFacts is a pure function of its argument. The Facts it
// returns point into the Input, which must outlive them.
#ifndef THREATMODEL_SRC_RULES_FACTS_H_
#define THREATMODEL_SRC_RULES_FACTS_H_

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "threatmodel/rules/model.h"
#include "threatmodel/rules/resource.h"

namespace threatmodel::rules::internal {

// Something a step could not decide, for the report.
struct FactNote {
  std::string address;
  std::string text;
};

struct Facts {
  // Step 1: resources that are not being deleted, by type ("data.TYPE" for
  // data sources) and by address without instance key, in input order.
  std::map<std::string, std::vector<const Resource*>, std::less<>> by_type;
  std::map<std::string, std::vector<const Resource*>, std::less<>> by_base;
  // The root module outputs (Input::outputs).
  std::vector<const RootOutput*> outputs;

  // Steps 2-4: who holds which role. Assignments attributed to an account
  // are in its role_assignments, those of declared users and of principals
  // grouped by reference in users, all others (known principals that are
  // neither, and unattributable ones) in role_assignments.
  Deployment access;

  // Step 5: a stated backend that contradicts the observed one: both types,
  // for the T-2 finding. Null when there is nothing to contradict.
  struct Contradiction {
    std::string stated_type;
    std::string observed_type;
    std::string stated_source;
  };
  std::optional<Contradiction> backend_contradiction;
  // Why the backend could not be observed, when access.backend is unknown.
  std::string backend_unavailable_reason;

  std::vector<FactNote> notes;

  // References that carry a resource's keys (key_export.h: a key
  // attribute or the whole object), by the referenced
  // address without instance key, in the order of by_type, each holder's
  // attributes and their references: built on first use, so that finding
  // the copies of every target's keys costs one pass over the plan's
  // references instead of one per target.
  struct KeyReferrer {
    const Resource* holder;
    const std::string* path;
    const Reference* ref;
  };
  mutable std::optional<
      std::map<std::string, std::vector<KeyReferrer>, std::less<>>>
      key_referrers;

  // The resources of `type` (empty when none).
  [[nodiscard]] const std::vector<const Resource*>& OfType(
      std::string_view type) const;

  // The instance a kResource reference made from `from` names: the one its
  // key gives, the only one, or the one with `from`'s own key (the usual
  // `x[each.key]` pairing, whose key plan JSON drops). Null when the plan
  // has no such resource; `*ambiguous` when it has several and none pairs.
  [[nodiscard]] const Resource* Instance(const Reference& ref,
                                         const Resource& from,
                                         bool* ambiguous) const;
};

// The resource types the steps read, for RelevantResourceTypes().
[[nodiscard]] const std::vector<std::string_view>& FactResourceTypes();

// Runs the steps in order.
[[nodiscard]] Facts BuildFacts(const Input& input);

}  // namespace threatmodel::rules::internal

#endif  // THREATMODEL_SRC_RULES_FACTS_H_
