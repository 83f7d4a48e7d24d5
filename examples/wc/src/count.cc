// The counting core of wc-naive (see count.h). Naive on purpose:
//
//   * every byte goes through count_char(), an out-of-line call, and
//   * count_char() asks classify_char(), which copies a std::locale and looks up its ctype
//     facet (twice) for every single byte.
//
// wc::classify_char() is the hot path: expect it, and the std::locale / use_facet machinery it
// calls, at the top of `perf report --children` (record with --call-graph dwarf: libstdc++ has no
// frame pointers).

#include "count.h"

#include <locale>

namespace wc {

__attribute__((noinline)) CharClass classify_char(char c) {
  const std::locale loc = std::locale::classic();
  if (std::isspace(c, loc)) return CharClass::kSpace;
  if (std::isprint(c, loc)) return CharClass::kPrintable;
  return CharClass::kOther;
}

__attribute__((noinline)) void count_char(CountState& state, char c) {
  ++state.counts.bytes;
  if (c == '\n') ++state.counts.lines;
  switch (classify_char(c)) {
    case CharClass::kSpace:
      state.in_word = false;
      break;
    case CharClass::kPrintable:
      if (!state.in_word) ++state.counts.words;
      state.in_word = true;
      break;
    case CharClass::kOther:
      break;
  }
}

void count_text(CountState& state, std::string_view text) {
  for (char c : text) count_char(state, c);
}

}  // namespace wc
