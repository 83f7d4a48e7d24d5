#include "loop/test_failure.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace hone::loop {
namespace {

using ::testing::ElementsAre;

// Each sample is the runner's real output format, as `make test` or the runner prints it.

TEST(TestFailure, Ctest) {
  const char* out = R"x(Test project /home/me/proj/build
    Start 1: unit.util
1/3 Test #1: unit.util ........................   Passed    0.12 sec
    Start 2: unit.parser
2/3 Test #2: unit.parser ......................***Failed    0.30 sec
    Start 3: e2e.smoke
3/3 Test #3: e2e.smoke ........................   Passed    1.02 sec

67% tests passed, 1 tests failed out of 3

Total Test time (real) =   1.45 sec

The following tests FAILED:
	  2 - unit.parser (Failed)
Errors while running CTest
make: *** [Makefile:91: test] Error 8
)x";
  EXPECT_THAT(failure_lines(out), ElementsAre("2/3 Test #2: unit.parser ......................***Failed    0.30 sec",
                                              "67% tests passed, 1 tests failed out of 3",
                                              "The following tests FAILED:", "2 - unit.parser (Failed)"));
}

TEST(TestFailure, GoogleTest) {
  const char* out = R"x([==========] Running 3 tests from 1 test suite.
[----------] 3 tests from Parser
[ RUN      ] Parser.Empty
[       OK ] Parser.Empty (0 ms)
[ RUN      ] Parser.Nested
../src/parser_test.cc:42: Failure
Expected equality of these values:
  depth(p)
    Which is: 3
  2
[  FAILED  ] Parser.Nested (0 ms)
[ RUN      ] Parser.Flat
[       OK ] Parser.Flat (0 ms)
[----------] 3 tests from Parser (0 ms total)

[==========] 3 tests from 1 test suite ran. (0 ms total)
[  PASSED  ] 2 tests.
[  FAILED  ] 1 test, listed below:
[  FAILED  ] Parser.Nested

 1 FAILED TEST
)x";
  EXPECT_THAT(failure_lines(out),
              ElementsAre("../src/parser_test.cc:42: Failure", "[  FAILED  ] Parser.Nested (0 ms)",
                          "[  FAILED  ] 1 test, listed below:", "[  FAILED  ] Parser.Nested", "1 FAILED TEST"));
}

TEST(TestFailure, Cargo) {
  const char* out = R"x(   Compiling parse v0.1.0 (/home/me/parse)
    Finished `test` profile [unoptimized + debuginfo] target(s) in 0.52s
     Running unittests src/lib.rs (target/debug/deps/parse-1f2e3d4c5b6a7980)

running 3 tests
test tests::parses_empty ... ok
test tests::parses_nested ... FAILED
test tests::round_trip ... ok

failures:

---- tests::parses_nested stdout ----

thread 'tests::parses_nested' panicked at src/lib.rs:42:9:
assertion `left == right` failed
  left: 3
 right: 2
note: run with `RUST_BACKTRACE=1` environment variable to display a backtrace


failures:
    tests::parses_nested

test result: FAILED. 2 passed; 1 failed; 0 ignored; 0 measured; 0 filtered out; finished in 0.00s

error: test failed, to rerun pass `--lib`
)x";
  EXPECT_THAT(
      failure_lines(out),
      ElementsAre("test tests::parses_nested ... FAILED", "thread 'tests::parses_nested' panicked at src/lib.rs:42:9:",
                  "assertion `left == right` failed", "failures:", "tests::parses_nested",
                  "test result: FAILED. 2 passed; 1 failed; 0 ignored; 0 measured; 0 filtered out; finished in "
                  "0.00s"));
}

TEST(TestFailure, Pytest) {
  const char* out = R"x(============================= test session starts ==============================
platform linux -- Python 3.11.2, pytest-7.2.1, pluggy-1.0.0
rootdir: /home/me/parse
collected 3 items

tests/test_parse.py .F.                                                  [100%]

=================================== FAILURES ===================================
_________________________________ test_nested __________________________________

    def test_nested():
>       assert depth("((x))") == 3
E       AssertionError: assert 2 == 3
E        +  where 2 = depth('((x))')

tests/test_parse.py:9: AssertionError
=========================== short test summary info ============================
FAILED tests/test_parse.py::test_nested - AssertionError: assert 2 == 3
========================= 1 failed, 2 passed in 0.03s ==========================
)x";
  EXPECT_THAT(failure_lines(out),
              ElementsAre("FAILED tests/test_parse.py::test_nested - AssertionError: assert 2 == 3",
                          "========================= 1 failed, 2 passed in 0.03s =========================="));
}

TEST(TestFailure, GoTest) {
  const char* out =
      "=== RUN   TestEmpty\n--- PASS: TestEmpty (0.00s)\n=== RUN   TestNested\n"
      "    parse_test.go:12: depth = 2, want 3\n--- FAIL: TestNested (0.00s)\nFAIL\n"
      "FAIL\texample.com/parse\t0.002s\nFAIL\n";
  EXPECT_THAT(failure_lines(out),
              ElementsAre("--- FAIL: TestNested (0.00s)", "FAIL", "FAIL\texample.com/parse\t0.002s"));
}

TEST(TestFailure, GenericFailAndCompilerErrorsNotMakesLastLine) {
  // The wc example's own script under make: the FAIL line, not make's.
  const char* script =
      "ok empty\nok one-line\nFAIL high-bytes: wc-naive differs from 'LC_ALL=C wc' (- wc, + wc-naive):\n"
      "--- LC_ALL=C wc\n+++ wc-naive\n@@ -1 +1 @@\n-1 2 12\n+1 3 12\nrun-tests: 2 passed, 1 failed\n"
      "make: *** [Makefile:40: test] Error 1\n";
  EXPECT_THAT(failure_lines(script),
              ElementsAre("FAIL high-bytes: wc-naive differs from 'LC_ALL=C wc' (- wc, + wc-naive):"));
  const char* compile =
      "g++ -O2 -c src/count.cc -o build/count.o\n"
      "src/count.cc:12:5: error: 'classify' was not declared in this scope\n"
      "   12 |     classify(c);\n      |     ^~~~~~~~\nmake: *** [Makefile:20: build/count.o] Error 1\n";
  EXPECT_THAT(failure_lines(compile),
              ElementsAre("src/count.cc:12:5: error: 'classify' was not declared in this scope"));
  // TAP: not ok.
  EXPECT_THAT(failure_lines("1..2\nok 1 - empty\nnot ok 2 - nested\n"), ElementsAre("not ok 2 - nested"));
}

TEST(TestFailure, ColoursStrippedAndCapped) {
  std::string out = "\x1b[31m[  FAILED  ] A.B (0 ms)\x1b[0m\r\n";
  EXPECT_THAT(failure_lines(out), ElementsAre("[  FAILED  ] A.B (0 ms)"));
  std::string many;
  for (int i = 0; i < 30; ++i) many += "--- FAIL: Test" + std::to_string(i) + " (0.00s)\n";
  EXPECT_EQ(failure_lines(many, 12).size(), 12u);
}

TEST(TestFailure, ExcerptFallsBackToTheLastLines) {
  EXPECT_EQ(test_failure_excerpt("[  FAILED  ] A.B (0 ms)\nmake: *** [test] Error 1\n"), "[  FAILED  ] A.B (0 ms)");
  EXPECT_EQ(test_failure_excerpt("one\ntwo\n\nthree\nSegmentation fault (core dumped)\n", 2),
            "three | Segmentation fault (core dumped)");
  EXPECT_EQ(test_failure_excerpt(""), "");
}

}  // namespace
}  // namespace hone::loop
