// File: path_frame.h
//
// A path under construction during a recursive walk, as a chain of stack
// frames, so that walks pay for a Path only when they report an error.
// A frame refers to strings owned by the walk's caller and must not outlive
// them. Used by one thread at a time, like the stack it lives on.
#ifndef THREATMODEL_CTY_INTERNAL_PATH_FRAME_H_
#define THREATMODEL_CTY_INTERNAL_PATH_FRAME_H_

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "cty/internal/strings.h"
#include "threatmodel/cty/path.h"

namespace threatmodel::cty::internal {

struct PathFrame {
  const PathFrame* parent = nullptr;
  PathStep::Kind kind = PathStep::Kind::kAttribute;
  std::string_view name;
  int64_t index = 0;

  PathFrame Attr(std::string_view n) const {
    return PathFrame{this, PathStep::Kind::kAttribute, n, 0};
  }
  PathFrame Key(std::string_view k) const {
    return PathFrame{this, PathStep::Kind::kElementKeyString, k, 0};
  }
  PathFrame Index(int64_t i) const {
    return PathFrame{this, PathStep::Kind::kElementKeyInt, {}, i};
  }
};

// The root frame has no parent and contributes no step.
[[nodiscard]] inline Path ToPath(const PathFrame& frame) {
  std::vector<const PathFrame*> chain;
  for (const PathFrame* f = &frame; f->parent != nullptr; f = f->parent) {
    chain.push_back(f);
  }
  Path path;
  for (auto it = chain.rbegin(); it != chain.rend(); ++it) {
    const PathFrame& f = **it;
    switch (f.kind) {
      case PathStep::Kind::kAttribute:
        path = path.Attr(std::string(f.name));
        break;
      case PathStep::Kind::kElementKeyString:
        path = path.Key(std::string(f.name));
        break;
      case PathStep::Kind::kElementKeyInt:
        path = path.Index(f.index);
        break;
    }
  }
  return path;
}

// "<prefix>: <path>: <message>", leaving out the path at the root.
[[nodiscard]] inline std::string PathMessage(std::string_view prefix,
                                             const PathFrame& frame,
                                             std::string_view message) {
  const std::string path = ToPath(frame).ToString();
  if (path.empty()) return Cat(prefix, ": ", message);
  return Cat(prefix, ": ", path, ": ", message);
}

}  // namespace threatmodel::cty::internal

#endif  // THREATMODEL_CTY_INTERNAL_PATH_FRAME_H_
