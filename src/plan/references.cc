#include "plan/references.h"

#include <algorithm>
#include <string>
#include <utility>

#include "absl/strings/str_cat.h"

namespace threatmodel::plan::internal {
namespace {

// Chains longer than this are cut: real configurations nest a handful of
// modules, and a hostile one must not make resolution expensive.
constexpr int kMaxDepth = 24;
constexpr std::size_t kMaxTerminals = 64;

bool IsPrefix(const std::vector<Step>& a, const std::vector<Step>& b) {
  return a.size() < b.size() && std::equal(a.begin(), a.end(), b.begin());
}

std::string Absolute(const ModulePath& module, const std::vector<Step>& steps) {
  std::string prefix = FormatModulePath(module);
  std::string tail = FormatTraversal(steps);
  if (prefix.empty()) return tail;
  return absl::StrCat(prefix, ".", tail);
}

std::vector<Step> Slice(const std::vector<Step>& steps, std::size_t from) {
  if (from >= steps.size()) return {};
  return std::vector<Step>(steps.begin() + static_cast<std::ptrdiff_t>(from),
                           steps.end());
}

bool IsAttr(const std::vector<Step>& steps, std::size_t i) {
  return i < steps.size() && steps[i].kind == Step::Kind::kAttr;
}

}  // namespace

std::vector<std::vector<Step>> LongestReferences(
    const std::vector<std::string>& refs) {
  std::vector<std::vector<Step>> parsed;
  for (const std::string& r : refs) {
    absl::StatusOr<std::vector<Step>> steps = ParseTraversal(r);
    if (steps.ok()) parsed.push_back(*std::move(steps));
  }
  std::vector<std::vector<Step>> out;
  for (std::size_t i = 0; i < parsed.size(); ++i) {
    bool dominated = false;
    for (std::size_t j = 0; j < parsed.size() && !dominated; ++j) {
      if (i != j && IsPrefix(parsed[i], parsed[j])) dominated = true;
    }
    if (dominated) continue;
    if (std::find(out.begin(), out.end(), parsed[i]) == out.end()) {
      out.push_back(parsed[i]);
    }
  }
  return out;
}

const RawModule* ReferenceResolver::ModuleAt(const ModulePath& path) const {
  const RawModule* m = &root_;
  for (const ModuleStep& step : path) {
    auto it = m->calls.find(step.name);
    if (it == m->calls.end() || it->second.module == nullptr) return nullptr;
    m = it->second.module.get();
  }
  return m;
}

std::vector<std::string> ReferenceResolver::Sources(
    const ModulePath& path) const {
  std::vector<std::string> out;
  const RawModule* m = &root_;
  for (const ModuleStep& step : path) {
    if (m == nullptr) {
      out.emplace_back();
      continue;
    }
    auto it = m->calls.find(step.name);
    if (it == m->calls.end()) {
      out.emplace_back();
      m = nullptr;
      continue;
    }
    out.push_back(it->second.source);
    m = it->second.module.get();
  }
  return out;
}

const std::vector<std::vector<Step>>& ReferenceResolver::Longest(
    const RawExpression& expr) const {
  auto it = cache_.find(expr.references);
  if (it == cache_.end()) {
    it = cache_.emplace(expr.references, LongestReferences(expr.references))
             .first;
  }
  return it->second;
}

std::vector<Terminal> ReferenceResolver::Resolve(
    const ModulePath& where, const RawExpression& expr) const {
  std::vector<Terminal> out;
  for (const std::vector<Step>& steps : Longest(expr)) {
    ResolveSteps(where, steps, 0, &out);
  }
  return out;
}

void ReferenceResolver::ResolveSteps(const ModulePath& where,
                                     std::vector<Step> steps, int depth,
                                     std::vector<Terminal>* out) const {
  if (out->size() >= kMaxTerminals) return;
  Terminal t;
  t.module = where;
  t.text = Absolute(where, steps);
  if (depth > kMaxDepth || steps.empty() || !IsAttr(steps, 0)) {
    out->push_back(std::move(t));
    return;
  }
  const std::string& root = steps[0].name;
  auto follow = [&](const ModulePath& in, const RawExpression& expr,
                    const std::vector<Step>& rest) {
    const std::vector<std::vector<Step>>& refs = Longest(expr);
    if (refs.empty()) {
      Terminal c = t;
      c.kind = Terminal::Kind::kConstant;
      out->push_back(std::move(c));
      return;
    }
    for (const std::vector<Step>& r : refs) {
      std::vector<Step> steps = r;
      steps.insert(steps.end(), rest.begin(), rest.end());
      ResolveSteps(in, std::move(steps), depth + 1, out);
    }
  };

  if (root == "var") {
    if (!IsAttr(steps, 1)) {
      out->push_back(std::move(t));
      return;
    }
    const std::string& name = steps[1].name;
    t.rest = Slice(steps, 2);
    if (where.empty()) {
      t.kind = Terminal::Kind::kRootVariable;
      out->push_back(std::move(t));
      return;
    }
    ModulePath parent(where.begin(), where.end() - 1);
    const RawModule* parent_module = ModuleAt(parent);
    if (parent_module == nullptr) {
      out->push_back(std::move(t));
      return;
    }
    auto call = parent_module->calls.find(where.back().name);
    if (call == parent_module->calls.end()) {
      out->push_back(std::move(t));
      return;
    }
    auto arg = call->second.expressions.find(name);
    if (arg == call->second.expressions.end()) {
      // Not passed: the variable's default, a known value.
      t.kind = Terminal::Kind::kConstant;
      out->push_back(std::move(t));
      return;
    }
    follow(parent, arg->second, t.rest);
    return;
  }
  if (root == "local") {
    t.kind =
        IsAttr(steps, 1) ? Terminal::Kind::kLocal : Terminal::Kind::kUnresolved;
    t.rest = Slice(steps, 2);
    out->push_back(std::move(t));
    return;
  }
  if (root == "module") {
    if (!IsAttr(steps, 1)) {
      out->push_back(std::move(t));
      return;
    }
    ModuleStep child_step;
    child_step.name = steps[1].name;
    std::size_t i = 2;
    if (i < steps.size() && steps[i].kind == Step::Kind::kIndex) {
      child_step.key = steps[i].key;
      ++i;
    }
    if (!IsAttr(steps, i)) {
      // The whole module object (or a splat over its instances).
      out->push_back(std::move(t));
      return;
    }
    ModulePath child = where;
    child.push_back(child_step);
    const RawModule* child_module = ModuleAt(child);
    if (child_module == nullptr) {
      out->push_back(std::move(t));
      return;
    }
    auto output = child_module->outputs.find(steps[i].name);
    if (output == child_module->outputs.end()) {
      out->push_back(std::move(t));
      return;
    }
    follow(child, output->second, Slice(steps, i + 1));
    return;
  }
  if (root == "each" || root == "count" || root == "self") {
    t.kind = Terminal::Kind::kInstance;
    out->push_back(std::move(t));
    return;
  }
  if (root == "path" || root == "terraform") {
    t.kind = Terminal::Kind::kConstant;
    out->push_back(std::move(t));
    return;
  }
  std::size_t i = 0;
  if (root == "data") {
    t.data = true;
    i = 1;
  }
  if (!IsAttr(steps, i) || !IsAttr(steps, i + 1)) {
    out->push_back(std::move(t));
    return;
  }
  t.kind = Terminal::Kind::kResource;
  t.type = steps[i].name;
  t.name = steps[i + 1].name;
  i += 2;
  if (i < steps.size() && steps[i].kind == Step::Kind::kIndex) {
    t.key = steps[i].key;
    ++i;
  }
  t.rest = Slice(steps, i);
  out->push_back(std::move(t));
}

}  // namespace threatmodel::plan::internal
