// File: status_macros.h
//
// Early-return helpers for absl::Status and absl::StatusOr. Debian's Abseil
// (20220623) does not ship status_macros.h, so the project carries these two.
// They expand to plain statements and are safe in any thread.
#ifndef THREATMODEL_BASE_STATUS_MACROS_H_
#define THREATMODEL_BASE_STATUS_MACROS_H_

#include "absl/status/status.h"
#include "absl/status/statusor.h"

#define THREATMODEL_CONCAT_INNER_(a, b) a##b
#define THREATMODEL_CONCAT_(a, b) THREATMODEL_CONCAT_INNER_(a, b)

// Returns the status from the enclosing function when `expr` is not OK.
#define THREATMODEL_RETURN_IF_ERROR(expr)                      \
  do {                                                         \
    ::absl::Status threatmodel_status_ = (expr);               \
    if (!threatmodel_status_.ok()) return threatmodel_status_; \
  } while (0)

// Declares or assigns `lhs` from a StatusOr, returning its status on error.
#define THREATMODEL_ASSIGN_OR_RETURN(lhs, expr) \
  THREATMODEL_ASSIGN_OR_RETURN_IMPL_(           \
      THREATMODEL_CONCAT_(threatmodel_statusor_, __LINE__), lhs, expr)

// `tmp` is an identifier and `lhs` may be a declaration ("auto x"): neither
// can be parenthesized.
// NOLINTBEGIN(bugprone-macro-parentheses)
#define THREATMODEL_ASSIGN_OR_RETURN_IMPL_(tmp, lhs, expr) \
  auto tmp = (expr);                                       \
  if (!tmp.ok()) return std::move(tmp).status();           \
  lhs = std::move(tmp).value()
// NOLINTEND(bugprone-macro-parentheses)

#endif  // THREATMODEL_BASE_STATUS_MACROS_H_
