#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <functional>
#include <sstream>

#include "measure/runner.h"
#include "util/error.h"

namespace hone {
namespace {

using ::testing::HasSubstr;
namespace fs = std::filesystem;

const std::string kFixture = std::string(HONE_SOURCE_DIR) + "/tests/fixtures/callgrind/callgrind.out";

template <typename F>
std::string error_of(F&& f) {
  try {
    f();
  } catch (const Error& e) {
    return e.what();
  }
  return "";
}

// A fresh directory per test, removed afterwards.
class ScratchDir {
 public:
  ScratchDir() {
    const auto* info = ::testing::UnitTest::GetInstance()->current_test_info();
    path_ =
        fs::temp_directory_path() / fmt::format("hone-cg-{}-{}-{}", getpid(), info->test_suite_name(), info->name());
    fs::remove_all(path_);
    fs::create_directories(path_);
  }
  ~ScratchDir() { fs::remove_all(path_); }
  std::string file(const std::string& name, const std::string& content) const {
    std::string p = (path_ / name).string();
    std::ofstream(p, std::ios::binary) << content;
    return p;
  }
  std::string str() const { return path_.string(); }
  size_t entries() const {
    return static_cast<size_t>(std::distance(fs::directory_iterator(path_), fs::directory_iterator()));
  }

 private:
  fs::path path_;
};

std::string read_all(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

// --- parse_callgrind_total -----------------------------------------------------------------

TEST(ParseCallgrindTotal, RealValgrindOutput) {
  // Made by valgrind 3.19 (see tests/fixtures/callgrind): summary and totals both 309852950.
  EXPECT_EQ(parse_callgrind_total(kFixture), 309852950.0);
}

TEST(ParseCallgrindTotal, TruncatedCopyOfTheRealFile) {
  ScratchDir dir;
  std::string text = read_all(kFixture);
  ASSERT_GT(text.size(), 1000u);
  // Cut before the header's summary line: what a crash early in the dump leaves.
  std::string head = text.substr(0, text.find("summary:"));
  std::string path = dir.file("truncated.out", head);
  std::string e = error_of([&] { parse_callgrind_total(path); });
  EXPECT_THAT(e, HasSubstr("'" + path + "' is truncated"));
  EXPECT_THAT(e, HasSubstr("no 'totals:' or 'summary:' line"));
  // Cut in the middle of the body: the header's summary still gives the total.
  std::string body = text.substr(0, text.size() / 2);
  ASSERT_EQ(body.find("totals:"), std::string::npos);
  EXPECT_EQ(parse_callgrind_total(dir.file("half.out", body)), 309852950.0);
}

TEST(ParseCallgrindTotal, TotalsWinOverSummary) {
  ScratchDir dir;
  EXPECT_EQ(parse_callgrind_total(dir.file("a.out", "events: Ir\nsummary: 5\nfn=x\n0 7\ntotals: 7\n")), 7.0);
  EXPECT_EQ(parse_callgrind_total(dir.file("b.out", "events: Ir Dr\ntotals: 12 3\n")), 12.0);
  EXPECT_EQ(parse_callgrind_total(dir.file("c.out", "events: Ir\r\ntotals: 9\r\n")), 9.0);
}

TEST(ParseCallgrindTotal, ErrorsNameTheFile) {
  ScratchDir dir;
  std::string missing = dir.str() + "/missing.out";
  EXPECT_EQ(error_of([&] { parse_callgrind_total(missing); }),
            "cannot read callgrind output '" + missing + "': No such file or directory");

  std::string empty = dir.file("empty.out", "");
  EXPECT_EQ(error_of([&] { parse_callgrind_total(empty); }),
            "callgrind output '" + empty + "' is empty (did valgrind crash?)");

  std::string garbage = dir.file("garbage.out", "hello world\n\x01\x02 binary junk\ntotals? no\n");
  EXPECT_EQ(error_of([&] { parse_callgrind_total(garbage); }),
            "'" + garbage + "' is not callgrind output: it has no 'events:' line");

  std::string bad = dir.file("bad.out", "events: Ir\ntotals: 12x\n");
  EXPECT_EQ(error_of([&] { parse_callgrind_total(bad); }),
            "callgrind output '" + bad + "' line 2: expected an instruction count, found 'totals: 12x'");

  std::string blank = dir.file("blank.out", "events: Ir\nsummary:\n");
  EXPECT_THAT(error_of([&] { parse_callgrind_total(blank); }), HasSubstr("line 2"));

  std::string other = dir.file("other.out", "events: Dr Ir\ntotals: 1 2\n");
  EXPECT_THAT(error_of([&] { parse_callgrind_total(other); }), HasSubstr("counts 'Dr' first"));
}

// --- CallgrindRunner with a fake inner runner ----------------------------------------------

class FakeRunner : public Runner {
 public:
  std::function<RunOutcome(const CommandSpec&, const RunOptions&)> on_run;
  std::vector<CommandSpec> seen;
  std::vector<RunOptions> options;
  RunOutcome run(const CommandSpec& cmd, const RunOptions& opts) override {
    seen.push_back(cmd);
    options.push_back(opts);
    return on_run ? on_run(cmd, opts) : RunOutcome{};
  }
};

// The file valgrind is told to write, with %p replaced by pid.
std::string out_file(const CommandSpec& wrapped, int pid) {
  for (const std::string& a : wrapped.argv) {
    const std::string flag = "--callgrind-out-file=";
    if (a.rfind(flag, 0) == 0) {
      std::string f = a.substr(flag.size());
      f.replace(f.find("%p"), 2, std::to_string(pid));
      return f;
    }
  }
  return "";
}

TEST(CallgrindRunner, WrapsTheCommandAndSumsEveryProcess) {
  ScratchDir dir;
  FakeRunner inner;
  inner.on_run = [](const CommandSpec& c, const RunOptions&) {
    std::ofstream(out_file(c, 100)) << "# callgrind format\nevents: Ir\nsummary: 1000\ntotals: 1000\n";
    std::ofstream(out_file(c, 101)) << "# callgrind format\nevents: Ir\nsummary: 234\ntotals: 234\n";
    RunOutcome r;
    r.m.wall = 1.5;
    return r;
  };
  CallgrindRunner runner(inner, dir.str());
  CommandSpec c;
  c.argv = {"./replay", "a b", "--fast"};
  c.display = "./replay 'a b' --fast";
  c.dir = "/somewhere";
  c.env = {{"K", "V"}};
  RunOptions o;
  o.count_instructions = true;
  o.timeout = 60;
  RunOutcome r = runner.run(c, o);
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r.m.instructions, std::optional<double>(1234));
  EXPECT_EQ(r.m.wall, 1.5);  // valgrind's, kept for information
  EXPECT_EQ(dir.entries(), 0u) << "output files are deleted";

  ASSERT_EQ(inner.seen.size(), 1u);
  const CommandSpec& w = inner.seen[0];
  std::vector<std::string> expected = {
      "valgrind",
      "--tool=callgrind",
      "-q",
      "--callgrind-out-file=" + dir.str() + "/cg." + std::to_string(getpid()) + ".0.%p.out",
      "--trace-children=yes",
      "--cache-sim=no",
      "--branch-sim=no",
      "--dump-instr=no",
      "--compress-strings=no",
      "--",
      "./replay",
      "a b",
      "--fast"};
  EXPECT_EQ(w.argv, expected);
  EXPECT_EQ(w.dir, "/somewhere");
  EXPECT_EQ(w.env, c.env);
  EXPECT_FALSE(inner.options[0].count_instructions) << "hardware counters would count valgrind";
  EXPECT_EQ(inner.options[0].timeout, 60);

  // Each run gets its own file names.
  runner.run(c, o);
  EXPECT_THAT(inner.seen[1].argv[3], HasSubstr(".1.%p.out"));
}

TEST(CallgrindRunner, FailedRunPassesThroughAndCleansUp) {
  ScratchDir dir;
  FakeRunner inner;
  inner.on_run = [](const CommandSpec& c, const RunOptions&) {
    std::ofstream(out_file(c, 100)) << "events: Ir\ntotals: 1000\n";
    RunOutcome r;
    r.exit_code = 3;
    r.stderr_tail = "boom\n";
    return r;
  };
  CallgrindRunner runner(inner, dir.str());
  RunOutcome r = runner.run(CommandSpec{{"prog"}, "prog", "", {}}, {});
  EXPECT_EQ(r.exit_code, 3);
  EXPECT_EQ(r.stderr_tail, "boom\n");
  EXPECT_FALSE(r.m.instructions.has_value());
  EXPECT_EQ(dir.entries(), 0u);
}

TEST(CallgrindRunner, ValgrindsCommandNotFoundBecomesASpawnFailure) {
  ScratchDir dir;
  FakeRunner inner;
  inner.on_run = [](const CommandSpec&, const RunOptions&) {
    RunOutcome r;
    r.exit_code = 127;
    r.stderr_tail = "valgrind: nope: command not found\n";
    return r;
  };
  CallgrindRunner runner(inner, dir.str());
  RunOutcome r = runner.run(CommandSpec{{"nope"}, "nope", "", {}}, {});
  EXPECT_TRUE(r.spawn_failed);
  EXPECT_EQ(r.error, "cannot run 'nope': No such file or directory");
}

TEST(CallgrindRunner, MissingOrBrokenOutputIsAnErrorNamingTheFile) {
  ScratchDir dir;
  FakeRunner inner;  // "succeeds" without writing anything
  CallgrindRunner runner(inner, dir.str());
  EXPECT_THAT(error_of([&] {
                runner.run(CommandSpec{{"prog"}, "prog", "", {}}, {});
              }),
              HasSubstr("callgrind wrote no output for 'prog': expected " + dir.str() + "/cg."));

  inner.on_run = [](const CommandSpec& c, const RunOptions&) {
    std::ofstream(out_file(c, 7)) << "# callgrind format\nevents: Ir\n";
    return RunOutcome{};
  };
  std::string e = error_of([&] { runner.run(CommandSpec{{"prog"}, "prog", "", {}}, {}); });
  EXPECT_THAT(e, HasSubstr(dir.str() + "/cg."));
  EXPECT_THAT(e, HasSubstr("is truncated"));
}

TEST(CallgrindRunner, CreatesTheScratchDirectory) {
  ScratchDir dir;
  FakeRunner inner;
  inner.on_run = [](const CommandSpec& c, const RunOptions&) {
    std::ofstream(out_file(c, 1)) << "events: Ir\ntotals: 5\n";
    return RunOutcome{};
  };
  CallgrindRunner runner(inner, dir.str() + "/deeper/still");
  EXPECT_EQ(runner.run(CommandSpec{{"prog"}, "prog", "", {}}, {}).m.instructions, std::optional<double>(5));
}

// --- the real valgrind ------------------------------------------------------------------------

class LiveCallgrind : public ::testing::Test {
 protected:
  void SetUp() override {
    std::string why;
    if (!callgrind_available(&why)) GTEST_SKIP() << why;
  }
  double count(std::vector<std::string> argv) {
    RunOutcome r = runner.run(CommandSpec{argv, "", "", {}}, {});
    EXPECT_TRUE(r.ok()) << r.describe_failure(0) << " " << r.stderr_tail;
    EXPECT_TRUE(r.m.instructions.has_value());
    return r.m.instructions.value_or(0);
  }
  ScratchDir dir;
  ProcessRunner process;
  CallgrindRunner runner{process, dir.str()};
  const std::string spin = std::string(HONE_BINARY_DIR) + "/spin";
};

TEST_F(LiveCallgrind, CountsAreExactAndProportional) {
  ASSERT_TRUE(fs::exists(spin)) << "build the spin target";
  double a1 = count({spin, "1000000"});
  double a2 = count({spin, "1000000"});
  double b = count({spin, "1010000"});
  std::printf("[ callgrind] spin 1000000: %.0f Ir, spin 1010000: %.0f Ir, ratio %.5f\n", a1, b, b / a1);
  EXPECT_GT(a1, 0);
  EXPECT_EQ(a1, a2) << "callgrind counts are deterministic";
  EXPECT_GT(b / a1, 1.005);
  EXPECT_LT(b / a1, 1.015);
  EXPECT_EQ(dir.entries(), 0u);
}

TEST_F(LiveCallgrind, TrueAndShellWrappedPrograms) {
  double t = count({"true"});
  EXPECT_GT(t, 1000);
  // Through a shell that forks: the child is traced too, so the total includes it.
  double wrapped = count({"/bin/sh", "-c", "true; " + spin + " 1000000; true"});
  double alone = count({spin, "1000000"});
  EXPECT_GT(wrapped, alone);
}

TEST_F(LiveCallgrind, CommandNotFound) {
  RunOutcome r = runner.run(CommandSpec{{"hone-no-such-program"}, "", "", {}}, {});
  EXPECT_TRUE(r.spawn_failed);
  EXPECT_EQ(r.error, "cannot run 'hone-no-such-program': No such file or directory");
  EXPECT_EQ(dir.entries(), 0u);
}

TEST_F(LiveCallgrind, FailingProgramIsAFailureNotACount) {
  RunOutcome r = runner.run(CommandSpec{{"/bin/sh", "-c", "echo bad >&2; exit 4"}, "", "", {}}, {});
  EXPECT_EQ(r.exit_code, 4);
  EXPECT_EQ(r.stderr_tail, "bad\n");
  EXPECT_FALSE(r.m.instructions.has_value());
  EXPECT_EQ(dir.entries(), 0u);
}

}  // namespace
}  // namespace hone
