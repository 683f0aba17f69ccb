#include "rules/unknown_ladder.h"

#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "rules/reference_facts.h"
#include "rules/string_view_compat.h"

namespace threatmodel::rules::internal {
namespace {

// Whether `prefix` is `path` or an enclosing step of it: "a" of "a[0].b"
// and "a.b", not of "ab".
bool IsPathPrefix(std::string_view prefix, std::string_view path) {
  if (path.substr(0, prefix.size()) != prefix) return false;
  return path.size() == prefix.size() || path[prefix.size()] == '.' ||
         path[prefix.size()] == '[';
}

// A configured path that sets `path`: the path itself, an attribute holding
// it (`authentication = var.auth`), or one within it.
bool Mentions(std::string_view configured, std::string_view path) {
  return IsPathPrefix(configured, path) || IsPathPrefix(path, configured);
}

// Where a configured `path` comes from, for a message.
std::string Origin(const Resource& r, std::string_view path) {
  std::vector<Reference> refs;
  for (const auto& [configured, found] : r.references) {
    if (Mentions(configured, path)) {
      refs.insert(refs.end(), found.begin(), found.end());
    }
  }
  if (refs.empty()) {
    return "set by an expression Terraform evaluates only at apply";
  }
  return absl::StrCat("set from ", DescribeReferences(refs));
}

std::string DefaultText(std::string_view path, const PlanValue& value,
                        std::string_view why) {
  return absl::StrCat(DescribeSetting(path, value), " (", Av(why),
                      ": the provider's default)");
}

}  // namespace

bool NullInConfiguration(const Resource& r, std::string_view path,
                         std::string* text) {
  if (!r.configured.has_value()) return false;
  const Lookup l = LookupPath(r.values, path);
  if (l.state != Lookup::State::kUnknown || l.reached != path) return false;
  bool sets = false;
  for (const std::string& configured : *r.configured) {
    if (Mentions(configured, path)) sets = true;
  }
  if (!sets) return false;
  std::vector<Reference> refs;
  for (const auto& [configured, found] : r.references) {
    if (!Mentions(configured, path)) continue;
    for (const Reference& ref : found) {
      if (ref.kind != Reference::Kind::kRootVariable &&
          ref.kind != Reference::Kind::kConstant) {
        return false;
      }
      refs.push_back(ref);
    }
  }
  *text = absl::StrCat(
      Av(path), " is set ",
      refs.empty() ? std::string("by an expression without references")
                   : absl::StrCat("from ", DescribeReferences(refs)),
      ", which Terraform knows when it plans, yet the plan leaves it "
      "unknown: the expression gave null");
  return true;
}

Maybe<bool> ConfigurationSets(const Resource& r, std::string_view path) {
  if (!r.configured.has_value()) return Maybe<bool>::Unknown();
  for (const std::string& configured : *r.configured) {
    if (Mentions(configured, path)) return true;
  }
  return false;
}

std::string DescribeSetting(std::string_view path, const PlanValue& value) {
  std::string shown;
  switch (value.kind()) {
    case PlanValue::Kind::kNull:
      shown = "null";
      break;
    case PlanValue::Kind::kBool:
      shown = value.bool_value() ? "true" : "false";
      break;
    case PlanValue::Kind::kNumber:
      shown = value.number_text();
      break;
    case PlanValue::Kind::kString:
      shown = absl::StrCat("\"", value.string_value(), "\"");
      break;
    case PlanValue::Kind::kList:
      shown = absl::StrCat("[", value.elements().size(), " element",
                           value.elements().size() == 1 ? "" : "s", "]");
      break;
    case PlanValue::Kind::kObject:
      shown = "{...}";
      break;
    case PlanValue::Kind::kUnknown:
    case PlanValue::Kind::kSensitive:
      shown = "(unknown)";
      break;
  }
  return absl::StrCat(Av(path), " = ", shown);
}

Decided Decide(const Resource& r, std::string_view path,
               const PlanValue& provider_default) {
  Decided out;
  const Lookup l = LookupPath(r.values, path);
  const bool has_default = !provider_default.is_null();
  switch (l.state) {
    case Lookup::State::kFound:
      out.state = Decided::State::kPlanned;
      out.value = *l.value;
      out.text = DescribeSetting(path, out.value);
      return out;
    case Lookup::State::kNull:
    case Lookup::State::kAbsent:
      // Null, or not in this provider version's schema, or in an empty
      // block: nothing set, so the provider's default holds.
      if (has_default) {
        out.state = Decided::State::kDefault;
        out.value = provider_default;
        out.text = DefaultText(path, provider_default, "not set");
      } else {
        out.state = Decided::State::kPlanned;
        out.text = DescribeSetting(path, out.value);
      }
      return out;
    case Lookup::State::kSensitive:
      out.text = absl::StrCat(Av(path), " is sensitive and never read");
      return out;
    case Lookup::State::kUnknown:
      break;
  }
  const Maybe<bool> sets = ConfigurationSets(r, path);
  if (has_default && sets.is_known() && !sets.value()) {
    out.state = Decided::State::kDefault;
    out.value = provider_default;
    out.text =
        DefaultText(path, provider_default,
                    "unknown in the plan and not set in the configuration");
    return out;
  }
  std::string null_text;
  if (has_default && NullInConfiguration(r, path, &null_text)) {
    out.state = Decided::State::kDefault;
    out.value = provider_default;
    out.text = DefaultText(path, provider_default, null_text);
    return out;
  }
  std::string why;
  if (l.reached.empty()) {
    absl::StrAppend(&why, "the whole planned value is unknown; ");
  } else if (l.reached != path) {
    absl::StrAppend(&why, l.reached, " is unknown; ");
  }
  if (!sets.is_known()) {
    absl::StrAppend(&why,
                    "no configuration to tell whether it is set or left to "
                    "the provider");
  } else if (sets.value()) {
    absl::StrAppend(&why, Origin(r, path));
  } else {
    absl::StrAppend(&why,
                    "not set in the configuration, and computed by the "
                    "provider");
  }
  out.text = absl::StrCat(Av(path), " is unknown at plan time (", why, ")");
  return out;
}

DecidedBool DecideBool(const Resource& r, std::string_view path,
                       bool provider_default) {
  Decided d = Decide(r, path, PlanValue::Bool(provider_default));
  DecidedBool out;
  out.text = std::move(d.text);
  if (!d.decided()) {
    out.value = Maybe<bool>::Unknown();
  } else if (d.value.kind() == PlanValue::Kind::kBool) {
    out.value = d.value.bool_value();
  } else {
    out.value = Maybe<bool>::Unknown();
    absl::StrAppend(&out.text, " (not a bool)");
  }
  return out;
}

bool IsSet(const Resource& r, std::string_view path, std::string* text) {
  const Lookup l = LookupPath(r.values, path);
  switch (l.state) {
    case Lookup::State::kFound:
      *text = DescribeSetting(path, *l.value);
      return true;
    case Lookup::State::kUnknown:
    case Lookup::State::kSensitive:
      *text = absl::StrCat(Av(path), " is set (known at apply)");
      return true;
    case Lookup::State::kNull:
    case Lookup::State::kAbsent:
      break;
  }
  *text = absl::StrCat(Av(path), " is not set");
  return false;
}

}  // namespace threatmodel::rules::internal
