#include "plan/address.h"

#include <charconv>
#include <string>
#include <system_error>
#include <utility>

#include "absl/strings/str_cat.h"
#include "plan/string_view_compat.h"
#include "threatmodel/base/utf8.h"

namespace threatmodel::plan::internal {
namespace {

constexpr std::size_t kMaxAddressBytes = 4096;

bool IsIdentStart(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_';
}

bool IsIdentChar(char c) {
  return IsIdentStart(c) || (c >= '0' && c <= '9') || c == '-';
}

absl::Status Bad(std::string_view text, std::size_t at, std::string_view why) {
  return absl::InvalidArgumentError(
      absl::StrCat("malformed address or reference \"", Av(text),
                   "\": ", Av(why), " at character ", at + 1));
}

// Parses a quoted key starting at text[*i] == '"'; advances past the quote.
absl::StatusOr<std::string> ParseQuoted(std::string_view text, std::size_t* i) {
  std::string out;
  std::size_t p = *i + 1;
  while (p < text.size()) {
    const char c = text[p];
    if (c == '"') {
      *i = p + 1;
      return out;
    }
    if (c != '\\') {
      out.push_back(c);
      ++p;
      continue;
    }
    if (p + 1 >= text.size()) break;
    const char e = text[p + 1];
    p += 2;
    switch (e) {
      case '"':
      case '\\':
      case '/':
        out.push_back(e);
        break;
      case 'n':
        out.push_back('\n');
        break;
      case 'r':
        out.push_back('\r');
        break;
      case 't':
        out.push_back('\t');
        break;
      case 'u':
      case 'U': {
        const std::size_t n = e == 'u' ? 4 : 8;
        if (p + n > text.size()) return Bad(text, p, "short \\u escape");
        std::uint32_t cp = 0;
        auto r = std::from_chars(text.data() + p, text.data() + p + n, cp, 16);
        if (r.ec != std::errc() || r.ptr != text.data() + p + n ||
            cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) {
          return Bad(text, p, "invalid \\u escape");
        }
        base::AppendUtf8(cp, &out);
        p += n;
        break;
      }
      default:
        return Bad(text, p - 1, "unsupported escape");
    }
  }
  return Bad(text, *i, "unterminated quoted key");
}

std::string Quote(const std::string& s) {
  std::string out = "\"";
  for (char c : s) {
    switch (c) {
      case '"':
        out += "\\\"";
        break;
      case '\\':
        out += "\\\\";
        break;
      case '\n':
        out += "\\n";
        break;
      case '\r':
        out += "\\r";
        break;
      case '\t':
        out += "\\t";
        break;
      default:
        out.push_back(c);
    }
  }
  out.push_back('"');
  return out;
}

}  // namespace

std::string FormatKey(const InstanceKey& key) {
  if (const auto* i = std::get_if<std::int64_t>(&key)) {
    return absl::StrCat("[", *i, "]");
  }
  if (const auto* s = std::get_if<std::string>(&key)) {
    return absl::StrCat("[", Quote(*s), "]");
  }
  return "";
}

absl::StatusOr<std::vector<Step>> ParseTraversal(std::string_view text) {
  if (text.empty()) return Bad(text, 0, "empty");
  if (text.size() > kMaxAddressBytes) {
    return absl::InvalidArgumentError(absl::StrCat(
        "address or reference longer than ", kMaxAddressBytes, " bytes"));
  }
  std::vector<Step> steps;
  std::size_t i = 0;
  bool expect_name = true;
  while (i < text.size()) {
    if (expect_name) {
      if (!IsIdentStart(text[i])) return Bad(text, i, "expected a name");
      const std::size_t start = i;
      while (i < text.size() && IsIdentChar(text[i])) ++i;
      Step s;
      s.kind = Step::Kind::kAttr;
      s.name = std::string(text.substr(start, i - start));
      steps.push_back(std::move(s));
      expect_name = false;
      continue;
    }
    const char c = text[i];
    if (c == '.') {
      ++i;
      expect_name = true;
      continue;
    }
    if (c != '[') return Bad(text, i, "expected '.' or '['");
    ++i;
    if (i >= text.size()) return Bad(text, i, "unterminated index");
    Step s;
    s.kind = Step::Kind::kIndex;
    if (text[i] == '"') {
      absl::StatusOr<std::string> key = ParseQuoted(text, &i);
      if (!key.ok()) return key.status();
      s.key = *std::move(key);
    } else if (text[i] == '*') {
      s.kind = Step::Kind::kSplat;
      ++i;
    } else {
      const std::size_t start = i;
      if (text[i] == '-') ++i;
      while (i < text.size() && text[i] >= '0' && text[i] <= '9') ++i;
      std::int64_t n = 0;
      auto r = std::from_chars(text.data() + start, text.data() + i, n);
      if (r.ec != std::errc() || r.ptr != text.data() + i || i == start) {
        return Bad(text, start, "expected an integer or a quoted key");
      }
      s.key = n;
    }
    if (i >= text.size() || text[i] != ']') {
      return Bad(text, i, "expected ']'");
    }
    ++i;
    steps.push_back(std::move(s));
  }
  if (expect_name) return Bad(text, i, "expected a name");
  return steps;
}

std::string FormatTraversal(const std::vector<Step>& steps) {
  std::string out;
  for (const Step& s : steps) {
    switch (s.kind) {
      case Step::Kind::kAttr:
        if (!out.empty()) out.push_back('.');
        out += s.name;
        break;
      case Step::Kind::kIndex:
        out += FormatKey(s.key);
        break;
      case Step::Kind::kSplat:
        out += "[*]";
        break;
    }
  }
  return out;
}

std::string FormatModulePath(const ModulePath& path) {
  std::string out;
  for (const ModuleStep& m : path) {
    if (!out.empty()) out.push_back('.');
    absl::StrAppend(&out, "module.", m.name, FormatKey(m.key));
  }
  return out;
}

namespace {

// Consumes `module.NAME[KEY]` steps from the front of `steps` starting at
// *i; stops at the first step that is not `module`.
absl::StatusOr<ModulePath> TakeModuleSteps(std::string_view text,
                                           const std::vector<Step>& steps,
                                           std::size_t* i) {
  ModulePath path;
  while (*i < steps.size() && steps[*i].kind == Step::Kind::kAttr &&
         steps[*i].name == "module") {
    if (*i + 1 >= steps.size() || steps[*i + 1].kind != Step::Kind::kAttr) {
      return Bad(text, 0, "`module` must be followed by a module name");
    }
    ModuleStep m;
    m.name = steps[*i + 1].name;
    *i += 2;
    if (*i < steps.size() && steps[*i].kind == Step::Kind::kIndex) {
      m.key = steps[*i].key;
      ++*i;
    }
    path.push_back(std::move(m));
  }
  return path;
}

}  // namespace

absl::StatusOr<ModulePath> ParseModuleAddress(std::string_view text) {
  if (text.empty()) return ModulePath{};
  absl::StatusOr<std::vector<Step>> steps = ParseTraversal(text);
  if (!steps.ok()) return steps.status();
  std::size_t i = 0;
  absl::StatusOr<ModulePath> path = TakeModuleSteps(text, *steps, &i);
  if (!path.ok()) return path.status();
  if (i != steps->size() || path->empty()) {
    return Bad(text, 0, "not a module address");
  }
  return path;
}

absl::StatusOr<ResourceAddress> ParseResourceAddress(std::string_view text) {
  absl::StatusOr<std::vector<Step>> steps = ParseTraversal(text);
  if (!steps.ok()) return steps.status();
  std::size_t i = 0;
  ResourceAddress out;
  absl::StatusOr<ModulePath> path = TakeModuleSteps(text, *steps, &i);
  if (!path.ok()) return path.status();
  out.module = *std::move(path);
  const std::vector<Step>& s = *steps;
  if (i < s.size() && s[i].kind == Step::Kind::kAttr && s[i].name == "data") {
    out.data = true;
    ++i;
  }
  if (i + 1 >= s.size() || s[i].kind != Step::Kind::kAttr ||
      s[i + 1].kind != Step::Kind::kAttr) {
    return Bad(text, 0, "expected TYPE.NAME");
  }
  out.type = s[i].name;
  out.name = s[i + 1].name;
  i += 2;
  if (i < s.size() && s[i].kind == Step::Kind::kIndex) {
    out.key = s[i].key;
    ++i;
  }
  if (i != s.size()) return Bad(text, 0, "unexpected steps after the resource");
  return out;
}

std::string FormatResourceAddress(const ResourceAddress& address) {
  std::string out = FormatModulePath(address.module);
  if (!out.empty()) out.push_back('.');
  if (address.data) out += "data.";
  absl::StrAppend(&out, address.type, ".", address.name,
                  FormatKey(address.key));
  return out;
}

}  // namespace threatmodel::plan::internal
