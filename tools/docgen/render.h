// File: render.h
//
// Renders the provider's registry documentation (docs/index.md,
// docs/data-sources/<name>.md, docs/resources/<name>.md and
// docs/functions/<name>.md) from the provider's own schema, the files
// under examples/, the rule catalogue and hand-written prose kept in
// tools/docgen/templates/. Nothing in the output depends on the time, the
// machine or the order of a hash map, so rendering twice gives the same
// bytes, which is what lets a test compare against the committed docs/.
//
// Templates are Markdown with placeholders:
//   {{name}}         the provider or data source type name
//   {{description}}  the schema's description
//   {{example}}      the example file as a fenced `terraform` block
//   {{schema}}       "Argument Reference", "Attribute Reference" and the
//                    nested schemas, from the schema
//   {{threats}}      a table of the threats the rules check
// `{{schema}}` is required on every page, and `{{example}}` on every page
// that has an example file, so no page can drop the generated reference.
// The YAML front matter the registry reads is generated, not templated.
//
// Thread-safety: functions touch only their arguments and the file system.
#ifndef THREATMODEL_TOOLS_DOCGEN_RENDER_H_
#define THREATMODEL_TOOLS_DOCGEN_RENDER_H_

#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <string_view>

#include "absl/status/statusor.h"
#include "threatmodel/provider/provider.h"
#include "threatmodel/provider/schema.h"

namespace threatmodel::docgen {

enum class PageKind { kProvider, kDataSource, kResource, kFunction };

struct PageInput {
  PageKind kind = PageKind::kDataSource;
  std::string name;  // "threatmodel" or "threatmodel_assertion"
  std::string provider_name;
  // The schema of the provider block, data source or resource; for a
  // function, its signature instead.
  const provider::Block* block = nullptr;
  const provider::FunctionSignature* function = nullptr;
  // The example file's contents, if it exists.
  std::optional<std::string> example;
  // Where the template came from, for error messages.
  std::string template_origin;
};

// The Argument Reference and Attribute Reference sections of `block`, then
// one section per nested schema (nested attributes, nested blocks and
// object-typed attributes), linked from the attribute that holds it.
[[nodiscard]] std::string RenderSchema(const provider::Block& block,
                                       PageKind kind);

// The Signature, Arguments and Return Type sections of a function named
// `name` in provider `provider_name`.
[[nodiscard]] std::string RenderFunctionSignature(
    std::string_view provider_name, std::string_view name,
    const provider::FunctionSignature& function);

// A Markdown table of the rule catalogue: ID, threat, STRIDE, severity.
[[nodiscard]] std::string RenderThreatTable();

// One page: generated front matter followed by `page_template` with its
// placeholders filled. InvalidArgument for an unknown placeholder, an
// unterminated one, or a required one that is missing.
[[nodiscard]] absl::StatusOr<std::string> RenderPage(
    const PageInput& input, std::string_view page_template);

// Trailing spaces go, runs of blank lines outside fenced blocks shrink to
// one, and the page ends with exactly one newline, whatever the templates
// did at their seams.
[[nodiscard]] std::string TidyMarkdown(const std::string& text);

// The file's bytes; NotFound when it cannot be opened.
[[nodiscard]] absl::StatusOr<std::string> ReadTextFile(
    const std::filesystem::path& path);

// nullopt when the file does not exist; an error when it exists but cannot
// be read.
[[nodiscard]] absl::StatusOr<std::optional<std::string>> ReadOptionalTextFile(
    const std::filesystem::path& path);

// The template used for a data source, resource or function without its
// own template file.
[[nodiscard]] std::string DefaultTemplate(PageKind kind);

// Every page of `provider`, keyed by path relative to docs/ ("index.md",
// "data-sources/assertion.md"). Reads examples/ and tools/docgen/templates/
// under `source_dir`. NotFound when a required example or template file is
// missing.
[[nodiscard]] absl::StatusOr<std::map<std::string, std::string>> RenderDocs(
    const provider::Provider& provider,
    const std::filesystem::path& source_dir);

}  // namespace threatmodel::docgen

#endif  // THREATMODEL_TOOLS_DOCGEN_RENDER_H_
