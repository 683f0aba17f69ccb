// D-3: AKS node subnets reach the Internet without egress filtering (Open).
//
// The reference architecture sends node egress through a NAT gateway
// (outbound_type userAssignedNATGateway) with no firewall, no route table
// and an NSG without rules, so a compromised pod can pull tooling from and
// send data to anywhere. One facet, mandatory: for every node subnet of an
// AKS cluster (`default_node_pool[0].vnet_subnet_id` and every
// azurerm_kubernetes_cluster_node_pool's `vnet_subnet_id`), egress is
// filtered when
//
//   * a route table associated with the subnet sends 0.0.0.0/0 to a
//     VirtualAppliance (a firewall), inline `route` or azurerm_route; or
//   * an NSG associated with the subnet denies all outbound traffic to
//     Internet with a priority number below 65001, where Azure's default
//     AllowInternetOutBound sits.
//
// Otherwise the egress the cluster's outbound_type provides (load
// balancer, NAT gateway, user-defined routes without a firewall route, or
// the subnet's default outbound access) is unfiltered: a violation. A
// cluster without a subnet of its own gets a managed virtual network whose
// egress nothing of the deployment can filter. Subnets, route tables and
// NSGs are linked by value when known, else through the configuration's
// references (rules/links.h); a link, route or rule that stays unknown
// leaves the subnet undecided.

#include <algorithm>
#include <string>
#include <utility>
#include <vector>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "rules/links.h"
#include "rules/rules_internal.h"
#include "rules/string_view_compat.h"
#include "rules/unknown_ladder.h"

namespace threatmodel::rules::internal {
namespace {

constexpr char kClusterType[] = "azurerm_kubernetes_cluster";
constexpr char kPoolType[] = "azurerm_kubernetes_cluster_node_pool";
constexpr char kSubnetType[] = "azurerm_subnet";
constexpr char kNsgType[] = "azurerm_network_security_group";
constexpr char kNsgRuleType[] = "azurerm_network_security_rule";
constexpr char kNsgAssociationType[] =
    "azurerm_subnet_network_security_group_association";
constexpr char kRouteTableType[] = "azurerm_route_table";
constexpr char kRouteType[] = "azurerm_route";
constexpr char kRouteAssociationType[] =
    "azurerm_subnet_route_table_association";
constexpr char kNatGatewayType[] = "azurerm_nat_gateway";
constexpr char kNatAssociationType[] = "azurerm_subnet_nat_gateway_association";
constexpr char kFacet[] = "egress-filtering";
// Azure's default AllowInternetOutBound rule.
constexpr int kAllowInternetOutBoundPriority = 65001;

// What one route or NSG rule says about egress filtering.
enum class Verdict { kFilters, kDoesNot, kUnknown };

// A route `0.0.0.0/0 -> VirtualAppliance` filters: the next hop is a
// firewall or another network virtual appliance.
Verdict RouteVerdict(const PlanValue& route, std::string* unknown) {
  const Maybe<std::string> prefix = StringAt(route, "address_prefix");
  const Maybe<std::string> hop = StringAt(route, "next_hop_type");
  if (prefix.is_unknown() || hop.is_unknown()) {
    *unknown = prefix.is_unknown() ? "address_prefix is unknown at plan time"
                                   : "next_hop_type is unknown at plan time";
    return Verdict::kUnknown;
  }
  if (prefix.is_known() && hop.is_known() && prefix.value() == "0.0.0.0/0" &&
      absl::EqualsIgnoreCase(hop.value(), "VirtualAppliance")) {
    return Verdict::kFilters;
  }
  return Verdict::kDoesNot;
}

bool IsAnyInternet(std::string_view prefix) {
  return prefix == "*" || prefix == "0.0.0.0/0" ||
         absl::EqualsIgnoreCase(Av(prefix), "Internet");
}

// An NSG rule denying every protocol and port outbound to Internet (or to
// anywhere) with a priority number below AllowInternetOutBound's. A deny
// for one port leaves the rest of the Internet open, so it does not count.
Verdict NsgRuleVerdict(const PlanValue& rule, std::string* unknown) {
  std::vector<std::string> open;
  auto text = [&](std::string_view path) {
    const Maybe<std::string> v = StringAt(rule, path);
    if (v.is_unknown()) open.push_back(std::string(path));
    return v.is_known() ? v.value() : std::string();
  };
  const std::string direction = text("direction");
  const std::string access = text("access");
  const std::string protocol = text("protocol");
  const std::string port = text("destination_port_range");
  const std::string destination = text("destination_address_prefix");
  const Lookup priority = LookupPath(rule, "priority");
  if (priority.state == Lookup::State::kUnknown) open.push_back("priority");
  const Lookup ports = LookupPath(rule, "destination_port_ranges");
  const Lookup destinations = LookupPath(rule, "destination_address_prefixes");
  if (ports.state == Lookup::State::kUnknown) {
    open.push_back("destination_port_ranges");
  }
  if (destinations.state == Lookup::State::kUnknown) {
    open.push_back("destination_address_prefixes");
  }
  // A known part that rules the rule out decides even when others are
  // unknown.
  if ((!direction.empty() && !absl::EqualsIgnoreCase(direction, "Outbound")) ||
      (!access.empty() && !absl::EqualsIgnoreCase(access, "Deny")) ||
      (!protocol.empty() && protocol != "*")) {
    return Verdict::kDoesNot;
  }
  if (!open.empty()) {
    *unknown = absl::StrCat(absl::StrJoin(open, ", "),
                            open.size() == 1 ? " is" : " are",
                            " unknown at plan time");
    return Verdict::kUnknown;
  }
  if (direction.empty() || access.empty() || protocol.empty()) {
    return Verdict::kDoesNot;
  }
  bool every_port = port == "*";
  if (ports.state == Lookup::State::kFound &&
      ports.value->kind() == PlanValue::Kind::kList) {
    for (const PlanValue& p : ports.value->elements()) {
      if (p.kind() == PlanValue::Kind::kString && p.string_value() == "*") {
        every_port = true;
      }
    }
  }
  bool internet = IsAnyInternet(destination);
  if (destinations.state == Lookup::State::kFound &&
      destinations.value->kind() == PlanValue::Kind::kList) {
    for (const PlanValue& d : destinations.value->elements()) {
      if (d.kind() == PlanValue::Kind::kString &&
          IsAnyInternet(d.string_value())) {
        internet = true;
      }
    }
  }
  int number = kAllowInternetOutBoundPriority;
  if (priority.state == Lookup::State::kFound &&
      priority.value->kind() == PlanValue::Kind::kNumber) {
    // Priorities are integers 100..4096; anything else cannot sit below.
    const std::string& digits = priority.value->number_text();
    if (!digits.empty() && digits.size() < 6 &&
        digits.find_first_not_of("0123456789") == std::string::npos) {
      number = std::stoi(digits);
    }
  }
  return every_port && internet && number < kAllowInternetOutBoundPriority
             ? Verdict::kFilters
             : Verdict::kDoesNot;
}

// What filters a subnet's egress, what may, and the resources read.
struct Filtering {
  std::string filter;             // the route or rule that filters; or empty
  std::vector<std::string> open;  // what is decided at apply
  std::vector<std::string> related;
  std::vector<std::string> seen;  // route tables and NSGs, for the message
};

// Runs `verdict` over a parent's inline blocks at `path` and its
// standalone children.
template <typename VerdictFn>
void Judge(const Facts& facts, const Resource& parent,
           std::string_view parent_type, std::string_view inline_path,
           std::string_view child_type, std::string_view name_attribute,
           std::string_view what, VerdictFn verdict, Filtering* out) {
  out->seen.push_back(parent.address);
  const Decided inline_blocks =
      Decide(parent, inline_path, PlanValue::List({}));
  if (!inline_blocks.decided()) {
    out->open.push_back(absl::StrCat(parent.address, ": ", inline_blocks.text));
  } else if (inline_blocks.value.kind() == PlanValue::Kind::kList) {
    std::size_t i = 0;
    for (const PlanValue& block : inline_blocks.value.elements()) {
      std::string unknown;
      const Verdict v = verdict(block, &unknown);
      if (v == Verdict::kFilters && out->filter.empty()) {
        out->filter = absl::StrCat(parent.address, " ", Av(inline_path), "[", i,
                                   "] ", Av(what));
      } else if (v == Verdict::kUnknown) {
        out->open.push_back(absl::StrCat(parent.address, " ", Av(inline_path),
                                         "[", i, "]: ", unknown));
      }
      ++i;
    }
  }
  const Children children =
      ChildrenByName(facts, parent, parent_type, child_type, name_attribute);
  for (const std::string& u : children.unknown) out->open.push_back(u);
  for (const Resource* child : children.linked) {
    out->related.push_back(child->source);
    std::string unknown;
    const Verdict v = verdict(child->values, &unknown);
    if (v == Verdict::kFilters && out->filter.empty()) {
      out->filter = absl::StrCat(child->address, " ", Av(what));
    } else if (v == Verdict::kUnknown) {
      out->open.push_back(absl::StrCat(child->address, ": ", unknown));
    }
  }
}

Filtering FilteringOf(const Facts& facts, const Resource& subnet) {
  Filtering out;
  const Associated tables =
      AssociatedWith(facts, subnet, kSubnetType, kRouteAssociationType,
                     "subnet_id", "route_table_id", kRouteTableType);
  for (const std::string& u : tables.unknown) out.open.push_back(u);
  out.related = tables.sources;
  for (const Resource* table : tables.targets) {
    Judge(facts, *table, kRouteTableType, "route", kRouteType,
          "route_table_name",
          "sends 0.0.0.0/0 to a VirtualAppliance (a firewall)", &RouteVerdict,
          &out);
  }
  const Associated nsgs =
      AssociatedWith(facts, subnet, kSubnetType, kNsgAssociationType,
                     "subnet_id", "network_security_group_id", kNsgType);
  for (const std::string& u : nsgs.unknown) out.open.push_back(u);
  out.related.insert(out.related.end(), nsgs.sources.begin(),
                     nsgs.sources.end());
  for (const Resource* nsg : nsgs.targets) {
    Judge(facts, *nsg, kNsgType, "security_rule", kNsgRuleType,
          "network_security_group_name",
          "denies all outbound traffic to Internet below "
          "AllowInternetOutBound (65001)",
          &NsgRuleVerdict, &out);
  }
  return out;
}

// The egress a node subnet has without filtering, for a violation's
// message; empty when it has none (outbound_type none on a subnet without
// a NAT gateway or default outbound access). `*undecided` when that
// depends on a value unknown at plan time.
std::string UnfilteredEgress(const Facts& facts, const Resource& subnet,
                             const std::string& outbound,
                             std::vector<std::string>* related,
                             std::string* undecided) {
  const Associated nat =
      AssociatedWith(facts, subnet, kSubnetType, kNatAssociationType,
                     "subnet_id", "nat_gateway_id", kNatGatewayType);
  related->insert(related->end(), nat.sources.begin(), nat.sources.end());
  std::string via_nat;
  if (!nat.targets.empty()) {
    via_nat = absl::StrCat("the NAT gateway ", nat.targets.front()->address,
                           " is associated with it");
  }
  const std::string lower = absl::AsciiStrToLower(outbound);
  if (lower == "none") {
    if (!via_nat.empty()) return via_nat;
    const DecidedBool default_outbound =
        DecideBool(subnet, "default_outbound_access_enabled", true);
    if (!default_outbound.value.is_known()) {
      *undecided = default_outbound.text;
      return "";
    }
    if (!nat.unknown.empty()) {
      *undecided = absl::StrJoin(nat.unknown, "; ");
      return "";
    }
    return default_outbound.value.value()
               ? absl::StrCat("outbound_type is none but ",
                              default_outbound.text)
               : "";
  }
  if (lower == "userdefinedrouting") {
    return "outbound_type is userDefinedRouting, and no route sends "
           "0.0.0.0/0 to a VirtualAppliance";
  }
  std::string out = absl::StrCat("outbound_type is ", outbound);
  if (!via_nat.empty()) absl::StrAppend(&out, " and ", via_nat);
  return out;
}

// One node subnet of `cluster`, named by `pool`.
Finding SubnetFinding(const Facts& facts, const Resource& cluster,
                      const Resource& subnet, const std::string& pool,
                      const Decided& outbound) {
  const Filtering filtering = FilteringOf(facts, subnet);
  const std::string uses =
      absl::StrCat("node subnet of ", cluster.address, " (", pool, ")");
  if (!filtering.filter.empty()) {
    Finding f = ResourceFinding(
        Status::kPass, subnet, kFacet,
        absl::StrCat(uses, ": egress is filtered: ", filtering.filter));
    f.related_sources = filtering.related;
    return f;
  }
  if (!filtering.open.empty()) {
    Finding f = ResourceFinding(
        Status::kUndecided, subnet, kFacet,
        absl::StrCat(uses,
                     ": no route or NSG rule is known to filter its egress, "
                     "and that is decided at apply: ",
                     absl::StrJoin(filtering.open, "; ")));
    f.related_sources = filtering.related;
    return f;
  }
  if (!outbound.decided()) {
    Finding f = ResourceFinding(
        Status::kUndecided, subnet, kFacet,
        absl::StrCat(uses,
                     ": nothing filters its egress, and whether it has "
                     "any is decided at apply: ",
                     outbound.text));
    f.related_sources = filtering.related;
    return f;
  }
  std::vector<std::string> related = filtering.related;
  std::string undecided;
  const std::string outbound_value =
      outbound.value.kind() == PlanValue::Kind::kString
          ? outbound.value.string_value()
          : "loadBalancer";
  const std::string egress =
      UnfilteredEgress(facts, subnet, outbound_value, &related, &undecided);
  Finding f;
  if (!undecided.empty()) {
    f = ResourceFinding(
        Status::kUndecided, subnet, kFacet,
        absl::StrCat(uses,
                     ": nothing filters its egress, and whether it has any "
                     "is decided at apply: ",
                     undecided));
  } else if (egress.empty()) {
    f = ResourceFinding(Status::kPass, subnet, kFacet,
                        absl::StrCat(uses,
                                     ": outbound_type is none and the subnet "
                                     "has no NAT gateway or default outbound "
                                     "access"));
  } else {
    const std::string seen =
        filtering.seen.empty()
            ? std::string("it has no route table and no NSG")
            : absl::StrCat("checked ", absl::StrJoin(filtering.seen, ", "));
    f = ResourceFinding(
        Status::kViolation, subnet, kFacet,
        absl::StrCat(uses, ": its egress to the Internet is unfiltered (",
                     egress,
                     "): no route sends 0.0.0.0/0 to a VirtualAppliance "
                     "(a firewall) and no NSG rule denies outbound traffic "
                     "to Internet below AllowInternetOutBound (65001); ",
                     seen));
  }
  f.related_sources = std::move(related);
  return f;
}

// A node pool's `vnet_subnet_id` at `path`, judged.
void PoolFindings(const Facts& facts, const Resource& cluster,
                  const Resource& pool, std::string_view path,
                  const Decided& outbound, std::vector<Finding>* out) {
  const std::string pool_name = &pool == &cluster
                                    ? std::string(path)
                                    : absl::StrCat(pool.address, ".", Av(path));
  const Link link = LinkOf(facts, pool, path, kSubnetType);
  if (link.state == Link::State::kLinked) {
    for (const Resource* subnet : link.targets) {
      out->push_back(
          SubnetFinding(facts, cluster, *subnet, pool_name, outbound));
    }
    return;
  }
  const Maybe<std::string> id = StringAt(pool.values, path);
  if (link.state == Link::State::kNone && id.is_null()) {
    if (&pool != &cluster) return;  // the pool shares the cluster's network
    Finding f = ResourceFinding(
        outbound.decided() ? Status::kViolation : Status::kUndecided, cluster,
        kFacet,
        absl::StrCat(
            Av(path),
            " is not set, so AKS puts the nodes in a virtual network it "
            "manages, whose egress to the Internet (",
            outbound.text,
            ") no route table or NSG of the deployment can filter"));
    out->push_back(std::move(f));
    return;
  }
  out->push_back(ResourceFinding(
      Status::kUndecided, &pool == &cluster ? cluster : pool, kFacet,
      absl::StrCat("the node subnet cannot be judged here: ", link.text,
                   link.state == Link::State::kNone
                       ? ", so its route table and NSG are not in the plan"
                       : "")));
}

std::vector<Finding> Evaluate(const Facts& facts,
                              const CompiledPolicy& /*policy*/,
                              const DeclaredFindings&) {
  std::vector<Finding> out;
  for (const Resource* cluster : facts.OfType(kClusterType)) {
    const Decided outbound =
        Decide(*cluster, "network_profile[0].outbound_type",
               PlanValue::String("loadBalancer"));
    PoolFindings(facts, *cluster, *cluster,
                 "default_node_pool[0].vnet_subnet_id", outbound, &out);
    for (const Resource* pool : facts.OfType(kPoolType)) {
      const Link owner =
          LinkOf(facts, *pool, "kubernetes_cluster_id", kClusterType);
      const bool mine = owner.state == Link::State::kLinked &&
                        std::find(owner.targets.begin(), owner.targets.end(),
                                  cluster) != owner.targets.end();
      if (mine) {
        PoolFindings(facts, *cluster, *pool, "vnet_subnet_id", outbound, &out);
      }
    }
  }
  for (const Resource* pool : facts.OfType(kPoolType)) {
    const Link owner =
        LinkOf(facts, *pool, "kubernetes_cluster_id", kClusterType);
    if (owner.state == Link::State::kUnknown) {
      out.push_back(ResourceFinding(
          Status::kUndecided, *pool, kFacet,
          absl::StrCat("which cluster the node pool joins is decided at "
                       "apply: ",
                       owner.text)));
    }
  }
  if (out.empty()) {
    out.push_back(MakeFinding(Status::kNotApplicable, "deployment", "",
                              "the deployment has no AKS cluster"));
  }
  return out;
}

}  // namespace

namespace catalogue {

RuleEntry D3EgressWithoutFirewall() {
  RuleInfo info;
  info.id = "D-3";
  info.short_code = "egress-without-firewall";
  info.title = "AKS node subnets must not reach the Internet unfiltered";
  info.description =
      "Every node subnet of an azurerm_kubernetes_cluster "
      "(default_node_pool[0].vnet_subnet_id and each "
      "azurerm_kubernetes_cluster_node_pool's vnet_subnet_id) needs its "
      "egress filtered: an associated route table "
      "(azurerm_subnet_route_table_association; inline route blocks or "
      "azurerm_route) sending 0.0.0.0/0 to a VirtualAppliance, or an "
      "associated NSG with an outbound Deny rule for every protocol and "
      "port to Internet (or * or 0.0.0.0/0) with a priority number below "
      "65001, where the default AllowInternetOutBound sits. Without either, "
      "the egress network_profile[0].outbound_type gives (loadBalancer by "
      "default, managedNATGateway, userAssignedNATGateway, "
      "userDefinedRouting, or none with a NAT gateway association or the "
      "subnet's default outbound access) is a violation, as is a cluster "
      "without a subnet of its own (AKS-managed virtual network). A subnet, "
      "route table, NSG, route or rule that is unknown at plan time and not "
      "tied to a planned resource by reference leaves the subnet undecided, "
      "as does outbound_type set by reference, and a node subnet that is "
      "not planned here.";
  info.remediation =
      "Route the node subnets' egress through Azure Firewall (or another "
      "network virtual appliance): an azurerm_route_table with a route "
      "0.0.0.0/0 next_hop_type VirtualAppliance to the firewall's private "
      "IP, associated with every node subnet, and outbound_type "
      "userDefinedRouting; allow only the FQDNs the cluster needs (AKS "
      "required endpoints, nvcr.io for the GPU operator, the container "
      "registry). At the least, add an NSG rule denying outbound traffic to "
      "Internet below priority 65001, with allow rules above it for the "
      "required destinations.";
  info.stride = Stride::kDenialOfService;
  info.severity = Severity::kHigh;
  info.security_severity = 7.1;
  info.threat_model_rating = "High";
  info.doc_path = "docs/rules/D-3.md";
  info.resource_types = {
      kClusterType,    kPoolType,          kSubnetType,
      kNsgType,        kNsgRuleType,       kNsgAssociationType,
      kRouteTableType, kRouteType,         kRouteAssociationType,
      kNatGatewayType, kNatAssociationType};
  // The network around the node subnets: what a firewall route points at
  // is read from the route, not from these.
  info.context_types = {"azurerm_virtual_network", "azurerm_firewall",
                        "azurerm_firewall_policy", "azurerm_public_ip",
                        "azurerm_nat_gateway_public_ip_association"};
  info.facets = {
      {kFacet,
       "Every AKS node subnet sends its Internet egress through a firewall "
       "route or an NSG outbound deny.",
       Enforcement::kMandatory},
  };
  info.peers = {
      {"trivy", "AZU-0051", "AVD-AZU-0051"},
      {"PSRule", "Azure.VNET.FirewallSubnet", "AZR-000322"},
      {"PSRule", "Azure.VNET.PrivateSubnet", "AZR-000447"},
  };
  return {info, &Evaluate};
}

}  // namespace catalogue
}  // namespace threatmodel::rules::internal
