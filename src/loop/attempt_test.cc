#include "loop/attempt.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace hone::loop {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::StartsWith;

// Records what the sequence asked of the world; answers are set per test.
class FakeWorld : public AttemptWorld {
 public:
  DiffReview review;
  std::string build_failure, test_failure;
  Measured measured;
  std::vector<std::string> calls;
  std::string message;
  Decision::Outcome decided_as = Decision::rejected;
  Kept kept{"0123456789abcdef0123", "main", ""};

  DiffReview collect_changes() override {
    calls.push_back("collect");
    return review;
  }
  std::string build() override {
    calls.push_back("build");
    return build_failure;
  }
  std::string test() override {
    calls.push_back("test");
    return test_failure;
  }
  Measured measure() override {
    calls.push_back("measure");
    return measured;
  }
  LayoutMeasured layouts;
  LayoutMeasured measure_layouts() override {
    calls.push_back("layouts");
    return layouts;
  }
  void decided(const AttemptOutcome& o) override {
    calls.push_back("decided");
    decided_as = o.decision.outcome;
  }
  Kept commit_to_main(const std::string& m) override {
    calls.push_back("commit");
    message = m;
    return kept;
  }
  std::string park_slow() override {
    calls.push_back("park");
    return "hone/slow-x";
  }
  std::string write_lessons(const std::string& text) override {
    calls.push_back("lessons");
    message = text;
    return "perf/research/03-x-lessons.md";
  }
  std::string keep_for_inspection() override {
    calls.push_back("keep");
    return "hone/x";
  }
};

BenchResult result(std::string bench, double ratio, double lo, double hi) {
  BenchResult r;
  r.benchmark = std::move(bench);
  r.before = 0.1;
  r.after = 0.1 * ratio;
  r.ratio = {ratio, {lo, hi}};
  r.p_faster = hi < 0.99 ? 1e-6 : 0.5;  // the one-sided test agrees with the interval
  return r;
}

AttemptInputs inputs() {
  AttemptInputs in;
  in.candidate_id = 4;
  in.name = "Range tests";
  in.proposed = "two compares";
  in.report.status = ReportOutcome::ok;
  in.report.report.mechanism = "contiguous classes";
  in.report.report.claims["utf8"] = Claim{100.0, 50.0};
  return in;
}

DiffReview one_file() { return DiffReview{{{"src/count.cc", 4, 5, false}}, 4, 5, {}}; }

TEST(Attempt, RealSpeedupIsMeasuredThenCommittedWithItsNumbers) {
  FakeWorld w;
  w.review = one_file();
  w.measured.results = {result("utf8", 0.25, 0.24, 0.26)};
  w.measured.run_id = 9;
  AttemptOutcome o = run_attempt(w, inputs());
  EXPECT_THAT(w.calls, ElementsAre("collect", "build", "test", "measure", "decided", "commit"));
  EXPECT_EQ(o.decision.outcome, Decision::kept);
  EXPECT_THAT(w.message, StartsWith("Range tests: contiguous classes\n"));
  EXPECT_THAT(w.message, HasSubstr("run 9"));
  EXPECT_EQ(o.entry.commit, "0123456789ab");
  ASSERT_EQ(o.claims.size(), 1u);
  EXPECT_FALSE(o.claims[0].verified);  // claimed 2x, measured 4x
}

TEST(Attempt, AgentFailureTouchesNothing) {
  FakeWorld w;
  AttemptInputs in = inputs();
  in.agent_failure = "the agent exited with status 3";
  AttemptOutcome o = run_attempt(w, in);
  EXPECT_THAT(w.calls, ElementsAre("decided", "keep"));
  EXPECT_EQ(o.decision.reason, "the agent exited with status 3");
  EXPECT_EQ(o.entry.branch, "hone/x");
}

TEST(Attempt, NoChangesAndBrokenTestsAreNeverMeasured) {
  FakeWorld empty;
  EXPECT_EQ(run_attempt(empty, inputs()).decision.reason, "the attempt changed nothing");
  EXPECT_THAT(empty.calls, ElementsAre("collect", "decided", "keep"));

  FakeWorld broken;
  broken.review = one_file();
  broken.test_failure = "`make test` exited with status 1";
  AttemptOutcome o = run_attempt(broken, inputs());
  EXPECT_THAT(broken.calls, ElementsAre("collect", "build", "test", "decided", "keep"));
  EXPECT_THAT(o.decision.reason, HasSubstr("the tests failed"));

  FakeWorld unbuildable;
  unbuildable.review = one_file();
  unbuildable.build_failure = "error: x";
  run_attempt(unbuildable, inputs());
  EXPECT_THAT(unbuildable.calls, ElementsAre("collect", "build", "decided", "keep"));
}

TEST(Attempt, APersonsAttemptThatFailsVerificationStaysOpenDecidingNothing) {
  AttemptInputs in = inputs();
  in.fixable = true;
  FakeWorld broken;
  broken.review = one_file();
  broken.test_failure = "`make test` exited with status 1";
  AttemptOutcome o = run_attempt(broken, in);
  EXPECT_THAT(broken.calls, ElementsAre("collect", "build", "test"));  // not decided, nothing kept
  EXPECT_THAT(o.still_open, HasSubstr("the tests failed: `make test` exited with status 1"));

  FakeWorld empty;
  EXPECT_EQ(run_attempt(empty, in).still_open, "the attempt changed nothing");
  EXPECT_THAT(empty.calls, ElementsAre("collect"));

  // Fixed: the same attempt verified again is decided as any other.
  FakeWorld fixed;
  fixed.review = one_file();
  fixed.measured.results = {result("utf8", 0.25, 0.24, 0.26)};
  o = run_attempt(fixed, in);
  EXPECT_EQ(o.still_open, "");
  EXPECT_EQ(o.decision.outcome, Decision::kept);
  EXPECT_THAT(fixed.calls, ElementsAre("collect", "build", "test", "measure", "decided", "commit"));

  // A verdict on the measurement (slow) is no failure to fix: decided and acted on.
  FakeWorld slow;
  slow.review = one_file();
  slow.measured.results = {result("utf8", 1.0, 0.98, 1.02)};
  o = run_attempt(slow, in);
  EXPECT_EQ(o.still_open, "");
  EXPECT_EQ(o.decision.outcome, Decision::slow);
}

TEST(Attempt, SlowdownIsParkedWithALessonsNote) {
  FakeWorld w;
  w.review = one_file();
  w.measured.results = {result("utf8", 1.5, 1.45, 1.55)};
  AttemptInputs in = inputs();
  in.report.report.notes = "a locale per byte costs more than the search";
  AttemptOutcome o = run_attempt(w, in);
  EXPECT_THAT(w.calls, ElementsAre("collect", "build", "test", "measure", "decided", "park", "lessons"));
  EXPECT_EQ(o.decision.outcome, Decision::slow);
  EXPECT_THAT(w.message, HasSubstr("# Why Range tests Failed"));
  EXPECT_THAT(w.message, HasSubstr("a locale per byte costs more than the search"));
  EXPECT_THAT(w.message, HasSubstr("hone/slow-x"));
  EXPECT_EQ(o.entry.lessons, "perf/research/03-x-lessons.md");
}

TEST(Attempt, FlaggedChangeIsMeasuredButRejected) {
  FakeWorld w;
  w.review = one_file();
  w.review.flags = {{"gen/gen-inputs.cc", "protected (gen/)"}};
  w.measured.results = {result("utf8", 0.1, 0.09, 0.11)};
  AttemptOutcome o = run_attempt(w, inputs());
  EXPECT_THAT(w.calls, ElementsAre("collect", "build", "test", "measure", "decided", "keep"));
  EXPECT_EQ(o.decision.outcome, Decision::rejected);
  AttemptInputs allowed = inputs();
  allowed.allow_bench_changes = true;
  FakeWorld w2;
  w2.review = w.review;
  w2.measured = w.measured;
  EXPECT_EQ(run_attempt(w2, allowed).decision.outcome, Decision::kept);
}

TEST(Attempt, AKeepTheRepositoryRefusesLeavesTheVerifiedCommitOnItsBranch) {
  FakeWorld w;
  w.review = one_file();
  w.measured.results = {result("utf8", 0.25, 0.24, 0.26)};
  w.kept = Kept{"0123456789abcdef0123", "hone/x", "the checkout of /repo is on feature now, not on master"};
  AttemptOutcome o = run_attempt(w, inputs());
  EXPECT_EQ(o.decision.outcome, Decision::rejected);
  EXPECT_THAT(o.decision.reason, HasSubstr("verified (faster with confidence"));
  EXPECT_THAT(o.decision.reason, HasSubstr("not kept: the checkout of /repo is on feature now"));
  EXPECT_EQ(o.entry.commit, "0123456789ab");
  EXPECT_EQ(o.entry.branch, "hone/x");
}

TEST(Attempt, AWorktreeThatIsNoLongerTheRepositorysIsRejectedUnbuilt) {
  FakeWorld w;
  w.review.refused = "the worktree's .git (/wt/.git) is now a folder; nothing was staged or committed";
  AttemptOutcome o = run_attempt(w, inputs());
  EXPECT_THAT(w.calls, ElementsAre("collect", "decided", "keep"));
  EXPECT_EQ(o.decision.outcome, Decision::rejected);
  EXPECT_THAT(o.decision.reason, HasSubstr("not safe to commit from: the worktree's .git"));
}

TEST(Attempt, LeftoversAreRejectedUnbuiltWhateverTheFlagsAllow) {
  FakeWorld w;
  w.review = one_file();
  w.review.hazards = {{"vendor/lib", "a nested repository (gitlink)"}};
  AttemptInputs in = inputs();
  in.allow_bench_changes = true;
  AttemptOutcome o = run_attempt(w, in);
  EXPECT_THAT(w.calls, ElementsAre("collect", "decided", "keep"));
  EXPECT_EQ(o.decision.outcome, Decision::rejected);
  EXPECT_THAT(o.decision.reason, HasSubstr("vendor/lib (a nested repository (gitlink))"));
}

TEST(Attempt, InterruptedMeasurementDecidesNothing) {
  FakeWorld w;
  w.review = one_file();
  w.measured.interrupted = true;
  AttemptOutcome o = run_attempt(w, inputs());
  EXPECT_TRUE(o.interrupted);
  EXPECT_THAT(w.calls, ElementsAre("collect", "build", "test", "measure"));
}

TEST(Attempt, MixedResultFollowsTheCriteria) {
  FakeWorld w;
  w.review = one_file();
  w.measured.results = {result("a", 0.5, 0.48, 0.52), result("b", 1.3, 1.25, 1.35)};
  w.measured.criteria_met = true;
  w.measured.criteria_summary = "- no worse than 2x gnu-wc: met";
  AttemptOutcome o = run_attempt(w, inputs());
  EXPECT_EQ(o.decision.outcome, Decision::kept);
  EXPECT_TRUE(o.decision.mixed);
  EXPECT_THAT(o.entry.tradeoff, HasSubstr("accepted by the done criteria"));
}

}  // namespace
}  // namespace hone::loop

namespace hone::loop {
namespace {

// [layout] declared: a gain about to be kept is measured again across the variants.
std::vector<BenchResult> variant(double ratio) { return {result("utf8", ratio, ratio * 0.99, ratio * 1.01)}; }

TEST(AttemptLayout, AGainThatMovesWithTheLayoutIsParkedWithinLayoutNoise) {
  FakeWorld w;
  w.review = one_file();
  w.measured.results = {result("utf8", 0.8, 0.79, 0.81)};
  // The builds as they are: 1.25x faster. Across four layouts: once faster, twice the same, once
  // slower: the gain came from where the code landed.
  w.layouts.variants = {variant(0.8), variant(1.0), variant(1.0), variant(1.25)};
  AttemptInputs in = inputs();
  in.layout_variants = 4;
  AttemptOutcome o = run_attempt(w, in);
  EXPECT_THAT(w.calls, ElementsAre("collect", "build", "test", "measure", "layouts", "decided", "park", "lessons"));
  EXPECT_EQ(o.decision.outcome, Decision::slow);
  EXPECT_THAT(o.decision.reason, StartsWith("within layout noise"));
  EXPECT_THAT(o.decision.reason,
              HasSubstr("across 4 layout variants (1.25x faster, 1.00x faster, 1.00x faster, 1.25x slower)"));
  ASSERT_EQ(o.layout.size(), 1u);
  EXPECT_NEAR(o.layout[0].across.ratio, 1.0, 1e-9);
}

TEST(AttemptLayout, AGainThatHoldsInEveryLayoutIsKept) {
  FakeWorld w;
  w.review = one_file();
  w.measured.results = {result("utf8", 0.5, 0.49, 0.51)};
  w.layouts.variants = {variant(0.5), variant(0.52), variant(0.49), variant(0.51)};
  AttemptInputs in = inputs();
  in.layout_variants = 4;
  AttemptOutcome o = run_attempt(w, in);
  EXPECT_EQ(o.decision.outcome, Decision::kept);
  EXPECT_THAT(o.decision.reason, HasSubstr("the gain held across 4 layout variants: utf8 1.98x faster [1.89x, 2.07x]"));
  EXPECT_THAT(w.calls, ElementsAre("collect", "build", "test", "measure", "layouts", "decided", "commit"));
}

TEST(AttemptLayout, NothingToKeepBuildsNoLayouts) {
  FakeWorld w;
  w.review = one_file();
  w.measured.results = {result("utf8", 1.0, 0.99, 1.01)};
  AttemptInputs in = inputs();
  in.layout_variants = 4;
  run_attempt(w, in);
  EXPECT_THAT(w.calls, ElementsAre("collect", "build", "test", "measure", "decided", "park", "lessons"));
  // Without [layout], a gain is never measured across layouts.
  FakeWorld k;
  k.review = one_file();
  k.measured.results = {result("utf8", 0.5, 0.49, 0.51)};
  EXPECT_EQ(run_attempt(k, inputs()).decision.outcome, Decision::kept);
  EXPECT_THAT(k.calls, ElementsAre("collect", "build", "test", "measure", "decided", "commit"));
}

TEST(AttemptLayout, InterruptedWhileMeasuringLayoutsDecidesNothing) {
  FakeWorld w;
  w.review = one_file();
  w.measured.results = {result("utf8", 0.5, 0.49, 0.51)};
  w.layouts.interrupted = true;
  AttemptInputs in = inputs();
  in.layout_variants = 2;
  AttemptOutcome o = run_attempt(w, in);
  EXPECT_TRUE(o.interrupted);
  EXPECT_THAT(w.calls, ElementsAre("collect", "build", "test", "measure", "layouts"));
}

}  // namespace
}  // namespace hone::loop
