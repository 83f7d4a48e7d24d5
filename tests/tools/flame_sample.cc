// flame_sample: renders a flame graph SVG for the browser e2e test and the docs' screenshot,
// from folded stacks ("a;b;c 123" per line) or from a built-in profile shaped like the bundled
// example's (wc-naive's per-character hot path). Test-only: it has its own tiny folded-stack
// reader so that it depends on flamegraph.cc alone.
//
//   flame_sample [--title T] [--subtitle S] [--width PX] [--min-width PX]
//                [--base A.folded] [--demo | FILE | -]   > out.svg
//
// With --base, draws the differential graph of the input (B) against A.
#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <iostream>
#include <sstream>
#include <string>

#include "profile/flamegraph.h"

namespace {

using hone::profile::FlameOptions;
using hone::profile::Profile;
using hone::profile::Stack;

[[noreturn]] void usage(const std::string& why) {
  std::fprintf(stderr,
               "flame_sample: %s\nusage: flame_sample [--title T] [--subtitle S] [--width PX] "
               "[--min-width PX] [--base A.folded] [--demo | FILE | -]\n",
               why.c_str());
  std::exit(2);
}

Profile read_folded(std::istream& in, const std::string& source) {
  Profile p;
  p.event = "cpu-clock";
  p.unit = "samples";
  std::string line;
  int lineno = 0;
  while (std::getline(in, line)) {
    ++lineno;
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (line.empty() || line[0] == '#') continue;
    auto space = line.rfind(' ');
    char* end = nullptr;
    double w = space == std::string::npos ? 0 : std::strtod(line.c_str() + space + 1, &end);
    if (space == std::string::npos || end == line.c_str() + space + 1 || *end != '\0') {
      usage(source + ":" + std::to_string(lineno) + ": expected 'frame;frame;... weight'");
    }
    Stack s;
    std::string frames = line.substr(0, space);
    size_t at = 0;
    while (at <= frames.size()) {
      size_t semi = frames.find(';', at);
      if (semi == std::string::npos) semi = frames.size();
      if (semi > at) s.frames.push_back(frames.substr(at, semi - at));
      at = semi + 1;
    }
    s.weight = w;
    p.total += w;
    p.max_depth = std::max(p.max_depth, s.frames.size());
    p.stacks.push_back(std::move(s));
  }
  return p;
}

Profile read_folded_file(const std::string& path) {
  if (path == "-") return read_folded(std::cin, "stdin");
  std::ifstream in(path);
  if (!in) usage("cannot open " + path);
  return read_folded(in, path);
}

// Shaped like a perf profile of examples/wc's wc-naive on a large text file.
constexpr const char* kDemo = R"(wc-naive;_start;__libc_start_main;main;count_file;wc::count_char;wc::classify_char 5120
wc-naive;_start;__libc_start_main;main;count_file;wc::count_char 1210
wc-naive;_start;__libc_start_main;main;count_file;std::istream::get 1480
wc-naive;_start;__libc_start_main;main;count_file;std::istream::get;std::basic_streambuf<char, std::char_traits<char> >::uflow 390
wc-naive;_start;__libc_start_main;main;count_file;std::istream::get;std::basic_streambuf<char, std::char_traits<char> >::uflow;std::basic_filebuf<char, std::char_traits<char> >::underflow 210
wc-naive;_start;__libc_start_main;main;count_file;std::istream::get;std::basic_streambuf<char, std::char_traits<char> >::uflow;std::basic_filebuf<char, std::char_traits<char> >::underflow;read;[kernel.kallsyms] 160
wc-naive;_start;__libc_start_main;main;count_file;std::basic_ifstream<char, std::char_traits<char> >::basic_ifstream;std::locale::locale 24
wc-naive;_start;__libc_start_main;main;count_file;std::istream::sentry::sentry 640
wc-naive;_start;__libc_start_main;main;count_file 310
wc-naive;_start;__libc_start_main;main;print_counts;std::ostream::operator<< 12
wc-naive;_start;__libc_start_main;main;number_width;std::filesystem::file_size 6
wc-naive;_start;_dl_start;_dl_start_final;_dl_sysdep_start;dl_main;_dl_relocate_object 30
wc-naive;[unknown] 18
)";

}  // namespace

int main(int argc, char** argv) {
  FlameOptions opts;
  std::string input, base;
  bool demo = false;
  for (int i = 1; i < argc; ++i) {
    std::string a = argv[i];
    auto value = [&]() -> std::string {
      if (i + 1 >= argc) usage(a + " needs a value");
      return argv[++i];
    };
    if (a == "--title") {
      opts.title = value();
    } else if (a == "--subtitle") {
      opts.subtitle = value();
    } else if (a == "--width") {
      opts.width = std::atoi(value().c_str());
    } else if (a == "--min-width") {
      opts.min_width_px = std::atof(value().c_str());
    } else if (a == "--base") {
      base = value();
    } else if (a == "--demo") {
      demo = true;
    } else if (!a.empty() && a[0] == '-' && a != "-") {
      usage("unknown option " + a);
    } else if (input.empty()) {
      input = a;
    } else {
      usage("one input only");
    }
  }
  Profile p;
  if (demo) {
    std::istringstream in(kDemo);
    p = read_folded(in, "demo");
  } else {
    p = read_folded_file(input.empty() ? "-" : input);
  }
  std::string svg = base.empty() ? hone::profile::flamegraph_svg(p, opts)
                                 : hone::profile::differential_svg(read_folded_file(base), p, opts);
  std::fwrite(svg.data(), 1, svg.size(), stdout);
  return 0;
}
