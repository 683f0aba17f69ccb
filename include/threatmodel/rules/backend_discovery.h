// File: backend_discovery.h
//
// Declares nothing of its own: it includes stated_backend.h (StatedBackend),
// which the T-2 rule and its tests reach through this name. Reading a
// working directory's backend file is threatmodel/workdir/backend_discovery.h
// (namespace threatmodel::workdir); the rule engine does no file-system I/O.
//
// Thread-safety: see stated_backend.h.
#ifndef THREATMODEL_RULES_BACKEND_DISCOVERY_H_
#define THREATMODEL_RULES_BACKEND_DISCOVERY_H_

#include "threatmodel/rules/stated_backend.h"

#endif  // THREATMODEL_RULES_BACKEND_DISCOVERY_H_
