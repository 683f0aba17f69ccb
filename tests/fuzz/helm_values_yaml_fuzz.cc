// Reads arbitrary text as a helm_release `values` document and resolves the
// keys S-1 and D-4 read over it. Whatever parses must be an object, and
// resolution must never crash, whatever the document holds.

#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>

#include "rules/helm_values.h"
#include "threatmodel/rules/plan_value.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace threatmodel::rules;
  using namespace threatmodel::rules::internal;
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  absl::StatusOr<PlanValue> parsed = ParseHelmValuesYaml(text);
  if (parsed.ok() && parsed->kind() != PlanValue::Kind::kObject) {
    std::fprintf(stderr, "values parsed to a non-object\n");
    std::abort();
  }
  PlanValue::Members release;
  release["values"] = PlanValue::List({PlanValue::String(std::string(text))});
  // The same text as a --set name: malformed names must be refused, not
  // crash.
  release["set"] = PlanValue::List({PlanValue::Object(
      {{"name", PlanValue::String(std::string(text.substr(0, 256)))},
       {"value", PlanValue::String("false")}})});
  const PlanValue r = PlanValue::Object(std::move(release));
  for (std::string_view key :
       {"services.service.auth.enabled", "sidecars.authz.enabled",
        "gateway.authz.enabled", "sidecars.envoy.enabled"}) {
    const HelmValue v = ResolveHelmValue(r, key);
    if (v.state == HelmValue::State::kFound && v.source.empty()) {
      std::fprintf(stderr, "a found value without its source\n");
      std::abort();
    }
  }
  return 0;
}
