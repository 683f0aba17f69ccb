// S-2: a PostgreSQL flexible server's one shared admin login (Accepted).
//
// The threat model accepts that every OSMO database operation runs as one
// password login because the server is reachable only from the private
// network. Two facets per server:
//
//   password-auth    (advisory) password authentication is on: the
//                    accepted condition itself. An omitted `authentication`
//                    block is planned unknown on create; the provider then
//                    enables passwords, so that is a violation too.
//   premise-private  (mandatory) the acceptance's premise: public network
//                    access is off, or the server is VNet-injected
//                    (`delegated_subnet_id`) or behind a private endpoint,
//                    and no firewall rule opens it to every Azure service
//                    (0.0.0.0-0.0.0.0) or to everyone (0.0.0.0-
//                    255.255.255.255).
//
// Subjects are the servers' addresses; a firewall rule that opens some
// server the plan cannot name is reported under its own address.

#include <string>
#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "rules/links.h"
#include "rules/reference_facts.h"
#include "rules/rules_internal.h"
#include "rules/unknown_ladder.h"

namespace threatmodel::rules::internal {
namespace {

constexpr char kServerType[] = "azurerm_postgresql_flexible_server";
constexpr char kFirewallType[] =
    "azurerm_postgresql_flexible_server_firewall_rule";
// Read through PrivateEndpointsOf().
constexpr char kEndpointType[] = "azurerm_private_endpoint";
constexpr char kAdminType[] =
    "azurerm_postgresql_flexible_server_active_directory_administrator";
constexpr char kPasswordFacet[] = "password-auth";
constexpr char kPremiseFacet[] = "premise-private";

// Whether a firewall rule opens its server to every Azure service or to
// everyone. Unknown start addresses taken from a managed resource (a NAT
// gateway's public IP) are addresses Azure allocated, never 0.0.0.0.
Maybe<bool> OpensToAll(const Resource& rule, std::string* text) {
  const Maybe<std::string> start = StringAt(rule.values, "start_ip_address");
  const Maybe<std::string> end = StringAt(rule.values, "end_ip_address");
  if (start.is_unknown()) {
    if (LeadsToResources(RefsOf(rule, "start_ip_address"))) return false;
    *text =
        absl::StrCat("start_ip_address is unknown at plan time (set from ",
                     DescribeReferences(RefsOf(rule, "start_ip_address")), ")");
    return Maybe<bool>::Unknown();
  }
  if (!start.is_known() || start.value() != "0.0.0.0") return false;
  if (end.is_unknown()) {
    *text = absl::StrCat(
        "start_ip_address = \"0.0.0.0\" and end_ip_address "
        "is unknown at plan time (set from ",
        DescribeReferences(RefsOf(rule, "end_ip_address")), ")");
    return Maybe<bool>::Unknown();
  }
  if (!end.is_known()) return false;
  if (end.value() == "0.0.0.0") {
    *text = absl::StrCat(rule.address,
                         " allows 0.0.0.0-0.0.0.0, which admits every Azure "
                         "service of any tenant");
    return true;
  }
  if (end.value() == "255.255.255.255") {
    *text = absl::StrCat(rule.address,
                         " allows 0.0.0.0-255.255.255.255, every address");
    return true;
  }
  return false;
}

struct Premise {
  std::vector<std::string> broken;   // violations
  std::vector<std::string> open;     // undecided
  std::vector<std::string> holds;    // why it holds
  std::vector<std::string> related;  // firewall rules, endpoints
};

// The firewall rules of `server` that open it to all, or may.
void FirewallRules(const Facts& facts, const Resource& server, Premise& p) {
  for (const Resource* rule : facts.OfType(kFirewallType)) {
    const Link link = LinkOf(facts, *rule, "server_id", kServerType);
    if (link.state != Link::State::kLinked) continue;
    bool ours = false;
    for (const Resource* t : link.targets) ours |= t == &server;
    if (!ours) continue;
    std::string text;
    const Maybe<bool> open = OpensToAll(*rule, &text);
    if (open.is_unknown()) {
      p.open.push_back(
          absl::StrCat("firewall rule ", rule->address, ": ", text));
      p.related.push_back(rule->source);
    } else if (open.value()) {
      p.broken.push_back(text);
      p.related.push_back(rule->source);
    }
  }
}

Finding PremiseFinding(const Facts& facts, const Resource& server) {
  Premise p;
  const DecidedBool pub =
      DecideBool(server, "public_network_access_enabled", true);
  std::string delegated_text;
  const bool delegated = IsSet(server, "delegated_subnet_id", &delegated_text);
  const PrivateEndpoints endpoints =
      PrivateEndpointsOf(facts, server, kServerType);
  for (const Resource* pe : endpoints.linked) {
    p.holds.push_back(absl::StrCat("private endpoint ", pe->address));
    p.related.push_back(pe->source);
  }
  const bool endpoint = !endpoints.linked.empty();
  FirewallRules(facts, server, p);

  if (delegated) {
    p.holds.push_back(absl::StrCat("VNet-injected (", delegated_text, ")"));
  } else if (pub.value.is_unknown()) {
    if (!endpoint) p.open.push_back(pub.text);
  } else if (pub.value.value()) {
    if (!endpoint) {
      if (!endpoints.unknown.empty()) {
        p.open.push_back(absl::StrCat(
            pub.text,
            ", not VNet-injected, and no private endpoint is known to target "
            "it (",
            absl::StrJoin(endpoints.unknown, "; "), ")"));
      } else {
        p.broken.push_back(absl::StrCat(
            pub.text,
            ", without delegated_subnet_id or a private endpoint: the "
            "admin login is reachable from the internet"));
      }
    }
  } else {
    p.holds.push_back(pub.text);
  }

  Finding f;
  if (!p.broken.empty()) {
    std::string message = absl::StrJoin(p.broken, "; ");
    if (!p.open.empty()) {
      absl::StrAppend(&message,
                      "; also undecided: ", absl::StrJoin(p.open, "; "));
    }
    f = ResourceFinding(Status::kViolation, server, kPremiseFacet,
                        absl::StrCat("the private-network premise of "
                                     "accepting S-2 does not hold: ",
                                     message));
  } else if (!p.open.empty()) {
    f = ResourceFinding(
        Status::kUndecided, server, kPremiseFacet,
        absl::StrCat("whether the server is reachable only from the private "
                     "network is decided at apply: ",
                     absl::StrJoin(p.open, "; ")));
  } else {
    f = ResourceFinding(
        Status::kPass, server, kPremiseFacet,
        absl::StrCat("reachable only from the private network: ",
                     absl::StrJoin(p.holds, "; ")));
  }
  f.related_sources = std::move(p.related);
  return f;
}

Finding PasswordFinding(const Facts& facts, const Resource& server) {
  const DecidedBool password =
      DecideBool(server, "authentication[0].password_auth_enabled", true);
  const DecidedBool entra = DecideBool(
      server, "authentication[0].active_directory_auth_enabled", false);
  if (password.value.is_unknown()) {
    return ResourceFinding(Status::kUndecided, server, kPasswordFacet,
                           password.text);
  }
  if (!password.value.value()) {
    return ResourceFinding(
        Status::kPass, server, kPasswordFacet,
        absl::StrCat(password.text, ": no shared password login"));
  }
  std::string login = "the administrator login";
  const Maybe<std::string> name =
      StringAt(server.values, "administrator_login");
  if (const std::string* known = name.if_known()) {
    login = absl::StrCat("administrator_login \"", *known, "\"");
  }
  std::string message = absl::StrCat(
      password.text, ": ", login,
      " is one password identity shared by every client; ", entra.text);
  for (const Resource* admin : facts.OfType(kAdminType)) {
    const Link link = LinkOf(facts, *admin, "server_name", kServerType, "name");
    for (const Resource* t : link.targets) {
      if (t == &server) {
        absl::StrAppend(&message, "; Entra ID administrator ", admin->address);
      }
    }
  }
  return ResourceFinding(Status::kViolation, server, kPasswordFacet,
                         std::move(message));
}

std::vector<Finding> Evaluate(const Facts& facts, const CompiledPolicy&,
                              const DeclaredFindings&) {
  std::vector<Finding> out;
  for (const Resource* server : facts.OfType(kServerType)) {
    out.push_back(PasswordFinding(facts, *server));
    out.push_back(PremiseFinding(facts, *server));
  }
  // An open rule whose server the plan cannot name may open any of them.
  for (const Resource* rule : facts.OfType(kFirewallType)) {
    const Link link = LinkOf(facts, *rule, "server_id", kServerType);
    if (link.state != Link::State::kUnknown) continue;
    std::string text;
    const Maybe<bool> open = OpensToAll(*rule, &text);
    if (open.is_known() && !open.value()) continue;
    // Undecided even when it is open: the server may be one this plan does
    // not manage, where the premise is not this plan's to judge.
    out.push_back(ResourceFinding(
        Status::kUndecided, *rule, kPremiseFacet,
        absl::StrCat(
            open.is_known() ? text : absl::StrCat(rule->address, ": ", text),
            "; the server it applies to cannot be told: ", link.text)));
  }
  if (out.empty()) {
    out.push_back(
        MakeFinding(Status::kNotApplicable, "deployment", "",
                    "the deployment has no PostgreSQL flexible servers"));
  }
  return out;
}

}  // namespace

namespace catalogue {

RuleEntry S2PostgresqlSharedAdmin() {
  RuleInfo info;
  info.id = "S-2";
  info.short_code = "postgresql-shared-admin";
  info.title =
      "PostgreSQL's shared admin password login must stay on the private "
      "network";
  info.description =
      "The threat model accepts that every database operation runs as one "
      "shared password login (azurerm_postgresql_flexible_server "
      "administrator_login) because the server is reachable only from the "
      "private network. Facet password-auth (advisory): password "
      "authentication is on (authentication[0].password_auth_enabled; an "
      "omitted authentication block is unknown in the plan on create and "
      "the provider turns passwords on). Facet premise-private (mandatory): "
      "public_network_access_enabled is true (the default in azurerm 3.105 "
      "and later) and the server is neither VNet-injected "
      "(delegated_subnet_id) nor the target of a private endpoint, or an "
      "azurerm_postgresql_flexible_server_firewall_rule allows "
      "0.0.0.0-0.0.0.0 (every Azure service) or 0.0.0.0-255.255.255.255. "
      "A value unknown at plan time that the configuration does not set "
      "takes the provider's default; one set by reference is undecided.";
  info.remediation =
      "Keep the server private: public_network_access_enabled = false with "
      "delegated_subnet_id and private_dns_zone_id, or a private endpoint, "
      "and no 0.0.0.0 firewall rules. To retire the shared login, add an "
      "Entra ID administrator "
      "(azurerm_postgresql_flexible_server_active_directory_administrator), "
      "give each workload its own Entra ID identity, and set authentication "
      "{ active_directory_auth_enabled = true, password_auth_enabled = "
      "false }.";
  info.stride = Stride::kSpoofing;
  info.severity = Severity::kMedium;
  info.security_severity = 5.4;
  info.threat_model_rating = "Medium";
  info.doc_path = "docs/rules/S-2.md";
  info.resource_types = {kServerType, kFirewallType, kEndpointType, kAdminType};
  info.facets = {
      {kPasswordFacet,
       "Password authentication is on, so clients share the admin login: "
       "the condition the threat model accepts.",
       Enforcement::kAdvisory},
      {kPremiseFacet,
       "The server is reachable only from the private network: the "
       "premise the acceptance relies on.",
       Enforcement::kMandatory},
  };
  info.peers = {
      {"checkov", "CKV2_AZURE_26", ""},
      {"checkov", "CKV2_AZURE_57", ""},
      {"PSRule", "Azure.PostgreSQL.AAD", "AZR-000389"},
      {"PSRule", "Azure.PostgreSQL.AADOnly", "AZR-000390"},
  };
  return {info, &Evaluate};
}

}  // namespace catalogue
}  // namespace threatmodel::rules::internal
