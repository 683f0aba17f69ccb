// Reads arbitrary bytes as a `terraform show -json` plan. Whatever the
// input, the reader returns a plan or an InvalidArgument error (never
// crashes, throws or aborts), reading is deterministic, and a plan it
// accepts can be evaluated by the rule engine under the default policy.

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <utility>

#include "absl/time/civil_time.h"
#include "threatmodel/plan/plan.h"
#include "threatmodel/rules/engine.h"
#include "threatmodel/rules/policy.h"
#include "threatmodel/rules/resource.h"

namespace {

[[noreturn]] void Fail(const char* what, const std::string& detail) {
  std::fprintf(stderr, "plan_fuzz: %s: %s\n", what, detail.c_str());
  std::abort();
}

std::string Msg(const absl::Status& s) {
  return std::string(s.message().data(), s.message().size());
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace threatmodel;
  const std::string bytes(reinterpret_cast<const char*>(data), size);
  plan::ReadOptions options;
  options.max_string_bytes = 1 << 16;

  absl::StatusOr<plan::Plan> first =
      plan::ParsePlanBytes(bytes, "fuzz", options);
  absl::StatusOr<plan::Plan> second =
      plan::ParsePlanBytes(bytes, "fuzz", options);
  if (first.ok() != second.ok()) Fail("reading is not deterministic", "");
  if (!first.ok()) {
    if (!absl::IsInvalidArgument(first.status())) {
      Fail("unexpected error code", Msg(first.status()));
    }
    if (Msg(first.status()) != Msg(second.status())) {
      Fail("errors differ between runs", Msg(first.status()));
    }
    return 0;
  }
  if (first->summary.role_assignments != second->summary.role_assignments ||
      first->resources.size() != second->resources.size() ||
      first->assertions.size() != second->assertions.size() ||
      first->deferred_assertions.size() != second->deferred_assertions.size()) {
    Fail("plans differ between runs", "");
  }
  const rules::Input input = plan::TakeEngineInput(*first);
  absl::StatusOr<rules::Report> report =
      rules::Evaluate(input, rules::Policy(), {}, absl::CivilDay(2026, 1, 1));
  if (!report.ok()) Fail("evaluation failed", Msg(report.status()));
  return 0;
}
