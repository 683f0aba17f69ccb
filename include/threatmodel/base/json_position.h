// File: json_position.h
//
// Positions for readers built on nlohmann's SAX interface, whose events
// carry no offset. PositionTrackingIterator is a character iterator over
// text in memory that publishes how far the parser has read; pass a pair to
// nlohmann::json::sax_parse. JsonKeyStart finds where the key the parser has
// just reported starts, for errors such as "duplicate object key".
//
// Thread-safety: an iterator and its progress pointer belong to one parse
// on one thread; JsonKeyStart is a pure function.
#ifndef THREATMODEL_BASE_JSON_POSITION_H_
#define THREATMODEL_BASE_JSON_POSITION_H_

#include <cstddef>
#include <iterator>
#include <string_view>

namespace threatmodel::base {

class PositionTrackingIterator {
 public:
  using iterator_category = std::input_iterator_tag;
  using value_type = char;
  using difference_type = std::ptrdiff_t;
  using pointer = const char*;
  using reference = const char&;

  // `*progress` is set to one past the last character read.
  PositionTrackingIterator(const char* at, const char** progress)
      : at_(at), progress_(progress) {}

  reference operator*() const { return *at_; }
  PositionTrackingIterator& operator++() {
    *progress_ = ++at_;
    return *this;
  }
  PositionTrackingIterator operator++(int) {
    PositionTrackingIterator before = *this;
    ++*this;
    return before;
  }
  bool operator==(const PositionTrackingIterator& other) const {
    return at_ == other.at_;
  }
  bool operator!=(const PositionTrackingIterator& other) const {
    return at_ != other.at_;
  }

 private:
  const char* at_;
  const char** progress_;
};

// The offset of the opening quote of the object key whose closing quote is
// the byte before `end` (where the parser stands when it reports the key):
// no unescaped quote lies between the two. 0 if there is none.
[[nodiscard]] inline std::size_t JsonKeyStart(std::string_view text,
                                              std::size_t end) {
  if (end < 2 || end > text.size()) return 0;
  for (std::size_t i = end - 2;; --i) {
    if (text[i] == '"') {
      std::size_t backslashes = 0;
      while (backslashes < i && text[i - 1 - backslashes] == '\\') {
        ++backslashes;
      }
      if (backslashes % 2 == 0) return i;
    }
    if (i == 0) return 0;
  }
}

}  // namespace threatmodel::base

#endif  // THREATMODEL_BASE_JSON_POSITION_H_
