// The counting core of wc-naive (see count.h). Naive on purpose:
//
//   * every byte goes through count_char(), an out-of-line call, and
//   * count_char() asks classify_char(), which searches tables of the C locale's space and
//     printable characters one entry at a time: up to 100 comparisons for every byte.
//
// wc::classify_char() is the hot path: it should top a profile by self time (the loops are in
// the function itself, not in a library), under perf with frame pointers or DWARF unwinding
// alike.

#include "count.h"

namespace wc {

namespace {

// The C locale's isspace() set and isprint() set minus the space, spelled out.
constexpr char kSpaces[] = " \t\n\v\f\r";
constexpr char kPrintables[] =
    "!\"#$%&'()*+,-./0123456789:;<=>?@ABCDEFGHIJKLMNOPQRSTUVWXYZ[\\]^_`abcdefghijklmnopqrstuvwxyz{|}~";

}  // namespace

__attribute__((noinline)) CharClass classify_char(char c) {
  for (const char* s = kSpaces; *s != '\0'; ++s)
    if (*s == c) return CharClass::kSpace;
  for (const char* p = kPrintables; *p != '\0'; ++p)
    if (*p == c) return CharClass::kPrintable;
  return CharClass::kOther;
}

__attribute__((noinline)) void count_char(CountState& state, char c) {
  ++state.counts.bytes;
  if (c == '\n') ++state.counts.lines;
  switch (classify_char(c)) {
    case CharClass::kSpace: state.in_word = false; break;
    case CharClass::kPrintable:
      if (!state.in_word) ++state.counts.words;
      state.in_word = true;
      break;
    case CharClass::kOther: break;
  }
}

void count_text(CountState& state, std::string_view text) {
  for (char c : text) count_char(state, c);
}

}  // namespace wc
