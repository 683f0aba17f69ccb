// T-2: Terraform state kept locally, or in a backend that cannot protect it.
//
// One finding per deployment, subject "backend". The backend violates when
// it is local, when its type is not accepted by the policy, when it does not
// lock state, or when its configuration holds credentials (which Terraform
// writes in plaintext into the working directory's backend file and into
// saved plan files). Only setting names appear in messages.

#include <string>
#include <utility>
#include <vector>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "rules/backend_types.h"
#include "rules/rules_internal.h"
#include "threatmodel/rules/stated_backend.h"

namespace threatmodel::rules::internal {
namespace {

constexpr char kSubject[] = "backend";

std::string OriginText(const Backend& backend) {
  switch (backend.origin) {
    case BackendOrigin::kNoBackendFile:
      return backend.source.empty()
                 ? "no backend file"
                 : absl::StrCat("no backend file at ", backend.source);
    case BackendOrigin::kBackendFile:
      return absl::StrCat("from ", backend.source.empty() ? "the backend file"
                                                          : backend.source);
    case BackendOrigin::kStated:
      break;
  }
  return "as stated";
}

std::vector<Finding> Evaluate(const Facts& facts, const CompiledPolicy& policy,
                              const DeclaredFindings&) {
  const Deployment& model = facts.access;
  std::vector<Finding> out;
  if (model.backend.is_null()) {
    out.push_back(MakeFinding(
        Status::kNotApplicable, kSubject, "",
        "no backend information was supplied (neither discovered from the "
        "working directory nor stated)"));
    return out;
  }
  if (model.backend.is_unknown()) {
    out.push_back(
        MakeFinding(Status::kUndecided, kSubject, "",
                    facts.backend_unavailable_reason.empty()
                        ? "the backend is unknown at plan time"
                        : absl::StrCat("the backend cannot be observed: ",
                                       facts.backend_unavailable_reason)));
    return out;
  }
  const Backend& backend = model.backend.value();
  if (facts.backend_contradiction.has_value()) {
    // The observed backend is what Terraform uses; a statement that says
    // otherwise would make the assertion pass on a fiction.
    out.push_back(MakeFinding(
        Status::kViolation, kSubject,
        facts.backend_contradiction->stated_source,
        absl::StrCat("the stated backend \"",
                     facts.backend_contradiction->stated_type,
                     "\" contradicts the backend Terraform uses, \"",
                     facts.backend_contradiction->observed_type, "\" (",
                     OriginText(backend),
                     "); remove the statement, or initialise the working "
                     "directory on the stated backend")));
  }
  const std::string* raw_type = backend.type.if_known();
  if (raw_type == nullptr) {
    out.push_back(MakeFinding(
        Status::kUndecided, kSubject, backend.source,
        absl::StrCat(
            "the backend type is ",
            backend.type.is_unknown() ? "unknown at plan time" : "not given",
            " (", OriginText(backend), ")")));
    return out;
  }
  const std::string type =
      absl::AsciiStrToLower(absl::StripAsciiWhitespace(*raw_type));

  std::vector<std::string> violations;
  std::vector<std::string> open_questions;
  std::vector<std::string> good;

  if (type == "local") {
    switch (backend.origin) {
      case BackendOrigin::kNoBackendFile:
        violations.push_back(
            "no backend is configured, so Terraform keeps state in a local "
            "terraform.tfstate file, with every secret in it in plaintext");
        break;
      case BackendOrigin::kBackendFile:
        violations.push_back(
            "the working directory is initialised with the \"local\" "
            "backend, so state is a local file with every secret in it in "
            "plaintext");
        break;
      case BackendOrigin::kStated:
        violations.push_back(
            "the \"local\" backend keeps state in a local file with every "
            "secret in it in plaintext");
        break;
    }
  } else {
    if (!policy.BackendAccepted(type)) {
      violations.push_back(
          absl::StrCat("backend type \"", type,
                       "\" is not among the policy's accepted backends (",
                       policy.AcceptedBackends(), ")"));
    } else {
      good.push_back("an accepted remote backend");
    }
    LockingVerdict locking = EvaluateLocking(type, backend.settings);
    if (locking.locked.is_unknown()) {
      open_questions.push_back(locking.evidence);
    } else if (!locking.locked.value()) {
      violations.push_back(
          absl::StrCat("state is not locked (", locking.evidence, ")"));
    } else {
      good.push_back(absl::StrCat("state locking (", locking.evidence, ")"));
    }
  }

  std::vector<std::string> secrets;
  std::vector<std::string> maybe_secrets;
  for (const BackendSetting& setting : backend.settings) {
    if (setting.state != SettingState::kSet) continue;
    switch (ClassifySetting(type, setting.name)) {
      case SecretClass::kSecret:
        secrets.push_back(setting.name);
        break;
      case SecretClass::kMaybeSecret:
        if (setting.embeds_credential.is_unknown() ||
            setting.embeds_credential.is_null()) {
          maybe_secrets.push_back(setting.name);
        } else if (setting.embeds_credential.value()) {
          secrets.push_back(setting.name);
        }
        break;
      case SecretClass::kNone:
        break;
    }
  }
  if (!secrets.empty()) {
    violations.push_back(absl::StrCat(
        "the backend configuration sets credential",
        secrets.size() == 1 ? "" : "s", " ", absl::StrJoin(secrets, ", "),
        ", which Terraform stores in plaintext in the working directory's "
        ".terraform/terraform.tfstate and in saved plan files; ",
        SecretFreeAuthHint(type)));
  } else {
    good.push_back("no credentials in its configuration");
  }
  if (type == "azurerm") {
    // Not a violation: the key lookup it falls back to stores nothing on
    // disk, and ARM_USE_AZUREAD can enable Entra ID outside the file.
    bool azuread = false;
    for (const BackendSetting& setting : backend.settings) {
      if (setting.name == "use_azuread_auth" &&
          setting.state == SettingState::kSet) {
        azuread = true;
      }
    }
    good.push_back(azuread
                       ? "Entra ID data-plane auth (use_azuread_auth)"
                       : "use_azuread_auth is not set in the configuration "
                         "(ARM_USE_AZUREAD may set it; otherwise the backend "
                         "uses the storage account key, fetched at run time "
                         "and not stored)");
  }
  if (!maybe_secrets.empty()) {
    open_questions.push_back(absl::StrCat(
        "whether ", absl::StrJoin(maybe_secrets, ", "),
        " embeds a credential cannot be told from the setting name alone"));
  }

  const std::string prefix =
      absl::StrCat("backend \"", type, "\" (", OriginText(backend), "): ");
  if (!violations.empty()) {
    std::string message = absl::StrCat(prefix, absl::StrJoin(violations, "; "));
    if (!open_questions.empty()) {
      absl::StrAppend(
          &message, "; also undecided: ", absl::StrJoin(open_questions, "; "));
    }
    out.push_back(MakeFinding(Status::kViolation, kSubject, backend.source,
                              std::move(message)));
  } else if (!open_questions.empty()) {
    out.push_back(
        MakeFinding(Status::kUndecided, kSubject, backend.source,
                    absl::StrCat(prefix, absl::StrJoin(open_questions, "; "))));
  } else {
    out.push_back(MakeFinding(Status::kPass, kSubject, backend.source,
                              absl::StrCat(prefix, absl::StrJoin(good, "; "))));
  }
  return out;
}

}  // namespace

namespace catalogue {

RuleEntry T2StateBackend() {
  RuleInfo info;
  info.id = "T-2";
  info.short_code = "state-backend";
  info.title = "Terraform state must be remote, locked and secret-free";
  info.description =
      "Terraform state holds storage keys, database passwords and VPN shared "
      "keys in plaintext. The backend recorded in the working directory "
      "(<data dir>/terraform.tfstate; none means local state) or stated by "
      "the caller violates when it is local, not among the policy's "
      "accepted types (default: azurerm, remote, cloud), does not lock "
      "state (for example http without lock_address, s3 without "
      "use_lockfile or dynamodb_table), or sets credentials in its "
      "configuration (for example azurerm access_key or sas_token), which "
      "Terraform writes to disk in plaintext. Only setting names are "
      "reported. An unknown backend, or a setting whose value decides the "
      "question but was not available, is undecided.";
  info.remediation =
      "Configure a remote backend with encryption at rest and locking, "
      "authenticated without credentials in its configuration, for example "
      "backend \"azurerm\" { use_azuread_auth = true } with OIDC, a managed "
      "identity or the Azure CLI supplying the identity, then run "
      "terraform init -migrate-state. Pass any remaining credentials "
      "through environment variables.";
  info.stride = Stride::kTampering;
  info.severity = Severity::kCritical;
  info.security_severity = 9.1;
  info.threat_model_rating = "Critical";
  info.doc_path = "docs/rules/T-2.md";
  info.parameters = {
      {"accepted_backends", "list(string)",
       "Backend types accepted as remote, encrypted, locked state.",
       "[\"azurerm\", \"remote\", \"cloud\"]"},
  };
  return {info, &Evaluate};
}

}  // namespace catalogue
}  // namespace threatmodel::rules::internal
