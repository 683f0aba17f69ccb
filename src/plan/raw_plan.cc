#include "plan/raw_plan.h"

#include <algorithm>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "absl/strings/escaping.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "plan/marks.h"
#include "plan/references.h"
#include "plan/string_view_compat.h"
#include "threatmodel/base/status_macros.h"
#include "threatmodel/rules/rule.h"

namespace threatmodel::plan::internal {
namespace {

constexpr std::string_view kAssertionType = "threatmodel_assertion";

// The action names `terraform show -json` writes. Anything else is a plan
// this reader does not understand: guessing would either judge a deletion or
// skip a creation.
bool IsPlannedAction(std::string_view action) {
  return action == "no-op" || action == "create" || action == "read" ||
         action == "update" || action == "delete" || action == "forget";
}

// Whether an address may name a kept resource: a cheap filter that spares
// parsing the addresses of the (many) other resources. Exact relevance is
// decided on the parsed address.
bool MayBeKept(std::string_view address) {
  static const std::vector<std::string>* needles = [] {
    auto* out = new std::vector<std::string>;
    for (const std::string& type : rules::RelevantResourceTypes()) {
      std::string_view t = type;
      if (t.substr(0, 5) == "data.") t.remove_prefix(5);
      out->push_back(absl::StrCat(Av(t), "."));
    }
    out->push_back(absl::StrCat(Av(kAssertionType), "."));
    return out;
  }();
  for (const std::string& needle : *needles) {
    if (address.find(needle) != std::string_view::npos) return true;
  }
  return false;
}

// Whether `type` is one whose keys a rule follows (KeySourceResourceTypes).
bool IsKeySource(std::string_view type) {
  const std::vector<std::string>& types = rules::KeySourceResourceTypes();
  return std::binary_search(types.begin(), types.end(), type);
}

// Whether the text of a resource's expressions may hold a reference that
// leads to a key source: one to a key-source resource, or one to a module
// output or (in a child module) a variable, which may pass a key on. A
// cheap test on the text; the references themselves decide later.
bool MayReferToKeys(std::string_view text, bool child_module) {
  static const std::vector<std::string>* needles = [] {
    auto* out = new std::vector<std::string>{"module."};
    for (const std::string& type : rules::KeySourceResourceTypes()) {
      out->push_back(absl::StrCat(type, "."));
    }
    return out;
  }();
  for (const std::string& needle : *needles) {
    if (text.find(needle) != std::string_view::npos) return true;
  }
  return child_module && text.find("var.") != std::string_view::npos;
}

// The module instance path (names only) of every module of the
// configuration, for resolving references made in it.
void ModulePaths(const RawModule& module, ModulePath* path,
                 std::map<const RawModule*, ModulePath>* out) {
  (*out)[&module] = *path;
  for (const auto& [name, call] : module.calls) {
    if (call.module == nullptr) continue;
    path->push_back({name, {}});
    ModulePaths(*call.module, path, out);
    path->pop_back();
  }
}

class Reader {
 public:
  Reader(std::string_view json, const JsonLimits& limits)
      : json_(json), limits_(limits), c_(json, limits) {}

  absl::StatusOr<RawPlan> Run();

 private:
  absl::Status TypeError(std::size_t at, std::string_view path,
                         std::string_view want, JsonKind got) const {
    return c_.ErrorAt(at, absl::StrCat(Av(path), ": expected ", Av(want),
                                       ", got ", Av(JsonKindName(got))));
  }

  // Checks that the next value is of kind `want`. The path is `path`
  // followed by `suffix`; it is only built for an error message, because
  // this runs for every key of every resource change.
  absl::Status Expect(JsonKind want, std::string_view path,
                      std::string_view suffix = "") {
    THREATMODEL_ASSIGN_OR_RETURN(JsonKind got, c_.Peek());
    if (got == want) return absl::OkStatus();
    const std::string_view name = want == JsonKind::kObject   ? "an object"
                                  : want == JsonKind::kArray  ? "an array"
                                  : want == JsonKind::kString ? "a string"
                                  : want == JsonKind::kBool
                                      ? "a boolean"
                                      : JsonKindName(want);
    return TypeError(c_.offset(), absl::StrCat(Av(path), Av(suffix)), name,
                     got);
  }

  // Reads the array at `path` + `suffix`, calling `read_element(i)` with
  // the cursor at element i; stops at the first error.
  template <typename ReadElement>
  absl::Status ForEachElement(std::string_view path, std::string_view suffix,
                              ReadElement&& read_element) {
    THREATMODEL_RETURN_IF_ERROR(Expect(JsonKind::kArray, path, suffix));
    THREATMODEL_RETURN_IF_ERROR(c_.EnterArray());
    for (std::size_t i = 0;; ++i) {
      THREATMODEL_ASSIGN_OR_RETURN(bool more, c_.NextElement());
      if (!more) return absl::OkStatus();
      THREATMODEL_RETURN_IF_ERROR(read_element(i));
    }
  }

  absl::StatusOr<std::string> String(std::string_view path,
                                     std::string_view suffix = "") {
    THREATMODEL_RETURN_IF_ERROR(Expect(JsonKind::kString, path, suffix));
    return c_.ReadString();
  }

  absl::Status ResourceChanges(std::string_view path);
  absl::Status DeferredChanges(std::string_view path);
  absl::Status ResourceChange(const std::string& path, bool deferred);
  // What `change` holds besides the actions, until the marks are applied.
  struct Planned {
    bool have_after = false;
    rules::PlanValue after;
    rules::PlanValue after_unknown;
    rules::PlanValue after_sensitive;
  };
  absl::Status Change(RawChange* rc, Planned* planned, std::string_view path);
  absl::Status Configuration(std::string_view path);
  absl::Status Module(RawModule* module, const std::string& path, int level);
  absl::Status ConfigResource(RawModule* module, const std::string& path);
  absl::Status Call(RawModuleCall* call, const std::string& path, int level);
  absl::Status Expressions(std::map<std::string, RawExpression>* out,
                           const std::string& path);
  // A resource's expressions: attributes and nested blocks, flattened into
  // attribute paths under `prefix`.
  absl::Status BlockExpressions(std::map<std::string, RawExpression>* out,
                                const std::string& prefix,
                                const std::string& path);
  // One member of a resource's expressions: an expression, a list of
  // blocks, or a single block.
  absl::Status BlockMember(std::map<std::string, RawExpression>* out,
                           const std::string& attr, const std::string& path);
  absl::Status Expression(RawExpression* out, const std::string& path);
  absl::Status References(RawExpression* out, const std::string& path);
  // Key holders: resources of types not otherwise kept whose configuration
  // refers to a key source's keys. Their expressions that lead to a key
  // source are kept, and their changes read again for address and
  // actions only, so a key copy into any resource type is seen. Runs once
  // the whole document is read, and only when the configuration declares
  // a key source.
  absl::Status KeyHolders();
  // Reads the resource change at the cursor into `out` when it is an
  // instance of one of `holders` (module, "TYPE.NAME").
  absl::Status HolderChange(
      const std::set<std::pair<const RawModule*, std::string>>& holders,
      const ReferenceResolver& resolver, const std::string& path,
      std::vector<RawChange>* out);

  // The expressions of a configuration resource of a type not kept, by
  // position in the text, read only if it may be a key holder.
  struct OtherConfig {
    RawModule* module;
    std::string type;
    std::string name;
    std::size_t from;  // the expressions object
    std::size_t to;
    std::string path;
  };

  std::string_view json_;
  JsonLimits limits_;
  JsonCursor c_;
  std::vector<OtherConfig> other_configs_;
  // resource_changes entries of types not kept: (offset, index).
  std::vector<std::pair<std::size_t, std::size_t>> other_changes_;
  bool key_sources_configured_ = false;
  RawPlan plan_;
  std::string scratch_;
};

absl::StatusOr<RawPlan> Reader::Run() {
  THREATMODEL_ASSIGN_OR_RETURN(JsonKind top, c_.Peek());
  if (top != JsonKind::kObject) {
    return c_.ErrorAt(
        c_.offset(),
        absl::StrCat("not plan JSON: the document is ",
                     top == JsonKind::kArray ? "an " : "a ",
                     Av(JsonKindName(top)), ", a plan is a JSON object"));
  }
  THREATMODEL_RETURN_IF_ERROR(c_.EnterObject());
  bool seen_format = false;
  bool seen_changes = false;
  bool seen_planned_values = false;
  bool seen_state_values = false;
  std::string_view key;
  for (;;) {
    THREATMODEL_ASSIGN_OR_RETURN(bool more, c_.NextKey(&key));
    if (!more) break;
    if (key == "format_version") {
      seen_format = true;
      THREATMODEL_ASSIGN_OR_RETURN(plan_.format_version,
                                   String("format_version"));
    } else if (key == "terraform_version") {
      THREATMODEL_ASSIGN_OR_RETURN(plan_.terraform_version,
                                   String("terraform_version"));
    } else if (key == "errored") {
      THREATMODEL_RETURN_IF_ERROR(Expect(JsonKind::kBool, "errored"));
      THREATMODEL_ASSIGN_OR_RETURN(plan_.errored, c_.ReadBool());
    } else if (key == "complete") {
      THREATMODEL_RETURN_IF_ERROR(Expect(JsonKind::kBool, "complete"));
      THREATMODEL_ASSIGN_OR_RETURN(plan_.complete, c_.ReadBool());
    } else if (key == "resource_changes") {
      seen_changes = true;
      THREATMODEL_RETURN_IF_ERROR(ResourceChanges("resource_changes"));
    } else if (key == "deferred_changes") {
      THREATMODEL_RETURN_IF_ERROR(DeferredChanges("deferred_changes"));
    } else if (key == "configuration") {
      THREATMODEL_RETURN_IF_ERROR(Configuration("configuration"));
    } else {
      if (key == "planned_values") seen_planned_values = true;
      if (key == "values") seen_state_values = true;
      THREATMODEL_RETURN_IF_ERROR(c_.SkipValue());
    }
  }
  THREATMODEL_RETURN_IF_ERROR(c_.ExpectEnd());
  if (!seen_changes && !seen_planned_values) {
    if (seen_state_values) {
      return absl::InvalidArgumentError(
          "this is Terraform state JSON (`terraform show -json` without a "
          "plan file), not a plan; run `terraform plan -out=PLANFILE` and "
          "`terraform show -json PLANFILE`");
    }
    return absl::InvalidArgumentError(
        "not plan JSON: no resource_changes and no planned_values (plan JSON "
        "comes from `terraform show -json PLANFILE`)");
  }
  if (!seen_format) {
    return absl::InvalidArgumentError(
        "not plan JSON: no format_version (plan JSON comes from `terraform "
        "show -json PLANFILE`)");
  }
  THREATMODEL_RETURN_IF_ERROR(KeyHolders());
  return std::move(plan_);
}

absl::Status Reader::ResourceChanges(std::string_view path) {
  return ForEachElement(path, "", [&](std::size_t i) {
    ++plan_.resource_change_count;
    std::string elem(path);
    absl::StrAppend(&elem, "[", i, "]");
    return ResourceChange(elem, false);
  });
}

absl::Status Reader::DeferredChanges(std::string_view path) {
  return ForEachElement(path, "", [&](std::size_t i) -> absl::Status {
    const std::string elem = absl::StrCat(Av(path), "[", i, "]");
    THREATMODEL_RETURN_IF_ERROR(Expect(JsonKind::kObject, elem));
    THREATMODEL_RETURN_IF_ERROR(c_.EnterObject());
    std::string reason;
    std::size_t before = plan_.changes.size();
    std::string_view key;
    for (;;) {
      THREATMODEL_ASSIGN_OR_RETURN(bool member, c_.NextKey(&key));
      if (!member) break;
      if (key == "reason") {
        THREATMODEL_ASSIGN_OR_RETURN(reason,
                                     String(absl::StrCat(elem, ".reason")));
      } else if (key == "resource_change") {
        THREATMODEL_RETURN_IF_ERROR(
            ResourceChange(absl::StrCat(elem, ".resource_change"), true));
      } else {
        THREATMODEL_RETURN_IF_ERROR(c_.SkipValue());
      }
    }
    for (std::size_t j = before; j < plan_.changes.size(); ++j) {
      plan_.changes[j].action_reason =
          reason.empty() ? "deferred" : absl::StrCat("deferred: ", reason);
    }
    return absl::OkStatus();
  });
}

absl::Status Reader::ResourceChange(const std::string& path, bool deferred) {
  THREATMODEL_RETURN_IF_ERROR(Expect(JsonKind::kObject, path));
  const std::size_t start = c_.offset();
  THREATMODEL_RETURN_IF_ERROR(c_.EnterObject());
  RawChange rc;
  Planned planned;
  rc.from_deferred = deferred;
  rc.json_path = path;
  bool have_address = false;
  bool have_change = false;
  // Decided from the address, which both Terraform's field order and a
  // key-sorted re-indent put before `change`.
  int relevance = -1;  // -1 undecided, 0 no, 1 kept
  std::string_view key;
  for (;;) {
    THREATMODEL_ASSIGN_OR_RETURN(bool more, c_.NextKey(&key));
    if (!more) break;
    if (key == "address") {
      const std::size_t at = c_.offset();
      THREATMODEL_RETURN_IF_ERROR(Expect(JsonKind::kString, path, ".address"));
      THREATMODEL_ASSIGN_OR_RETURN(std::string_view address,
                                   c_.ReadStringView(&scratch_));
      have_address = true;
      if (!MayBeKept(address)) {
        // Still a string of sane length; its syntax is not checked.
        relevance = 0;
        continue;
      }
      rc.address = std::string(address);
      absl::StatusOr<ResourceAddress> parsed = ParseResourceAddress(rc.address);
      if (!parsed.ok()) {
        return c_.ErrorAt(
            at, absl::StrCat(path, ".address: ", parsed.status().message()));
      }
      rc.parsed = *std::move(parsed);
      relevance = IsKeptType(rc.parsed.data, rc.parsed.type) ? 1 : 0;
    } else if (key == "action_reason") {
      THREATMODEL_ASSIGN_OR_RETURN(rc.action_reason,
                                   String(path, ".action_reason"));
    } else if (key == "deposed") {
      THREATMODEL_ASSIGN_OR_RETURN(std::string ignored,
                                   String(path, ".deposed"));
      rc.deposed = true;
    } else if (key == "mode" || key == "type" || key == "name" ||
               key == "module_address" || key == "provider_name" ||
               key == "previous_address") {
      THREATMODEL_ASSIGN_OR_RETURN(JsonKind kind, c_.Peek());
      if (kind != JsonKind::kString) {
        return TypeError(c_.offset(), absl::StrCat(path, ".", Av(key)),
                         "a string", kind);
      }
      THREATMODEL_RETURN_IF_ERROR(c_.SkipValue());
    } else if (key == "index") {
      THREATMODEL_ASSIGN_OR_RETURN(JsonKind kind, c_.Peek());
      if (kind != JsonKind::kNumber && kind != JsonKind::kString &&
          kind != JsonKind::kNull) {
        return TypeError(c_.offset(), absl::StrCat(path, ".index"),
                         "a number or a string", kind);
      }
      THREATMODEL_RETURN_IF_ERROR(c_.SkipValue());
    } else if (key == "change") {
      have_change = true;
      // Undecided relevance (no address yet) keeps everything.
      THREATMODEL_RETURN_IF_ERROR(Change(&rc,
                                         relevance != 0 ? &planned : nullptr,
                                         absl::StrCat(path, ".change")));
    } else {
      THREATMODEL_RETURN_IF_ERROR(c_.SkipValue());
    }
  }
  if (!have_address) {
    return c_.ErrorAt(start, absl::StrCat(path, ": no address"));
  }
  if (!have_change) {
    return c_.ErrorAt(start, absl::StrCat(path, ": no change"));
  }
  if (relevance == 1) {
    const std::string change_path = absl::StrCat(path, ".change");
    const rules::PlanValue::Kind kind = planned.after.kind();
    if (kind != rules::PlanValue::Kind::kObject &&
        kind != rules::PlanValue::Kind::kNull) {
      return absl::InvalidArgumentError(
          absl::StrCat(change_path, ".after: expected an object or null, got ",
                       Av(rules::PlanValueKindName(kind))));
    }
    NarrowWholeSetMarks(rc.parsed.type, planned.after,
                        &planned.after_sensitive);
    rc.values = std::move(planned.after);
    THREATMODEL_RETURN_IF_ERROR(ApplyMarks(planned.after_unknown,
                                           planned.after_sensitive, change_path,
                                           &rc.values, &rc.sensitive_paths));
    plan_.changes.push_back(std::move(rc));
  } else if (!deferred) {
    other_changes_.emplace_back(start, plan_.resource_change_count - 1);
  }
  return absl::OkStatus();
}

absl::Status Reader::Change(RawChange* rc, Planned* planned,
                            std::string_view path) {
  THREATMODEL_RETURN_IF_ERROR(Expect(JsonKind::kObject, path));
  THREATMODEL_RETURN_IF_ERROR(c_.EnterObject());
  bool have_actions = false;
  std::string_view key;
  for (;;) {
    THREATMODEL_ASSIGN_OR_RETURN(bool more, c_.NextKey(&key));
    if (!more) break;
    if (key == "actions") {
      have_actions = true;
      THREATMODEL_RETURN_IF_ERROR(
          ForEachElement(path, ".actions", [&](std::size_t i) -> absl::Status {
            THREATMODEL_ASSIGN_OR_RETURN(JsonKind kind, c_.Peek());
            if (kind != JsonKind::kString) {
              return TypeError(c_.offset(),
                               absl::StrCat(Av(path), ".actions[", i, "]"),
                               "a string", kind);
            }
            const std::size_t at = c_.offset();
            THREATMODEL_ASSIGN_OR_RETURN(std::string action, c_.ReadString());
            if (!IsPlannedAction(action)) {
              return c_.ErrorAt(
                  at,
                  absl::StrCat(Av(path), ".actions[", i, "]: unknown action \"",
                               absl::CHexEscape(action.substr(0, 32)),
                               "\" (known: no-op, create, read, update, "
                               "delete, forget)"));
            }
            if (rc->actions.size() < 8) {
              rc->actions.push_back(std::move(action));
            }
            return absl::OkStatus();
          }));
    } else if (planned != nullptr && key == "after") {
      THREATMODEL_ASSIGN_OR_RETURN(planned->after, c_.ReadPlanValue());
    } else if (planned != nullptr &&
               (key == "after_unknown" || key == "after_sensitive")) {
      // Marker trees: booleans in the value's shape, small.
      rules::PlanValue* slot = key == "after_unknown"
                                   ? &planned->after_unknown
                                   : &planned->after_sensitive;
      THREATMODEL_ASSIGN_OR_RETURN(*slot, c_.ReadPlanValue());
    } else {
      THREATMODEL_RETURN_IF_ERROR(c_.SkipValue());
    }
  }
  if (!have_actions || rc->actions.empty()) {
    return absl::InvalidArgumentError(absl::StrCat(Av(path), ": no actions"));
  }
  return absl::OkStatus();
}

absl::Status Reader::Configuration(std::string_view path) {
  THREATMODEL_RETURN_IF_ERROR(Expect(JsonKind::kObject, path));
  THREATMODEL_RETURN_IF_ERROR(c_.EnterObject());
  plan_.has_configuration = true;
  std::string_view key;
  for (;;) {
    THREATMODEL_ASSIGN_OR_RETURN(bool more, c_.NextKey(&key));
    if (!more) return absl::OkStatus();
    if (key == "root_module") {
      THREATMODEL_RETURN_IF_ERROR(
          Module(&plan_.root, absl::StrCat(Av(path), ".root_module"), 0));
    } else {
      // provider_config holds provider settings (credentials included):
      // never materialised.
      THREATMODEL_RETURN_IF_ERROR(c_.SkipValue());
    }
  }
}

absl::Status Reader::Module(RawModule* module, const std::string& path,
                            int level) {
  THREATMODEL_RETURN_IF_ERROR(Expect(JsonKind::kObject, path));
  THREATMODEL_RETURN_IF_ERROR(c_.EnterObject());
  std::string_view key;
  for (;;) {
    THREATMODEL_ASSIGN_OR_RETURN(bool more, c_.NextKey(&key));
    if (!more) return absl::OkStatus();
    if (key == "resources") {
      const std::string p = absl::StrCat(path, ".resources");
      THREATMODEL_RETURN_IF_ERROR(ForEachElement(p, "", [&](std::size_t i) {
        return ConfigResource(module, absl::StrCat(p, "[", i, "]"));
      }));
    } else if (key == "module_calls") {
      const std::string p = absl::StrCat(path, ".module_calls");
      THREATMODEL_RETURN_IF_ERROR(Expect(JsonKind::kObject, p));
      THREATMODEL_RETURN_IF_ERROR(c_.EnterObject());
      std::string_view name;
      for (;;) {
        THREATMODEL_ASSIGN_OR_RETURN(bool member, c_.NextKey(&name));
        if (!member) break;
        const std::string call_name(name);
        RawModuleCall& call = module->calls[call_name];
        THREATMODEL_RETURN_IF_ERROR(
            Call(&call, absl::StrCat(p, ".", call_name), level + 1));
      }
    } else if (key == "outputs") {
      const std::string p = absl::StrCat(path, ".outputs");
      THREATMODEL_RETURN_IF_ERROR(Expect(JsonKind::kObject, p));
      THREATMODEL_RETURN_IF_ERROR(c_.EnterObject());
      std::string_view name;
      for (;;) {
        THREATMODEL_ASSIGN_OR_RETURN(bool member, c_.NextKey(&name));
        if (!member) break;
        const std::string output_name(name);
        const std::string op = absl::StrCat(p, ".", output_name);
        THREATMODEL_RETURN_IF_ERROR(Expect(JsonKind::kObject, op));
        THREATMODEL_RETURN_IF_ERROR(c_.EnterObject());
        std::string_view field;
        for (;;) {
          THREATMODEL_ASSIGN_OR_RETURN(bool f, c_.NextKey(&field));
          if (!f) break;
          if (field == "expression") {
            THREATMODEL_RETURN_IF_ERROR(
                Expression(&module->outputs[output_name],
                           absl::StrCat(op, ".expression")));
          } else {
            THREATMODEL_RETURN_IF_ERROR(c_.SkipValue());
          }
        }
      }
    } else {
      // variables (with defaults), provider configs: not needed.
      THREATMODEL_RETURN_IF_ERROR(c_.SkipValue());
    }
  }
}

absl::Status Reader::ConfigResource(RawModule* module,
                                    const std::string& path) {
  THREATMODEL_RETURN_IF_ERROR(Expect(JsonKind::kObject, path));
  const std::size_t start = c_.offset();
  THREATMODEL_RETURN_IF_ERROR(c_.EnterObject());
  RawResourceConfig config;
  std::string mode;
  bool have_address = false;
  int relevance = -1;
  std::map<std::string, RawExpression> expressions;
  std::size_t other_from = 0;
  std::size_t other_to = 0;
  std::string_view key;
  for (;;) {
    THREATMODEL_ASSIGN_OR_RETURN(bool more, c_.NextKey(&key));
    if (!more) break;
    if (key == "address") {
      const std::string p = absl::StrCat(path, ".address");
      const std::size_t at = c_.offset();
      THREATMODEL_ASSIGN_OR_RETURN(std::string address, String(p));
      absl::StatusOr<ResourceAddress> parsed = ParseResourceAddress(address);
      if (!parsed.ok() || !parsed->module.empty()) {
        return c_.ErrorAt(
            at, absl::StrCat(p, ": not a resource address within a module"));
      }
      have_address = true;
      config.data = parsed->data;
      config.type = parsed->type;
      config.name = parsed->name;
      relevance = IsKeptType(config.data, config.type) ? 1 : 0;
    } else if (key == "mode" || key == "type" || key == "name") {
      THREATMODEL_RETURN_IF_ERROR(
          Expect(JsonKind::kString, absl::StrCat(path, ".", Av(key))));
      THREATMODEL_RETURN_IF_ERROR(c_.SkipValue());
    } else if (key == "expressions" && relevance != 0) {
      THREATMODEL_RETURN_IF_ERROR(BlockExpressions(
          &expressions, "", absl::StrCat(path, ".expressions")));
    } else if (key == "expressions" && !config.data) {
      // Whether it refers to keys is known only once the whole
      // configuration is read (KeyHolders): its place is kept.
      THREATMODEL_RETURN_IF_ERROR(c_.Peek().status());
      other_from = c_.offset();
      THREATMODEL_RETURN_IF_ERROR(c_.SkipValue());
      other_to = c_.offset();
    } else {
      THREATMODEL_RETURN_IF_ERROR(c_.SkipValue());
    }
  }
  if (!have_address) {
    return c_.ErrorAt(start, absl::StrCat(path, ": no address"));
  }
  if (relevance == 0 && other_to > other_from) {
    other_configs_.push_back({module, std::move(config.type),
                              std::move(config.name), other_from, other_to,
                              path});
  }
  if (relevance == 1) {
    key_sources_configured_ |= !config.data && IsKeySource(config.type);
    config.expressions = std::move(expressions);
    std::string map_key =
        absl::StrCat(config.data ? "data." : "", config.type, ".", config.name);
    module->resources[std::move(map_key)] = std::move(config);
  }
  return absl::OkStatus();
}

absl::Status Reader::Call(RawModuleCall* call, const std::string& path,
                          int level) {
  THREATMODEL_RETURN_IF_ERROR(Expect(JsonKind::kObject, path));
  THREATMODEL_RETURN_IF_ERROR(c_.EnterObject());
  std::string_view key;
  for (;;) {
    THREATMODEL_ASSIGN_OR_RETURN(bool more, c_.NextKey(&key));
    if (!more) return absl::OkStatus();
    if (key == "source") {
      THREATMODEL_ASSIGN_OR_RETURN(call->source,
                                   String(absl::StrCat(path, ".source")));
    } else if (key == "expressions") {
      THREATMODEL_RETURN_IF_ERROR(
          Expressions(&call->expressions, absl::StrCat(path, ".expressions")));
    } else if (key == "module") {
      if (call->module == nullptr) call->module = std::make_unique<RawModule>();
      THREATMODEL_RETURN_IF_ERROR(
          Module(call->module.get(), absl::StrCat(path, ".module"), level));
    } else {
      THREATMODEL_RETURN_IF_ERROR(c_.SkipValue());
    }
  }
}

absl::Status Reader::Expressions(std::map<std::string, RawExpression>* out,
                                 const std::string& path) {
  THREATMODEL_RETURN_IF_ERROR(Expect(JsonKind::kObject, path));
  THREATMODEL_RETURN_IF_ERROR(c_.EnterObject());
  std::string_view key;
  for (;;) {
    THREATMODEL_ASSIGN_OR_RETURN(bool more, c_.NextKey(&key));
    if (!more) return absl::OkStatus();
    const std::string name(key);
    const std::string p = absl::StrCat(path, ".", name);
    THREATMODEL_ASSIGN_OR_RETURN(JsonKind kind, c_.Peek());
    if (kind == JsonKind::kArray) {
      // A nested block: a list of expression maps. Not needed.
      THREATMODEL_RETURN_IF_ERROR(c_.SkipValue());
      continue;
    }
    THREATMODEL_RETURN_IF_ERROR(Expression(&(*out)[name], p));
  }
}

absl::Status Reader::BlockExpressions(std::map<std::string, RawExpression>* out,
                                      const std::string& prefix,
                                      const std::string& path) {
  THREATMODEL_RETURN_IF_ERROR(Expect(JsonKind::kObject, path));
  THREATMODEL_RETURN_IF_ERROR(c_.EnterObject());
  std::string_view key;
  for (;;) {
    THREATMODEL_ASSIGN_OR_RETURN(bool more, c_.NextKey(&key));
    if (!more) return absl::OkStatus();
    const std::string name(key);
    THREATMODEL_RETURN_IF_ERROR(BlockMember(
        out, prefix.empty() ? name : absl::StrCat(prefix, ".", name),
        absl::StrCat(path, ".", name)));
  }
}

absl::Status Reader::BlockMember(std::map<std::string, RawExpression>* out,
                                 const std::string& attr,
                                 const std::string& path) {
  THREATMODEL_ASSIGN_OR_RETURN(JsonKind kind, c_.Peek());
  if (kind == JsonKind::kArray) {
    // A list or set of nested blocks: one expression map per block.
    return ForEachElement(path, "", [&](std::size_t i) {
      return BlockExpressions(out, absl::StrCat(attr, "[", i, "]"),
                              absl::StrCat(path, "[", i, "]"));
    });
  }
  if (kind != JsonKind::kObject) {
    return TypeError(c_.offset(), path, "an expression object", kind);
  }
  // An expression ({"references": [...], "constant_value": ...}) or a
  // single nested block (attribute names -> expressions). Plan JSON does
  // not say which, so both are read from the same object: `references`
  // holding an array and `constant_value` are the expression's, any other
  // member is a block attribute.
  THREATMODEL_RETURN_IF_ERROR(c_.EnterObject());
  RawExpression expr;
  bool block_members = false;
  std::string_view key;
  for (;;) {
    THREATMODEL_ASSIGN_OR_RETURN(bool more, c_.NextKey(&key));
    if (!more) break;
    THREATMODEL_ASSIGN_OR_RETURN(JsonKind member, c_.Peek());
    if (key == "references" && member == JsonKind::kArray) {
      THREATMODEL_RETURN_IF_ERROR(
          References(&expr, absl::StrCat(path, ".references")));
    } else if (key == "constant_value") {
      expr.constant = true;
      THREATMODEL_RETURN_IF_ERROR(c_.SkipValue());
    } else {
      block_members = true;
      const std::string name(key);
      THREATMODEL_RETURN_IF_ERROR(BlockMember(
          out, absl::StrCat(attr, ".", name), absl::StrCat(path, ".", name)));
    }
  }
  // Every attribute the configuration sets is kept, constants and
  // expressions Terraform could not describe (`{}`) included: that the
  // user set an attribute decides whether an unknown value may be the
  // provider's default.
  if (!expr.references.empty() || expr.constant || !block_members) {
    (*out)[attr] = std::move(expr);
  }
  return absl::OkStatus();
}

absl::Status Reader::References(RawExpression* out, const std::string& path) {
  return ForEachElement(path, "", [&](std::size_t i) -> absl::Status {
    THREATMODEL_ASSIGN_OR_RETURN(std::string ref,
                                 String(absl::StrCat(path, "[", i, "]")));
    if (out->references.size() < 256) {
      out->references.push_back(std::move(ref));
    }
    return absl::OkStatus();
  });
}

absl::Status Reader::Expression(RawExpression* out, const std::string& path) {
  THREATMODEL_ASSIGN_OR_RETURN(JsonKind kind, c_.Peek());
  if (kind != JsonKind::kObject) {
    return TypeError(c_.offset(), path, "an expression object", kind);
  }
  THREATMODEL_RETURN_IF_ERROR(c_.EnterObject());
  std::string_view key;
  for (;;) {
    THREATMODEL_ASSIGN_OR_RETURN(bool more, c_.NextKey(&key));
    if (!more) return absl::OkStatus();
    if (key == "references") {
      THREATMODEL_RETURN_IF_ERROR(
          References(out, absl::StrCat(path, ".references")));
    } else if (key == "constant_value") {
      // Values are taken from resource_changes, never from configuration.
      out->constant = true;
      THREATMODEL_RETURN_IF_ERROR(c_.SkipValue());
    } else {
      THREATMODEL_RETURN_IF_ERROR(c_.SkipValue());
    }
  }
}

absl::Status Reader::KeyHolders() {
  if (!key_sources_configured_ || other_configs_.empty()) {
    return absl::OkStatus();
  }
  const ReferenceResolver resolver(plan_.root);
  std::map<const RawModule*, ModulePath> module_paths;
  ModulePath scratch_path;
  ModulePaths(plan_.root, &scratch_path, &module_paths);
  std::set<std::pair<const RawModule*, std::string>> holders;
  for (OtherConfig& other : other_configs_) {
    if (!MayReferToKeys(json_.substr(other.from, other.to - other.from),
                        other.module != &plan_.root)) {
      continue;
    }
    Reader sub(json_, limits_);
    sub.c_.Seek(other.from);
    std::map<std::string, RawExpression> expressions;
    THREATMODEL_RETURN_IF_ERROR(sub.BlockExpressions(
        &expressions, "", absl::StrCat(other.path, ".expressions")));
    RawResourceConfig config;
    const ModulePath& where = module_paths[other.module];
    for (auto& [attr, expr] : expressions) {
      for (const Terminal& t : resolver.Resolve(where, expr)) {
        if (t.kind == Terminal::Kind::kResource && !t.data &&
            IsKeySource(t.type)) {
          config.expressions[attr] = std::move(expr);
          break;
        }
      }
    }
    if (config.expressions.empty()) continue;
    config.type = std::move(other.type);
    config.name = std::move(other.name);
    std::string key = absl::StrCat(config.type, ".", config.name);
    holders.emplace(other.module, key);
    other.module->resources[std::move(key)] = std::move(config);
  }
  if (holders.empty()) return absl::OkStatus();
  for (const auto& [offset, index] : other_changes_) {
    Reader sub(json_, limits_);
    sub.c_.Seek(offset);
    THREATMODEL_RETURN_IF_ERROR(sub.HolderChange(
        holders, resolver, absl::StrCat("resource_changes[", index, "]"),
        &plan_.changes));
  }
  return absl::OkStatus();
}

absl::Status Reader::HolderChange(
    const std::set<std::pair<const RawModule*, std::string>>& holders,
    const ReferenceResolver& resolver, const std::string& path,
    std::vector<RawChange>* out) {
  THREATMODEL_RETURN_IF_ERROR(c_.EnterObject());
  RawChange rc;
  rc.json_path = path;
  bool holder = false;
  std::string_view key;
  for (;;) {
    THREATMODEL_ASSIGN_OR_RETURN(bool more, c_.NextKey(&key));
    if (!more) break;
    if (key == "address") {
      THREATMODEL_ASSIGN_OR_RETURN(rc.address, c_.ReadString());
      absl::StatusOr<ResourceAddress> parsed = ParseResourceAddress(rc.address);
      if (!parsed.ok()) {
        // A holder's change that cannot be read must not vanish: its copy
        // of the keys would then go unseen.
        for (const auto& [module, name] : holders) {
          if (absl::StrContains(rc.address, name)) {
            return absl::InvalidArgumentError(
                absl::StrCat(path, ".address: ", parsed.status().message()));
          }
        }
        return absl::OkStatus();
      }
      // Not a holder: the rest of the entry was read in the first pass.
      if (parsed->data) return absl::OkStatus();
      const RawModule* module = resolver.ModuleAt(parsed->module);
      if (module == nullptr ||
          holders.count(
              {module, absl::StrCat(parsed->type, ".", parsed->name)}) == 0) {
        return absl::OkStatus();
      }
      holder = true;
      rc.parsed = *std::move(parsed);
    } else if (key == "deposed") {
      rc.deposed = true;
      THREATMODEL_RETURN_IF_ERROR(c_.SkipValue());
    } else if (key == "change") {
      THREATMODEL_RETURN_IF_ERROR(
          Change(&rc, nullptr, absl::StrCat(path, ".change")));
    } else {
      THREATMODEL_RETURN_IF_ERROR(c_.SkipValue());
    }
  }
  if (holder) out->push_back(std::move(rc));
  return absl::OkStatus();
}

}  // namespace

bool IsAssertionType(std::string_view type) { return type == kAssertionType; }

bool IsKeptType(bool data, std::string_view type) {
  return IsAssertionType(type) || rules::IsRelevantResourceType(data, type);
}

absl::StatusOr<RawPlan> ReadRawPlan(std::string_view json,
                                    const JsonLimits& limits) {
  Reader reader(json, limits);
  return reader.Run();
}

}  // namespace threatmodel::plan::internal
