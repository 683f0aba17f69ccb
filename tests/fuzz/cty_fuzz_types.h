// File: cty_fuzz_types.h
//
// How the cty fuzz targets pick the type an input is decoded against. The
// first input byte selects one of a few fixed types covering every kind
// (dynamic included); the byte kTypeJsonSelector instead means "a type JSON
// follows, up to the first NUL byte", which lets the seed corpus carry every
// golden vector with its own type. Single-threaded, like the fuzzers.
#ifndef THREATMODEL_TESTS_FUZZ_CTY_FUZZ_TYPES_H_
#define THREATMODEL_TESTS_FUZZ_CTY_FUZZ_TYPES_H_

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string_view>
#include <utility>
#include <vector>

#include "threatmodel/cty/type.h"

namespace threatmodel::cty::fuzz {

inline constexpr uint8_t kTypeJsonSelector = 0xff;

inline const std::vector<Type>& FixedTypes() {
  static const auto* types = [] {
    const Type rule =
        Type::Object({{"port", Type::Number()}, {"enabled", Type::Bool()}});
    return new std::vector<Type>{
        Type::String(),
        Type::Number(),
        Type::Bool(),
        Type::Dynamic(),
        Type::List(Type::String()),
        Type::Set(Type::Number()),
        Type::Map(Type::Dynamic()),
        Type::Tuple({Type::String(), Type::Number(), Type::Bool()}),
        Type::Object({{"name", Type::String()},
                      {"tags", Type::Map(Type::String())},
                      {"rules", Type::List(rule)},
                      {"config", Type::Dynamic()}}),
        Type::List(Type::Dynamic()),
        Type::Set(rule),
        Type::Object({{"a", Type::String()}, {"b", Type::Number()}}, {"b"}),
    };
  }();
  return *types;
}

// Splits an input into (type, payload); nullopt if the type JSON is invalid.
inline std::optional<std::pair<Type, std::string_view>> SplitInput(
    const uint8_t* data, size_t size) {
  if (size == 0) return std::nullopt;
  const std::string_view rest(reinterpret_cast<const char*>(data) + 1,
                              size - 1);
  if (data[0] != kTypeJsonSelector) {
    const auto& types = FixedTypes();
    return std::make_pair(types[data[0] % types.size()], rest);
  }
  const size_t nul = rest.find('\0');
  if (nul == std::string_view::npos) return std::nullopt;
  absl::StatusOr<Type> type = ParseTypeJson(rest.substr(0, nul));
  if (!type.ok()) return std::nullopt;
  return std::make_pair(*std::move(type), rest.substr(nul + 1));
}

}  // namespace threatmodel::cty::fuzz

#endif  // THREATMODEL_TESTS_FUZZ_CTY_FUZZ_TYPES_H_
