// D-2: one NSG shared by every subnet, with no custom rules (Accepted).
//
// The threat model accepts an NSG that holds only Azure's default rules
// because private endpoints and VPN-only ingress remove public exposure.
// Two facets:
//
//   no-custom-rules     (advisory) an NSG without custom rules (inline
//                       `security_rule` blocks or azurerm_network_security_
//                       rule resources) that is associated with at least
//                       the policy's number of subnets (default 2): the
//                       accepted condition, one finding per NSG;
//   premise-subnet-nsg  (mandatory) every subnet has an NSG, so the defaults
//                       at least apply everywhere; one finding per subnet.
//                       GatewaySubnet, AzureFirewallSubnet and delegated
//                       subnets are exempt.
//
// An NSG's `security_rule` is Optional+Computed up to azurerm 3.x, so an
// NSG declared without rules plans it unknown on create; absent from the
// configuration, it is the provider's default, no rules. Only
// azurerm_subnet resources are subnets: a virtual network's `subnet`
// attribute also mirrors them once they exist, so counting it would count
// them twice.

#include <string>
#include <utility>
#include <vector>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "rules/links.h"
#include "rules/rules_internal.h"
#include "rules/unknown_ladder.h"

namespace threatmodel::rules::internal {
namespace {

constexpr char kNsgType[] = "azurerm_network_security_group";
constexpr char kRuleType[] = "azurerm_network_security_rule";
constexpr char kSubnetType[] = "azurerm_subnet";
constexpr char kAssociationType[] =
    "azurerm_subnet_network_security_group_association";
constexpr char kRulesFacet[] = "no-custom-rules";
constexpr char kPremiseFacet[] = "premise-subnet-nsg";

bool Contains(const std::vector<const Resource*>& targets, const Resource* r) {
  for (const Resource* t : targets) {
    if (t == r) return true;
  }
  return false;
}

// Every association linked to its subnet and its NSG once.
struct Association {
  const Resource* resource;
  Link subnet;
  Link nsg;
};

std::vector<Association> Associations(const Facts& facts) {
  std::vector<Association> out;
  for (const Resource* a : facts.OfType(kAssociationType)) {
    out.push_back({a, LinkOf(facts, *a, "subnet_id", kSubnetType),
                   LinkOf(facts, *a, "network_security_group_id", kNsgType)});
  }
  return out;
}

// Why a subnet needs no NSG, or empty; `*undecided` when that depends on a
// value unknown at plan time.
std::string Exemption(const Resource& subnet, std::string* undecided) {
  const Maybe<std::string> name = StringAt(subnet.values, "name");
  if (const std::string* n = name.if_known()) {
    for (const char* special : {"GatewaySubnet", "AzureFirewallSubnet"}) {
      if (absl::EqualsIgnoreCase(*n, special)) {
        return absl::StrCat("the ", special,
                            " is exempt: Azure does not support an NSG on it");
      }
    }
  } else if (name.is_unknown()) {
    *undecided = "name is unknown at plan time";
  }
  const Decided delegation = Decide(subnet, "delegation", PlanValue::List({}));
  if (!delegation.decided()) {
    if (!undecided->empty()) absl::StrAppend(undecided, "; ");
    absl::StrAppend(undecided, delegation.text);
  } else if (delegation.value.kind() == PlanValue::Kind::kList &&
             !delegation.value.elements().empty()) {
    return "delegated subnets are exempt: the delegated service manages its "
           "network rules";
  }
  return "";
}

// The NSG an association gives, for a message.
std::string NsgName(const Association& a) {
  if (a.nsg.state == Link::State::kLinked) {
    return a.nsg.targets.front()->address;
  }
  const Maybe<std::string> id =
      StringAt(a.resource->values, "network_security_group_id");
  if (const std::string* known = id.if_known()) {
    return absl::StrCat("\"", *known, "\"");
  }
  return absl::StrCat("(", a.nsg.text, ")");
}

Finding SubnetFinding(const Resource& subnet,
                      const std::vector<Association>& associations) {
  std::vector<std::string> nsgs;
  std::vector<std::string> related;
  std::vector<std::string> maybe;
  for (const Association& a : associations) {
    if (a.subnet.state == Link::State::kLinked &&
        Contains(a.subnet.targets, &subnet)) {
      related.push_back(a.resource->source);
      nsgs.push_back(NsgName(a));
    } else if (a.subnet.state == Link::State::kUnknown) {
      maybe.push_back(absl::StrCat(a.resource->address, ": ", a.subnet.text));
    }
  }
  if (!nsgs.empty()) {
    Finding f = ResourceFinding(
        Status::kPass, subnet, kPremiseFacet,
        absl::StrCat("has network security group ", absl::StrJoin(nsgs, ", ")));
    f.related_sources = std::move(related);
    return f;
  }
  std::string undecided;
  const std::string exempt = Exemption(subnet, &undecided);
  if (!exempt.empty()) {
    return ResourceFinding(Status::kNotApplicable, subnet, kPremiseFacet,
                           exempt);
  }
  if (!maybe.empty() || !undecided.empty()) {
    std::vector<std::string> why = maybe;
    if (!undecided.empty()) {
      why.push_back(absl::StrCat("whether it is exempt: ", undecided));
    }
    return ResourceFinding(
        Status::kUndecided, subnet, kPremiseFacet,
        absl::StrCat("no association is known to give it a network security "
                     "group, and that is decided at apply: ",
                     absl::StrJoin(why, "; ")));
  }
  return ResourceFinding(
      Status::kViolation, subnet, kPremiseFacet,
      "no azurerm_subnet_network_security_group_association gives it a "
      "network security group, so nothing filters its traffic, not even "
      "Azure's default rules");
}

// How many custom rules an NSG has: inline and standalone.
struct RuleCount {
  int known = 0;
  std::string inline_text;        // what the plan says of `security_rule`
  std::vector<std::string> open;  // what may add rules
  std::vector<std::string> related;
};

RuleCount CountRules(const Facts& facts, const Resource& nsg) {
  RuleCount out;
  const Decided inline_rules =
      Decide(nsg, "security_rule", PlanValue::List({}));
  out.inline_text = inline_rules.text;
  if (!inline_rules.decided()) {
    out.open.push_back(inline_rules.text);
  } else if (inline_rules.value.kind() == PlanValue::Kind::kList) {
    out.known += static_cast<int>(inline_rules.value.elements().size());
  }
  const Children standalone = ChildrenByName(facts, nsg, kNsgType, kRuleType,
                                             "network_security_group_name");
  for (const std::string& u : standalone.unknown) out.open.push_back(u);
  for (const Resource* rule : standalone.linked) {
    ++out.known;
    out.related.push_back(rule->source);
  }
  return out;
}

Finding NsgFinding(const Facts& facts, const Resource& nsg,
                   const std::vector<Association>& associations,
                   int threshold) {
  const RuleCount rules = CountRules(facts, nsg);
  int subnets = 0;
  int maybe_subnets = 0;
  for (const Association& a : associations) {
    if (a.nsg.state == Link::State::kLinked && Contains(a.nsg.targets, &nsg)) {
      ++subnets;
    } else if (a.nsg.state == Link::State::kUnknown) {
      ++maybe_subnets;
    }
  }
  const std::string shared =
      absl::StrCat("associated with ", subnets, " subnet",
                   subnets == 1 ? "" : "s", " (reported from ", threshold, ")");
  if (rules.known > 0) {
    Finding f = ResourceFinding(
        Status::kPass, nsg, kRulesFacet,
        absl::StrCat("has ", rules.known, " custom rule",
                     rules.known == 1 ? "" : "s", "; ", shared));
    f.related_sources = rules.related;
    return f;
  }
  if (subnets + maybe_subnets < threshold) {
    return ResourceFinding(Status::kPass, nsg, kRulesFacet,
                           absl::StrCat("not shared: ", shared));
  }
  std::vector<std::string> open = rules.open;
  if (subnets < threshold) {
    open.push_back(absl::StrCat(
        maybe_subnets, " association", maybe_subnets == 1 ? "" : "s",
        " whose network_security_group_id is unknown at plan time may add "
        "to it"));
  }
  if (!open.empty()) {
    return ResourceFinding(
        Status::kUndecided, nsg, kRulesFacet,
        absl::StrCat("no custom rules are known and it is ", shared,
                     "; decided at apply: ", absl::StrJoin(open, "; ")));
  }
  return ResourceFinding(
      Status::kViolation, nsg, kRulesFacet,
      absl::StrCat("has no custom rules (", rules.inline_text,
                   ", and no azurerm_network_security_rule refers to it), so "
                   "only Azure's defaults apply, which allow all traffic "
                   "within the virtual network; it is ",
                   shared));
}

std::vector<Finding> Evaluate(const Facts& facts, const CompiledPolicy& policy,
                              const DeclaredFindings&) {
  std::vector<Finding> out;
  const std::vector<Association> associations = Associations(facts);
  for (const Resource* nsg : facts.OfType(kNsgType)) {
    out.push_back(
        NsgFinding(facts, *nsg, associations, policy.shared_nsg_min_subnets()));
  }
  for (const Resource* subnet : facts.OfType(kSubnetType)) {
    out.push_back(SubnetFinding(*subnet, associations));
  }
  if (out.empty()) {
    out.push_back(MakeFinding(
        Status::kNotApplicable, "deployment", "",
        "the deployment has no network security groups and no subnets"));
  }
  return out;
}

}  // namespace

namespace catalogue {

RuleEntry D2NetworkSecurityGroups() {
  RuleInfo info;
  info.id = "D-2";
  info.short_code = "network-security-groups";
  info.title =
      "Every subnet needs an NSG, and a shared NSG should carry custom rules";
  info.description =
      "The threat model accepts one network security group on every subnet "
      "with only Azure's default rules, because private endpoints and "
      "VPN-only ingress remove public exposure. Facet no-custom-rules "
      "(advisory): an azurerm_network_security_group without custom rules "
      "(security_rule blocks or azurerm_network_security_rule resources "
      "naming it) is associated with at least shared_nsg_min_subnets "
      "subnets (default 2) through "
      "azurerm_subnet_network_security_group_association. Facet "
      "premise-subnet-nsg (mandatory): an azurerm_subnet has no network "
      "security group at all; GatewaySubnet, AzureFirewallSubnet and "
      "delegated subnets are exempt. security_rule unknown at plan time and "
      "not in the configuration (azurerm 3.x plans an NSG declared without "
      "rules that way) counts as no rules; set by reference it is "
      "undecided, as is an association whose IDs are unknown and whose "
      "references do not name a planned subnet or NSG.";
  info.remediation =
      "Associate a network security group with every subnet "
      "(azurerm_subnet_network_security_group_association). Once the NSG "
      "flow logs show the traffic the subnets need, add custom rules: give "
      "each tier its own NSG, allow the flows it needs and deny the rest "
      "(for example a Deny rule from VirtualNetwork with a priority number "
      "below 65000, where the default AllowVnetInBound sits).";
  info.stride = Stride::kDenialOfService;
  info.severity = Severity::kLow;
  info.security_severity = 3.5;
  info.threat_model_rating = "Low";
  info.doc_path = "docs/rules/D-2.md";
  info.resource_types = {kNsgType, kRuleType, kSubnetType, kAssociationType};
  info.parameters = {
      {"shared_nsg_min_subnets", "number",
       "How many subnets an NSG without custom rules must be associated with "
       "before it is reported (1 to 10000).",
       "2"},
  };
  info.facets = {
      {kRulesFacet,
       "A network security group without custom rules is shared by several "
       "subnets: the condition the threat model accepts.",
       Enforcement::kAdvisory},
      {kPremiseFacet,
       "Every subnet has a network security group: the least the "
       "acceptance relies on.",
       Enforcement::kMandatory},
  };
  info.peers = {
      {"checkov", "CKV2_AZURE_31", ""},
      {"checkov", "CKV_AZURE_9", ""},
      {"checkov", "CKV_AZURE_10", ""},
      {"checkov", "CKV_AZURE_77", ""},
      {"checkov", "CKV_AZURE_160", ""},
      {"trivy", "AZU-0047", "AVD-AZU-0047"},
      {"trivy", "AZU-0051", "AVD-AZU-0051"},
      {"PSRule", "Azure.VNET.UseNSGs", "AZR-000263"},
      {"PSRule", "Azure.NSG.Associated", "AZR-000140"},
      {"PSRule", "Azure.NSG.LateralTraversal", "AZR-000139"},
  };
  return {info, &Evaluate};
}

}  // namespace catalogue
}  // namespace threatmodel::rules::internal
