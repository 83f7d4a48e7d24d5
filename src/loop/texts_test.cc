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
  CommitInfo c{
      "Range tests", "C-locale classes are contiguous: two compares per byte.\n", results(), Metric::wall, 2, 7};
  std::string m = commit_message(c);
  EXPECT_THAT(m, StartsWith("Range tests: C-locale classes are contiguous: two compares per byte\n\n"));
  EXPECT_THAT(m, HasSubstr("4.00x speedup on utf8"));
  EXPECT_THAT(m, HasSubstr("100 ms ->"));
  EXPECT_THAT(m, HasSubstr("4.00x faster [3.85x, 4.17x]"));
  EXPECT_THAT(m, HasSubstr("run 7"));
  c.mechanism.clear();
  EXPECT_THAT(commit_message(c), StartsWith("Range tests: no mechanism reported\n"));
}

size_t code_points(const std::string& s) {
  size_t n = 0;
  for (char ch : s) n += (static_cast<unsigned char>(ch) & 0xC0) != 0x80;
  return n;
}

TEST(Texts, SubjectsFitInSeventyTwo) {
  EXPECT_EQ(fit_subject("Short: subject\n\nbody\n"), "Short: subject\n\nbody\n");
  EXPECT_EQ(fit_subject("hone: attempt 3 at Range tests"), "hone: attempt 3 at Range tests");
  std::string exact(72, 'x');
  EXPECT_EQ(fit_subject(exact), exact);

  // The 170-character subject: cut at a word, the whole line opens the body.
  std::string line =
      "Replace the per-byte std::istream::get loop with 64 KiB block reads and a branch-free classifier: "
      "the C locale's character classes are contiguous byte ranges, so two compares per byte";
  std::string m = fit_subject(line + "\n\n2.00x speedup on utf8.\n");
  std::string subject = m.substr(0, m.find('\n'));
  EXPECT_LE(subject.size(), kMaxSubject);
  EXPECT_EQ(subject, "Replace the per-byte std::istream::get loop with 64 KiB block reads...");
  EXPECT_EQ(m, subject + "\n\n" + line + "\n\n2.00x speedup on utf8.\n");

  // One long word is cut inside it; multi-byte characters are counted, never split.
  std::string word(100, 'a');
  EXPECT_EQ(fit_subject(word), std::string(69, 'a') + "...\n\n" + word + "\n");
  std::string accents;
  for (int i = 0; i < 40; ++i) accents += "é ";
  std::string fitted = fit_subject(accents);
  std::string s2 = fitted.substr(0, fitted.find('\n'));
  EXPECT_LE(code_points(s2), kMaxSubject);
  EXPECT_EQ(s2.substr(s2.size() - 5), "é...");
}

TEST(Texts, CommitMessageSubjectOfALongCandidateFits) {
  CommitInfo c{"Cache the decoded UTF-8 lead byte classes in a 256-entry table per stream",
               "each byte costs one load instead of a locale facet call and two branches",
               results(),
               Metric::wall,
               2,
               7};
  std::string m = commit_message(c);
  std::string subject = m.substr(0, m.find('\n'));
  EXPECT_LE(subject.size(), kMaxSubject);
  EXPECT_THAT(subject, StartsWith("Cache the decoded UTF-8 lead byte classes"));
  EXPECT_THAT(m, HasSubstr("\n\nCache the decoded UTF-8 lead byte classes in a 256-entry table per stream: each byte "
                           "costs one load instead of a locale facet call and two branches\n\n"));
  EXPECT_THAT(m, HasSubstr("4.00x speedup on utf8"));
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
  EXPECT_THAT(
      b, HasSubstr("Results:\n\n| Benchmark | Before (median) | After (median) | Change: paired ratio [95% CI] |"));
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
  EXPECT_THAT(
      f, HasSubstr(
             "## Final Results\n\n| Benchmark | Start (median) | End (median) | Improvement: paired ratio [95% CI] |"));
  EXPECT_THAT(f, HasSubstr("## Optimizations Applied\n\n1. Range tests: two compares (abcdef012345)"));
  EXPECT_THAT(f, HasSubstr("## Key Insights\n\n- classification dominated"));
  std::string i = incomplete_report(results(), Metric::wall, {}, {{3, "Byte table", "slow", "no gain"}}, "");
  EXPECT_THAT(i, HasSubstr("- #3 Byte table: slow — no gain"));
  std::string n = future_optimizations_note("wc", results(), Metric::wall, {}, {}, {"SIMD"}, "");
  EXPECT_THAT(n, HasSubstr("## What Architectural Changes Might Help\n\n- SIMD"));
}

}  // namespace
}  // namespace hone::loop
