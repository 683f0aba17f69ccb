// T-3: the AzureML extension's inference endpoints (Accepted).
//
// The threat model accepts that the AzureML extension serves inference
// without TLS (`allowInsecureConnections`) because the endpoint is
// private: "Private endpoint restricts access to VNet; cluster-internal
// traffic only". Two facets per azurerm_kubernetes_cluster_extension whose
// `extension_type` is microsoft.azureml.kubernetes (case-insensitive):
//
//   insecure-connections  (advisory) `configuration_settings.
//                         allowInsecureConnections` is True or true (any
//                         case; absent is the extension's default, False):
//                         the condition the threat model accepts.
//   premise-internal      (mandatory) `inferenceRouterServiceType` is
//                         LoadBalancer without `internalLoadBalancerProvider
//                         = azure`: the inference router gets a public IP,
//                         so traffic is no longer cluster-internal and the
//                         acceptance's premise does not hold. The rules
//                         specification lists this as advisory; the threat
//                         model's stated control makes it the premise.
//
// The same extension deployed through the AzAPI provider is judged the
// same way: an `azapi_resource` whose `type` is
// Microsoft.KubernetesConfiguration/extensions@<version> (any case), with
// `body.properties.extensionType` and `body.properties.
// configurationSettings`. `body` is an object in azapi 2.x and a JSON
// string (`jsonencode(...)`) in 1.x; both are read.
//
// `configuration_protected_settings` is sensitive: only whether it holds
// the keys `sslCertPemFile` / `sslKeyPemFile` is read, for the message.
// Subjects are the extensions' addresses.

#include <string>
#include <vector>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "rules/json_limits.h"
#include "rules/rules_internal.h"
#include "rules/string_view_compat.h"
#include "rules/unknown_ladder.h"

namespace threatmodel::rules::internal {
namespace {

constexpr char kExtensionType[] = "azurerm_kubernetes_cluster_extension";
constexpr char kAzureMl[] = "microsoft.azureml.kubernetes";
constexpr char kInsecureFacet[] = "insecure-connections";
constexpr char kInternalFacet[] = "premise-internal";
constexpr char kSettings[] = "configuration_settings";
constexpr char kAzapiType[] = "azapi_resource";
constexpr char kAzapiExtensions[] =
    "microsoft.kubernetesconfiguration/extensions";
constexpr char kAzapiSettings[] = "body.properties.configurationSettings";

// Where one kind of resource keeps the extension's settings, for messages,
// and what its protected settings say about TLS material.
struct SettingsSource {
  std::string path;  // "configuration_settings"
  std::string tls;   // TlsMaterial() or a fixed text
};

// One key of the settings map: null when absent, unknown when unknown or
// sensitive.
Maybe<std::string> Setting(const PlanValue& settings, std::string_view key) {
  if (settings.kind() != PlanValue::Kind::kObject) return {};
  const PlanValue* v = settings.Find(key);
  if (v == nullptr || v->is_null()) return {};
  if (v->kind() == PlanValue::Kind::kString) return v->string_value();
  if (v->kind() == PlanValue::Kind::kBool) {
    return std::string(v->bool_value() ? "true" : "false");
  }
  return Maybe<std::string>::Unknown();
}

std::string Describe(std::string_view settings_path, std::string_view key,
                     const Maybe<std::string>& v) {
  const std::string path =
      absl::StrCat(Av(settings_path), "[\"", Av(key), "\"]");
  if (v.is_unknown()) return absl::StrCat(path, " is unknown at plan time");
  if (v.is_null()) return absl::StrCat(path, " is not set");
  return absl::StrCat(path, " = \"", v.value(), "\"");
}

bool Is(const Maybe<std::string>& v, std::string_view want) {
  return v.is_known() && absl::EqualsIgnoreCase(
                             absl::StripAsciiWhitespace(v.value()), Av(want));
}

// Whether the protected settings carry a TLS certificate and key: key
// names only, never values.
std::string TlsMaterial(const Resource& r) {
  const Lookup l = LookupPath(r.values, "configuration_protected_settings");
  if (l.state == Lookup::State::kSensitive ||
      l.state == Lookup::State::kUnknown) {
    return "configuration_protected_settings cannot be read (sensitive or "
           "unknown), so whether it supplies sslCertPemFile and "
           "sslKeyPemFile is not known";
  }
  if (l.state == Lookup::State::kFound &&
      l.value->kind() == PlanValue::Kind::kObject &&
      l.value->Find("sslCertPemFile") != nullptr &&
      l.value->Find("sslKeyPemFile") != nullptr) {
    return "configuration_protected_settings supplies sslCertPemFile and "
           "sslKeyPemFile";
  }
  return "configuration_protected_settings supplies no sslCertPemFile and "
         "sslKeyPemFile";
}

void Extension(const Resource& r, const Decided& settings_d,
               const SettingsSource& source, std::vector<Finding>& out) {
  if (!settings_d.decided()) {
    out.push_back(ResourceFinding(Status::kUndecided, r, kInsecureFacet,
                                  settings_d.text));
    out.push_back(ResourceFinding(Status::kUndecided, r, kInternalFacet,
                                  settings_d.text));
    return;
  }
  const PlanValue& settings = settings_d.value;

  const Maybe<std::string> insecure =
      Setting(settings, "allowInsecureConnections");
  const std::string insecure_text =
      Describe(source.path, "allowInsecureConnections", insecure);
  if (insecure.is_unknown()) {
    out.push_back(
        ResourceFinding(Status::kUndecided, r, kInsecureFacet, insecure_text));
  } else if (Is(insecure, "true")) {
    out.push_back(ResourceFinding(
        Status::kViolation, r, kInsecureFacet,
        absl::StrCat(insecure_text,
                     ": inference endpoints accept plain HTTP, so requests "
                     "and their credentials cross the network in clear "
                     "text (",
                     source.tls, ")")));
  } else {
    out.push_back(ResourceFinding(
        Status::kPass, r, kInsecureFacet,
        absl::StrCat(
            insecure_text,
            insecure.is_null() ? " (the extension's default, False)" : "",
            ": inference endpoints require TLS")));
  }

  const Maybe<std::string> service =
      Setting(settings, "inferenceRouterServiceType");
  const std::string service_text =
      Describe(source.path, "inferenceRouterServiceType", service);
  if (service.is_unknown()) {
    out.push_back(
        ResourceFinding(Status::kUndecided, r, kInternalFacet, service_text));
    return;
  }
  if (!Is(service, "LoadBalancer")) {
    out.push_back(ResourceFinding(
        Status::kPass, r, kInternalFacet,
        absl::StrCat(service_text,
                     ": the inference router gets no load balancer IP")));
    return;
  }
  const Maybe<std::string> provider =
      Setting(settings, "internalLoadBalancerProvider");
  const std::string provider_text =
      Describe(source.path, "internalLoadBalancerProvider", provider);
  if (provider.is_unknown()) {
    out.push_back(
        ResourceFinding(Status::kUndecided, r, kInternalFacet,
                        absl::StrCat(service_text, " and ", provider_text)));
  } else if (Is(provider, "azure")) {
    out.push_back(ResourceFinding(
        Status::kPass, r, kInternalFacet,
        absl::StrCat(service_text, " with ", provider_text,
                     ": the router gets a private IP in the cluster's "
                     "virtual network")));
  } else {
    out.push_back(ResourceFinding(
        Status::kViolation, r, kInternalFacet,
        absl::StrCat(service_text, " and ", provider_text,
                     ": the inference router gets a public IP, so traffic "
                     "is not cluster-internal and the premise of accepting "
                     "T-3 does not hold")));
  }
}

void Undecided(const Resource& r, const std::string& text,
               std::vector<Finding>& out) {
  out.push_back(ResourceFinding(Status::kUndecided, r, kInsecureFacet, text));
  out.push_back(ResourceFinding(Status::kUndecided, r, kInternalFacet, text));
}

bool IsAzureMl(const PlanValue& extension_type) {
  return extension_type.kind() == PlanValue::Kind::kString &&
         absl::EqualsIgnoreCase(
             absl::StripAsciiWhitespace(extension_type.string_value()),
             kAzureMl);
}

// A JSON document (azapi 1.x `body`) as a planned value: every value known.
PlanValue FromJson(const nlohmann::json& json) {
  switch (json.type()) {
    case nlohmann::json::value_t::object: {
      PlanValue::Members members;
      for (const auto& [key, value] : json.items()) {
        members.emplace(key, FromJson(value));
      }
      return PlanValue::Object(std::move(members));
    }
    case nlohmann::json::value_t::array: {
      PlanValue::Elements elements;
      for (const nlohmann::json& e : json) elements.push_back(FromJson(e));
      return PlanValue::List(std::move(elements));
    }
    case nlohmann::json::value_t::string:
      return PlanValue::String(json.get<std::string>());
    case nlohmann::json::value_t::boolean:
      return PlanValue::Bool(json.get<bool>());
    case nlohmann::json::value_t::number_integer:
    case nlohmann::json::value_t::number_unsigned:
    case nlohmann::json::value_t::number_float:
      return PlanValue::Number(json.dump());
    default:
      return PlanValue::Null();
  }
}

// One step into a known object: null when absent, itself when unknown.
PlanValue Member(const PlanValue& object, std::string_view key) {
  if (object.kind() == PlanValue::Kind::kUnknown ||
      object.kind() == PlanValue::Kind::kSensitive) {
    return object;
  }
  if (object.kind() != PlanValue::Kind::kObject) return PlanValue::Null();
  const PlanValue* v = object.Find(key);
  return v == nullptr ? PlanValue::Null() : *v;
}

bool IsOpen(const PlanValue& v) {
  return v.kind() == PlanValue::Kind::kUnknown ||
         v.kind() == PlanValue::Kind::kSensitive;
}

// An azapi_resource that deploys a cluster extension.
void AzapiExtension(const Resource& r, std::vector<Finding>& out) {
  const Decided type = Decide(r, "type", PlanValue::Null());
  if (!type.decided()) {
    Undecided(r, type.text, out);
    return;
  }
  if (type.value.kind() != PlanValue::Kind::kString) return;
  const std::string_view resource_type = type.value.string_value();
  const std::string_view without_version =
      resource_type.substr(0, resource_type.find('@'));
  if (!absl::EqualsIgnoreCase(Av(without_version), kAzapiExtensions)) return;

  Decided body = Decide(r, "body", PlanValue::Null());
  if (!body.decided()) {
    Undecided(r, body.text, out);
    return;
  }
  if (body.value.kind() == PlanValue::Kind::kString) {
    // azapi 1.x: `body = jsonencode({...})`.
    JsonLimits limits;
    limits.max_bytes = std::size_t{4} << 20;
    absl::StatusOr<nlohmann::json> json =
        ParseBoundedJson(Av(body.value.string_value()), limits, "body");
    if (!json.ok()) {
      // The parser's message may quote the text; the body is not quoted.
      Undecided(r,
                "body is a string but not a JSON document (within 4 MiB, "
                "without duplicate keys) the extension settings can be read "
                "from",
                out);
      return;
    }
    body.value = FromJson(*json);
  }
  const PlanValue properties = Member(body.value, "properties");
  const PlanValue extension_type = Member(properties, "extensionType");
  if (IsOpen(extension_type)) {
    Undecided(r, "body.properties.extensionType is unknown at plan time", out);
    return;
  }
  if (!IsAzureMl(extension_type)) return;
  Decided settings;
  settings.value = Member(properties, "configurationSettings");
  if (IsOpen(settings.value)) {
    settings.text = absl::StrCat(kAzapiSettings, " is unknown at plan time");
  } else {
    settings.state = Decided::State::kPlanned;
  }
  const PlanValue protected_settings =
      Member(properties, "configurationProtectedSettings");
  SettingsSource source;
  source.path = kAzapiSettings;
  source.tls = !IsOpen(protected_settings) &&
                       Member(protected_settings, "sslCertPemFile").kind() !=
                           PlanValue::Kind::kNull &&
                       Member(protected_settings, "sslKeyPemFile").kind() !=
                           PlanValue::Kind::kNull
                   ? "body.properties.configurationProtectedSettings supplies "
                     "sslCertPemFile and sslKeyPemFile"
                   : "body.properties.configurationProtectedSettings does "
                     "not show sslCertPemFile and sslKeyPemFile";
  Extension(r, settings, source, out);
}

std::vector<Finding> Evaluate(const Facts& facts, const CompiledPolicy&,
                              const DeclaredFindings&) {
  std::vector<Finding> out;
  for (const Resource* r : facts.OfType(kExtensionType)) {
    const Decided type = Decide(*r, "extension_type", PlanValue::Null());
    if (!type.decided()) {
      // It may be the AzureML extension: fail closed.
      Undecided(*r, type.text, out);
      continue;
    }
    if (!IsAzureMl(type.value)) continue;
    Extension(*r, Decide(*r, kSettings, PlanValue::Null()),
              {kSettings, TlsMaterial(*r)}, out);
  }
  for (const Resource* r : facts.OfType(kAzapiType)) {
    AzapiExtension(*r, out);
  }
  if (out.empty()) {
    out.push_back(MakeFinding(Status::kNotApplicable, "deployment", "",
                              "the deployment has no AzureML extension"));
  }
  return out;
}

}  // namespace

namespace catalogue {

RuleEntry T3AzuremlExtension() {
  RuleInfo info;
  info.id = "T-3";
  info.short_code = "azureml-insecure-inference";
  info.title = "AzureML inference without TLS must stay cluster-internal";
  info.description =
      "The threat model accepts that the AzureML extension allows insecure "
      "(non-TLS) inference connections because traffic stays inside the "
      "cluster's private network. For each "
      "azurerm_kubernetes_cluster_extension whose extension_type is "
      "microsoft.azureml.kubernetes (any case): facet insecure-connections "
      "(advisory): configuration_settings allowInsecureConnections is True "
      "or true (any case; absent means the extension's default, False). "
      "Facet premise-internal (mandatory): inferenceRouterServiceType is "
      "LoadBalancer without internalLoadBalancerProvider = azure, which "
      "gives the inference router a public IP. An extension_type or "
      "configuration_settings unknown at plan time and set by reference, "
      "or a deciding key whose value is unknown, is undecided. "
      "configuration_protected_settings is sensitive: only whether it "
      "holds sslCertPemFile and sslKeyPemFile is read. An azapi_resource "
      "of type Microsoft.KubernetesConfiguration/extensions@<version> is "
      "judged the same way on body.properties.extensionType and "
      "body.properties.configurationSettings (body as an object, azapi "
      "2.x, or a JSON string, azapi 1.x).";
  info.remediation =
      "Supply sslCertPemFile and sslKeyPemFile in "
      "configuration_protected_settings and set allowInsecureConnections "
      "= \"False\". Keep the inference router internal: "
      "inferenceRouterServiceType = \"ClusterIP\", or \"LoadBalancer\" "
      "with internalLoadBalancerProvider = \"azure\".";
  info.stride = Stride::kTampering;
  info.severity = Severity::kMedium;
  info.security_severity = 5.3;
  info.threat_model_rating = "Medium";
  info.doc_path = "docs/rules/T-3.md";
  info.resource_types = {kExtensionType, kAzapiType};
  // The workspace the extension serves is not judged.
  info.context_types = {"azurerm_machine_learning_workspace"};
  info.facets = {
      {kInsecureFacet,
       "Inference endpoints accept connections without TLS: the condition "
       "the threat model accepts.",
       Enforcement::kAdvisory},
      {kInternalFacet,
       "The inference router is not exposed on a public load balancer: the "
       "cluster-internal premise the acceptance relies on.",
       Enforcement::kMandatory},
  };
  return {info, &Evaluate};
}

}  // namespace catalogue
}  // namespace threatmodel::rules::internal
