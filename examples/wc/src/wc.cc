// wc-naive: count lines, words and bytes like `LC_ALL=C wc FILE...`.
//
// This program is deliberately slow. It is the starting point of hone's bundled example: hone
// measures it against GNU wc, a profile shows where its time goes, and the optimization loop
// improves it one verified change at a time. So the code is written the way a first, "obviously
// correct" version often is, not the way a fast one would be:
//
//   * the file is read one character at a time through std::ifstream::get(), and
//   * every character goes through classify_char(), an out-of-line function that copies a
//     std::locale and asks its ctype facet whether the character is a space or printable.
//
// wc::classify_char() is the hot path: expect it, and the std::locale / use_facet machinery it
// calls, at the top of `perf report --children` (record with --call-graph dwarf: libstdc++ has no
// frame pointers). Keep the function names: profiles and demos refer to them.
//
// What counts as a word: this matches GNU wc in the C locale (coreutils 9.1, Debian 12). A word
// starts at a printable non-space byte (isprint: 0x21..0x7e) and ends at a whitespace byte
// (isspace: space, \t, \n, \v, \f, \r). Other bytes -- control characters and every byte >= 0x80,
// such as the bytes of UTF-8 sequences -- neither start nor end a word. So "a\x01b" is one word,
// and a run made only of UTF-8 bytes (a Cyrillic or CJK word) is no word at all in the C locale.
// Lines are newline bytes; bytes are bytes.

#include <cerrno>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <locale>
#include <string>
#include <system_error>
#include <vector>

// The counting code lives in a named namespace (not an anonymous one) so that profiles show
// short, obvious names: wc::count_char, wc::classify_char.
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

// The counter's state while it walks a file.
struct CountState {
  Counts counts;
  bool in_word = false;
};

// Classifies one byte with the C locale's ctype facet.
//
// Naive on purpose: it copies the classic locale and looks up its ctype facet (twice) for every
// single byte of input. This is the example's hotspot.
__attribute__((noinline)) CharClass classify_char(char c) {
  const std::locale loc = std::locale::classic();
  if (std::isspace(c, loc)) return CharClass::kSpace;
  if (std::isprint(c, loc)) return CharClass::kPrintable;
  return CharClass::kOther;
}

// Adds one byte to the running counts.
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

}  // namespace wc

namespace {

using wc::Counts;

// Counts one file, one character at a time. On failure returns false and sets `error`.
bool count_file(const std::string& path, Counts& out, std::string& error) {
  errno = 0;
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    error = errno ? std::strerror(errno) : "cannot open file";
    return false;
  }
  wc::CountState state;
  char c;
  while (in.get(c)) wc::count_char(state, c);
  if (in.bad()) {
    error = errno ? std::strerror(errno) : "read error";
    return false;
  }
  out = state.counts;
  return true;
}

// Width of the number columns, computed the way GNU wc does for regular files: enough digits
// for the total size of all inputs, so a single file's columns line up like `wc FILE`.
int number_width(const std::vector<std::string>& paths) {
  std::uintmax_t total = 0;
  for (const auto& path : paths) {
    std::error_code ec;
    const auto size = std::filesystem::file_size(path, ec);
    if (!ec) total += size;
  }
  int width = 1;
  for (; total >= 10; total /= 10) ++width;
  return width;
}

void print_counts(const Counts& c, int width, const std::string& name) {
  std::printf("%*llu %*llu %*llu %s\n", width, static_cast<unsigned long long>(c.lines), width,
              static_cast<unsigned long long>(c.words), width,
              static_cast<unsigned long long>(c.bytes), name.c_str());
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 2) {
    std::fprintf(stderr, "usage: wc-naive FILE...\n");
    return 2;
  }
  const std::vector<std::string> paths(argv + 1, argv + argc);
  const int width = number_width(paths);

  Counts total;
  int status = 0;
  for (const auto& path : paths) {
    Counts counts;
    std::string error;
    if (!count_file(path, counts, error)) {
      std::fprintf(stderr, "wc-naive: %s: %s\n", path.c_str(), error.c_str());
      status = 1;
      continue;
    }
    print_counts(counts, width, path);
    total.lines += counts.lines;
    total.words += counts.words;
    total.bytes += counts.bytes;
  }
  if (paths.size() > 1) print_counts(total, width, "total");
  return status;
}
