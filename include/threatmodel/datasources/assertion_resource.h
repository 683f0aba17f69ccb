// File: assertion_resource.h
//
// The managed resource `threatmodel_assertion`: the data source of the same
// name as a resource, so that Terraform judges it at plan time whatever its
// inputs. A data source whose configuration refers to resources that do not
// exist yet is read during apply, after they are created; a managed
// resource is planned with its inputs partly unknown, and an error there
// fails `terraform plan` before anything is created.
//
// Lifecycle:
//   * every create, update and no-op plan evaluates the rules, so an
//     expired waiver or a changed backend fails the next plan of an
//     unchanged configuration; destroy never evaluates and never fails;
//   * the resource inputs (which may carry whole resource objects with
//     sensitive attributes) are write-only: they reach neither state nor
//     plan files. The controls (threats, policy, waivers, backend settings)
//     and the findings are kept;
//   * findings are known at plan time when every input is; otherwise they
//     are computed again at apply, where a mandatory violation that the
//     plan could not see yet still fails;
//   * import accepts any ID and stores no findings: the next plan
//     evaluates; refresh keeps the stored findings.
//
// Thread-safety: all methods are const and thread-safe.
#ifndef THREATMODEL_DATASOURCES_ASSERTION_RESOURCE_H_
#define THREATMODEL_DATASOURCES_ASSERTION_RESOURCE_H_

#include <functional>
#include <memory>

#include "absl/time/civil_time.h"
#include "threatmodel/provider/managed_resource.h"

namespace threatmodel::datasources {

// `today` as for NewAssertionDataSource.
[[nodiscard]] std::unique_ptr<provider::ManagedResource> NewAssertionResource(
    std::function<absl::CivilDay()> today = nullptr);

}  // namespace threatmodel::datasources

#endif  // THREATMODEL_DATASOURCES_ASSERTION_RESOURCE_H_
