#include "cli/app.h"

#include <sys/stat.h>

#include <cstdio>
#include <fstream>
#include <string>

#include "absl/strings/str_cat.h"
#include "absl/strings/string_view.h"
#include "cli/options.h"
#include "cli/report.h"
#include "threatmodel/base/version.h"

namespace threatmodel::cli {
namespace {

// One line: newlines in a message (none are expected) are flattened so that
// pipelines can grep the reason.
std::string OneLine(absl::string_view s) {
  std::string out(s);
  for (char& c : out) {
    if (c == '\n' || c == '\r') c = ' ';
  }
  return out;
}

bool WriteFile(const std::string& path, const std::string& data,
               std::string* error) {
  // A device or pipe (/dev/stdout, /dev/null, a FIFO) is written directly;
  // a regular file is replaced atomically, so a reader never sees half a
  // report.
  struct stat st;
  if (stat(path.c_str(), &st) == 0 && !S_ISREG(st.st_mode)) {
    std::ofstream f(path, std::ios::binary);
    f.write(data.data(), static_cast<std::streamsize>(data.size()));
    f.flush();
    if (!f) *error = absl::StrCat("cannot write --output ", path);
    return static_cast<bool>(f);
  }
  const std::string tmp = absl::StrCat(path, ".tmp");
  {
    std::ofstream f(tmp, std::ios::binary | std::ios::trunc);
    if (!f) {
      *error = absl::StrCat("cannot write --output ", path);
      return false;
    }
    f.write(data.data(), static_cast<std::streamsize>(data.size()));
    f.flush();
    if (!f) {
      *error = absl::StrCat("cannot write --output ", path);
      std::remove(tmp.c_str());
      return false;
    }
  }
  if (std::rename(tmp.c_str(), path.c_str()) != 0) {
    std::remove(tmp.c_str());
    *error = absl::StrCat("cannot write --output ", path);
    return false;
  }
  return true;
}

}  // namespace

int RunCli(const std::vector<std::string>& args, const CheckEnvironment& env,
           std::ostream& out, std::ostream& err) {
  absl::StatusOr<Command> cmd = ParseCommandLine(args);
  if (!cmd.ok()) {
    err << kToolName << ": error: " << OneLine(cmd.status().message()) << "\n";
    return kExitUsage;
  }
  switch (cmd->kind) {
    case Command::Kind::kHelp:
      out << HelpText();
      return kExitPassed;
    case Command::Kind::kVersion:
      out << kToolName << " " << ProviderVersion() << "\n";
      return kExitPassed;
    case Command::Kind::kCheck:
      break;
  }
  absl::StatusOr<CheckResult> result = RunCheck(cmd->check, env);
  if (!result.ok()) {
    err << kToolName << ": error: " << OneLine(result.status().message())
        << "\n";
    return kExitUsage;
  }
  const std::string report = Render(*result, cmd->check.format);
  if (cmd->check.output_path.has_value()) {
    std::string error;
    if (!WriteFile(*cmd->check.output_path, report, &error)) {
      err << kToolName << ": error: " << error << "\n";
      return kExitUsage;
    }
    err << SummaryLine(*result) << "\n";
  } else {
    out << report;
    out.flush();
    if (!out) {
      err << kToolName << ": error: cannot write the report\n";
      return kExitUsage;
    }
  }
  return ExitCodeFor(*result);
}

}  // namespace threatmodel::cli
