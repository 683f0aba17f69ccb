// File: path.h
//
// A path from the root of a cty value to a nested value: attribute names,
// string keys (maps) and integer indexes (lists and tuples). Codec errors lead
// with one, and diagnostics carry one back to Terraform as an AttributePath.
// Paths are plain immutable-by-convention values; building one returns a new
// Path, so a const Path is safe to share between threads.
#ifndef THREATMODEL_CTY_PATH_H_
#define THREATMODEL_CTY_PATH_H_

#include <cstdint>
#include <string>
#include <vector>

namespace threatmodel::cty {

struct PathStep {
  enum class Kind { kAttribute, kElementKeyString, kElementKeyInt };
  Kind kind = Kind::kAttribute;
  // The attribute name (kAttribute) or map key (kElementKeyString).
  std::string name;
  // The index (kElementKeyInt).
  int64_t index = 0;

  friend bool operator==(const PathStep& a, const PathStep& b) = default;
};

class Path {
 public:
  Path() = default;

  [[nodiscard]] Path Attr(std::string name) const;
  [[nodiscard]] Path Key(std::string key) const;
  [[nodiscard]] Path Index(int64_t i) const;

  [[nodiscard]] const std::vector<PathStep>& steps() const { return steps_; }
  [[nodiscard]] bool empty() const { return steps_.empty(); }

  // `.a.b["k"][0]`; map keys are quoted with Go-style escapes so that any key
  // (quotes, newlines, invalid UTF-8) prints unambiguously on one line. The
  // empty path prints as "".
  [[nodiscard]] std::string ToString() const;

  friend bool operator==(const Path& a, const Path& b) = default;

 private:
  std::vector<PathStep> steps_;
};

}  // namespace threatmodel::cty

#endif  // THREATMODEL_CTY_PATH_H_
