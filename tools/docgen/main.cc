// threatmodel-docgen: writes the registry documentation of the provider.
//
//   threatmodel-docgen --source-dir REPO --out DOCS_DIR
//
// Builds the provider exactly as the plugin binary does, renders
// DOCS_DIR/index.md and one page per data source, resource and function
// (DOCS_DIR/{data-sources,resources,functions}/<name>.md, see render.h),
// DOCS_DIR/rules/<ID>.md and DOCS_DIR/rules/README.md from the rule registry
// (see rule_pages.h), and removes pages in those folders that nothing
// produces any more. Other files under DOCS_DIR
// are not touched. Exit status: 0 on
// success, 1 on a rendering or I/O error, 2 on a usage error.
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <map>
#include <set>
#include <string>
#include <string_view>
#include <system_error>

#include "render.h"
#include "rule_pages.h"
#include "threatmodel/datasources/threatmodel_provider.h"

namespace {

namespace fs = std::filesystem;

constexpr char kUsage[] =
    "usage: threatmodel-docgen --source-dir REPO --out DOCS_DIR\n";

// Written beside the target and renamed over it, so an interrupted run
// never leaves a half-written page behind.
bool WritePage(const fs::path& path, const std::string& contents) {
  std::error_code ec;
  fs::create_directories(path.parent_path(), ec);
  if (ec) {
    std::cerr << "threatmodel-docgen: cannot create "
              << path.parent_path().string() << ": " << ec.message() << "\n";
    return false;
  }
  const fs::path tmp = path.string() + ".tmp";
  {
    std::ofstream out(tmp, std::ios::binary | std::ios::trunc);
    out.write(contents.data(), static_cast<std::streamsize>(contents.size()));
    out.flush();
    if (!out) {
      std::cerr << "threatmodel-docgen: cannot write " << tmp.string() << "\n";
      fs::remove(tmp, ec);
      return false;
    }
  }
  fs::rename(tmp, path, ec);
  if (ec) {
    std::cerr << "threatmodel-docgen: cannot rename " << tmp.string() << " to "
              << path.string() << ": " << ec.message() << "\n";
    fs::remove(tmp, ec);
    return false;
  }
  return true;
}

// Pages of data sources or rules that no longer exist would otherwise
// linger in a regenerated docs/ and still be published.
bool RemoveStalePages(const fs::path& dir, const std::set<fs::path>& written) {
  std::error_code ec;
  if (!fs::is_directory(dir, ec)) return true;
  for (const fs::directory_entry& entry : fs::directory_iterator(dir, ec)) {
    if (entry.path().extension() != ".md" || written.count(entry.path()) > 0) {
      continue;
    }
    if (!fs::remove(entry.path(), ec) || ec) {
      std::cerr << "threatmodel-docgen: cannot remove stale page "
                << entry.path().string() << "\n";
      return false;
    }
    std::cout << "removed " << entry.path().string() << "\n";
  }
  if (ec) {
    std::cerr << "threatmodel-docgen: cannot list " << dir.string() << ": "
              << ec.message() << "\n";
    return false;
  }
  return true;
}

}  // namespace

int main(int argc, char** argv) {
  std::string source_dir;
  std::string out_dir;
  for (int i = 1; i < argc; ++i) {
    const std::string_view arg = argv[i];
    if ((arg == "--source-dir" || arg == "--out") && i + 1 < argc) {
      (arg == "--source-dir" ? source_dir : out_dir) = argv[++i];
    } else if (arg == "--help" || arg == "-h") {
      std::cout << kUsage;
      return 0;
    } else {
      std::cerr << "threatmodel-docgen: unexpected argument \"" << arg << "\"\n"
                << kUsage;
      return 2;
    }
  }
  if (source_dir.empty() || out_dir.empty()) {
    std::cerr << kUsage;
    return 2;
  }

  const auto provider = threatmodel::datasources::NewThreatmodelProvider();
  absl::StatusOr<std::map<std::string, std::string>> pages =
      threatmodel::docgen::RenderDocs(*provider, source_dir);
  if (!pages.ok()) {
    std::cerr << "threatmodel-docgen: " << pages.status().message() << "\n";
    return 1;
  }
  absl::StatusOr<std::map<std::string, std::string>> rule_pages =
      threatmodel::docgen::RenderRuleDocs(source_dir);
  if (!rule_pages.ok()) {
    std::cerr << "threatmodel-docgen: " << rule_pages.status().message()
              << "\n";
    return 1;
  }
  pages->merge(*rule_pages);
  std::set<fs::path> written;
  for (const auto& [relative, contents] : *pages) {
    const fs::path path = fs::path(out_dir) / relative;
    if (!WritePage(path, contents)) return 1;
    written.insert(path);
  }
  for (const char* dir : {"data-sources", "resources", "functions", "rules"}) {
    if (!RemoveStalePages(fs::path(out_dir) / dir, written)) return 1;
  }
  std::cout << "threatmodel-docgen: wrote " << written.size() << " page(s) to "
            << out_dir << "\n";
  return 0;
}
