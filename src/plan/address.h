// File: address.h
//
// Terraform's address and reference syntax as plan JSON prints it:
//
//   resource addresses  module.server["North
//   Europe"].module.disks[0].azurerm_managed_disk.d[1] module addresses
//   module.server["North Europe"].module.disks[0] references
//   azurerm_automation_account.this.identity[0].principal_id
//                       var.resource_group.id, module.m["a"].out, each.key
//
// Both are traversals: a root name followed by `.name` attribute steps and
// `[0]` / `["key"]` index steps (and, rarely, `[*]`). Instance keys are
// integers for `count` and strings for `for_each`; string keys use Go's
// quoting, so they may hold dots, brackets and escapes, which is why these
// are parsed rather than split on '.'.
//
// Thread-safety: pure functions over immutable inputs.
#ifndef THREATMODEL_SRC_PLAN_ADDRESS_H_
#define THREATMODEL_SRC_PLAN_ADDRESS_H_

#include <cstdint>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "absl/status/statusor.h"

namespace threatmodel::plan::internal {

// No key, a `count` index or a `for_each` key.
using InstanceKey = std::variant<std::monostate, std::int64_t, std::string>;

// "" for no key, "[3]" or "[\"a b\"]" (Terraform's spelling).
[[nodiscard]] std::string FormatKey(const InstanceKey& key);

struct Step {
  enum class Kind { kAttr, kIndex, kSplat };
  Kind kind = Kind::kAttr;
  std::string name;  // kAttr
  InstanceKey key;   // kIndex
  friend bool operator==(const Step&, const Step&) = default;
};

// Parses a traversal. InvalidArgument for anything else.
[[nodiscard]] absl::StatusOr<std::vector<Step>> ParseTraversal(
    std::string_view text);

// Formats steps back into Terraform's spelling.
[[nodiscard]] std::string FormatTraversal(const std::vector<Step>& steps);

// One `module.NAME[KEY]` step of a module instance path.
struct ModuleStep {
  std::string name;
  InstanceKey key;
  friend bool operator==(const ModuleStep&, const ModuleStep&) = default;
};

using ModulePath = std::vector<ModuleStep>;

// "module.a[\"k\"].module.b" ("" for the root module).
[[nodiscard]] std::string FormatModulePath(const ModulePath& path);

// Parses a module address ("" is the root module).
[[nodiscard]] absl::StatusOr<ModulePath> ParseModuleAddress(
    std::string_view text);

struct ResourceAddress {
  ModulePath module;
  bool data = false;  // a data resource (`data.` prefix)
  std::string type;
  std::string name;
  InstanceKey key;
};

// Parses an absolute resource instance address.
[[nodiscard]] absl::StatusOr<ResourceAddress> ParseResourceAddress(
    std::string_view text);

// The address of a resource instance in Terraform's spelling.
[[nodiscard]] std::string FormatResourceAddress(const ResourceAddress& address);

}  // namespace threatmodel::plan::internal

#endif  // THREATMODEL_SRC_PLAN_ADDRESS_H_
