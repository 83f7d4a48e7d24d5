#pragma once
// When [project] test fails, the reason quotes the lines that name the failure, not the test
// runner's last line (make's "*** [Makefile:12: test] Error 1" says nothing). Pure: the output
// as the command printed it in, what to quote out.
#include <string>
#include <vector>

namespace hone::loop {

// The lines of a test run's output that name what failed, in order, each once, trimmed and
// without terminal colours: ctest's "The following tests FAILED:" list, GoogleTest's
// "[  FAILED  ] Suite.Name", cargo's "test x ... FAILED", its "failures:" list and "test result:
// FAILED.", pytest's "FAILED path::test - why" and its summary, go's "--- FAIL: TestX" and
// "FAIL pkg", then generic "FAIL"/"FAILED" words and compiler "error:" lines. At most `max`
// lines; empty when nothing in the output names a failure.
std::vector<std::string> failure_lines(const std::string& output, size_t max = 12);

// What a failed test run's reason quotes: the failure lines joined with " | ", or, when none
// is found, the last `tail` lines of the output.
std::string test_failure_excerpt(const std::string& output, size_t tail = 8);

}  // namespace hone::loop
