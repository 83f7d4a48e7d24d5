#pragma once
// The measurement schedule: warm-ups, then rounds. Each round runs every active
// (benchmark, target) job once in a seeded shuffled order, so drift on a noisy machine hits
// every side alike and samples of one round can be paired. A benchmark leaves the schedule
// when its stop rule says its comparisons are settled, when it has max_runs rounds, or when
// its time budget is spent (never before min_runs rounds).
#include <atomic>
#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "measure/runner.h"

namespace hone {

struct Job {
  std::string benchmark;
  std::string target;
  CommandSpec cmd;
  // A harness target: capture stdout and turn each run's output (or the files it wrote in
  // cmd.dir) into the harness's own per-iteration values. Throws hone::Error on output it
  // cannot read.
  bool capture_stdout = false;
  std::function<std::vector<double>(const Job&, const RunOutcome&)> extract;
  // The unit of what `extract` returns: "s" for times (adapters convert them to seconds), "B"
  // for sizes, else what a regex target declared ("" = a plain number).
  std::string unit;
};

class Clock {
 public:
  virtual ~Clock() = default;
  virtual double now() = 0;  // seconds, monotonic
};
Clock& steady_clock();

// Environment padding (Mytkowicz et al., "Producing wrong data without doing anything obviously
// wrong", ASPLOS 2009): the size of the environment a program inherits moves its initial stack
// pointer, and with it the alignment of everything on its stack, enough to make one build look
// a few percent faster or slower than another for no reason in its code. So each measured run
// gets a variable HONE_PAD of a random length in [0, env_pad) bytes: the alignment effect is
// drawn afresh every run, on both sides of a comparison alike, and averages out instead of
// biasing one side. The length of a run is a pure function of the schedule's seed, the round
// and the job (env_pad_bytes), so a recorded run shows exactly what each run inherited.
inline constexpr const char* kEnvPadVariable = "HONE_PAD";
inline constexpr int kEnvPadBytes = 4096;  // one page: every stack alignment up to a page

// HONE_PAD's length for one run: round >= 0 a measured round, round < 0 warm-up -round - 1
// (warm-ups are padded too, drawn from their own values). In [0, env_pad); 0 when env_pad <= 0.
size_t env_pad_bytes(uint64_t seed, int round, size_t job, int env_pad);

struct ScheduleSettings {
  int warmup = 1;  // unrecorded runs per job before the first round
  int min_runs = 5;
  int max_runs = 200;
  double max_time = 10;  // seconds of measuring per benchmark; 0 = no limit
  uint64_t seed = 0;
  // HONE_PAD lengths are drawn from [0, env_pad) bytes; 0 = no padding (the environment as is).
  int env_pad = 0;
  RunOptions run;
  // Duet mode (Bulej et al., "Duet benchmarking", 2020): a round runs each benchmark's commands
  // at the same time, each pinned to its own CPU of duet_cpus, so noise that hits the whole
  // machine hits both sides of a comparison at once and cancels in their paired ratio. Which side
  // gets which CPU, and which starts first, is drawn from the seed for every pair (the sides stay
  // exchangeable). A benchmark may have at most duet_cpus.size() commands. Warm-ups run alone.
  bool duet = false;
  std::vector<int> duet_cpus;
};

// One recorded run.
struct JobSample {
  size_t job = 0;  // index into the job list
  int round = 0;
  Measurement m;
  size_t env_pad = 0;                  // HONE_PAD's length in this run (env_pad_bytes); 0 also when padding is off
  std::vector<double> harness_values;  // from Job::extract, when the job has one
};

struct Progress {
  int round = 0;  // rounds completed
  int max_runs = 0;
  size_t active_benchmarks = 0;
  size_t total_benchmarks = 0;
  double elapsed = 0;          // seconds since the first round began
  double time_left_bound = 0;  // upper bound on the remaining time, seconds
  std::string current;         // "benchmark / target" being run
};

class ScheduleObserver {
 public:
  virtual ~ScheduleObserver() = default;
  // Called once per completed round with all its samples; the store writes them in one
  // transaction. A round interrupted or failed midway is not delivered.
  virtual void on_round(int round, const std::vector<JobSample>& samples) = 0;
  // Called after each round for each active benchmark that has at least min_runs rounds:
  // true when its comparisons are settled and it may stop early.
  virtual bool settled(const std::string& benchmark) = 0;
  virtual void on_progress(const Progress&) {}
};

struct ScheduleResult {
  int rounds = 0;                         // rounds completed (the largest number any benchmark got)
  bool interrupted = false;               // the stop flag was raised
  std::vector<std::string> stop_reasons;  // per benchmark, in first-appearance order
};

// Runs the schedule. A run that fails (non-zero exit, signal, timeout, exec failure) throws
// hone::Error naming the benchmark, target, command, the failure and the tail of its stderr;
// rounds already delivered stay delivered. `stop` is polled between runs (Ctrl-C).
ScheduleResult run_schedule(const std::vector<Job>& jobs, const ScheduleSettings& settings, Runner& runner,
                            ScheduleObserver& observer, Clock& clock = steady_clock(),
                            const std::atomic<bool>* stop = nullptr);

// Throws the error run_schedule throws for a failed run (shared with the spawn-floor probe).
[[noreturn]] void fail_run(const Job& job, const RunOutcome& outcome, double timeout);

}  // namespace hone
