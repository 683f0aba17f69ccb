// File: references.h
//
// Follows the `references` of configuration expressions to what they
// ultimately name, across module boundaries. Plan JSON lists, for each
// expression, every traversal it contains and every prefix of it
// (`azurerm_automation_account.this.identity[0].principal_id`,
// `...identity[0]`, `...identity`, `azurerm_automation_account.this`); the
// longest ones are the real references. From there:
//
//   var.NAME.rest     -> the calling module's argument expression for NAME,
//                        with `.rest` appended to each of its references
//   module.M[K].OUT.r -> the child module's output expression for OUT
//   local.NAME        -> stops: locals are not in plan JSON
//   each.*, count.*, self.*  -> stops: differ per instance
//   path.*, terraform.*      -> constants
//   [data.]TYPE.NAME[K].rest -> a resource: the end of the chain
//
// Module instance keys are carried along, so a reference made inside
// `module.a["x"]` resolves to resources in that instance.
//
// Thread-safety: a resolver holds a const reference to the configuration
// and caches parsed references; use one resolver per thread.
#ifndef THREATMODEL_SRC_PLAN_REFERENCES_H_
#define THREATMODEL_SRC_PLAN_REFERENCES_H_

#include <map>
#include <string>
#include <vector>

#include "plan/address.h"
#include "plan/raw_plan.h"

namespace threatmodel::plan::internal {

struct Terminal {
  enum class Kind {
    kResource,      // a managed or data resource (the usual end)
    kLocal,         // a local value (not recorded in plan JSON)
    kRootVariable,  // a root module variable (its value is known)
    kInstance,      // each.*, count.*, self.*
    kConstant,      // path.*, terraform.*, a defaulted or constant argument
    kUnresolved,    // the chain breaks (missing configuration, ...)
  };
  Kind kind = Kind::kUnresolved;
  ModulePath module;  // the module instance the terminal lives in
  bool data = false;
  std::string type;  // kResource
  std::string name;  // kResource
  InstanceKey key;   // kResource: the index the reference gives, if any
  // Steps after the resource (kResource), or after `local.NAME` /
  // `var.NAME`.
  std::vector<Step> rest;
  // The whole reference as an absolute address, e.g.
  // "module.platform.azurerm_user_assigned_identity.ml.principal_id".
  std::string text;
};

// The references of `refs` that are not a prefix of another one, parsed.
// Unparseable entries are dropped.
[[nodiscard]] std::vector<std::vector<Step>> LongestReferences(
    const std::vector<std::string>& refs);

class ReferenceResolver {
 public:
  explicit ReferenceResolver(const RawModule& root) : root_(root) {}

  // The configuration of the module a module instance path belongs to;
  // nullptr when the configuration does not have it.
  [[nodiscard]] const RawModule* ModuleAt(const ModulePath& path) const;

  // The module calls' `source` strings from the root to `path`.
  [[nodiscard]] std::vector<std::string> Sources(const ModulePath& path) const;

  // Resolves `expr`, evaluated in module instance `where`. An expression
  // without references yields nothing.
  [[nodiscard]] std::vector<Terminal> Resolve(const ModulePath& where,
                                              const RawExpression& expr) const;

 private:
  void ResolveSteps(const ModulePath& where, std::vector<Step> steps, int depth,
                    std::vector<Terminal>* out) const;

  // LongestReferences(expr.references), parsed once per distinct list: the
  // same configuration block serves every count/for_each instance.
  const std::vector<std::vector<Step>>& Longest(
      const RawExpression& expr) const;

  const RawModule& root_;
  mutable std::map<std::vector<std::string>, std::vector<std::vector<Step>>>
      cache_;
};

}  // namespace threatmodel::plan::internal

#endif  // THREATMODEL_SRC_PLAN_REFERENCES_H_
