// File: diagnostics.h
//
// User-facing feedback as values: an error or warning with a short summary,
// a detail for humans and, when it concerns one input, the attribute path
// Terraform uses to underline the offending expression in the configuration.
// Diagnostics are deliberately separate from absl::Status: a Status says a
// call failed; Diagnostics say what the user should change, and a response
// can carry several of them alongside a result.
//
// Thread-safety: a Diagnostics object is a plain value; do not share one
// between threads while appending.
#ifndef THREATMODEL_DIAG_DIAGNOSTICS_H_
#define THREATMODEL_DIAG_DIAGNOSTICS_H_

#include <optional>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "threatmodel/cty/path.h"

namespace threatmodel::diag {

enum class Severity { kError, kWarning };

struct Diagnostic {
  Severity severity = Severity::kError;
  std::string summary;
  std::string detail;
  // Where in the configuration body; nullopt points at the whole block.
  std::optional<cty::Path> attribute;

  friend bool operator==(const Diagnostic&, const Diagnostic&) = default;
};

class Diagnostics {
 public:
  void AddError(std::string summary, std::string detail = "");
  void AddWarning(std::string summary, std::string detail = "");
  void AddAttributeError(cty::Path path, std::string summary,
                         std::string detail = "");
  void AddAttributeWarning(cty::Path path, std::string summary,
                           std::string detail = "");
  // Adds `d` unless an identical diagnostic is already present.
  void Add(Diagnostic d);
  void Append(const Diagnostics& other);
  // Records a failed internal call as an error; the status message becomes
  // the detail, so it must not carry secrets.
  void AddStatus(const absl::Status& status, std::string summary);

  [[nodiscard]] bool HasError() const;
  [[nodiscard]] bool empty() const { return items_.empty(); }
  [[nodiscard]] size_t size() const { return items_.size(); }
  [[nodiscard]] const std::vector<Diagnostic>& items() const { return items_; }

 private:
  std::vector<Diagnostic> items_;
};

}  // namespace threatmodel::diag

#endif  // THREATMODEL_DIAG_DIAGNOSTICS_H_
