#include "project/profile_run.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <deque>
#include <fstream>
#include <sstream>

#include "util/error.h"

namespace hone {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::Not;

// perf and valgrind as scripted: `perf script` answers the next text of `scripts`; a failing
// `perf record` says `record_stderr`; valgrind writes `callgrind_out` where it is told to.
class FakeTools : public Runner {
 public:
  bool perf_installed = true;
  std::string record_stderr;  // non-empty: perf record fails saying this
  std::deque<std::string> scripts;
  std::string callgrind_out;
  std::vector<std::string> calls;  // the commands run, as shown

  RunOutcome run(const CommandSpec& cmd, const RunOptions& opts) override {
    calls.push_back(cmd.display);
    RunOutcome r;
    const std::vector<std::string>& a = cmd.argv;
    if (a.at(0) == "perf" && !perf_installed) {
      r.spawn_failed = true;
      r.error = "cannot run 'perf': No such file or directory";
    } else if (a.at(0) == "perf" && a.at(1) == "record" && !record_stderr.empty()) {
      r.exit_code = 255;
      r.stderr_tail = record_stderr;
    } else if (a.at(0) == "perf" && a.at(1) == "script") {
      EXPECT_TRUE(opts.capture_stdout);
      r.stdout_text = scripts.empty() ? "" : scripts.front();
      if (!scripts.empty()) scripts.pop_front();
    } else if (a.at(0) == "valgrind") {
      for (const std::string& w : a)
        if (w.rfind("--callgrind-out-file=", 0) == 0) std::ofstream(w.substr(21)) << callgrind_out;
    }
    return r;
  }
};

Job wc_job() {
  Job j;
  j.benchmark = "small";
  j.target = "ours";
  j.cmd.argv = {"/p/build/wc", "in.txt"};
  j.cmd.display = "build/wc in.txt";
  j.cmd.dir = "/p";
  return j;
}

// `perf script` text: n samples of one stack, in the program `wc` (an "[unknown]" frame in a
// library without symbols).
std::string samples(int n, const std::vector<std::string>& frames_root_first) {
  std::string out;
  for (int i = 0; i < n; ++i) {
    out += "wc 100 1.0: 1 cpu-clock: \n";
    for (auto f = frames_root_first.rbegin(); f != frames_root_first.rend(); ++f)
      out += *f == "[unknown]" ? "\t  7f0000 [unknown] (/usr/lib/libstdc++.so.6)\n"
                               : "\t  401000 " + *f + "+0x1 (/p/build/wc)\n";
    out += "\n";
  }
  return out;
}

const CounterAvailability kNoCounters{false, "this VM exposes no hardware counters"};
const CounterAvailability kCounters{true, ""};

std::filesystem::path scratch() {
  std::filesystem::path p = std::filesystem::path(testing::TempDir()) / "hone-profile-run-test";
  std::filesystem::create_directories(p);
  return p;
}

template <typename F>
std::string error_of(F&& f) {
  try {
    f();
  } catch (const Error& e) {
    return e.what();
  }
  return "";
}

TEST(PerfCapture, DeepFramePointerStacksAreRecordedOnce) {
  FakeTools tools;
  tools.scripts = {samples(300, {"_start", "main", "count"}) + samples(200, {"_start", "main", "read"})};
  ProfileOptions o;
  CapturedProfile c = perf_capture(tools, wc_job(), o, scratch(), kCounters);
  ASSERT_EQ(tools.calls.size(), 3u);
  EXPECT_EQ(tools.calls[0], "perf --version");
  EXPECT_THAT(tools.calls[1], HasSubstr("perf record -q -e cycles -F 999 -o "));
  EXPECT_THAT(tools.calls[1], HasSubstr(" -g -- /p/build/wc in.txt"));
  EXPECT_THAT(tools.calls[2], HasSubstr("perf script -i "));
  EXPECT_EQ(c.how, "perf record -e cycles -F 999 -g (frame pointers)");
  EXPECT_EQ(c.command, "build/wc in.txt");
  EXPECT_EQ(c.profile.total, 500);
  EXPECT_THAT(c.notes, ElementsAre());
}

TEST(PerfCapture, WithoutCountersSamplesTheCpuClockAndSaysWhy) {
  FakeTools tools;
  tools.scripts = {samples(500, {"_start", "main", "count"})};
  CapturedProfile c = perf_capture(tools, wc_job(), ProfileOptions{}, scratch(), kNoCounters);
  EXPECT_THAT(tools.calls[1], HasSubstr("-e cpu-clock"));
  EXPECT_THAT(c.notes, ElementsAre("sampled the cpu-clock software event: this VM exposes no hardware counters"));
}

TEST(PerfCapture, ShallowStacksAreRecordedAgainWithDwarf) {
  FakeTools tools;
  tools.scripts = {samples(500, {"count"}), samples(500, {"_start", "main", "count"})};
  CapturedProfile c = perf_capture(tools, wc_job(), ProfileOptions{}, scratch(), kCounters);
  ASSERT_EQ(tools.calls.size(), 5u);
  EXPECT_THAT(tools.calls[3], HasSubstr("--call-graph dwarf --"));
  EXPECT_EQ(c.how, "perf record -e cycles -F 999 --call-graph dwarf (DWARF unwinding)");
  EXPECT_THAT(c.notes, ElementsAre("frame-pointer stacks came out shallow (median depth 1): recorded again with "
                                   "--call-graph dwarf"));
}

TEST(PerfCapture, BrokenStacksOnBothKeepTheFramePointerProfile) {
  FakeTools tools;
  // Frame pointers lost in 40% of the stacks, DWARF in all of them: the first stays.
  tools.scripts = {samples(300, {"_start", "main", "count"}) + samples(200, {"[unknown]", "x", "count"}),
                   samples(500, {"[unknown]", "y", "count"})};
  CapturedProfile c = perf_capture(tools, wc_job(), ProfileOptions{}, scratch(), kCounters);
  EXPECT_EQ(c.how, "perf record -e cycles -F 999 -g (frame pointers)");
  EXPECT_EQ(c.profile.total, 500);
  ASSERT_EQ(c.notes.size(), 2u);
  EXPECT_THAT(c.notes[0], HasSubstr("frame-pointer unwinding lost its way in 40% of the stacks"));
  EXPECT_EQ(c.notes[1], "DWARF unwinding did no better: kept the frame-pointer stacks");
}

TEST(PerfCapture, FewSamplesAreCalledRough) {
  FakeTools tools;
  tools.scripts = {samples(100, {"_start", "main", "count"})};
  CapturedProfile c = perf_capture(tools, wc_job(), ProfileOptions{}, scratch(), kCounters);
  EXPECT_THAT(c.notes, ElementsAre("only 100 samples: shares are rough (±10 points at 50%); raise --frequency "
                                   "(e.g. 4999) or profile a longer benchmark"));
}

TEST(PerfCapture, ErrorsSayWhatToDo) {
  FakeTools missing;
  missing.perf_installed = false;
  EXPECT_THAT(error_of([&] { perf_capture(missing, wc_job(), ProfileOptions{}, scratch(), kCounters); }),
              HasSubstr("perf is not installed: install it (Debian: apt-get install linux-perf"));

  FakeTools denied;
  denied.record_stderr = "Error:\nNo permission to enable cycles event.\n";
  std::string e = error_of([&] { perf_capture(denied, wc_job(), ProfileOptions{}, scratch(), kCounters); });
  EXPECT_THAT(e, HasSubstr("perf may not sample here (kernel.perf_event_paranoid = "));
  EXPECT_THAT(e, HasSubstr("hone profile small --metric instructions"));

  FakeTools crashed;
  crashed.record_stderr = "Segmentation fault\n";
  EXPECT_THAT(error_of([&] { perf_capture(crashed, wc_job(), ProfileOptions{}, scratch(), kCounters); }),
              HasSubstr("`build/wc in.txt` under perf record exited with status 255"));

  FakeTools silent;  // perf script prints nothing
  EXPECT_THAT(error_of([&] { perf_capture(silent, wc_job(), ProfileOptions{}, scratch(), kCounters); }),
              HasSubstr("perf recorded no samples of `build/wc in.txt`"));
}

std::string fixture_at(const std::filesystem::path& p) {
  std::ifstream in(p, std::ios::binary);
  EXPECT_TRUE(in) << p;
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

std::string fixture(const std::string& rel) {
  return fixture_at(std::string(HONE_SOURCE_DIR) + "/tests/fixtures/" + rel);
}

TEST(CallgrindCapture, ReadsTheOutputValgrindWrote) {
  FakeTools tools;
  tools.callgrind_out = fixture("callgrind/callgrind.out");
  CapturedProfile c = callgrind_capture(tools, wc_job(), scratch());
  ASSERT_EQ(tools.calls.size(), 1u);
  EXPECT_THAT(tools.calls[0], HasSubstr("valgrind --tool=callgrind -q --callgrind-out-file="));
  EXPECT_EQ(c.profile.unit, "instructions");
  EXPECT_EQ(c.profile.total, 309852950);
  EXPECT_FALSE(c.functions.empty());
  EXPECT_EQ(c.how, "valgrind --tool=callgrind (exact instruction counts)");
}

CapturedProfile sampled(const std::string& label, int count, int read) {
  CapturedProfile c;
  c.label = label;
  c.profile = profile::parse_perf_script(
      samples(count, {"_start", "main", "count"}) + samples(read, {"_start", "main", "read"}), "t.txt");
  return c;
}

TEST(ProfileNote, HotspotTablesBySelfThenTotal) {
  std::string t = hotspot_tables(sampled("ours", 300, 100), 15, "##", "");
  EXPECT_THAT(t, HasSubstr("## Hotspots by self (400 samples in all)\n"));
  EXPECT_THAT(t, HasSubstr("| 1 | `count` | 300 | 75.0% | 75.0% |\n| 2 | `read` | 100 | 25.0% | 25.0% |\n"));
  EXPECT_THAT(t, HasSubstr("## Hotspots by total\n"));
  EXPECT_THAT(t, HasSubstr("| `main` | 100.0% | 0.0% |"));
  EXPECT_THAT(hotspot_tables(sampled("ours", 300, 100), 1, "##", ": ours@A"), Not(HasSubstr("`read`")));
}

TEST(ProfileNote, DiffTableOfSamples) {
  std::string t = diff_table(sampled("ours@A", 300, 100), sampled("ours", 100, 100), 15);
  EXPECT_THAT(t, HasSubstr("## What changed: ours@A → ours\n"));
  EXPECT_THAT(t, HasSubstr("| `count` | 75.0% | 50.0% | -25.0 | 300 → 100 |"));
  EXPECT_THAT(t, HasSubstr("Total: 400 → 200 samples (-50.0%;"));
}

TEST(ProfileNote, JsonNamesTheFilesAndTheChanges) {
  ProfileResult r;
  r.profiles = {sampled("ours@A", 300, 100), sampled("ours", 100, 100)};
  r.note = "/p/perf/research/03-profile-small-diff.md";
  r.svg = "/p/perf/research/03-profile-small-diff.svg";
  r.folded = {"/p/a.folded", "/p/b.folded"};
  nlohmann::json j = profile_json(r, 1);
  EXPECT_EQ(j["note"], r.note.string());
  EXPECT_EQ(j["folded"][1], "/p/b.folded");
  ASSERT_EQ(j["profiles"].size(), 2u);
  EXPECT_EQ(j["profiles"][0]["label"], "ours@A");
  ASSERT_EQ(j["profiles"][0]["hotspots"].size(), 1u);
  EXPECT_EQ(j["profiles"][0]["hotspots"][0]["function"], "count");
  EXPECT_EQ(j["profiles"][0]["hotspots"][0]["self_share"], 0.75);
  ASSERT_EQ(j["changes"].size(), 1u);
  EXPECT_EQ(j["changes"][0]["self_a"], 300);
}

TEST(ProfileNote, WritesTheNoteFlameGraphAndFoldedStacksNumberedTogether) {
  std::filesystem::path root = std::filesystem::path(testing::TempDir()) / "hone-profile-note-test";
  std::filesystem::remove_all(root);
  std::filesystem::create_directories(root / "perf" / "research");
  std::ofstream(root / "perf" / "research" / "02-gnu-wc.md") << "# GNU wc\n";
  Config cfg;
  cfg.root = root;
  cfg.project.name = "wc";
  cfg.project.artifacts = "perf";
  Store store = Store::open(root / ".hone" / "hone.db");
  CapturedProfile a = sampled("ours@base", 300, 100), b = sampled("ours", 100, 100);
  a.commit = "0123456789abcdef";
  b.notes = {"only 200 samples: shares are rough"};
  ProfileResult r = write_profile_note(cfg, store, "small", {a, b}, 15);
  std::filesystem::path dir = root / "perf" / "research";
  EXPECT_EQ(r.note, dir / "03-profile-small-diff.md");
  EXPECT_EQ(r.svg, dir / "03-profile-small-diff.svg");
  EXPECT_THAT(r.folded, ElementsAre(dir / "03-profile-small-diff-a.folded", dir / "03-profile-small-diff-b.folded"));
  std::string md = fixture_at(r.note);
  EXPECT_THAT(md, HasSubstr("# Profile: small (ours@base → ours)\n"));
  EXPECT_THAT(md, HasSubstr("- `ours@base`: `` at commit 0123456789ab\n- `ours`: `` at commit (none)\n"));
  EXPECT_THAT(md, HasSubstr("## Notes\n\n- ours: only 200 samples: shares are rough\n"));
  EXPECT_THAT(md, HasSubstr(r.tables));
  EXPECT_THAT(r.tables, HasSubstr("## What changed: ours@base → ours"));
  EXPECT_THAT(r.tables, HasSubstr("## Hotspots by self: ours@base (400 samples in all)"));
  EXPECT_EQ(fixture_at(r.folded[0]), profile::to_folded(a.profile));
  EXPECT_THAT(fixture_at(r.svg), HasSubstr("<svg"));
  std::vector<EventRecord> events = store.events();
  ASSERT_EQ(events.size(), 1u);
  EXPECT_EQ(events[0].kind, "profile");
  EXPECT_EQ(events[0].title, "Profile: small");
  EXPECT_EQ(events[0].body,
            "Hotspots and flame graph in [research/03-profile-small-diff.md](research/03-profile-small-diff.md).\n");
  // A second profile takes the next number; nothing is overwritten.
  EXPECT_EQ(write_profile_note(cfg, store, "small", {b}, 15).note, dir / "04-profile-small.md");
}

}  // namespace
}  // namespace hone
