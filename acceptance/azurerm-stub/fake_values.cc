#include "acceptance/azurerm-stub/fake_values.h"

#include <cstdint>
#include <cstdio>

#include "absl/status/status.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"

namespace threatmodel::azurerm_stub {
namespace {

// Debian's Abseil keeps absl::string_view distinct from std::string_view
// (see src/rules/string_view_compat.h).
absl::string_view Av(std::string_view s) { return {s.data(), s.size()}; }

// FNV-1a, 64 bits: tiny, dependency-free and stable across platforms and
// releases (std::hash is neither), which keeps fake values reproducible.
uint64_t Fnv1a(std::string_view data, uint64_t basis) {
  uint64_t h = basis;
  for (unsigned char c : data) {
    h ^= c;
    h *= 0x100000001b3ULL;
  }
  return h;
}

}  // namespace

std::string FakeUuid(std::string_view seed, std::string_view salt) {
  const std::string input = absl::StrCat(Av(seed), "\x1f", Av(salt));
  const uint64_t hi = Fnv1a(input, 0xcbf29ce484222325ULL);
  const uint64_t lo = Fnv1a(input, hi ^ 0x9e3779b97f4a7c15ULL);
  char out[48];
  std::snprintf(out, sizeof(out), "%08x-%04x-4%03x-%04x-%012llx",
                static_cast<unsigned>(hi >> 32),
                static_cast<unsigned>((hi >> 16) & 0xffff),
                static_cast<unsigned>(hi & 0x0fff),
                static_cast<unsigned>(0x8000 | ((lo >> 48) & 0x3fff)),
                static_cast<unsigned long long>(lo & 0xffffffffffffULL));
  return out;
}

std::string ResourceSeed(std::string_view type_name, const cty::Value& config) {
  std::string seed(type_name);
  if (config.IsNull() || !config.IsKnown()) return seed;
  for (const auto& [name, v] : config.attributes()) {
    if (v.IsNull() || !v.IsKnown()) continue;
    switch (v.type().kind()) {
      case cty::Type::Kind::kString:
        absl::StrAppend(&seed, "|", name, "=", v.AsString());
        break;
      case cty::Type::Kind::kNumber:
        absl::StrAppend(&seed, "|", name, "=", v.AsNumber().ToString());
        break;
      case cty::Type::Kind::kBool:
        absl::StrAppend(&seed, "|", name, "=", v.AsBool() ? "true" : "false");
        break;
      default:
        break;
    }
  }
  return seed;
}

namespace {

// The value `key` names in `state`: an attribute, or a dotted path through
// nested blocks ("metadata.0.name"); nullptr when there is none or a step
// on the way is unknown (then `unknown` is set).
const cty::Value* Lookup(const cty::Value& state, std::string_view key,
                         bool* unknown) {
  const cty::Value* v = &state;
  for (absl::string_view part : absl::StrSplit(Av(key), '.')) {
    const std::string_view step(part.data(), part.size());
    if (v->IsNull()) return nullptr;
    if (!v->IsKnown()) {
      *unknown = true;
      return nullptr;
    }
    if (v->type().kind() == cty::Type::Kind::kList) {
      size_t index = 0;
      if (!absl::SimpleAtoi(part, &index) || index >= v->elements().size()) {
        return nullptr;
      }
      v = &v->elements()[index];
    } else {
      v = v->GetAttr(step);
      if (v == nullptr) return nullptr;
    }
  }
  return v;
}

}  // namespace

absl::StatusOr<std::string> ExpandTemplate(std::string_view tmpl,
                                           const cty::Value& state,
                                           std::string_view seed,
                                           std::string_view path) {
  std::string out;
  size_t pos = 0;
  while (pos < tmpl.size()) {
    const size_t open = tmpl.find('{', pos);
    if (open == std::string_view::npos) {
      absl::StrAppend(&out, Av(tmpl.substr(pos)));
      break;
    }
    const size_t close = tmpl.find('}', open);
    if (close == std::string_view::npos) {
      return absl::InvalidArgumentError(
          absl::StrCat("fake template \"", Av(tmpl), "\": unclosed {"));
    }
    absl::StrAppend(&out, Av(tmpl.substr(pos, open - pos)));
    const std::string_view key = tmpl.substr(open + 1, close - open - 1);
    if (key == "uuid") {
      absl::StrAppend(&out, FakeUuid(seed, path));
    } else if (key == "subscription_id") {
      absl::StrAppend(&out, kFakeSubscriptionId);
    } else {
      bool unknown = false;
      const cty::Value* v = Lookup(state, key, &unknown);
      if (unknown) {
        return absl::UnavailableError(absl::StrCat(
            "fake template \"", Av(tmpl), "\": ", Av(key), " unknown"));
      }
      if (v == nullptr) {
        return absl::InvalidArgumentError(absl::StrCat(
            "fake template \"", Av(tmpl), "\": no attribute ", Av(key)));
      }
      if (!v->IsWhollyKnown()) {
        return absl::UnavailableError(absl::StrCat(
            "fake template \"", Av(tmpl), "\": ", Av(key), " unknown"));
      }
      if (v->IsNull() || v->type().kind() != cty::Type::Kind::kString) {
        return absl::InvalidArgumentError(
            absl::StrCat("fake template \"", Av(tmpl), "\": ", Av(key),
                         " is null or not a string"));
      }
      absl::StrAppend(&out, v->AsString());
    }
    pos = close + 1;
  }
  return out;
}

}  // namespace threatmodel::azurerm_stub
