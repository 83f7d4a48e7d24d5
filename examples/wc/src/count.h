// The counting core of wc-naive: lines, words and bytes, one byte at a time.
//
// This is the code under optimization in hone's bundled example, shared by the command-line
// program (src/wc.cc, hone's target "ours") and the Google Benchmark micro-benchmarks
// (bench/count_bench.cc, hone's target "micro"). It is deliberately slow: every byte goes
// through count_char() and classify_char(), an out-of-line function that searches tables of
// the space and printable characters one entry at a time (see src/count.cc).
//
// What counts as a word: this matches GNU wc in the C locale (coreutils 9.1, Debian 12). A word
// starts at a printable non-space byte (isprint: 0x21..0x7e) and ends at a whitespace byte
// (isspace: space, \t, \n, \v, \f, \r). Other bytes -- control characters and every byte >= 0x80,
// such as the bytes of UTF-8 sequences -- neither start nor end a word. So "a\x01b" is one word,
// and a run made only of UTF-8 bytes (a Cyrillic or CJK word) is no word at all in the C locale.
// Lines are newline bytes; bytes are bytes.
#pragma once

#include <cstdint>
#include <string_view>

// The counting code lives in a named namespace (not an anonymous one) so that profiles show
// short, obvious names: wc::count_char, wc::classify_char. Keep the function names: profiles
// and demos refer to them.
namespace wc {

struct Counts {
  std::uint64_t lines = 0;
  std::uint64_t words = 0;
  std::uint64_t bytes = 0;
};

// What one byte means to the word counter.
enum class CharClass {
  kSpace,      // ends a word
  kPrintable,  // starts (or continues) a word
  kOther,      // neither: control bytes and bytes >= 0x80
};

// The counter's state while it walks a file (or several buffers of one file).
struct CountState {
  Counts counts;
  bool in_word = false;
};

// Classifies one byte as the C locale would. The example's hotspot.
CharClass classify_char(char c);

// Adds one byte to the running counts.
void count_char(CountState& state, char c);

// Adds every byte of `text` to the running counts, one count_char() call per byte. A file may
// be fed in pieces: the state carries a word across the boundary.
void count_text(CountState& state, std::string_view text);

}  // namespace wc
