#include "plan/plan_builder.h"

#include <algorithm>
#include <charconv>
#include <string>
#include <system_error>
#include <utility>
#include <vector>

#include "absl/strings/escaping.h"
#include "absl/strings/str_cat.h"
#include "plan/address.h"
#include "plan/string_view_compat.h"
#include "threatmodel/base/status_macros.h"
#include "threatmodel/rules/rule.h"

namespace threatmodel::plan::internal {
namespace {

constexpr std::size_t kMaxNotes = 1000;

// What Terraform plans for a change; false when the change leaves nothing
// to judge (a deletion, a `forget`, a deposed object).
bool ActionOf(const RawChange& rc, rules::Action* action) {
  if (rc.deposed) return false;
  bool create = false, del = false, update = false, no_op = false, read = false;
  for (const std::string& a : rc.actions) {
    create |= a == "create";
    del |= a == "delete";
    update |= a == "update";
    no_op |= a == "no-op";
    read |= a == "read";
  }
  if (create && del) {
    *action = rules::Action::kReplace;
  } else if (create) {
    *action = rules::Action::kCreate;
  } else if (update) {
    *action = rules::Action::kUpdate;
  } else if (read) {
    *action = rules::Action::kRead;
  } else if (no_op) {
    *action = rules::Action::kNoOp;
  } else {
    return false;
  }
  return true;
}

bool HasUnknown(const rules::PlanValue& v) {
  switch (v.kind()) {
    case rules::PlanValue::Kind::kUnknown:
      return true;
    case rules::PlanValue::Kind::kList:
      return std::any_of(v.elements().begin(), v.elements().end(), HasUnknown);
    case rules::PlanValue::Kind::kObject:
      for (const auto& [name, member] : v.members()) {
        if (HasUnknown(member)) return true;
      }
      return false;
    default:
      return false;
  }
}

absl::Status CheckFormatVersion(const std::string& version,
                                std::vector<Note>* notes) {
  const std::string shown =
      version.size() <= 16 ? version : version.substr(0, 16) + "...";
  const auto bad = [&]() {
    return absl::InvalidArgumentError(
        absl::StrCat("unsupported plan format_version \"",
                     absl::CHexEscape(shown), "\" (supported: 0.1 to 1.2)"));
  };
  const std::size_t dot = version.find('.');
  if (dot == std::string::npos || dot == 0 || dot + 1 >= version.size()) {
    return bad();
  }
  int major = 0, minor = 0;
  auto r1 = std::from_chars(version.data(), version.data() + dot, major);
  auto r2 = std::from_chars(version.data() + dot + 1,
                            version.data() + version.size(), minor);
  if (r1.ec != std::errc() || r1.ptr != version.data() + dot ||
      r2.ec != std::errc() || r2.ptr != version.data() + version.size()) {
    return bad();
  }
  if (major == 0 && (minor == 1 || minor == 2)) return absl::OkStatus();
  if (major == 1 && minor <= 2) return absl::OkStatus();
  if (major == 1) {
    notes->push_back(
        {"", absl::StrCat("plan format_version ", version,
                          " is newer than 1.2; read as 1.2 (Terraform keeps "
                          "minor versions backward compatible)")});
    return absl::OkStatus();
  }
  return bad();
}

class Builder {
 public:
  explicit Builder(const RawPlan& raw) : raw_(raw), resolver_(raw.root) {}

  absl::StatusOr<Plan> Run();

 private:
  void Note(const std::string& address, std::string text) {
    if (plan_.notes.size() < kMaxNotes) {
      plan_.notes.push_back({address, std::move(text)});
    }
  }

  rules::Resource MakeResource(const RawChange& rc, rules::Action action);
  void Declare(const ResourceAddress& address);

  const RawPlan& raw_;
  ReferenceResolver resolver_;
  Plan plan_;
};

void Builder::Declare(const ResourceAddress& address) {
  Declaration d;
  for (const ModuleStep& step : address.module) {
    d.module_calls.push_back(step.name);
  }
  d.module_sources = resolver_.Sources(address.module);
  d.data = address.data;
  d.type = address.type;
  d.name = address.name;
  plan_.declarations[FormatResourceAddress(address)] = std::move(d);
}

rules::Resource Builder::MakeResource(const RawChange& rc,
                                      rules::Action action) {
  rules::Resource r;
  r.address = rc.address;
  ResourceAddress base = rc.parsed;
  base.key = std::monostate();
  r.base_address = FormatResourceAddress(base);
  r.key = FormatKey(rc.parsed.key);
  r.type = rc.parsed.type;
  r.name = rc.parsed.name;
  r.data = rc.parsed.data;
  r.action = action;
  r.values = rc.values.is_null() ? rules::PlanValue::Object({}) : rc.values;
  r.source = rc.address;
  for (const std::string& path : rc.sensitive_paths) {
    Note(rc.address,
         absl::StrCat(path.empty() ? "the whole planned value" : path,
                      " is sensitive: it is treated as unknown and never "
                      "shown"));
  }

  const RawModule* module = resolver_.ModuleAt(rc.parsed.module);
  const RawResourceConfig* config = nullptr;
  if (module != nullptr) {
    auto it = module->resources.find(absl::StrCat(
        rc.parsed.data ? "data." : "", rc.parsed.type, ".", rc.parsed.name));
    if (it != module->resources.end()) config = &it->second;
  }
  if (config == nullptr) {
    if (HasUnknown(r.values)) {
      Note(rc.address,
           raw_.has_configuration
               ? "no configuration for this resource in the plan: references "
                 "of unknown values cannot be followed"
               : "the plan has no configuration: references of unknown "
                 "values cannot be followed");
    }
    return r;
  }
  r.configured.emplace();
  for (const auto& [path, expr] : config->expressions) {
    r.configured->insert(path);
    std::vector<Terminal> terminals = resolver_.Resolve(rc.parsed.module, expr);
    if (terminals.empty()) continue;
    std::vector<rules::Reference>& refs = r.references[path];
    refs.reserve(terminals.size());
    for (const Terminal& t : terminals) refs.push_back(ToReference(t));
  }
  return r;
}

absl::StatusOr<Plan> Builder::Run() {
  THREATMODEL_RETURN_IF_ERROR(
      CheckFormatVersion(raw_.format_version, &plan_.notes));
  plan_.summary.format_version = raw_.format_version;
  plan_.summary.terraform_version = raw_.terraform_version.substr(0, 64);
  plan_.summary.resource_changes = raw_.resource_change_count;
  plan_.summary.has_configuration = raw_.has_configuration;
  plan_.summary.errored = raw_.errored;
  plan_.summary.complete = raw_.complete;
  if (raw_.errored) {
    Note("", "the plan records that planning errored: it may be incomplete");
  }

  for (const RawChange& rc : raw_.changes) {
    const ResourceAddress& addr = rc.parsed;
    const bool assertion = IsAssertionType(addr.type);
    if (assertion && addr.data &&
        (rc.from_deferred || std::find(rc.actions.begin(), rc.actions.end(),
                                       "read") != rc.actions.end())) {
      plan_.deferred_assertions.push_back({rc.address, rc.action_reason});
    }
    if (!assertion && rc.from_deferred) {
      Note(rc.address,
           "deferred to a later plan by Terraform: not judged in this one");
      continue;
    }
    rules::Action action;
    if (!ActionOf(rc, &action)) {
      if (!assertion) ++plan_.summary.destroyed;
      continue;
    }
    if (assertion) {
      plan_.assertions.push_back(MakeResource(rc, action));
      continue;
    }
    if (addr.type == "azurerm_role_assignment" && !addr.data) {
      ++plan_.summary.role_assignments;
    } else if (addr.type == "azurerm_automation_account" && !addr.data) {
      ++plan_.summary.automation_accounts;
    }
    Declare(addr);
    plan_.resources.push_back(MakeResource(rc, action));
  }
  for (const auto& [name, expr] : raw_.root.outputs) {
    std::vector<Terminal> terminals = resolver_.Resolve(ModulePath{}, expr);
    if (terminals.empty()) continue;
    rules::RootOutput& output = plan_.outputs.emplace_back();
    output.name = name;
    output.source = absl::StrCat("output.", name);
    output.references.reserve(terminals.size());
    for (const Terminal& t : terminals) {
      output.references.push_back(ToReference(t));
    }
  }
  return std::move(plan_);
}

}  // namespace

rules::Reference ToReference(const Terminal& t) {
  rules::Reference r;
  r.text = t.text;
  switch (t.kind) {
    case Terminal::Kind::kResource: {
      r.kind = rules::Reference::Kind::kResource;
      ResourceAddress address;
      address.module = t.module;
      address.data = t.data;
      address.type = t.type;
      address.name = t.name;
      r.resource = FormatResourceAddress(address);
      r.key = FormatKey(t.key);
      r.attribute = FormatTraversal(t.rest);
      break;
    }
    case Terminal::Kind::kLocal:
      r.kind = rules::Reference::Kind::kLocal;
      r.attribute = FormatTraversal(t.rest);
      break;
    case Terminal::Kind::kRootVariable:
      r.kind = rules::Reference::Kind::kRootVariable;
      r.attribute = FormatTraversal(t.rest);
      break;
    case Terminal::Kind::kInstance:
      r.kind = rules::Reference::Kind::kInstance;
      break;
    case Terminal::Kind::kConstant:
      r.kind = rules::Reference::Kind::kConstant;
      break;
    case Terminal::Kind::kUnresolved:
      r.kind = rules::Reference::Kind::kUnresolved;
      break;
  }
  return r;
}

absl::StatusOr<Plan> BuildPlan(const RawPlan& raw) {
  Builder builder(raw);
  return builder.Run();
}

}  // namespace threatmodel::plan::internal
