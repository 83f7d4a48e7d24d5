// wc-naive: count lines, words and bytes like `LC_ALL=C wc FILE...`.
//
// This program is deliberately slow. It is the starting point of hone's bundled example: hone
// measures it against GNU wc, a profile shows where its time goes, and the optimization loop
// improves it one verified change at a time. So the code is written the way a first, "obviously
// correct" version often is, not the way a fast one would be:
//
//   * the file is read one character at a time through std::ifstream::get() (here), and
//   * every character goes through wc::count_char() and wc::classify_char(), an out-of-line
//     function that searches tables of space and printable characters one entry at a time
//     (the counting core, src/count.h and src/count.cc).
//
// wc::classify_char() is the hot path, with istream::get next. What counts as a word is
// described in src/count.h.

#include <cerrno>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <string>
#include <system_error>
#include <vector>

#include "count.h"

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
              static_cast<unsigned long long>(c.words), width, static_cast<unsigned long long>(c.bytes), name.c_str());
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
