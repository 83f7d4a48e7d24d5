#include "measure/schedule.h"

#include <gtest/gtest.h>

#include <map>
#include <set>

#include "util/error.h"

namespace hone {
namespace {

// Time advances only when a fake run "takes" time.
class FakeClock : public Clock {
 public:
  double now() override { return t; }
  double t = 100;
};

class FakeRunner : public Runner {
 public:
  explicit FakeRunner(FakeClock& clock) : clock_(clock) {}
  RunOutcome run(const CommandSpec& cmd, const RunOptions&) override {
    calls.push_back(cmd.display);
    RunOutcome out;
    double cost = costs.count(cmd.display) ? costs[cmd.display] : 1.0;
    clock_.t += cost;
    out.m.wall = cost;
    if (cmd.display == fail_on && ++fail_count > fail_after) {
      out.exit_code = 3;
      out.stderr_tail = "boom: input missing\n";
    }
    if (stop_after > 0 && static_cast<int>(calls.size()) == stop_after && stop) *stop = true;
    return out;
  }
  std::vector<std::string> calls;
  std::map<std::string, double> costs;
  std::string fail_on;
  int fail_after = 0, fail_count = 0;
  int stop_after = 0;
  std::atomic<bool>* stop = nullptr;

 private:
  FakeClock& clock_;
};

class Recorder : public ScheduleObserver {
 public:
  void on_round(int round, const std::vector<JobSample>& s) override {
    EXPECT_EQ(round, static_cast<int>(rounds.size()));
    rounds.push_back(s);
  }
  bool settled(const std::string& bench) override {
    ++settle_checks[bench];
    return settle_after.count(bench) && settle_checks[bench] >= settle_after[bench];
  }
  std::vector<std::vector<JobSample>> rounds;
  std::map<std::string, int> settle_checks;
  std::map<std::string, int> settle_after;
};

Job job(const std::string& bench, const std::string& target) {
  Job j{bench, target, {}};
  j.cmd.argv = {target, bench};
  j.cmd.display = target + " " + bench;
  return j;
}

std::vector<Job> two_by_two() { return {job("b1", "A"), job("b1", "B"), job("b2", "A"), job("b2", "B")}; }

TEST(Schedule, EveryRoundRunsEveryActiveJobOnceInShuffledOrder) {
  FakeClock clock;
  FakeRunner runner(clock);
  Recorder rec;
  ScheduleSettings s;
  s.warmup = 0;
  s.min_runs = s.max_runs = 20;
  s.max_time = 0;
  s.seed = 42;
  auto jobs = two_by_two();
  ScheduleResult r = run_schedule(jobs, s, runner, rec, clock);
  EXPECT_EQ(r.rounds, 20);
  ASSERT_EQ(rec.rounds.size(), 20u);
  std::set<std::vector<size_t>> orders;
  for (const auto& round : rec.rounds) {
    std::vector<size_t> order;
    for (const auto& smp : round) order.push_back(smp.job);
    std::multiset<size_t> seen(order.begin(), order.end());
    EXPECT_EQ(seen, (std::multiset<size_t>{0, 1, 2, 3}));
    orders.insert(order);
  }
  EXPECT_GT(orders.size(), 5u) << "the order must be shuffled from round to round";
}

TEST(Schedule, SameSeedSameOrderDifferentSeedDifferentOrder) {
  auto run_with = [](uint64_t seed) {
    FakeClock clock;
    FakeRunner runner(clock);
    Recorder rec;
    ScheduleSettings s;
    s.min_runs = s.max_runs = 10;
    s.seed = seed;
    run_schedule(two_by_two(), s, runner, rec, clock);
    return runner.calls;
  };
  EXPECT_EQ(run_with(7), run_with(7));
  EXPECT_NE(run_with(7), run_with(8));
}

TEST(Schedule, WarmupsRunEveryJobButAreNotRecorded) {
  FakeClock clock;
  FakeRunner runner(clock);
  Recorder rec;
  ScheduleSettings s;
  s.warmup = 2;
  s.min_runs = s.max_runs = 3;
  run_schedule(two_by_two(), s, runner, rec, clock);
  EXPECT_EQ(runner.calls.size(), 4u * 2 + 4u * 3);
  EXPECT_EQ(rec.rounds.size(), 3u);
}

TEST(Schedule, SettledBenchmarkLeavesWhileOthersContinue) {
  FakeClock clock;
  FakeRunner runner(clock);
  Recorder rec;
  rec.settle_after["b1"] = 1;  // settled at its first check, which comes at min_runs
  ScheduleSettings s;
  s.warmup = 0;
  s.min_runs = 4;
  s.max_runs = 9;
  s.max_time = 0;
  ScheduleResult r = run_schedule(two_by_two(), s, runner, rec, clock);
  EXPECT_EQ(r.rounds, 9);
  EXPECT_EQ(rec.settle_checks["b1"], 1) << "no check before min_runs rounds";
  for (size_t i = 0; i < rec.rounds.size(); ++i) EXPECT_EQ(rec.rounds[i].size(), i < 4 ? 4u : 2u) << "round " << i;
  ASSERT_EQ(r.stop_reasons.size(), 2u);
  EXPECT_EQ(r.stop_reasons[0], "b1: settled after 4 rounds");
  EXPECT_EQ(r.stop_reasons[1], "b2: stopped at max_runs (9)");
}

TEST(Schedule, TimeBudgetIsAnUpperBoundPerBenchmark) {
  FakeClock clock;
  FakeRunner runner(clock);
  Recorder rec;
  ScheduleSettings s;
  s.warmup = 0;
  s.min_runs = 2;
  s.max_runs = 1000;
  s.max_time = 10;  // each run costs 1 s, a round of b1 costs 2 s
  auto jobs = std::vector<Job>{job("b1", "A"), job("b1", "B")};
  ScheduleResult r = run_schedule(jobs, s, runner, rec, clock);
  EXPECT_EQ(r.rounds, 5);
  EXPECT_EQ(r.stop_reasons[0], "b1: time budget (10 s) spent after 5 rounds");
}

TEST(Schedule, MinRunsWinOverTheTimeBudget) {
  FakeClock clock;
  FakeRunner runner(clock);
  runner.costs["A b1"] = runner.costs["B b1"] = 50;
  Recorder rec;
  ScheduleSettings s;
  s.warmup = 0;
  s.min_runs = 3;
  s.max_time = 10;
  auto jobs = std::vector<Job>{job("b1", "A"), job("b1", "B")};
  EXPECT_EQ(run_schedule(jobs, s, runner, rec, clock).rounds, 3);
}

TEST(Schedule, FailingRunIsAnErrorWithStderrAndEarlierRoundsStayDelivered) {
  FakeClock clock;
  FakeRunner runner(clock);
  runner.fail_on = "B b2";
  runner.fail_after = 3;  // the 4th run of "B b2" fails: in round 3 (no warm-up)
  Recorder rec;
  ScheduleSettings s;
  s.warmup = 0;
  s.min_runs = s.max_runs = 10;
  try {
    run_schedule(two_by_two(), s, runner, rec, clock);
    FAIL() << "expected an error";
  } catch (const Error& e) {
    std::string what = e.what();
    EXPECT_NE(what.find("benchmark 'b2', target 'B': `B b2` exited with status 3"), std::string::npos) << what;
    EXPECT_NE(what.find("boom: input missing"), std::string::npos) << what;
  }
  EXPECT_EQ(rec.rounds.size(), 3u);
}

TEST(Schedule, FailingWarmupFailsBeforeAnyRound) {
  FakeClock clock;
  FakeRunner runner(clock);
  runner.fail_on = "A b1";
  Recorder rec;
  ScheduleSettings s;
  EXPECT_THROW(run_schedule(two_by_two(), s, runner, rec, clock), Error);
  EXPECT_TRUE(rec.rounds.empty());
}

TEST(Schedule, StopFlagInterruptsAndDropsTheRoundInFlight) {
  FakeClock clock;
  FakeRunner runner(clock);
  std::atomic<bool> stop{false};
  runner.stop = &stop;
  runner.stop_after = 4 + 4 * 2 + 1;  // warm-up (4 runs), two full rounds, one run of the third
  Recorder rec;
  ScheduleSettings s;
  s.min_runs = s.max_runs = 10;
  ScheduleResult r = run_schedule(two_by_two(), s, runner, rec, clock, &stop);
  EXPECT_TRUE(r.interrupted);
  EXPECT_EQ(r.rounds, 2);
  EXPECT_EQ(rec.rounds.size(), 2u);
}

TEST(Schedule, RejectsImpossibleRunCounts) {
  FakeClock clock;
  FakeRunner runner(clock);
  Recorder rec;
  ScheduleSettings s;
  s.min_runs = 5;
  s.max_runs = 2;
  EXPECT_THROW(run_schedule(two_by_two(), s, runner, rec, clock), Error);
}

}  // namespace
}  // namespace hone

namespace hone {
namespace {

TEST(Schedule, HarnessValuesComeWithEachSampleAndBadOutputNamesTheJob) {
  FakeClock clock;
  FakeRunner runner(clock);
  Recorder rec;
  ScheduleSettings s;
  s.warmup = 1;
  s.min_runs = s.max_runs = 2;
  std::vector<Job> jobs{job("b1", "micro")};
  int calls = 0;
  jobs[0].capture_stdout = true;
  jobs[0].extract = [&calls](const Job& j, const RunOutcome&) {
    EXPECT_EQ(j.target, "micro");
    ++calls;
    return std::vector<double>{1e-3, 2e-3, 3e-3};
  };
  run_schedule(jobs, s, runner, rec, clock);
  EXPECT_EQ(calls, 3);  // the warm-up's output is checked too
  ASSERT_EQ(rec.rounds.size(), 2u);
  EXPECT_EQ(rec.rounds[1][0].harness_values, (std::vector<double>{1e-3, 2e-3, 3e-3}));

  jobs[0].extract = [](const Job&, const RunOutcome&) -> std::vector<double> {
    fail("truncated Google Benchmark JSON");
  };
  try {
    run_schedule(jobs, s, runner, rec, clock);
    FAIL() << "expected an error";
  } catch (const Error& e) {
    EXPECT_STREQ(e.what(), "benchmark 'b1', target 'micro': `micro b1`: truncated Google Benchmark JSON");
  }
}

}  // namespace
}  // namespace hone

namespace hone {
namespace {

// Environment padding (issue 10): what each run inherits, seen through a runner that records it.
class EnvRunner : public Runner {
 public:
  struct Call {
    std::string display;
    int pads = 0;        // how many HONE_PAD entries the command's env held
    size_t pad_len = 0;  // the last one's length
  };
  RunOutcome run(const CommandSpec& cmd, const RunOptions&) override {
    Call c{cmd.display};
    for (const auto& [k, v] : cmd.env)
      if (k == kEnvPadVariable) {
        ++c.pads;
        c.pad_len = v.size();
        for (char ch : v) EXPECT_EQ(ch, 'x');
      }
    calls.push_back(c);
    RunOutcome out;
    out.m.wall = 1;
    return out;
  }
  std::vector<Call> calls;
};

struct PadRun {
  std::vector<EnvRunner::Call> calls;
  std::vector<std::vector<JobSample>> rounds;
};

PadRun run_padded(uint64_t seed, int env_pad, std::vector<Job> jobs = two_by_two()) {
  FakeClock clock;
  EnvRunner runner;
  Recorder rec;
  ScheduleSettings s;
  s.warmup = 1;
  s.min_runs = s.max_runs = 12;
  s.max_time = 0;
  s.seed = seed;
  s.env_pad = env_pad;
  run_schedule(jobs, s, runner, rec, clock);
  return PadRun{runner.calls, rec.rounds};
}

TEST(EnvPadding, EveryRunInheritsHonePadOfALengthDrawnFromTheSeed) {
  PadRun r = run_padded(7, kEnvPadBytes);
  ASSERT_EQ(r.calls.size(), 4u * (1 + 12));
  std::set<size_t> lengths;
  for (const EnvRunner::Call& c : r.calls) {
    EXPECT_EQ(c.pads, 1) << c.display;
    EXPECT_LT(c.pad_len, static_cast<size_t>(kEnvPadBytes));
    lengths.insert(c.pad_len);
  }
  EXPECT_GT(lengths.size(), 40u);  // 52 runs, a fresh length nearly every time
  // Each recorded sample says what its run inherited, and that is env_pad_bytes of the seed:
  // the padding of any stored run can be told from its seed, round and job.
  size_t call = 4;  // after the 4 warm-ups
  for (const std::vector<JobSample>& round : r.rounds)
    for (const JobSample& sample : round) {
      EXPECT_EQ(sample.env_pad, r.calls[call++].pad_len);
      EXPECT_EQ(sample.env_pad, env_pad_bytes(7, sample.round, sample.job, kEnvPadBytes));
    }
}

TEST(EnvPadding, SameSeedSamePaddingAnotherSeedAnother) {
  PadRun a = run_padded(11, kEnvPadBytes), b = run_padded(11, kEnvPadBytes), c = run_padded(12, kEnvPadBytes);
  ASSERT_EQ(a.calls.size(), b.calls.size());
  int differ = 0;
  for (size_t i = 0; i < a.calls.size(); ++i) {
    EXPECT_EQ(a.calls[i].display, b.calls[i].display);
    EXPECT_EQ(a.calls[i].pad_len, b.calls[i].pad_len);
    differ += a.calls[i].pad_len != c.calls[i].pad_len;
  }
  EXPECT_GT(differ, 40);
}

TEST(EnvPadding, OffLeavesTheEnvironmentAndTheRoundOrderAsTheyWere) {
  PadRun off = run_padded(5, 0), on = run_padded(5, kEnvPadBytes);
  ASSERT_EQ(off.calls.size(), on.calls.size());
  for (size_t i = 0; i < off.calls.size(); ++i) {
    EXPECT_EQ(off.calls[i].pads, 0);
    EXPECT_EQ(off.calls[i].display, on.calls[i].display);  // padding draws apart from the shuffle
  }
  for (const auto& round : off.rounds)
    for (const JobSample& s : round) EXPECT_EQ(s.env_pad, 0u);
  EXPECT_EQ(env_pad_bytes(5, 3, 1, 0), 0u);
}

TEST(EnvPadding, ReplacesAHonePadOfTheCommandsOwn) {
  std::vector<Job> jobs = two_by_two();
  jobs[0].cmd.env = {{"HONE_PAD", "mine"}, {"LC_ALL", "C"}};
  PadRun r = run_padded(3, kEnvPadBytes, jobs);
  for (const EnvRunner::Call& c : r.calls) EXPECT_EQ(c.pads, 1);
}

TEST(EnvPadding, LengthsCoverEveryAlignmentEvenly) {
  // Over many (round, job) draws: uniform on [0, 4096), so every residue mod 16 (the stack
  // alignment an x86-64 ABI cares about) and mod 64 (a cache line) comes up about equally often.
  std::vector<int> mod64(64, 0);
  double sum = 0;
  const int n = 64000;
  for (int i = 0; i < n; ++i) {
    size_t b = env_pad_bytes(2024, i / 8, static_cast<size_t>(i % 8), kEnvPadBytes);
    ASSERT_LT(b, static_cast<size_t>(kEnvPadBytes));
    ++mod64[b % 64];
    sum += static_cast<double>(b);
  }
  EXPECT_NEAR(sum / n, 2047.5, 30);
  for (int c : mod64) EXPECT_NEAR(c, n / 64, 150);  // expected 1000, sd about 31
}

// Records what runs together and on which CPUs; time advances by the slowest of a together-call,
// as on a machine where they overlap.
class DuetRunner : public FakeRunner {
 public:
  explicit DuetRunner(FakeClock& clock) : FakeRunner(clock) {}
  std::vector<RunOutcome> run_together(const std::vector<CommandSpec>& cmds,
                                       const std::vector<RunOptions>& opts) override {
    std::vector<std::pair<std::string, int>> call;
    for (size_t i = 0; i < cmds.size(); ++i) call.emplace_back(cmds[i].display, opts[i].cpus.at(0));
    together.push_back(call);
    return Runner::run_together(cmds, opts);
  }
  std::vector<std::vector<std::pair<std::string, int>>> together;
};

TEST(Schedule, DuetRunsEachBenchmarksCommandsTogetherOnDrawnCpus) {
  auto schedule = [](int rounds, DuetRunner& runner, Recorder& rec, FakeClock& clock) {
    ScheduleSettings s;
    s.warmup = 1;
    s.min_runs = s.max_runs = rounds;
    s.max_time = 0;
    s.seed = 7;
    s.duet = true;
    s.duet_cpus = {2, 5};
    run_schedule(two_by_two(), s, runner, rec, clock);
  };
  FakeClock clock;
  DuetRunner runner(clock);
  Recorder rec;
  schedule(200, runner, rec, clock);
  // Warm-ups run alone, then one together-call per benchmark per round.
  ASSERT_EQ(runner.together.size(), 400u);
  int a_first = 0, a_on_2 = 0;
  for (const auto& call : runner.together) {
    ASSERT_EQ(call.size(), 2u);
    // Both commands of one benchmark, on the two CPUs.
    EXPECT_EQ(call[0].first.substr(2), call[1].first.substr(2));
    EXPECT_NE(call[0].first[0], call[1].first[0]);
    EXPECT_EQ(std::set<int>({call[0].second, call[1].second}), std::set<int>({2, 5}));
    const auto& a = call[0].first[0] == 'A' ? call[0] : call[1];
    a_first += call[0].first[0] == 'A';
    a_on_2 += a.second == 2;
  }
  // Which side starts first and which gets which CPU is drawn for every pair: neither side keeps
  // a start position or a CPU (400 fair draws: far from 0 or 400).
  EXPECT_GT(a_first, 150);
  EXPECT_LT(a_first, 250);
  EXPECT_GT(a_on_2, 150);
  EXPECT_LT(a_on_2, 250);
  // Every round's samples hold both sides of both benchmarks, paired by round.
  ASSERT_EQ(rec.rounds.size(), 200u);
  for (const auto& r : rec.rounds) EXPECT_EQ(r.size(), 4u);
  // The draws come from the seed: the same seed, the same pairs.
  FakeClock clock2;
  DuetRunner again(clock2);
  Recorder rec2;
  schedule(200, again, rec2, clock2);
  EXPECT_EQ(again.together, runner.together);
}

TEST(Schedule, DuetRefusesMoreCommandsThanCpus) {
  FakeClock clock;
  DuetRunner runner(clock);
  Recorder rec;
  ScheduleSettings s;
  s.duet = true;
  s.duet_cpus = {0, 1};
  std::vector<Job> jobs = {job("b1", "A"), job("b1", "B"), job("b1", "C")};
  try {
    run_schedule(jobs, s, runner, rec, clock);
    FAIL() << "expected an error";
  } catch (const Error& e) {
    EXPECT_NE(std::string(e.what()).find("benchmark 'b1' has 3 commands and there are 2 CPUs"), std::string::npos)
        << e.what();
  }
  s.duet_cpus = {0};
  EXPECT_THROW(run_schedule({job("b1", "A"), job("b1", "B")}, s, runner, rec, clock), Error);
}

}  // namespace
}  // namespace hone
