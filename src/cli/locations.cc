#include "cli/locations.h"

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <map>
#include <string>
#include <system_error>
#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "nlohmann/json.hpp"
#include "threatmodel/workdir/backend_discovery.h"

namespace threatmodel::cli {
namespace {

namespace fs = std::filesystem;

constexpr std::uintmax_t kMaxFileBytes = std::uintmax_t{8} << 20;
constexpr std::size_t kMaxFilesPerDir = 512;

bool ReadSmallFile(const fs::path& path, std::string* out) {
  std::error_code ec;
  if (!fs::is_regular_file(path, ec)) return false;
  const std::uintmax_t size = fs::file_size(path, ec);
  if (ec || size > kMaxFileBytes) return false;
  std::ifstream in(path, std::ios::binary);
  if (!in) return false;
  out->assign(std::istreambuf_iterator<char>(in),
              std::istreambuf_iterator<char>());
  return true;
}

bool IsLocalSource(const std::string& source) {
  return source.rfind("./", 0) == 0 || source.rfind("../", 0) == 0;
}

// Skips spaces and tabs.
std::size_t SkipBlank(const std::string& s, std::size_t i) {
  while (i < s.size() && (s[i] == ' ' || s[i] == '\t')) ++i;
  return i;
}

// Reads a block label (quoted or a bare identifier) at s[i].
bool ReadLabel(const std::string& s, std::size_t* i, std::string* label) {
  if (*i >= s.size()) return false;
  if (s[*i] == '"') {
    const std::size_t end = s.find('"', *i + 1);
    if (end == std::string::npos) return false;
    *label = s.substr(*i + 1, end - *i - 1);
    *i = end + 1;
    return true;
  }
  const std::size_t start = *i;
  while (*i < s.size() && (std::isalnum(static_cast<unsigned char>(s[*i])) ||
                           s[*i] == '_' || s[*i] == '-')) {
    ++*i;
  }
  *label = s.substr(start, *i - start);
  return !label->empty();
}

// "resource.TYPE.NAME" / "data.TYPE.NAME" -> (file, line) for a directory.
using DirIndex = std::map<std::string, SourceLocation>;

DirIndex IndexDirectory(const fs::path& dir, const fs::path& working_dir) {
  DirIndex index;
  std::error_code ec;
  std::vector<fs::path> files;
  for (fs::directory_iterator it(dir, ec), end; !ec && it != end;
       it.increment(ec)) {
    if (it->path().extension() == ".tf") files.push_back(it->path());
    if (files.size() >= kMaxFilesPerDir) break;
  }
  std::sort(files.begin(), files.end());
  for (const fs::path& file : files) {
    std::string text;
    if (!ReadSmallFile(file, &text)) continue;
    const std::string rel = fs::path(file)
                                .lexically_normal()
                                .lexically_relative(working_dir)
                                .generic_string();
    int line = 1;
    std::size_t pos = 0;
    while (pos <= text.size()) {
      std::size_t eol = text.find('\n', pos);
      if (eol == std::string::npos) eol = text.size();
      const std::string l = text.substr(pos, eol - pos);
      std::size_t i = SkipBlank(l, 0);
      for (const char* kw : {"resource", "data"}) {
        const std::string k(kw);
        if (l.compare(i, k.size(), k) != 0) continue;
        std::size_t j = i + k.size();
        if (j >= l.size() || (l[j] != ' ' && l[j] != '\t' && l[j] != '"')) {
          continue;
        }
        j = SkipBlank(l, j);
        std::string type, name;
        if (!ReadLabel(l, &j, &type)) continue;
        j = SkipBlank(l, j);
        if (!ReadLabel(l, &j, &name)) continue;
        index.emplace(absl::StrCat(k, ".", type, ".", name),
                      SourceLocation{rel, line});
      }
      if (eol == text.size()) break;
      pos = eol + 1;
      ++line;
    }
  }
  return index;
}

}  // namespace

std::map<std::string, SourceLocation> FindDeclarations(
    const std::string& working_dir,
    const std::map<std::string, plan::Declaration>& declarations) {
  std::map<std::string, SourceLocation> out;
  std::error_code ec;
  const fs::path root = fs::absolute(working_dir, ec).lexically_normal();
  if (ec) return out;

  // Installed (non-local) modules, keyed by dotted call names.
  std::map<std::string, fs::path> installed;
  const workdir::DiscoveryOptions discovery =
      workdir::DiscoveryOptionsFromEnvironment(working_dir);
  const fs::path data_dir =
      fs::path(workdir::BackendFilePath(discovery)).parent_path();
  std::string manifest;
  if (ReadSmallFile(data_dir / "modules" / "modules.json", &manifest)) {
    nlohmann::json doc = nlohmann::json::parse(manifest, nullptr, false);
    if (doc.is_object() && doc.contains("Modules") &&
        doc["Modules"].is_array()) {
      for (const nlohmann::json& m : doc["Modules"]) {
        if (!m.is_object() || !m.contains("Key") || !m.contains("Dir") ||
            !m["Key"].is_string() || !m["Dir"].is_string()) {
          continue;
        }
        fs::path dir(m["Dir"].get<std::string>());
        if (dir.is_relative()) dir = root / dir;
        installed[m["Key"].get<std::string>()] = dir.lexically_normal();
      }
    }
  }

  std::map<std::string, DirIndex> indexes;
  for (const auto& [address, decl] : declarations) {
    fs::path dir = root;
    bool found = true;
    for (std::size_t i = 0; i < decl.module_calls.size(); ++i) {
      const std::string source =
          i < decl.module_sources.size() ? decl.module_sources[i] : "";
      if (IsLocalSource(source)) {
        dir = (dir / source).lexically_normal();
        continue;
      }
      std::vector<std::string> key(
          decl.module_calls.begin(),
          decl.module_calls.begin() + static_cast<std::ptrdiff_t>(i + 1));
      auto it = installed.find(absl::StrJoin(key, "."));
      if (it == installed.end()) {
        found = false;
        break;
      }
      dir = it->second;
    }
    if (!found) continue;
    const std::string dir_key = dir.string();
    auto idx = indexes.find(dir_key);
    if (idx == indexes.end()) {
      idx = indexes.emplace(dir_key, IndexDirectory(dir, root)).first;
    }
    auto loc = idx->second.find((decl.data ? "data." : "resource.") +
                                decl.type + "." + decl.name);
    if (loc != idx->second.end()) out[address] = loc->second;
  }
  return out;
}

}  // namespace threatmodel::cli
