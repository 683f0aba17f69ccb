// File: stated_backend.h
//
// A state backend stated by the caller (a provider attribute, a rule's own
// example) rather than read from a working directory: its type and the names
// of the settings that are set. Values are never needed, so a setting whose
// credential status depends on its value (`pg` `conn_str`, `gcs`
// `credentials`) is recorded as unknown. Reading a working directory's
// backend file is threatmodel/workdir/backend_discovery.h.
//
// Thread-safety: a pure function; safe from any thread.
#ifndef THREATMODEL_RULES_STATED_BACKEND_H_
#define THREATMODEL_RULES_STATED_BACKEND_H_

#include <string>
#include <vector>

#include "threatmodel/rules/model.h"

namespace threatmodel::rules {

// A backend of `type` (trimmed, lower-cased) with `settings` set (booleans
// only when true); origin kStated, source `source`.
[[nodiscard]] Backend StatedBackend(const std::string& type,
                                    const std::vector<std::string>& settings,
                                    std::string source);

}  // namespace threatmodel::rules

#endif  // THREATMODEL_RULES_STATED_BACKEND_H_
