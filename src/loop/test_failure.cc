#include "loop/test_failure.h"

#include <re2/re2.h>

#include <algorithm>
#include <set>
#include <sstream>

namespace hone::loop {

namespace {

std::string strip_ansi(const std::string& s) {
  std::string out;
  out.reserve(s.size());
  for (size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '\x1b' && i + 1 < s.size() && s[i + 1] == '[') {
      i += 2;
      while (i < s.size() && !(s[i] >= '@' && s[i] <= '~')) ++i;
      continue;
    }
    if (s[i] == '\r') continue;
    out += s[i];
  }
  return out;
}

std::string trimmed(const std::string& s) {
  size_t b = s.find_first_not_of(" \t");
  if (b == std::string::npos) return "";
  size_t e = s.find_last_not_of(" \t");
  return s.substr(b, e - b + 1);
}

std::vector<std::string> lines_of(const std::string& text) {
  std::vector<std::string> lines;
  std::istringstream in(strip_ansi(text));
  std::string line;
  while (std::getline(in, line)) lines.push_back(line);
  return lines;
}

// Lines that say a named test failed, by the runners' own formats.
const RE2& specific() {
  static const RE2 re(R"(^\s*(\[  FAILED  \] \S)"                // GoogleTest: [  FAILED  ] Suite.Name (3 ms)
                      R"(|\S+:\d+: Failure$)"                    // GoogleTest: where the expectation failed
                      R"(|\d+/\d+ Test +#\d+: \S+ .*\*\*\*\w+)"  // ctest: 2/3 Test #2: unit.x ...***Failed
                      R"(|\d+ FAILED TESTS?$)"                   // GoogleTest's count
                      R"(|test \S+ \.\.\. FAILED)"               // cargo / libtest: test tests::x ... FAILED
                      R"(|test result: FAILED)"                  // cargo's summary
                      R"(|thread '[^']+' panicked at)"           // cargo: where the assertion fired (+ next line)
                      R"(|FAILED \S+::\S+)"                      // pytest: FAILED tests/t.py::test_x - why
                      R"(|=+ .*\bfailed\b.* in [0-9.]+s)"        // pytest's summary line
                      R"(|--- FAIL: \S+)"                        // go test (+ next line: the message)
                      R"(|FAIL\s+\S+\s+[0-9.]+s$)"               // go test's package line
                      R"(|\d+% tests passed, \d+ tests? failed out of \d+))"  // ctest's count
  );
  return re;
}

// Generic words of failure: a FAIL/FAILED word, or a compiler's "file:line: error:".
const RE2& generic() {
  static const RE2 re(R"((^|[^A-Za-z_])(FAIL|FAILED|FAILURE)([^A-Za-z_]|$)|(^|\s|:)error:|^Error:|\bnot ok \d+)");
  return re;
}

}  // namespace

std::vector<std::string> failure_lines(const std::string& output, size_t max) {
  std::vector<std::string> lines = lines_of(output);
  std::vector<std::string> out;
  std::set<std::string> seen;
  auto add = [&](const std::string& line) {
    std::string t = trimmed(line);
    if (t.empty() || out.size() >= max || !seen.insert(t).second) return;
    out.push_back(t);
  };
  // Lists under a heading: ctest's "The following tests FAILED:" and cargo's second
  // "failures:" (the names; the first one holds each test's captured output).
  auto list_after = [&](size_t i) {
    for (size_t j = i + 1; j < lines.size(); ++j) {
      std::string t = trimmed(lines[j]);
      if (t.empty() || t.rfind("Errors while running", 0) == 0 || t.rfind("test result:", 0) == 0) break;
      add(t);
    }
  };
  bool any = false;
  size_t last_failures = lines.size();
  for (size_t i = 0; i < lines.size(); ++i)
    if (trimmed(lines[i]) == "failures:") last_failures = i;
  for (size_t i = 0; i < lines.size(); ++i) {
    std::string t = trimmed(lines[i]);
    if (t == "The following tests FAILED:") {
      add(t);
      list_after(i);
      any = true;
    } else if (i == last_failures) {
      add(t);
      list_after(i);
      any = true;
    } else if (RE2::PartialMatch(lines[i], specific())) {
      add(t);
      any = true;
      // The message follows the line naming the test: cargo's assertion, go's t.Error text.
      if ((t.find("panicked at") != std::string::npos || t.rfind("--- FAIL:", 0) == 0) && i + 1 < lines.size())
        add(lines[i + 1]);
    }
  }
  if (any) return out;
  for (const std::string& line : lines)
    if (RE2::PartialMatch(line, generic())) add(line);
  return out;
}

std::string test_failure_excerpt(const std::string& output, size_t tail) {
  std::vector<std::string> lines = failure_lines(output);
  if (lines.empty()) {
    std::vector<std::string> all;
    for (const std::string& l : lines_of(output))
      if (!trimmed(l).empty()) all.push_back(trimmed(l));
    size_t from = all.size() > tail ? all.size() - tail : 0;
    lines.assign(all.begin() + static_cast<std::ptrdiff_t>(from), all.end());
  }
  std::string out;
  for (size_t i = 0; i < lines.size(); ++i) out += (i ? " | " : "") + lines[i];
  return out;
}

}  // namespace hone::loop
