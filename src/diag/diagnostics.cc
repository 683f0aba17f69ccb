#include "threatmodel/diag/diagnostics.h"

#include <algorithm>

namespace threatmodel::diag {

void Diagnostics::AddError(std::string summary, std::string detail) {
  Add({Severity::kError, std::move(summary), std::move(detail), std::nullopt});
}

void Diagnostics::AddWarning(std::string summary, std::string detail) {
  Add({Severity::kWarning, std::move(summary), std::move(detail),
       std::nullopt});
}

void Diagnostics::AddAttributeError(cty::Path path, std::string summary,
                                    std::string detail) {
  Add({Severity::kError, std::move(summary), std::move(detail),
       std::move(path)});
}

void Diagnostics::AddAttributeWarning(cty::Path path, std::string summary,
                                      std::string detail) {
  Add({Severity::kWarning, std::move(summary), std::move(detail),
       std::move(path)});
}

void Diagnostics::Add(Diagnostic d) {
  if (std::find(items_.begin(), items_.end(), d) != items_.end()) return;
  items_.push_back(std::move(d));
}

void Diagnostics::Append(const Diagnostics& other) {
  for (const Diagnostic& d : other.items_) Add(d);
}

void Diagnostics::AddStatus(const absl::Status& status, std::string summary) {
  if (status.ok()) return;
  AddError(std::move(summary), std::string(status.message()));
}

bool Diagnostics::HasError() const {
  return std::any_of(items_.begin(), items_.end(), [](const Diagnostic& d) {
    return d.severity == Severity::kError;
  });
}

}  // namespace threatmodel::diag
