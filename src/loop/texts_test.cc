#include "loop/texts.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace hone::loop {
namespace {

using ::testing::HasSubstr;
using ::testing::StartsWith;

std::vector<BenchResult> results() {
  BenchResult r;
  r.benchmark = "utf8";
  r.before = 0.100;
  r.after = 0.025;
  r.ratio = {0.25, {0.24, 0.26}};
  return {r};
}

TEST(Texts, CommitMessageHasMechanismAndNumbers) {
  CommitInfo c{"Range tests", "C-locale classes are contiguous: two compares per byte.\n", results(), Metric::wall, 2, 7};
  std::string m = commit_message(c);
  EXPECT_THAT(m, StartsWith("Range tests: C-locale classes are contiguous: two compares per byte\n\n"));
  EXPECT_THAT(m, HasSubstr("4.00x speedup on utf8"));
  EXPECT_THAT(m, HasSubstr("100 ms ->"));
  EXPECT_THAT(m, HasSubstr("4.00x faster [3.85x, 4.17x]"));
  EXPECT_THAT(m, HasSubstr("run 7"));
  c.mechanism.clear();
  EXPECT_THAT(commit_message(c), StartsWith("Range tests: no mechanism reported\n"));
}

TEST(Texts, AttemptEntryFollowsTheWorklogFormat) {
  AttemptEntry e;
  e.candidate_id = 2;
  e.name = "Range tests";
  e.decision.outcome = Decision::kept;
  e.decision.reason = "faster";
  e.mechanism = "two compares";
  e.review = "1 file changed, +3 −4";
  e.results = results();
  e.commit = "abc123";
  EXPECT_EQ(attempt_title(e), "Optimization 2: Range tests");
  std::string b = attempt_body(e);
  EXPECT_THAT(b, StartsWith("Status: COMPLETE (kept)\n"));
  EXPECT_THAT(b, HasSubstr("Changes:\n- two compares\n- 1 file changed"));
  EXPECT_THAT(b, HasSubstr("Results:\n\n| Benchmark | Before (median) | After (median) | Change: paired ratio [95% CI] |"));
  EXPECT_THAT(b, HasSubstr("Commit: abc123"));
}

TEST(Texts, LessonsNoteUsesTheTemplate) {
  LessonsInput in;
  in.name = "Byte table";
  in.reason = "no benchmark faster";
  in.results = results();
  in.branch = "hone/slow-byte-table";
  std::string n = lessons_note(in);
  EXPECT_THAT(n, StartsWith("# Why Byte table Failed\n\n## What We Tried"));
  for (const char* h : {"## Results", "## Why It Failed", "## Lessons", "## Future Alternatives"})
    EXPECT_THAT(n, HasSubstr(h));
  EXPECT_THAT(n, HasSubstr("hone/slow-byte-table"));
}

TEST(Texts, FinalAndIncompleteReports) {
  std::string f = final_report(results(), Metric::wall, {{2, "Range tests", "two compares", "abcdef0123456789"}},
                               {"classification dominated"}, "");
  EXPECT_THAT(f, HasSubstr("## Final Results\n\n| Benchmark | Start (median) | End (median) | Improvement: paired ratio [95% CI] |"));
  EXPECT_THAT(f, HasSubstr("## Optimizations Applied\n\n1. Range tests: two compares (abcdef012345)"));
  EXPECT_THAT(f, HasSubstr("## Key Insights\n\n- classification dominated"));
  std::string i = incomplete_report(results(), Metric::wall, {}, {{3, "Byte table", "slow", "no gain"}}, "");
  EXPECT_THAT(i, HasSubstr("- #3 Byte table: slow — no gain"));
  std::string n = future_optimizations_note("wc", results(), Metric::wall, {}, {}, {"SIMD"}, "");
  EXPECT_THAT(n, HasSubstr("## What Architectural Changes Might Help\n\n- SIMD"));
}

}  // namespace
}  // namespace hone::loop
