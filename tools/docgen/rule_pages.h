// File: rule_pages.h
//
// Renders docs/rules/: one page per rule of the registry (rules::Rules())
// and docs/rules/README.md, the table of all rules. Everything a rule
// declares comes from its RuleInfo: ID, short code, title, STRIDE category,
// severity, the threat model's rating, description, the resource types it
// reads, its policy parameters and remediation. The configurations in its
// folder's examples/ (src/rules/catalogue/<folder>/examples/*.bad.tf and
// *.good.tf) are shown as fenced blocks. Prose the registry does not hold
// (the threat's background, how unknown values count, worked remediation)
// lives in tools/docgen/templates/rules/<ID>.md.
//
// Rule templates are Markdown with placeholders:
//   {{id}}, {{title}}   the rule's ID and title
//   {{summary}}         a table: ID, short code, STRIDE, severity, the
//                       threat model's rating, the resource types read
//   {{description}}     the registry's description
//   {{parameters}}      "## Policy Parameters": name, type, default,
//                       description
//   {{remediation}}     the registry's remediation
//   {{examples}}        "## Examples" from the folder's examples/, or
//                       nothing when there are none
// All but {{id}} and {{title}} are required, so no page can drop what the
// registry says. The index template (templates/rules/README.md) has one
// required placeholder, {{rules}}: the table of all rules.
//
// Thread-safety: functions touch only their arguments and the file system.
#ifndef THREATMODEL_TOOLS_DOCGEN_RULE_PAGES_H_
#define THREATMODEL_TOOLS_DOCGEN_RULE_PAGES_H_

#include <filesystem>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/statusor.h"
#include "threatmodel/rules/rule.h"

namespace threatmodel::docgen {

// One configuration from a rule's examples/ folder.
struct RuleExampleFile {
  std::string file_name;  // "reference_architecture.bad.tf"
  bool bad = false;       // *.bad.tf: violates the rule; *.good.tf: does not
  std::string contents;
};

// Each rule ID to the folder under `catalogue_dir` whose rule.cc sets
// `info.id = "<ID>"`. The registry does not record folders, and folder names
// need not follow the short code, so the source is the authority.
// InvalidArgument when two folders claim the same ID.
[[nodiscard]] absl::StatusOr<std::map<std::string, std::filesystem::path>>
FindRuleFolders(const std::filesystem::path& catalogue_dir);

// The *.bad.tf and *.good.tf files in `folder`/examples/, bad ones first,
// each group by file name. Empty when there is no examples/ folder. Other
// files (such as *.plan.json) are not shown.
[[nodiscard]] absl::StatusOr<std::vector<RuleExampleFile>> ReadRuleExamples(
    const std::filesystem::path& folder);

// One rule's page from `page_template` (see above). `template_origin` names
// the template in errors. InvalidArgument for an unknown, unterminated or
// missing required placeholder.
[[nodiscard]] absl::StatusOr<std::string> RenderRulePage(
    const rules::RuleInfo& rule, const std::vector<RuleExampleFile>& examples,
    std::string_view page_template, std::string_view template_origin);

// The template used for a rule without its own template file.
[[nodiscard]] std::string_view DefaultRuleTemplate();

// A Markdown table of every rule: ID (linked to its page), title, STRIDE,
// severity, the threat model's rating.
[[nodiscard]] std::string RenderRuleIndexTable();

// docs/rules/<ID>.md for every rule and docs/rules/README.md, keyed by path
// relative to docs/ ("rules/T-2.md"). Reads src/rules/catalogue/ and
// tools/docgen/templates/rules/ under `source_dir`. NotFound when a rule
// has no folder or the index template is missing.
[[nodiscard]] absl::StatusOr<std::map<std::string, std::string>> RenderRuleDocs(
    const std::filesystem::path& source_dir);

}  // namespace threatmodel::docgen

#endif  // THREATMODEL_TOOLS_DOCGEN_RULE_PAGES_H_
