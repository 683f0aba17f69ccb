// File: links.h
//
// Cross-resource links (docs/rules-next.md §0): which planned resource an
// attribute of another one names, such as a subnet association's
// `subnet_id` or a private endpoint's `private_connection_resource_id`. By
// value when both sides are known (ARM IDs compare case-insensitively),
// else through the configuration's references, followed through variables
// and module outputs as E-1's scope inference does.
//
// Thread-safety: pure functions over their arguments; the result points
// into the Facts' input.
#ifndef THREATMODEL_SRC_RULES_LINKS_H_
#define THREATMODEL_SRC_RULES_LINKS_H_

#include <string>
#include <string_view>
#include <vector>

#include "rules/facts.h"
#include "threatmodel/rules/resource.h"

namespace threatmodel::rules::internal {

struct Link {
  enum class State {
    kLinked,   // `targets` (at least one)
    kNone,     // names nothing of the target type in the plan: null, a
               // known value of something else, or a data source
    kUnknown,  // unknown at plan time, and the references do not lead to
               // one planned instance (a local value, a variable, several)
  };
  State state = State::kUnknown;
  std::vector<const Resource*> targets;
  // For messages: "subnet_id refers to azurerm_subnet.a" or
  // "subnet_id is unknown at plan time and refers to local.ids".
  std::string text;
};

// What `from`'s attribute at `path` names among the planned resources of
// `target_type`, matching their `target_attribute` ("id", "name").
[[nodiscard]] Link LinkOf(const Facts& facts, const Resource& from,
                          std::string_view path, std::string_view target_type,
                          std::string_view target_attribute = "id");

// The private endpoints whose `private_service_connection` names `target`
// (a planned resource of `target_type`), and those whose target is unknown
// at plan time and cannot be named, which may be `target`'s.
struct PrivateEndpoints {
  std::vector<const Resource*> linked;
  std::vector<std::string> unknown;  // "ADDRESS: why", for messages
};
[[nodiscard]] PrivateEndpoints PrivateEndpointsOf(const Facts& facts,
                                                  const Resource& target,
                                                  std::string_view target_type);

// What associations of `association_type` (a subnet's NSG, route table or
// NAT gateway association) give `subject`: the planned resources of
// `target_type` named by the `target_attribute` of each association whose
// `subject_attribute` names `subject` (a planned resource of
// `subject_type`). `unknown` holds the associations that may give it one
// and cannot be told at plan time: their subject link is unknown, or their
// target is unknown or not planned here.
struct Associated {
  std::vector<const Resource*> targets;
  std::vector<std::string> sources;  // of the linked associations
  std::vector<std::string> unknown;  // "ADDRESS: why", for messages
};
[[nodiscard]] Associated AssociatedWith(
    const Facts& facts, const Resource& subject, std::string_view subject_type,
    std::string_view association_type, std::string_view subject_attribute,
    std::string_view target_attribute, std::string_view target_type);

// The standalone child resources of `child_type` that name `parent` (a
// planned resource of `parent_type`) through `name_attribute`, such as the
// azurerm_network_security_rule resources of an NSG or the azurerm_route
// resources of a route table. Names are unique per resource group only, so
// when several parents share the name the child's resource group decides.
// `unknown` holds the children whose parent cannot be told at plan time.
struct Children {
  std::vector<const Resource*> linked;
  std::vector<std::string> unknown;  // "ADDRESS: why", for messages
};
[[nodiscard]] Children ChildrenByName(const Facts& facts,
                                      const Resource& parent,
                                      std::string_view parent_type,
                                      std::string_view child_type,
                                      std::string_view name_attribute);

}  // namespace threatmodel::rules::internal

#endif  // THREATMODEL_SRC_RULES_LINKS_H_
