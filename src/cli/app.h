// File: app.h
//
// The `threatmodel` program as a function: parses the command line, runs
// the check, writes the report and returns the exit status (0 passed,
// 1 failed, 2 usage or input error with a one-line reason on `err`). main()
// only forwards to it, so tests drive the whole program in-process.
//
// Thread-safety: touches the file system and, for "-", standard input; one
// call at a time per process is expected.
#ifndef THREATMODEL_SRC_CLI_APP_H_
#define THREATMODEL_SRC_CLI_APP_H_

#include <ostream>
#include <string>
#include <vector>

#include "cli/check.h"

namespace threatmodel::cli {

inline constexpr int kExitPassed = 0;
inline constexpr int kExitFailed = 1;
inline constexpr int kExitUsage = 2;

// `args` excludes the program name.
[[nodiscard]] int RunCli(const std::vector<std::string>& args,
                         const CheckEnvironment& env, std::ostream& out,
                         std::ostream& err);

}  // namespace threatmodel::cli

#endif  // THREATMODEL_SRC_CLI_APP_H_
