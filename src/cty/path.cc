#include "threatmodel/cty/path.h"

#include <string>
#include <utility>

#include "cty/internal/text.h"

namespace threatmodel::cty {

Path Path::Attr(std::string name) const {
  Path p = *this;
  p.steps_.push_back(PathStep{PathStep::Kind::kAttribute, std::move(name), 0});
  return p;
}

Path Path::Key(std::string key) const {
  Path p = *this;
  p.steps_.push_back(
      PathStep{PathStep::Kind::kElementKeyString, std::move(key), 0});
  return p;
}

Path Path::Index(int64_t i) const {
  Path p = *this;
  p.steps_.push_back(PathStep{PathStep::Kind::kElementKeyInt, "", i});
  return p;
}

std::string Path::ToString() const {
  std::string out;
  for (const PathStep& step : steps_) {
    switch (step.kind) {
      case PathStep::Kind::kAttribute:
        out.push_back('.');
        out.append(step.name);
        break;
      case PathStep::Kind::kElementKeyString:
        out.push_back('[');
        internal::AppendJsonString(&out, step.name, /*html_escape=*/false);
        out.push_back(']');
        break;
      case PathStep::Kind::kElementKeyInt:
        out.push_back('[');
        out.append(std::to_string(step.index));
        out.push_back(']');
        break;
    }
  }
  return out;
}

}  // namespace threatmodel::cty
