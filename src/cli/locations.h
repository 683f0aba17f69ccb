// File: locations.h
//
// Finds the `.tf` file and line that declare a resource. Plan JSON names
// each resource's module calls and their `source` strings but records no
// file names or line numbers, so with the working directory at hand the CLI
// looks for them itself: the root module is the working directory, a local
// module source ("./x", "../x") is a directory relative to its caller, and
// any other source is looked up in `<data dir>/modules/modules.json`, where
// `terraform init` records where it installed each module. The `.tf` files
// of that directory are then searched for the `resource "TYPE" "NAME"`
// (or `data "TYPE" "NAME"`) block header.
//
// Best effort and bounded: a directory or file that cannot be read, a file
// over 8 MiB, or a header split over lines simply yields no location.
//
// Thread-safety: reads the file system only; safe from any thread.
#ifndef THREATMODEL_SRC_CLI_LOCATIONS_H_
#define THREATMODEL_SRC_CLI_LOCATIONS_H_

#include <map>
#include <string>

#include "threatmodel/plan/plan.h"

namespace threatmodel::cli {

struct SourceLocation {
  // Relative to the working directory, '/'-separated.
  std::string file;
  int line = 0;  // 1-based
};

// Address -> location for the declarations found under `working_dir`.
[[nodiscard]] std::map<std::string, SourceLocation> FindDeclarations(
    const std::string& working_dir,
    const std::map<std::string, plan::Declaration>& declarations);

}  // namespace threatmodel::cli

#endif  // THREATMODEL_SRC_CLI_LOCATIONS_H_
