// The `threatmodel` executable: `threatmodel check PLAN.json|-`. See
// cli/options.h for the command line and cli/app.h for the exit statuses.

#include <cstdlib>
#include <iostream>
#include <string>
#include <vector>

#include "cli/app.h"
#include "threatmodel/rules/engine.h"

int main(int argc, char** argv) {
  std::ios::sync_with_stdio(false);
  std::vector<std::string> args(argv + 1, argv + argc);
  threatmodel::cli::CheckEnvironment env;
  env.today = threatmodel::rules::TodayUtc();
  if (const char* path = std::getenv("PATH")) env.search_path = path;
  return threatmodel::cli::RunCli(args, env, std::cout, std::cerr);
}
