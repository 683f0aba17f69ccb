#include "render.h"

#include <algorithm>
#include <fstream>
#include <sstream>
#include <utility>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_replace.h"
#include "absl/strings/str_split.h"
#include "absl/strings/strip.h"
#include "threatmodel/cty/type.h"
#include "threatmodel/rules/finding.h"
#include "threatmodel/rules/rule.h"

namespace threatmodel::docgen {
namespace {

using provider::Attribute;
using provider::Block;
using provider::NestedBlock;
using provider::NestingMode;

// Debian's Abseil has its own string_view type, distinct from
// std::string_view, which the provider and rule APIs return.
absl::string_view Av(std::string_view s) { return {s.data(), s.size()}; }

std::string TypeLabel(const cty::Type& type) {
  switch (type.kind()) {
    case cty::Type::Kind::kString:
      return "String";
    case cty::Type::Kind::kNumber:
      return "Number";
    case cty::Type::Kind::kBool:
      return "Bool";
    case cty::Type::Kind::kDynamic:
      return "Dynamic";
    case cty::Type::Kind::kList:
      return absl::StrCat("List of ", TypeLabel(type.element_type()));
    case cty::Type::Kind::kSet:
      return absl::StrCat("Set of ", TypeLabel(type.element_type()));
    case cty::Type::Kind::kMap:
      return absl::StrCat("Map of ", TypeLabel(type.element_type()));
    case cty::Type::Kind::kTuple:
      return "Tuple";
    case cty::Type::Kind::kObject:
      return "Object";
  }
  return "Dynamic";
}

std::string NestingLabel(NestingMode mode, const std::string& what) {
  switch (mode) {
    case NestingMode::kList:
      return absl::StrCat("List of ", what);
    case NestingMode::kSet:
      return absl::StrCat("Set of ", what);
    case NestingMode::kMap:
      return absl::StrCat("Map of ", what);
    case NestingMode::kNone:
    case NestingMode::kSingle:
    case NestingMode::kGroup:
      break;
  }
  return what;
}

// How a reader finds one value of a nested schema inside its holder.
std::string NestingIntro(NestingMode mode, const std::string& path) {
  switch (mode) {
    case NestingMode::kList:
    case NestingMode::kSet:
      return absl::StrCat("Each element of `", path, "` is an object with:");
    case NestingMode::kMap:
      return absl::StrCat("Each value of the `", path,
                          "` map is an object with:");
    case NestingMode::kNone:
    case NestingMode::kSingle:
    case NestingMode::kGroup:
      break;
  }
  return absl::StrCat("`", path, "` is an object with:");
}

// The object type inside `type` (itself, or the element type of
// collections of objects), whose attributes get a nested section.
const cty::Type* ObjectInside(const cty::Type& type) {
  switch (type.kind()) {
    case cty::Type::Kind::kObject:
      return &type;
    case cty::Type::Kind::kList:
    case cty::Type::Kind::kSet:
    case cty::Type::Kind::kMap:
      return ObjectInside(type.element_type());
    default:
      return nullptr;
  }
}

NestingMode CollectionNesting(const cty::Type& type) {
  switch (type.kind()) {
    case cty::Type::Kind::kList:
      return NestingMode::kList;
    case cty::Type::Kind::kSet:
      return NestingMode::kSet;
    case cty::Type::Kind::kMap:
      return NestingMode::kMap;
    default:
      return NestingMode::kSingle;
  }
}

bool IsArgument(const Attribute& a) { return a.required || a.optional; }

struct Section {
  std::string anchor;
  std::string path;
  std::string intro;
  std::vector<std::string> bullets;
};

// Renders bullets and collects nested sections in pre-order (a parent's
// section before its children's), so the page reads top-down.
class SchemaWriter {
 public:
  std::string AttributeBullet(const Attribute& a, const std::string& parent,
                              bool show_argument_flag) {
    const std::string path = Join(parent, a.name);
    std::vector<std::string> flags;
    if (show_argument_flag) {
      if (a.required) {
        flags.push_back("Required");
      } else if (a.optional) {
        flags.push_back("Optional");
      } else {
        flags.push_back("Read-only");
      }
    }
    if (a.optional && a.computed) flags.push_back("Computed");
    std::string link;
    if (a.nested_nesting != NestingMode::kNone) {
      flags.push_back(NestingLabel(a.nested_nesting, "Object"));
      link = QueueAttributes(a.nested_attributes, a.nested_nesting, path);
    } else {
      const cty::Type& type = a.type.value_or(cty::Type::Dynamic());
      flags.push_back(TypeLabel(type));
      if (const cty::Type* object = ObjectInside(type)) {
        link = QueueObject(*object, CollectionNesting(type), path);
      }
    }
    if (a.sensitive) flags.push_back("Sensitive");
    if (a.write_only) flags.push_back("Write-only");
    if (a.deprecated) flags.push_back("Deprecated");
    return Bullet(a.name, flags, a.description, link);
  }

  std::string BlockBullet(const NestedBlock& b, const std::string& parent) {
    const std::string path = Join(parent, b.type_name);
    std::vector<std::string> flags;
    flags.push_back(b.min_items > 0 ? "Required" : "Optional");
    flags.push_back(NestingLabel(b.nesting, "Block"));
    if (b.min_items > 0 && b.nesting != NestingMode::kSingle) {
      flags.push_back(absl::StrCat("Min: ", b.min_items));
    }
    if (b.max_items > 0 && b.nesting != NestingMode::kSingle) {
      flags.push_back(absl::StrCat("Max: ", b.max_items));
    }
    if (b.block.deprecated) flags.push_back("Deprecated");
    const std::string link = QueueBlock(b.block, b.nesting, path);
    return Bullet(b.type_name, flags, b.block.description, link);
  }

  std::vector<Section>& sections() { return sections_; }

 private:
  static std::string Join(const std::string& parent, const std::string& name) {
    return parent.empty() ? name : absl::StrCat(parent, ".", name);
  }

  static std::string Bullet(const std::string& name,
                            const std::vector<std::string>& flags,
                            const std::string& description,
                            const std::string& link) {
    std::string out =
        absl::StrCat("- `", name, "` (", absl::StrJoin(flags, ", "), ")");
    if (!description.empty()) absl::StrAppend(&out, " ", description);
    if (!link.empty()) absl::StrAppend(&out, " ", link);
    return out;
  }

  // Reserves the section before rendering its bullets so that sections it
  // queues land after it.
  size_t Reserve(const std::string& path, std::string intro) {
    Section s;
    s.anchor =
        absl::StrCat("nested--", absl::StrReplaceAll(path, {{".", "--"}}));
    s.path = path;
    s.intro = std::move(intro);
    sections_.push_back(std::move(s));
    return sections_.size() - 1;
  }

  std::string LinkTo(size_t index) const {
    const Section& s = sections_[index];
    return absl::StrCat("See [`", s.path, "`](#", s.anchor, ") below.");
  }

  std::string QueueAttributes(const std::vector<Attribute>& attributes,
                              NestingMode mode, const std::string& path) {
    const size_t index = Reserve(path, NestingIntro(mode, path));
    std::vector<std::string> bullets;
    for (const Attribute& a : attributes) {
      bullets.push_back(AttributeBullet(a, path, /*show_argument_flag=*/true));
    }
    sections_[index].bullets = std::move(bullets);
    return LinkTo(index);
  }

  std::string QueueObject(const cty::Type& object, NestingMode mode,
                          const std::string& path) {
    const size_t index = Reserve(path, NestingIntro(mode, path));
    std::vector<std::string> bullets;
    // Object types carry no descriptions; the holder's description says
    // what the fields mean. attribute_types() is ordered by name.
    for (const auto& [name, type] : object.attribute_types()) {
      std::string link;
      if (const cty::Type* inner = ObjectInside(type)) {
        link = QueueObject(*inner, CollectionNesting(type), Join(path, name));
      }
      bullets.push_back(Bullet(name, {TypeLabel(type)}, "", link));
    }
    sections_[index].bullets = std::move(bullets);
    return LinkTo(index);
  }

  std::string QueueBlock(const Block& block, NestingMode mode,
                         const std::string& path) {
    const size_t index = Reserve(path, NestingIntro(mode, path));
    std::vector<std::string> bullets;
    for (const Attribute& a : block.attributes) {
      bullets.push_back(AttributeBullet(a, path, /*show_argument_flag=*/true));
    }
    for (const NestedBlock& b : block.block_types) {
      bullets.push_back(BlockBullet(b, path));
    }
    sections_[index].bullets = std::move(bullets);
    return LinkTo(index);
  }

  std::vector<Section> sections_;
};

// "data source" or "resource", as the reference sections speak of it.
const char* Noun(PageKind kind) {
  return kind == PageKind::kResource ? "resource" : "data source";
}

const char* KindTitle(PageKind kind) {
  switch (kind) {
    case PageKind::kProvider:
      return "Provider";
    case PageKind::kDataSource:
      return "Data Source";
    case PageKind::kResource:
      return "Resource";
    case PageKind::kFunction:
      return "Function";
  }
  return "";
}

const std::string& Description(const PageInput& input) {
  return input.function != nullptr ? input.function->description
                                   : input.block->description;
}

// The registry shows this in listings and search results.
std::string FrontMatter(const PageInput& input, const std::string& title) {
  std::string out = "---\n";
  absl::StrAppend(&out, "page_title: \"", title, "\"\n");
  absl::StrAppend(&out, "subcategory: \"\"\n");
  absl::StrAppend(&out, "description: |-\n");
  const std::string& description = Description(input);
  for (absl::string_view line : absl::StrSplit(description, '\n')) {
    if (line.empty()) {
      out += "\n";
    } else {
      absl::StrAppend(&out, "  ", line, "\n");
    }
  }
  out += "---\n\n";
  return out;
}

std::string FencedExample(const std::string& example) {
  std::string body(absl::StripTrailingAsciiWhitespace(example));
  return absl::StrCat("```terraform\n", body, "\n```");
}

}  // namespace

std::string TidyMarkdown(const std::string& text) {
  std::vector<std::string> lines;
  for (absl::string_view line : absl::StrSplit(text, '\n')) {
    lines.emplace_back(absl::StripTrailingAsciiWhitespace(line));
  }
  std::string out;
  bool in_fence = false;
  bool previous_blank = true;  // drops blank lines at the top
  for (const std::string& line : lines) {
    if (absl::StartsWith(line, "```")) in_fence = !in_fence;
    const bool blank = line.empty();
    if (blank && previous_blank && !in_fence) continue;
    absl::StrAppend(&out, line, "\n");
    previous_blank = blank;
  }
  while (absl::EndsWith(out, "\n\n")) out.pop_back();
  return out;
}

absl::StatusOr<std::string> ReadTextFile(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    return absl::NotFoundError(absl::StrCat("cannot read ", path.string()));
  }
  std::ostringstream buffer;
  buffer << in.rdbuf();
  if (in.bad()) {
    return absl::DataLossError(absl::StrCat("error reading ", path.string()));
  }
  return buffer.str();
}

absl::StatusOr<std::optional<std::string>> ReadOptionalTextFile(
    const std::filesystem::path& path) {
  std::error_code ec;
  if (!std::filesystem::exists(path, ec)) return std::nullopt;
  absl::StatusOr<std::string> contents = ReadTextFile(path);
  if (!contents.ok()) return contents.status();
  return std::optional<std::string>(*std::move(contents));
}

std::string RenderSchema(const Block& block, PageKind kind) {
  SchemaWriter writer;
  std::vector<std::string> arguments;
  std::vector<std::string> attributes;
  // Required arguments first, then optional ones, each in schema order:
  // the schema's order groups related settings, which sorting would split.
  for (const bool required : {true, false}) {
    for (const Attribute& a : block.attributes) {
      if (IsArgument(a) && a.required == required) {
        arguments.push_back(writer.AttributeBullet(a, "", true));
      }
    }
    for (const NestedBlock& b : block.block_types) {
      if ((b.min_items > 0) == required) {
        arguments.push_back(writer.BlockBullet(b, ""));
      }
    }
  }
  for (const Attribute& a : block.attributes) {
    if (!IsArgument(a)) {
      attributes.push_back(writer.AttributeBullet(a, "", false));
    }
  }

  std::string out = "## Argument Reference\n\n";
  if (arguments.empty()) {
    out += kind == PageKind::kProvider
               ? "The provider block takes no arguments.\n\n"
               : absl::StrCat("This ", Noun(kind), " takes no arguments.\n\n");
  } else {
    absl::StrAppend(&out, absl::StrJoin(arguments, "\n"), "\n\n");
  }
  if (!attributes.empty()) {
    out += "## Attribute Reference\n\n";
    out += arguments.empty()
               ? absl::StrCat("This ", Noun(kind),
                              " exports the following attributes:\n\n")
               : absl::StrCat("In addition to the arguments above, this ",
                              Noun(kind),
                              " exports the following attributes:\n\n");
    absl::StrAppend(&out, absl::StrJoin(attributes, "\n"), "\n\n");
  }
  if (!writer.sections().empty()) {
    out += "## Nested Schemas\n\n";
    for (const Section& s : writer.sections()) {
      absl::StrAppend(&out, "<a id=\"", s.anchor, "\"></a>\n");
      absl::StrAppend(&out, "### Nested Schema for `", s.path, "`\n\n");
      absl::StrAppend(&out, s.intro, "\n\n");
      absl::StrAppend(&out, absl::StrJoin(s.bullets, "\n"), "\n\n");
    }
  }
  return out;
}

std::string RenderThreatTable() {
  std::string out =
      "| ID | Threat | STRIDE | Severity |\n"
      "|----|--------|--------|----------|\n";
  for (const rules::RuleInfo& rule : rules::Rules()) {
    absl::StrAppend(&out, "| ", Av(rule.id), " | ", Av(rule.title), " | ",
                    Av(rules::StrideName(rule.stride)), " | ",
                    Av(rules::SeverityName(rule.severity)), " |\n");
  }
  return out;
}

absl::StatusOr<std::string> RenderPage(const PageInput& input,
                                       std::string_view page_template) {
  if ((input.block == nullptr) == (input.function == nullptr)) {
    return absl::InvalidArgumentError(
        "a page needs exactly one of a schema and a function signature");
  }
  std::map<std::string, std::optional<std::string>, std::less<>> values = {
      {"name", input.name},
      {"description", Description(input)},
      {"example", input.example.has_value() ? std::optional<std::string>(
                                                  FencedExample(*input.example))
                                            : std::nullopt},
      {"schema", input.function != nullptr
                     ? RenderFunctionSignature(input.provider_name, input.name,
                                               *input.function)
                     : RenderSchema(*input.block, input.kind)},
      {"threats", RenderThreatTable()},
  };
  std::map<std::string, int, std::less<>> used;

  std::string body;
  size_t pos = 0;
  while (pos < page_template.size()) {
    const size_t open = page_template.find("{{", pos);
    if (open == std::string_view::npos) {
      body.append(page_template.substr(pos));
      break;
    }
    body.append(page_template.substr(pos, open - pos));
    const size_t line = 1 + std::count(page_template.begin(),
                                       page_template.begin() + open, '\n');
    const size_t close = page_template.find("}}", open + 2);
    if (close == std::string_view::npos) {
      return absl::InvalidArgumentError(absl::StrCat(
          input.template_origin, ":", line, ": unterminated placeholder"));
    }
    const std::string raw_key(page_template.substr(open + 2, close - open - 2));
    const std::string key(absl::StripAsciiWhitespace(raw_key));
    auto it = values.find(key);
    if (it == values.end()) {
      return absl::InvalidArgumentError(absl::StrCat(
          input.template_origin, ":", line, ": unknown placeholder {{", key,
          "}}; known: {{name}}, {{description}}, {{example}}, {{schema}}, "
          "{{threats}}"));
    }
    if (!it->second.has_value()) {
      return absl::InvalidArgumentError(
          absl::StrCat(input.template_origin, ":", line, ": {{", key,
                       "}} is used but ", input.name, " has no example file"));
    }
    body.append(*it->second);
    ++used[key];
    pos = close + 2;
  }
  if (used["schema"] == 0) {
    return absl::InvalidArgumentError(
        absl::StrCat(input.template_origin,
                     ": {{schema}} is missing; every page carries the "
                     "reference generated from the schema"));
  }
  if (input.example.has_value() && used["example"] == 0) {
    return absl::InvalidArgumentError(absl::StrCat(
        input.template_origin, ": {{example}} is missing although ", input.name,
        " has an example file"));
  }

  const std::string title =
      input.kind == PageKind::kProvider
          ? absl::StrCat(input.name, " Provider")
          : absl::StrCat(input.name, " ", KindTitle(input.kind), " - ",
                         input.provider_name);
  return TidyMarkdown(absl::StrCat(FrontMatter(input, title), body));
}

std::string RenderFunctionSignature(std::string_view provider_name,
                                    std::string_view name,
                                    const provider::FunctionSignature& f) {
  std::vector<std::string> params;
  for (const provider::FunctionParameter& p : f.parameters) {
    params.push_back(absl::StrCat(p.name, " ", p.type.FriendlyName()));
  }
  if (f.variadic.has_value()) {
    params.push_back(absl::StrCat(f.variadic->name, " ",
                                  f.variadic->type.FriendlyName(), "..."));
  }
  std::string out = "## Signature\n\n```text\n";
  absl::StrAppend(&out, "provider::", std::string(provider_name),
                  "::", std::string(name), "(", absl::StrJoin(params, ", "),
                  ") ", f.return_type.FriendlyName(), "\n```\n\n");
  out += "## Arguments\n\n";
  int index = 1;
  auto argument = [&](const provider::FunctionParameter& p, bool variadic) {
    std::vector<std::string> notes;
    notes.push_back(p.type.FriendlyName());
    if (variadic) notes.push_back("variadic");
    notes.push_back(p.allow_null ? "may be null" : "not null");
    if (p.allow_unknown) notes.push_back("may be unknown");
    absl::StrAppend(&out, index++, ". `", p.name, "` (",
                    absl::StrJoin(notes, ", "), "): ", p.description, "\n");
  };
  for (const provider::FunctionParameter& p : f.parameters) {
    argument(p, false);
  }
  if (f.variadic.has_value()) argument(*f.variadic, true);
  absl::StrAppend(&out, "\n## Return Type\n\n`", f.return_type.FriendlyName(),
                  "`\n");
  return out;
}

std::string DefaultTemplate(PageKind kind) {
  return absl::StrCat("# {{name}} (", KindTitle(kind),
                      ")\n"
                      "\n"
                      "{{description}}\n"
                      "\n"
                      "## Example Usage\n"
                      "\n"
                      "{{example}}\n"
                      "\n"
                      "{{schema}}\n");
}

namespace {

// Where a kind of page lives: its docs/ and templates/ folder, and its
// example file under examples/<folder>/<full name>/.
struct KindLayout {
  PageKind kind;
  const char* folder;
  const char* example_file;
};

// Renders the page of one data source, resource or function into `pages`.
absl::Status RenderTypePage(const KindLayout& layout, const std::string& name,
                            const std::string& short_name, PageInput input,
                            const std::filesystem::path& templates,
                            const std::filesystem::path& examples,
                            std::map<std::string, std::string>& pages) {
  input.kind = layout.kind;
  const std::filesystem::path example =
      examples / layout.folder / name / layout.example_file;
  absl::StatusOr<std::string> contents = ReadTextFile(example);
  if (!contents.ok()) {
    return absl::NotFoundError(
        absl::StrCat(name, " has no example: ", contents.status().message()));
  }
  input.example = *std::move(contents);

  const std::string relative =
      absl::StrCat(layout.folder, "/", short_name, ".md");
  absl::StatusOr<std::optional<std::string>> page_template =
      ReadOptionalTextFile(templates / relative);
  if (!page_template.ok()) return page_template.status();
  std::string template_text;
  if (page_template->has_value()) {
    template_text = **page_template;
    input.template_origin = absl::StrCat("tools/docgen/templates/", relative);
  } else {
    template_text = DefaultTemplate(layout.kind);
    input.template_origin =
        absl::StrCat("the default ", layout.folder, " template");
  }
  absl::StatusOr<std::string> page = RenderPage(input, template_text);
  if (!page.ok()) return page.status();
  pages[relative] = *std::move(page);
  return absl::OkStatus();
}

}  // namespace

absl::StatusOr<std::map<std::string, std::string>> RenderDocs(
    const provider::Provider& provider,
    const std::filesystem::path& source_dir) {
  namespace fs = std::filesystem;
  const fs::path templates = source_dir / "tools" / "docgen" / "templates";
  const fs::path examples = source_dir / "examples";
  const std::string provider_name(provider.type_name());
  std::map<std::string, std::string> pages;

  {
    PageInput input;
    input.kind = PageKind::kProvider;
    input.name = provider_name;
    input.provider_name = provider_name;
    input.block = &provider.provider_schema().block;
    const fs::path example = examples / "provider" / "provider.tf";
    absl::StatusOr<std::string> contents = ReadTextFile(example);
    if (!contents.ok()) return contents.status();
    input.example = *std::move(contents);
    const fs::path template_path = templates / "index.md";
    absl::StatusOr<std::string> page_template = ReadTextFile(template_path);
    if (!page_template.ok()) return page_template.status();
    input.template_origin = "tools/docgen/templates/index.md";
    absl::StatusOr<std::string> page = RenderPage(input, *page_template);
    if (!page.ok()) return page.status();
    pages["index.md"] = *std::move(page);
  }

  const std::string prefix = absl::StrCat(provider_name, "_");
  auto base = [&](const std::string& name) {
    PageInput input;
    input.name = name;
    input.provider_name = provider_name;
    return input;
  };
  for (const auto& [name, data_source] : provider.data_sources()) {
    PageInput input = base(name);
    input.block = &data_source->GetSchema().block;
    absl::Status s = RenderTypePage(
        {PageKind::kDataSource, "data-sources", "data-source.tf"}, name,
        std::string(absl::StripPrefix(name, prefix)), std::move(input),
        templates, examples, pages);
    if (!s.ok()) return s;
  }
  for (const auto& [name, resource] : provider.resources()) {
    PageInput input = base(name);
    input.block = &resource->GetSchema().block;
    absl::Status s =
        RenderTypePage({PageKind::kResource, "resources", "resource.tf"}, name,
                       std::string(absl::StripPrefix(name, prefix)),
                       std::move(input), templates, examples, pages);
    if (!s.ok()) return s;
  }
  for (const auto& [name, function] : provider.functions()) {
    PageInput input = base(name);
    input.function = &function->Signature();
    absl::Status s =
        RenderTypePage({PageKind::kFunction, "functions", "function.tf"}, name,
                       name, std::move(input), templates, examples, pages);
    if (!s.ok()) return s;
  }
  return pages;
}

}  // namespace threatmodel::docgen
