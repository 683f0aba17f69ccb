#include "rules/helm_values.h"

#include <yaml.h>

#include <algorithm>
#include <cstdint>
#include <cstdlib>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "rules/string_view_compat.h"

namespace threatmodel::rules::internal {
namespace {

// ---------------------------------------------------------------------------
// YAML

constexpr char kStrTag[] = "tag:yaml.org,2002:str";

// YAML 1.1 plain scalars as Helm's YAML reader (go-yaml v2) resolves them.
bool IsNullText(std::string_view s) {
  return s.empty() || s == "~" || s == "null" || s == "Null" || s == "NULL";
}

std::optional<bool> BoolText(std::string_view s) {
  for (std::string_view t : {"y", "Y", "yes", "Yes", "YES", "true", "True",
                             "TRUE", "on", "On", "ON"}) {
    if (s == t) return true;
  }
  for (std::string_view f : {"n", "N", "no", "No", "NO", "false", "False",
                             "FALSE", "off", "Off", "OFF"}) {
    if (s == f) return false;
  }
  return std::nullopt;
}

bool IsDigit(char c) { return c >= '0' && c <= '9'; }

// A JSON number (what PlanValue::Number holds); other YAML numerals (0x1f,
// 1_000, .inf) stay strings, which no rule here reads as numbers.
bool IsJsonNumber(std::string_view s) {
  std::size_t i = 0;
  if (i < s.size() && s[i] == '-') ++i;
  if (i >= s.size()) return false;
  if (s[i] == '0') {
    ++i;
  } else if (IsDigit(s[i])) {
    while (i < s.size() && IsDigit(s[i])) ++i;
  } else {
    return false;
  }
  if (i < s.size() && s[i] == '.') {
    ++i;
    if (i >= s.size() || !IsDigit(s[i])) return false;
    while (i < s.size() && IsDigit(s[i])) ++i;
  }
  if (i < s.size() && (s[i] == 'e' || s[i] == 'E')) {
    ++i;
    if (i < s.size() && (s[i] == '+' || s[i] == '-')) ++i;
    if (i >= s.size() || !IsDigit(s[i])) return false;
    while (i < s.size() && IsDigit(s[i])) ++i;
  }
  return i == s.size();
}

PlanValue PlainScalar(std::string text) {
  if (IsNullText(text)) return PlanValue::Null();
  if (std::optional<bool> b = BoolText(text)) return PlanValue::Bool(*b);
  if (IsJsonNumber(text)) return PlanValue::Number(std::move(text));
  return PlanValue::String(std::move(text));
}

// An event-by-event reader over libyaml's parser; owns the current event.
class YamlReader {
 public:
  explicit YamlReader(std::string_view yaml) {
    yaml_parser_initialize(&parser_);
    yaml_parser_set_input_string(
        &parser_, reinterpret_cast<const unsigned char*>(yaml.data()),
        yaml.size());
  }
  ~YamlReader() {
    if (has_event_) yaml_event_delete(&event_);
    yaml_parser_delete(&parser_);
  }
  YamlReader(const YamlReader&) = delete;
  YamlReader& operator=(const YamlReader&) = delete;

  // Moves to the next event; refuses anchors, aliases and too many nodes.
  absl::Status Next() {
    if (has_event_) {
      yaml_event_delete(&event_);
      has_event_ = false;
    }
    if (!yaml_parser_parse(&parser_, &event_)) {
      return absl::InvalidArgumentError(absl::StrCat(
          "invalid YAML at line ", parser_.problem_mark.line + 1, ": ",
          parser_.problem != nullptr ? parser_.problem : "parse error"));
    }
    has_event_ = true;
    if (++events_ > kMaxHelmValuesNodes) {
      return absl::InvalidArgumentError(
          absl::StrCat("more than ", kMaxHelmValuesNodes, " YAML nodes"));
    }
    const yaml_char_t* anchor = nullptr;
    switch (event_.type) {
      case YAML_ALIAS_EVENT:
        return absl::InvalidArgumentError(
            "YAML aliases are not accepted in values");
      case YAML_SCALAR_EVENT:
        anchor = event_.data.scalar.anchor;
        break;
      case YAML_SEQUENCE_START_EVENT:
        anchor = event_.data.sequence_start.anchor;
        break;
      case YAML_MAPPING_START_EVENT:
        anchor = event_.data.mapping_start.anchor;
        break;
      default:
        break;
    }
    if (anchor != nullptr) {
      return absl::InvalidArgumentError(
          "YAML anchors are not accepted in values");
    }
    return absl::OkStatus();
  }

  [[nodiscard]] const yaml_event_t& event() const { return event_; }
  [[nodiscard]] std::size_t line() const { return event_.start_mark.line + 1; }

 private:
  yaml_parser_t parser_;
  yaml_event_t event_;
  bool has_event_ = false;
  std::size_t events_ = 0;
};

std::string ScalarText(const yaml_event_t& e) {
  return std::string(reinterpret_cast<const char*>(e.data.scalar.value),
                     e.data.scalar.length);
}

absl::StatusOr<PlanValue> ReadNode(YamlReader& reader, int depth);

absl::StatusOr<PlanValue> ReadScalar(const yaml_event_t& e) {
  std::string text = ScalarText(e);
  const char* tag = reinterpret_cast<const char*>(e.data.scalar.tag);
  if (tag != nullptr && std::string_view(tag) == kStrTag) {
    return PlanValue::String(std::move(text));
  }
  if (e.data.scalar.style != YAML_PLAIN_SCALAR_STYLE) {
    return PlanValue::String(std::move(text));
  }
  return PlainScalar(std::move(text));
}

absl::StatusOr<PlanValue> ReadMapping(YamlReader& reader, int depth) {
  PlanValue::Members members;
  for (;;) {
    if (absl::Status s = reader.Next(); !s.ok()) return s;
    const yaml_event_t& e = reader.event();
    if (e.type == YAML_MAPPING_END_EVENT) break;
    if (e.type != YAML_SCALAR_EVENT) {
      return absl::InvalidArgumentError(absl::StrCat(
          "a mapping key at line ", reader.line(), " is not a scalar"));
    }
    std::string key = ScalarText(e);
    if (key == "<<" && e.data.scalar.style == YAML_PLAIN_SCALAR_STYLE) {
      return absl::InvalidArgumentError(
          absl::StrCat("YAML merge keys are not accepted in values (line ",
                       reader.line(), ")"));
    }
    const std::size_t line = reader.line();
    if (absl::Status s = reader.Next(); !s.ok()) return s;
    absl::StatusOr<PlanValue> value = ReadNode(reader, depth + 1);
    if (!value.ok()) return value.status();
    if (!members.emplace(std::move(key), *std::move(value)).second) {
      return absl::InvalidArgumentError(
          absl::StrCat("duplicate mapping key at line ", line));
    }
  }
  return PlanValue::Object(std::move(members));
}

absl::StatusOr<PlanValue> ReadSequence(YamlReader& reader, int depth) {
  PlanValue::Elements elements;
  for (;;) {
    if (absl::Status s = reader.Next(); !s.ok()) return s;
    if (reader.event().type == YAML_SEQUENCE_END_EVENT) break;
    absl::StatusOr<PlanValue> value = ReadNode(reader, depth + 1);
    if (!value.ok()) return value.status();
    elements.push_back(*std::move(value));
  }
  return PlanValue::List(std::move(elements));
}

// The node starting at the reader's current event.
absl::StatusOr<PlanValue> ReadNode(YamlReader& reader, int depth) {
  if (depth > kMaxHelmValuesDepth) {
    return absl::InvalidArgumentError(
        absl::StrCat("YAML nested deeper than ", kMaxHelmValuesDepth));
  }
  const yaml_event_t& e = reader.event();
  switch (e.type) {
    case YAML_SCALAR_EVENT:
      return ReadScalar(e);
    case YAML_MAPPING_START_EVENT:
      return ReadMapping(reader, depth);
    case YAML_SEQUENCE_START_EVENT:
      return ReadSequence(reader, depth);
    default:
      return absl::InvalidArgumentError(
          absl::StrCat("unexpected YAML event at line ", reader.line()));
  }
}

// ---------------------------------------------------------------------------
// Keys

std::string KeyText(const std::vector<HelmKeyStep>& steps, std::size_t n) {
  std::string out;
  for (std::size_t i = 0; i < n && i < steps.size(); ++i) {
    if (steps[i].is_index) {
      absl::StrAppend(&out, "[", steps[i].index, "]");
    } else {
      if (!out.empty()) out += '.';
      out += steps[i].key;
    }
  }
  return out;
}

// How a source's key relates to the key being resolved.
enum class Overlap { kNone, kSame, kAncestor, kDescendant };

Overlap Compare(const std::vector<HelmKeyStep>& source,
                const std::vector<HelmKeyStep>& wanted) {
  const std::size_t n = std::min(source.size(), wanted.size());
  for (std::size_t i = 0; i < n; ++i) {
    if (!(source[i] == wanted[i])) return Overlap::kNone;
  }
  if (source.size() == wanted.size()) return Overlap::kSame;
  return source.size() < wanted.size() ? Overlap::kAncestor
                                       : Overlap::kDescendant;
}

// ---------------------------------------------------------------------------
// Resolution

HelmValue Undecided(std::string source, std::string reason) {
  HelmValue out;
  out.state = HelmValue::State::kUndecided;
  out.source = std::move(source);
  out.reason = std::move(reason);
  return out;
}

HelmValue Found(std::string source, PlanValue value) {
  HelmValue out;
  out.state = HelmValue::State::kFound;
  out.source = std::move(source);
  out.value = std::move(value);
  return out;
}

// Whether a --set value holds an unescaped comma: Helm splits the
// name=value pair there and reads the rest as another pair.
bool HasUnescapedComma(std::string_view v) {
  for (std::size_t i = 0; i < v.size(); ++i) {
    if (v[i] == '\\') {
      ++i;
    } else if (v[i] == ',') {
      return true;
    }
  }
  return false;
}

// A --set value typed the way Helm types it (strvals).
std::optional<PlanValue> TypedSetValue(const std::string& text,
                                       std::string_view type,
                                       const std::string& source,
                                       HelmValue* undecided) {
  const bool literal = type == "literal";
  if (!literal && HasUnescapedComma(text)) {
    *undecided = Undecided(
        source, absl::StrCat(source,
                             ".value holds a comma, where Helm starts "
                             "another key"));
    return std::nullopt;
  }
  if (literal || type == "string") return PlanValue::String(text);
  if (!type.empty() && type != "auto") {
    *undecided = Undecided(
        source, absl::StrCat(source, ".type is not auto, string or literal"));
    return std::nullopt;
  }
  if (absl::StartsWith(text, "{") && absl::EndsWith(text, "}")) {
    *undecided =
        Undecided(source, absl::StrCat(source, ".value is a Helm list"));
    return std::nullopt;
  }
  if (absl::EqualsIgnoreCase(text, "true")) return PlanValue::Bool(true);
  if (absl::EqualsIgnoreCase(text, "false")) return PlanValue::Bool(false);
  if (absl::EqualsIgnoreCase(text, "null")) return PlanValue::Null();
  int64_t n = 0;
  if ((text == "0" || (!text.empty() && text[0] != '0')) &&
      std::all_of(text.begin(), text.end(),
                  [](char c) { return IsDigit(c) || c == '-'; }) &&
      absl::SimpleAtoi(text, &n)) {
    return PlanValue::Number(text);
  }
  return PlanValue::String(text);
}

// What one set-like entry (`set`, `set_list`, `set_sensitive`) says about
// `wanted`; nullopt when it does not touch it.
std::optional<HelmValue> FromSetEntry(const PlanValue& entry,
                                      std::string_view attribute,
                                      std::size_t index,
                                      const std::vector<HelmKeyStep>& wanted,
                                      const std::string& key) {
  const std::string source = absl::StrCat(Av(attribute), "[", index, "]");
  if (!entry.is_known()) {
    return Undecided(source, absl::StrCat(source, " is unknown at plan time"));
  }
  const PlanValue* name = entry.Find("name");
  if (name == nullptr || !name->is_known()) {
    return Undecided(source,
                     absl::StrCat(source, ".name is unknown at plan time"));
  }
  if (name->kind() != PlanValue::Kind::kString) return std::nullopt;
  absl::StatusOr<std::vector<HelmKeyStep>> steps =
      ParseHelmKey(name->string_value());
  if (!steps.ok()) {
    return Undecided(source,
                     absl::StrCat(source, ".name is not a valid Helm key"));
  }
  // A set_sensitive entry's name may come from a sensitive value too (a
  // dynamic block over a sensitive map): it decides, but is never quoted.
  const std::string shown_name = attribute == "set_sensitive"
                                     ? std::string("a key")
                                     : name->string_value();
  switch (Compare(*steps, wanted)) {
    case Overlap::kNone:
      return std::nullopt;
    case Overlap::kAncestor:
      return Undecided(source, absl::StrCat(source, " replaces ", shown_name,
                                            ", which holds ", key));
    case Overlap::kDescendant:
      return Undecided(
          source, absl::StrCat(source, " sets ", shown_name, " below ", key));
    case Overlap::kSame:
      break;
  }
  if (attribute == "set_sensitive") {
    return Undecided(source, absl::StrCat(key, " is set by ", source,
                                          ", whose value is never read"));
  }
  const PlanValue* value = entry.Find("value");
  if (value == nullptr || value->is_null()) {
    return Undecided(source, absl::StrCat(source, ".value is null"));
  }
  if (value->is_unknown()) {
    return Undecided(source,
                     absl::StrCat(source, ".value is unknown at plan time"));
  }
  if (value->is_sensitive()) {
    return Undecided(source,
                     absl::StrCat(source, ".value is sensitive (never read)"));
  }
  if (attribute == "set_list") return Found(source, *value);
  if (value->kind() != PlanValue::Kind::kString) {
    return Undecided(source, absl::StrCat(source, ".value is not a string"));
  }
  std::string type;
  if (const PlanValue* t = entry.Find("type"); t != nullptr) {
    if (!t->is_known()) {
      return Undecided(source,
                       absl::StrCat(source, ".type is unknown at plan time"));
    }
    if (t->kind() == PlanValue::Kind::kString) type = t->string_value();
  }
  HelmValue undecided;
  std::optional<PlanValue> typed =
      TypedSetValue(value->string_value(), type, source, &undecided);
  if (!typed.has_value()) return undecided;
  return Found(source, *std::move(typed));
}

// What `values[index]` says about `wanted`; nullopt when it does not set it.
std::optional<HelmValue> FromValuesDocument(
    const PlanValue& doc, std::size_t index,
    const std::vector<HelmKeyStep>& wanted, const std::string& key) {
  const std::string source = absl::StrCat("values[", index, "]");
  if (doc.is_unknown()) {
    return Undecided(source, absl::StrCat(source, " is unknown at plan time"));
  }
  if (doc.is_sensitive()) {
    return Undecided(source,
                     absl::StrCat(source, " is sensitive (never read)"));
  }
  if (doc.is_null()) return std::nullopt;
  if (doc.kind() != PlanValue::Kind::kString) {
    return Undecided(source, absl::StrCat(source, " is not a string"));
  }
  absl::StatusOr<PlanValue> tree = ParseHelmValuesYaml(doc.string_value());
  if (!tree.ok()) {
    return Undecided(
        source,
        absl::StrCat(source, " cannot be read: ", tree.status().message()));
  }
  const PlanValue* node = &*tree;
  for (std::size_t i = 0; i < wanted.size(); ++i) {
    const HelmKeyStep& step = wanted[i];
    if (node->is_null()) {
      // A null removes what lower sources and the chart put there.
      return Found(source, PlanValue::Null());
    }
    const PlanValue* next = nullptr;
    if (!step.is_index && node->kind() == PlanValue::Kind::kObject) {
      next = node->Find(step.key);
      if (next == nullptr) return std::nullopt;
    } else if (step.is_index && node->kind() == PlanValue::Kind::kList) {
      // Lists replace lists whole: a missing element is missing.
      next = node->At(step.index);
      if (next == nullptr) {
        return Undecided(
            source, absl::StrCat(source, " sets the list ",
                                 KeyText(wanted, i + 1), " without ", key));
      }
    } else {
      return Undecided(source,
                       absl::StrCat(source, " sets ", KeyText(wanted, i + 1),
                                    " to something that cannot hold ", key));
    }
    node = next;
  }
  return Found(source, *node);
}

// The entries of a list attribute in the order Helm applies them, or a
// verdict when the attribute itself is not readable.
std::optional<HelmValue> ListAttribute(const PlanValue& release,
                                       std::string_view attribute,
                                       const PlanValue::Elements** elements) {
  *elements = nullptr;
  const PlanValue* v = release.Find(attribute);
  if (v == nullptr || v->is_null()) return std::nullopt;
  if (v->is_unknown()) {
    return Undecided(std::string(attribute),
                     absl::StrCat(Av(attribute), " is unknown at plan time"));
  }
  if (v->is_sensitive()) {
    return Undecided(std::string(attribute),
                     absl::StrCat(Av(attribute), " is sensitive (never read)"));
  }
  if (v->kind() != PlanValue::Kind::kList) {
    return Undecided(std::string(attribute),
                     absl::StrCat(Av(attribute), " is not a list"));
  }
  *elements = &v->elements();
  return std::nullopt;
}

}  // namespace

absl::StatusOr<PlanValue> ParseHelmValuesYaml(std::string_view yaml) {
  if (yaml.size() > kMaxHelmValuesBytes) {
    return absl::InvalidArgumentError(
        absl::StrCat("values larger than ", kMaxHelmValuesBytes, " bytes"));
  }
  YamlReader reader(yaml);
  if (absl::Status s = reader.Next(); !s.ok()) return s;  // stream start
  if (absl::Status s = reader.Next(); !s.ok()) return s;
  if (reader.event().type == YAML_STREAM_END_EVENT) {
    return PlanValue::Object({});
  }
  if (reader.event().type != YAML_DOCUMENT_START_EVENT) {
    return absl::InvalidArgumentError("expected a YAML document");
  }
  if (absl::Status s = reader.Next(); !s.ok()) return s;
  absl::StatusOr<PlanValue> root = ReadNode(reader, 1);
  if (!root.ok()) return root.status();
  if (root->is_null()) {
    root = PlanValue::Object({});
  } else if (root->kind() != PlanValue::Kind::kObject) {
    return absl::InvalidArgumentError("values must be a YAML mapping");
  }
  if (absl::Status s = reader.Next(); !s.ok()) return s;  // document end
  if (absl::Status s = reader.Next(); !s.ok()) return s;
  if (reader.event().type != YAML_STREAM_END_EVENT) {
    return absl::InvalidArgumentError(
        "values must hold exactly one YAML document");
  }
  return root;
}

absl::StatusOr<std::vector<HelmKeyStep>> ParseHelmKey(std::string_view name) {
  std::vector<HelmKeyStep> steps;
  std::string current;
  bool have_key = false;  // `current` started (possibly empty after escape)
  auto finish_key = [&]() -> absl::Status {
    if (!have_key || current.empty()) {
      return absl::InvalidArgumentError(
          absl::StrCat("empty key in \"", Av(name), "\""));
    }
    HelmKeyStep step;
    step.key = std::move(current);
    steps.push_back(std::move(step));
    current.clear();
    have_key = false;
    return absl::OkStatus();
  };
  std::size_t i = 0;
  while (i < name.size()) {
    const char c = name[i];
    if (c == '\\') {
      if (i + 1 >= name.size()) {
        return absl::InvalidArgumentError("trailing backslash in a Helm key");
      }
      current += name[i + 1];
      have_key = true;
      i += 2;
    } else if (c == '.') {
      if (have_key) {
        if (absl::Status s = finish_key(); !s.ok()) return s;
      } else if (steps.empty() || !steps.back().is_index) {
        return absl::InvalidArgumentError(
            absl::StrCat("empty key in \"", Av(name), "\""));
      }
      ++i;
      if (i >= name.size()) {
        return absl::InvalidArgumentError(
            absl::StrCat("empty key in \"", Av(name), "\""));
      }
    } else if (c == '[') {
      if (have_key) {
        if (absl::Status s = finish_key(); !s.ok()) return s;
      } else if (steps.empty()) {
        return absl::InvalidArgumentError(
            absl::StrCat("index without a key in \"", Av(name), "\""));
      }
      const std::size_t close = name.find(']', i);
      if (close == std::string_view::npos) {
        return absl::InvalidArgumentError(
            absl::StrCat("unterminated index in \"", Av(name), "\""));
      }
      const std::string_view digits = name.substr(i + 1, close - i - 1);
      std::size_t index = 0;
      if (digits.empty() || digits.size() > 9 ||
          !std::all_of(digits.begin(), digits.end(), IsDigit) ||
          !absl::SimpleAtoi(Av(digits), &index)) {
        return absl::InvalidArgumentError(
            absl::StrCat("bad index in \"", Av(name), "\""));
      }
      HelmKeyStep step;
      step.is_index = true;
      step.index = index;
      steps.push_back(std::move(step));
      i = close + 1;
      if (i < name.size() && name[i] != '.' && name[i] != '[') {
        return absl::InvalidArgumentError(
            absl::StrCat("text after an index in \"", Av(name), "\""));
      }
    } else {
      current += c;
      have_key = true;
      ++i;
    }
  }
  if (have_key) {
    if (absl::Status s = finish_key(); !s.ok()) return s;
  }
  if (steps.empty()) return absl::InvalidArgumentError("empty Helm key");
  return steps;
}

HelmValue ResolveHelmValue(const PlanValue& release, std::string_view key) {
  absl::StatusOr<std::vector<HelmKeyStep>> wanted = ParseHelmKey(key);
  if (!wanted.ok()) std::abort();  // a rule's own key is malformed
  const std::string key_text(key);

  // From the source applied last (the winner) down to the first.
  for (std::string_view attribute : {"set_sensitive", "set_list", "set"}) {
    const PlanValue::Elements* entries = nullptr;
    if (std::optional<HelmValue> v =
            ListAttribute(release, attribute, &entries)) {
      return *std::move(v);
    }
    if (entries == nullptr) continue;
    for (std::size_t i = entries->size(); i-- > 0;) {
      if (std::optional<HelmValue> v =
              FromSetEntry((*entries)[i], attribute, i, *wanted, key_text)) {
        return *std::move(v);
      }
    }
  }
  const PlanValue::Elements* docs = nullptr;
  if (std::optional<HelmValue> v = ListAttribute(release, "values", &docs)) {
    return *std::move(v);
  }
  if (docs != nullptr) {
    for (std::size_t i = docs->size(); i-- > 0;) {
      if (std::optional<HelmValue> v =
              FromValuesDocument((*docs)[i], i, *wanted, key_text)) {
        return *std::move(v);
      }
    }
  }
  return HelmValue();
}

}  // namespace threatmodel::rules::internal
