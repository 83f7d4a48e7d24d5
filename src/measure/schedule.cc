#include "measure/schedule.h"

#include <fmt/format.h>

#include <algorithm>
#include <chrono>
#include <cmath>

#include "util/error.h"
#include "util/random.h"

namespace hone {

namespace {

class SteadyClock : public Clock {
 public:
  double now() override {
    using namespace std::chrono;
    return duration<double>(steady_clock::now().time_since_epoch()).count();
  }
};

struct BenchState {
  std::string name;
  std::vector<size_t> jobs;
  bool active = true;
  int rounds = 0;
  double spent = 0;  // seconds measuring this benchmark's jobs
  std::string reason;
};

// The job's command with HONE_PAD set to `bytes` characters (replacing any HONE_PAD of its own
// env, or of hone's environment: the runner lets the command's env override hone's).
CommandSpec padded(const CommandSpec& cmd, size_t bytes) {
  CommandSpec c = cmd;
  std::erase_if(c.env, [](const auto& kv) { return kv.first == kEnvPadVariable; });
  c.env.emplace_back(kEnvPadVariable, std::string(bytes, 'x'));
  return c;
}

RunOptions options_for(const Job& job, RunOptions opts) {
  opts.capture_stdout = opts.capture_stdout || job.capture_stdout;
  return opts;
}

std::vector<double> extract(const Job& job, const RunOutcome& out) {
  if (!job.extract) return {};
  try {
    std::vector<double> v = job.extract(job, out);
    if (v.empty()) fail("the harness reported no values");
    return v;
  } catch (const Error& e) {
    fail("benchmark '{}', target '{}': `{}`: {}", job.benchmark, job.target, job.cmd.display, e.what());
  }
}

}  // namespace

size_t env_pad_bytes(uint64_t seed, int round, size_t job, int env_pad) {
  if (env_pad <= 0) return 0;
  // A stream of its own per (seed, round, job), apart from the shuffle's: turning padding on or
  // off leaves the round order of a seed as it was, and a stopped-early run pads its rounds as a
  // longer one would.
  uint64_t key = seed ^ 0x5a17e9d3c4b2a190ULL;
  key = key * 0x9e3779b97f4a7c15ULL + static_cast<uint64_t>(static_cast<int64_t>(round));
  key = key * 0x9e3779b97f4a7c15ULL + static_cast<uint64_t>(job);
  Rng rng(key);
  return static_cast<size_t>(rng.below(static_cast<uint64_t>(env_pad)));
}

Clock& steady_clock() {
  static SteadyClock clock;
  return clock;
}

void fail_run(const Job& job, const RunOutcome& outcome, double timeout) {
  std::string msg = fmt::format("benchmark '{}', target '{}': `{}` {}", job.benchmark, job.target, job.cmd.display,
                                outcome.describe_failure(timeout));
  if (!outcome.stderr_tail.empty()) {
    std::string tail = outcome.stderr_tail;
    while (!tail.empty() && (tail.back() == '\n' || tail.back() == '\r')) tail.pop_back();
    msg += "\n--- its stderr (last lines) ---\n" + tail;
  }
  throw Error(msg);
}

ScheduleResult run_schedule(const std::vector<Job>& jobs, const ScheduleSettings& s, Runner& runner,
                            ScheduleObserver& observer, Clock& clock, const std::atomic<bool>* stop) {
  if (s.min_runs < 1 || s.max_runs < s.min_runs)
    fail("invalid run counts: min_runs {} and max_runs {} (need 1 <= min_runs <= max_runs)", s.min_runs, s.max_runs);
  ScheduleResult result;
  std::vector<BenchState> benches;
  for (size_t i = 0; i < jobs.size(); ++i) {
    auto it =
        std::find_if(benches.begin(), benches.end(), [&](const BenchState& b) { return b.name == jobs[i].benchmark; });
    if (it == benches.end()) {
      benches.push_back(BenchState{jobs[i].benchmark, {}});
      it = benches.end() - 1;
    }
    it->jobs.push_back(i);
  }
  if (s.duet) {
    if (s.duet_cpus.size() < 2) fail("duet mode needs two CPUs to run both sides on, got {}", s.duet_cpus.size());
    for (const BenchState& b : benches)
      if (b.jobs.size() > s.duet_cpus.size())
        fail(
            "duet mode runs a benchmark's commands at the same time, one per CPU: benchmark '{}' has {} commands and "
            "there are {} CPUs to run them on (measure fewer targets at once, e.g. --target A --target B)",
            b.name, b.jobs.size(), s.duet_cpus.size());
  }
  auto stopped = [&] { return stop != nullptr && stop->load(); };
  Rng rng(s.seed);

  // Warm-ups: unrecorded, interleaved like the rounds, failing fast on a broken command.
  std::vector<size_t> order;
  for (int w = 0; w < s.warmup; ++w)
    for (size_t i = 0; i < jobs.size(); ++i) order.push_back(i);
  rng.shuffle(order);
  std::vector<int> warmups_done(jobs.size(), 0);
  // The command a run starts: padded, or as it is when padding is off.
  auto command = [&](size_t i, int round, size_t* bytes) -> CommandSpec {
    *bytes = env_pad_bytes(s.seed, round, i, s.env_pad);
    return s.env_pad > 0 ? padded(jobs[i].cmd, *bytes) : jobs[i].cmd;
  };
  for (size_t i : order) {
    if (stopped()) {
      result.interrupted = true;
      return result;
    }
    observer.on_progress(Progress{0, s.max_runs, benches.size(), benches.size(), 0, 0,
                                  fmt::format("warm-up {} / {}", jobs[i].benchmark, jobs[i].target)});
    size_t pad = 0;
    RunOutcome out = runner.run(command(i, -1 - warmups_done[i]++, &pad), options_for(jobs[i], s.run));
    if (out.interrupted || (!out.ok() && stopped())) {  // Ctrl-C stopped the run in flight
      result.interrupted = true;
      return result;
    }
    if (!out.ok()) fail_run(jobs[i], out, s.run.timeout);
    extract(jobs[i], out);  // a harness whose output is unreadable fails before the first round
  }

  const double start = clock.now();
  int round = 0;
  std::vector<JobSample> samples;
  // What starts at once: one job, or in duet mode a benchmark's jobs together.
  std::vector<std::vector<size_t>> units;
  while (std::any_of(benches.begin(), benches.end(), [](const BenchState& b) { return b.active; })) {
    order.clear();
    units.clear();
    size_t active = 0;
    for (size_t b = 0; b < benches.size(); ++b)
      if (benches[b].active) {
        if (s.duet)
          order.push_back(b);
        else
          order.insert(order.end(), benches[b].jobs.begin(), benches[b].jobs.end());
        ++active;
      }
    rng.shuffle(order);
    // Duet: which side starts on which thread and which CPU is drawn afresh for every pair, so
    // the two sides are exchangeable in every round: whatever favours a CPU or a start position
    // (a CPU hog, an interrupt-laden core) is noise on both, not a bias on one.
    std::vector<size_t> offsets;
    for (size_t i : order) {
      if (!s.duet) {
        units.push_back({i});
        continue;
      }
      std::vector<size_t> unit = benches[i].jobs;
      rng.shuffle(unit);
      units.push_back(unit);
      offsets.push_back(static_cast<size_t>(rng.below(s.duet_cpus.size())));
    }
    samples.clear();
    for (size_t u = 0; u < units.size(); ++u) {
      const std::vector<size_t>& unit = units[u];
      const size_t i = unit.front();
      if (stopped()) {
        result.interrupted = true;
        result.rounds = round;
        return result;
      }
      Progress p{round,
                 s.max_runs,
                 active,
                 benches.size(),
                 clock.now() - start,
                 0,
                 s.duet ? fmt::format("{} (duet)", jobs[i].benchmark)
                        : fmt::format("{} / {}", jobs[i].benchmark, jobs[i].target)};
      for (const BenchState& b : benches) {
        if (!b.active) continue;
        double per_round = b.rounds > 0 ? b.spent / b.rounds : 0;
        double left = per_round * (s.max_runs - b.rounds);
        if (s.max_time > 0) left = std::min(left, std::max(0.0, s.max_time - b.spent));
        p.time_left_bound += left;
      }
      observer.on_progress(p);
      std::vector<size_t> pads(unit.size(), 0);
      std::vector<CommandSpec> cmds;
      std::vector<RunOptions> opts;
      for (size_t k = 0; k < unit.size(); ++k) {
        cmds.push_back(command(unit[k], round, &pads[k]));
        opts.push_back(options_for(jobs[unit[k]], s.run));
        if (s.duet) opts.back().cpus = {s.duet_cpus[(k + offsets[u]) % s.duet_cpus.size()]};
      }
      double t0 = clock.now();
      std::vector<RunOutcome> outs =
          s.duet ? runner.run_together(cmds, opts) : std::vector<RunOutcome>{runner.run(cmds[0], opts[0])};
      double dt = clock.now() - t0;
      for (BenchState& b : benches)
        if (b.name == jobs[i].benchmark) b.spent += dt;
      for (size_t k = 0; k < unit.size(); ++k) {
        const RunOutcome& out = outs[k];
        if (out.interrupted || (!out.ok() && stopped())) {  // Ctrl-C stopped the run in flight
          result.interrupted = true;
          result.rounds = round;
          return result;
        }
        if (!out.ok()) fail_run(jobs[unit[k]], out, s.run.timeout);
        samples.push_back(JobSample{unit[k], round, out.m, pads[k], extract(jobs[unit[k]], out)});
      }
    }
    observer.on_round(round, samples);
    ++round;
    result.rounds = round;
    for (BenchState& b : benches) {
      if (!b.active) continue;
      ++b.rounds;
      if (b.rounds >= s.max_runs) {
        b.active = false;
        b.reason = fmt::format("{}: stopped at max_runs ({})", b.name, s.max_runs);
      } else if (b.rounds >= s.min_runs) {
        // Stop before a round that would overrun the budget, so max_time is a bound.
        double per_round = b.spent / b.rounds;
        if (s.max_time > 0 && b.spent + per_round > s.max_time) {
          b.active = false;
          b.reason = fmt::format("{}: time budget ({:.3g} s) spent after {} rounds", b.name, s.max_time, b.rounds);
        } else if (observer.settled(b.name)) {
          b.active = false;
          b.reason = fmt::format("{}: settled after {} rounds", b.name, b.rounds);
        }
      }
    }
  }
  for (const BenchState& b : benches) result.stop_reasons.push_back(b.reason);
  return result;
}

}  // namespace hone
