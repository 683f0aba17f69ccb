#include "rules/links.h"

#include <algorithm>
#include <string>
#include <vector>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "rules/reference_facts.h"
#include "rules/string_view_compat.h"

namespace threatmodel::rules::internal {
namespace {

void Add(const Resource* target, std::vector<const Resource*>& out) {
  if (std::find(out.begin(), out.end(), target) == out.end()) {
    out.push_back(target);
  }
}

}  // namespace

Link LinkOf(const Facts& facts, const Resource& from, std::string_view path,
            std::string_view target_type, std::string_view target_attribute) {
  Link out;
  const Maybe<std::string> value = StringAt(from.values, path);
  if (const std::string* known = value.if_known()) {
    for (const Resource* target : facts.OfType(target_type)) {
      const Maybe<std::string> theirs =
          StringAt(target->values, target_attribute);
      if (const std::string* t = theirs.if_known()) {
        if (absl::EqualsIgnoreCase(*t, *known)) Add(target, out.targets);
      }
    }
  }
  // References decide when the value does not: they are what Terraform
  // will fill in at apply.
  const std::vector<Reference>& refs = RefsOf(from, path);
  bool open = false;
  for (const Reference& ref : refs) {
    if (ref.kind == Reference::Kind::kConstant) continue;
    if (ref.kind == Reference::Kind::kInstance) {
      // each.value or count.index stands for whatever the instance's
      // for_each or count expression yields, which plan JSON does not
      // pair with instance keys: unless a resource reference beside it
      // decides, the link is open, never "nothing".
      open = true;
      continue;
    }
    if (ref.kind != Reference::Kind::kResource) {
      open = true;
      continue;
    }
    if (ReferencedType(ref) != target_type ||
        absl::StartsWith(ref.resource, "data.")) {
      continue;
    }
    if (!ref.attribute.empty() && ref.attribute != target_attribute) continue;
    bool ambiguous = false;
    if (const Resource* target = facts.Instance(ref, from, &ambiguous)) {
      Add(target, out.targets);
    } else if (ambiguous) {
      open = true;
    }
  }
  if (!out.targets.empty()) {
    out.state = Link::State::kLinked;
    std::vector<std::string> names;
    for (const Resource* t : out.targets) names.push_back(t->address);
    out.text = absl::StrCat(Av(path), " refers to ", names.front(),
                            names.size() > 1 ? " and others" : "");
    return out;
  }
  if (value.is_known() || (!value.is_unknown() && !open)) {
    out.state = Link::State::kNone;
    out.text = absl::StrCat(Av(path), value.is_null() ? " is not set"
                                                      : " names nothing "
                                                        "planned here");
    return out;
  }
  if (!open && !refs.empty()) {
    // Unknown, and its references lead only to other things (a data
    // source, a resource of another type).
    out.state = Link::State::kNone;
    out.text = absl::StrCat(Av(path), " refers to ", DescribeReferences(refs));
    return out;
  }
  out.state = Link::State::kUnknown;
  out.text = absl::StrCat(Av(path), " is unknown at plan time and refers to ",
                          DescribeReferences(refs));
  return out;
}

PrivateEndpoints PrivateEndpointsOf(const Facts& facts, const Resource& target,
                                    std::string_view target_type) {
  PrivateEndpoints out;
  for (const Resource* pe : facts.OfType("azurerm_private_endpoint")) {
    const Lookup connections =
        LookupPath(pe->values, "private_service_connection");
    // An unknown list still has the configuration's first connection.
    std::size_t n = 1;
    if (connections.state == Lookup::State::kFound &&
        connections.value->kind() == PlanValue::Kind::kList) {
      n = connections.value->elements().size();
    }
    for (std::size_t i = 0; i < n; ++i) {
      const Link link = LinkOf(facts, *pe,
                               absl::StrCat("private_service_connection[", i,
                                            "].private_connection_resource_id"),
                               target_type);
      if (link.state == Link::State::kLinked) {
        for (const Resource* t : link.targets) {
          if (t == &target) Add(pe, out.linked);
        }
      } else if (link.state == Link::State::kUnknown) {
        out.unknown.push_back(absl::StrCat(pe->address, ": ", link.text));
      }
    }
  }
  return out;
}

Associated AssociatedWith(const Facts& facts, const Resource& subject,
                          std::string_view subject_type,
                          std::string_view association_type,
                          std::string_view subject_attribute,
                          std::string_view target_attribute,
                          std::string_view target_type) {
  Associated out;
  for (const Resource* a : facts.OfType(association_type)) {
    const Link to_subject = LinkOf(facts, *a, subject_attribute, subject_type);
    if (to_subject.state == Link::State::kUnknown) {
      out.unknown.push_back(absl::StrCat(a->address, ": ", to_subject.text));
      continue;
    }
    if (to_subject.state != Link::State::kLinked ||
        std::find(to_subject.targets.begin(), to_subject.targets.end(),
                  &subject) == to_subject.targets.end()) {
      continue;
    }
    const Link to_target = LinkOf(facts, *a, target_attribute, target_type);
    if (to_target.state != Link::State::kLinked) {
      out.unknown.push_back(absl::StrCat(a->address, ": ", to_target.text));
      continue;
    }
    out.sources.push_back(a->source);
    for (const Resource* t : to_target.targets) Add(t, out.targets);
  }
  return out;
}

Children ChildrenByName(const Facts& facts, const Resource& parent,
                        std::string_view parent_type,
                        std::string_view child_type,
                        std::string_view name_attribute) {
  Children out;
  const Maybe<std::string> group =
      StringAt(parent.values, "resource_group_name");
  for (const Resource* child : facts.OfType(child_type)) {
    const Link link =
        LinkOf(facts, *child, name_attribute, parent_type, "name");
    if (link.state == Link::State::kUnknown) {
      out.unknown.push_back(absl::StrCat(child->address, ": ", link.text));
      continue;
    }
    if (link.state != Link::State::kLinked ||
        std::find(link.targets.begin(), link.targets.end(), &parent) ==
            link.targets.end()) {
      continue;
    }
    const Maybe<std::string> theirs =
        StringAt(child->values, "resource_group_name");
    if (group.is_known() && theirs.is_known() && link.targets.size() > 1 &&
        !absl::EqualsIgnoreCase(group.value(), theirs.value())) {
      continue;
    }
    out.linked.push_back(child);
  }
  return out;
}

}  // namespace threatmodel::rules::internal
