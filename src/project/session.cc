#include "project/session.h"

#include <fmt/format.h>
#include <sched.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <csignal>
#include <fstream>
#include <sstream>

#include "adapters/adapters.h"
#include "fleet/machine_id.h"
#include "git/git.h"
#include "measure/counters.h"
#include "measure/machine.h"
#include "measure/runner.h"
#include "report/stored.h"
#include "util/error.h"
#include "util/interrupt.h"
#include "util/random.h"
#include "util/words.h"

namespace hone {

namespace {

// Resamples for the stop rule's bootstrap CIs: fewer than the final analysis, they only decide
// when to stop.
constexpr int kStopRuleResamples = 1000;
// Runs of `true` that estimate the spawn floor.
constexpr int kFloorRuns = 30;

class RecordingObserver : public ScheduleObserver {
 public:
  RecordingObserver(Store& store, int64_t run, const std::vector<Job>& jobs, Metric metric, StopRule rule,
                    uint64_t seed, const std::vector<Series>& reference)
      : store_(store),
        run_(run),
        jobs_(jobs),
        metric_(metric),
        rule_(std::move(rule)),
        seed_(seed),
        reference_(reference),
        tty_(isatty(STDERR_FILENO) != 0),
        series_(jobs.size()) {
    for (size_t i = 0; i < jobs.size(); ++i)
      series_[i] = Series{jobs[i].benchmark, jobs[i].target, jobs[i].cmd.display, {}, {}};
  }
  ~RecordingObserver() override { clear_progress(); }

  void on_round(int round, const std::vector<JobSample>& samples) override {
    std::vector<SampleRecord> records;
    records.reserve(samples.size());
    for (const JobSample& s : samples) {
      const Job& job = jobs_[s.job];
      // A harness's own per-iteration times stand for the time metrics of its target: one
      // stored sample per value the harness reported. (Instructions and peak RSS stay the
      // whole harness process's.)
      bool timed = metric_ == Metric::wall || metric_ == Metric::cpu || metric_ == Metric::reported;
      std::vector<Measurement> ms;
      for (double v : timed ? s.harness_values : std::vector<double>{}) {
        Measurement m = s.m;
        m.wall = m.user = v;
        m.sys = 0;
        m.reported = v;
        ms.push_back(m);
      }
      if (ms.empty()) ms.push_back(s.m);
      for (const Measurement& m : ms) {
        std::optional<double> v = m.get(metric_);
        if (!v)
          fail("benchmark '{}', target '{}': the run recorded no {} value", job.benchmark, job.target,
               metric_name(metric_));
        series_[s.job].rounds.push_back(round);
        series_[s.job].values.push_back(*v);
        records.push_back(SampleRecord{job.benchmark, job.target, round, m});
      }
    }
    store_.add_round(run_, records);
  }

  bool settled(const std::string& bench) override {
    std::vector<const Series*> mine;
    for (const Series& s : reference_)
      if (s.benchmark == bench) {
        mine.push_back(&s);
        break;
      }
    for (const Series& s : series_)
      if (s.benchmark == bench) mine.push_back(&s);
    return benchmark_settled(mine, rule_, seed_);
  }

  void on_progress(const Progress& p) override {
    // Before each job: the run's heartbeat, at most every 30 s, so that a shard measuring a long
    // round is not taken for one whose machine vanished (hone fleet collect --silent-after).
    const auto now = std::chrono::steady_clock::now();
    if (now - last_beat_ >= std::chrono::seconds(30)) {
      store_.beat(run_);
      last_beat_ = now;
    }
    if (!tty_) return;
    std::string line = fmt::format("round {} of ≤{} · {}", p.round + 1, p.max_runs, p.current);
    if (p.time_left_bound > 0) line += fmt::format(" · ≤{:.0f} s left", p.time_left_bound);
    fmt::print(stderr, "\r\033[K{}", line);
    std::fflush(stderr);
    shown_ = true;
  }

  void clear_progress() {
    if (shown_) fmt::print(stderr, "\r\033[K");
    shown_ = false;
  }

 private:
  std::chrono::steady_clock::time_point last_beat_ = std::chrono::steady_clock::now();
  Store& store_;
  int64_t run_;
  const std::vector<Job>& jobs_;
  Metric metric_;
  StopRule rule_;
  uint64_t seed_;
  const std::vector<Series>& reference_;
  bool tty_;
  bool shown_ = false;
  std::vector<Series> series_;
};

// The commit measured, and whether its tracked files had changes (git through src/git only).
void git_state(const std::string& dir, RunRecord& run) {
  std::optional<std::filesystem::path> top = git::toplevel(dir);
  if (!top) return;
  try {
    run.commit = git::resolve(*top, "HEAD");
    run.dirty = git::is_dirty(*top);
  } catch (const Error&) {
    // A repository without commits yet: nothing to record.
  }
}

std::string file_hash(const std::filesystem::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  uint64_t h = 1469598103934665603ull;  // FNV-1a: a fingerprint, not security
  for (unsigned char c : ss.str()) h = (h ^ c) * 1099511628211ull;
  return fmt::format("{:016x}", h);
}

nlohmann::json machine_json(Counters& counters, const Config* cfg) {
  const CounterAvailability& av = counters.availability();
  std::string source;
  std::string name = fleet::configured_machine_name(cfg ? cfg->machine.name : "", &source);
  return fleet::machine_fingerprint(probe_machine(), name, source, av.available, av.reason);
}

}  // namespace

namespace {

// The CPUs duet mode runs the sides on: those of `pin`, else every CPU hone may use. Two at least.
std::vector<int> duet_cpus(const MeasureConfig& m) {
  std::vector<int> cpus;
  if (!m.pin.empty()) {
    cpus = parse_cpu_list(m.pin);
  } else {
    cpu_set_t set;
    CPU_ZERO(&set);
    if (::sched_getaffinity(0, sizeof set, &set) == 0)
      for (int c = 0; c < CPU_SETSIZE; ++c)
        if (CPU_ISSET(c, &set)) cpus.push_back(c);
  }
  if (cpus.size() < 2)
    fail("duet mode runs the two sides at the same time, each on its own CPU: {} gives hone {} CPU{} ({})",
         m.pin.empty() ? "this machine" : "pin = \"" + m.pin + "\"", cpus.size(), cpus.size() == 1 ? "" : "s",
         m.pin.empty() ? "measure without --duet" : "pin two CPUs or more, e.g. \"0-1\"");
  return cpus;
}

}  // namespace

namespace {

// How a harness target's runs become values: the adapter for its kind.
void attach_adapter(Job& job, const TargetConfig& t, const BenchmarkConfig& b) {
  const std::string name = b.harness_name();
  if (t.kind == "google-benchmark") {
    bool has_format = std::any_of(job.cmd.argv.begin(), job.cmd.argv.end(),
                                  [](const std::string& w) { return w.rfind("--benchmark_format", 0) == 0; });
    if (!has_format && !t.shell) job.cmd.argv.push_back("--benchmark_format=json");
    job.capture_stdout = true;
    job.unit = "s";
    bool cpu = t.cpu_time;
    job.extract = [name, cpu](const Job& j, const RunOutcome& out) {
      return adapters::values_named(adapters::parse_google_benchmark(out.stdout_text, j.cmd.display, cpu), name,
                                    j.cmd.display);
    };
  } else if (t.kind == "criterion") {
    std::string dir = t.criterion_dir;
    job.unit = "s";
    job.extract = [name, dir](const Job& j, const RunOutcome&) {
      return adapters::read_criterion(std::filesystem::path(j.cmd.dir) / dir, name);
    };
  } else if (t.kind == "regex") {
    job.capture_stdout = true;
    std::string pattern = t.pattern, unit = t.unit;
    job.unit = adapters::regex_value_unit(unit);
    job.extract = [pattern, unit](const Job& j, const RunOutcome& out) {
      return adapters::parse_regex(out.stdout_text, pattern, unit, j.cmd.display);
    };
  } else if (t.kind == "hyperfine-json") {
    job.capture_stdout = true;
    job.unit = "s";
    job.extract = [name](const Job& j, const RunOutcome& out) {
      std::vector<adapters::HyperfineCommand> cmds = adapters::parse_hyperfine(out.stdout_text, j.cmd.display);
      for (const adapters::HyperfineCommand& c : cmds)
        if (cmds.size() == 1 || c.command == name) return c.times;
      fail("the hyperfine output has no command named '{}' (set the benchmark's harness key)", name);
    };
  } else if (t.kind != "command") {
    fail("target '{}' has unknown kind '{}'", t.name, t.kind);
  }
}

}  // namespace

std::vector<Job> configured_jobs(const Config& cfg, const std::vector<std::string>& benchmarks,
                                 const std::vector<std::string>& targets) {
  std::vector<Job> jobs;
  for (const std::string& b : benchmarks) {
    const BenchmarkConfig* bc = cfg.find_benchmark(b);
    if (bc == nullptr) fail("no benchmark named '{}' in {}", b, cfg.file.string());
    for (const std::string& t : targets) {
      const TargetConfig* tc = cfg.find_target(t);
      if (tc == nullptr) fail("no target named '{}' in {}", t, cfg.file.string());
      if (!cfg.runs_on(*bc, *tc)) continue;
      std::map<std::string, std::string> vars = bc->vars;
      vars["args"] = bc->args;
      vars["bench"] = bc->name;
      vars["harness"] = bc->harness_name();
      Job job{b, t, {}};
      try {
        job.cmd.argv = tc->shell ? expand_shell_command(tc->command, vars) : expand_command(tc->command, vars);
      } catch (const Error& e) {
        fail("{}: [target.{}] command: {}", cfg.file.string(), t, e.what());
      }
      attach_adapter(job, *tc, *bc);
      job.cmd.display = tc->shell ? job.cmd.argv.back() : join_words(job.cmd.argv);
      job.cmd.dir = tc->dir.empty() ? cfg.root.string() : tc->dir;
      job.cmd.env.assign(tc->env.begin(), tc->env.end());
      jobs.push_back(std::move(job));
    }
  }
  if (jobs.empty())
    fail("no benchmark of {} runs on the chosen targets (see each [[benchmark]]'s `targets`)", cfg.file.string());
  return jobs;
}

SessionResult run_session(Store& store, const SessionRequest& req) {
  if (req.jobs.empty()) fail("nothing to measure");
  MeasureConfig m = req.measure;
  Metric metric = m.metric;

  // How the metric is measured.
  PerfEventCounters counters;
  ProcessRunner plain;
  ProcessRunner counting(&counters);
  std::optional<CallgrindRunner> callgrind;
  // callgrind's output folder, removed however the session ends.
  struct ScratchDir {
    std::filesystem::path path;
    ~ScratchDir() {
      std::error_code ec;
      if (!path.empty()) std::filesystem::remove_all(path, ec);
    }
  } scratch;
  Runner* runner = &plain;
  RunOptions opts;
  opts.timeout = m.timeout;
  if (!m.pin.empty()) opts.cpus = parse_cpu_list(m.pin);
  std::string source;
  bool deterministic = false;
  std::vector<std::string> notes;
  switch (metric) {
    case Metric::wall: source = "wall clock (CLOCK_MONOTONIC)"; break;
    case Metric::cpu: source = "user+sys CPU time (wait4 rusage)"; break;
    case Metric::max_rss: source = "peak resident set size (wait4 rusage)"; break;
    case Metric::instructions: {
      const CounterAvailability& av = counters.availability();
      if (av.available) {
        runner = &counting;
        opts.count_instructions = true;
        source = "hardware counters (perf_event_open)";
        break;
      }
      std::string why;
      if (!callgrind_available(&why))
        fail("metric 'instructions' needs hardware counters or valgrind: {}; and {}", av.reason, why);
      scratch.path = std::filesystem::temp_directory_path() / fmt::format("hone-callgrind-{}", getpid());
      std::filesystem::create_directories(scratch.path);
      callgrind.emplace(plain, scratch.path.string());
      runner = &*callgrind;
      deterministic = true;
      source = "callgrind (valgrind --tool=callgrind)";
      notes.push_back(
          fmt::format("no hardware counters ({}); counting instructions with callgrind "
                      "instead: exact, so one run per command settles the comparison",
                      av.reason));
      fmt::print(stderr, "note: {}\n", notes.back());
      if (!req.fixed_runs) {
        m.min_runs = m.max_runs = 1;
        m.warmup = 0;
      }
      break;
    }
    case Metric::reported:
      if (std::any_of(req.jobs.begin(), req.jobs.end(), [](const Job& j) { return !j.extract; }))
        fail(
            "metric 'reported' is the number a benchmark harness prints: every target measured "
            "needs a harness kind (google-benchmark, criterion, regex, hyperfine-json)");
      source = "the harness's own numbers";
      break;
  }

  // The spawn floor: what running `true` costs, i.e. the resolution of whole-command timing.
  std::optional<double> floor;
  if (metric == Metric::wall || metric == Metric::cpu) {
    std::vector<double> t;
    Job probe{"(spawn floor)", "true", CommandSpec{{"true"}, "true", "", {}}};
    RunOptions fo = opts;
    fo.count_instructions = false;
    for (int i = 0; i < kFloorRuns; ++i) {
      RunOutcome out = plain.run(probe.cmd, fo);
      if (!out.ok()) fail_run(probe, out, fo.timeout);
      t.push_back(out.m.wall);
    }
    floor = stats::median(t);
  }

  // Environment padding (measure/schedule.h): on unless turned off, and off for callgrind's
  // single exact count, where there is nothing to average (a count depends on the padding by a
  // handful of instructions, which would turn an exact "same" into a difference).
  const int env_pad = m.env_padding && !deterministic ? kEnvPadBytes : 0;
  std::vector<int> duet;
  if (m.duet) {
    if (metric == Metric::instructions)
      fail("duet mode is for timing: instructions are counted exactly, one command at a time (drop --duet)");
    duet = duet_cpus(m);
    notes.push_back(fmt::format(
        "duet: each benchmark's commands ran at the same time, each on its own CPU ({}), the CPUs swapped round "
        "by round",
        fmt::join(duet, ", ")));
  }
  uint64_t seed = m.seed ? *m.seed : random_seed();
  RunRecord run;
  run.kind = req.kind;
  run.label = req.label;
  run.metric = std::string(metric_name(metric));
  std::string dir = req.config ? req.config->root.string() : std::filesystem::current_path().string();
  git_state(dir, run);
  if (req.config) run.config_hash = file_hash(req.config->file);
  run.machine = machine_json(counters, req.config);
  run.settings = {{"metric", run.metric},
                  {"min_runs", m.min_runs},
                  {"max_runs", m.max_runs},
                  {"max_time", m.max_time},
                  {"precision", m.precision},
                  {"warmup", m.warmup},
                  {"threshold", m.threshold},
                  {"seed", seed},
                  {"pin", m.pin},
                  {"timeout", m.timeout},
                  {"fixed_runs", req.fixed_runs},
                  {"source", source},
                  {"deterministic", deterministic},
                  {"notes", notes},
                  {"env_pad", env_pad},
                  {"duet", m.duet}};
  if (floor) run.settings["spawn_floor"] = *floor;
  // A run from inside an attempt's worktree goes to the main checkout's store (one record of
  // every run), marked, so that it never stands for the project's current state.
  if (req.config && !req.config->worktree.empty()) run.settings["worktree"] = req.config->worktree;
  for (const auto& [key, value] : req.settings.items()) run.settings[key] = value;
  // The harness's own numbers keep their unit when every target reports in the same one.
  if (metric == Metric::reported && !req.jobs.empty() &&
      std::all_of(req.jobs.begin(), req.jobs.end(), [&](const Job& j) { return j.unit == req.jobs.front().unit; }))
    run.settings["unit"] = req.jobs.front().unit;
  // A run that may stop early reports its intervals at the level that keeps its verdicts at 95%
  // (stats/sequential.h); a run of fixed length at 95%.
  run.settings["confidence"] =
      req.fixed_runs || m.min_runs == m.max_runs ? stats::kConfidence : stats::kSequentialConfidence;
  int64_t id = store.begin_run(run);
  std::vector<JobRecord> jobs;
  for (const Job& j : req.jobs) jobs.push_back(JobRecord{j.benchmark, j.target, j.cmd.display});
  store.add_jobs(id, jobs);

  ScheduleSettings s;
  s.warmup = m.warmup;
  s.min_runs = m.min_runs;
  s.max_runs = m.max_runs;
  s.max_time = req.fixed_runs ? 0 : m.max_time;
  s.seed = seed;
  s.env_pad = env_pad;
  s.run = opts;
  s.duet = m.duet;
  s.duet_cpus = duet;
  ScheduleResult sr;
  {
    // Ctrl-C stops the run in flight and keeps the rounds completed (util/interrupt.h).
    interrupt::Scope scope;
    StopRule rule;
    rule.question = req.question;
    rule.threshold = m.threshold;
    rule.precision = m.precision;
    rule.resamples = kStopRuleResamples;
    RecordingObserver obs(store, id, req.jobs, metric, rule, seed, req.reference);
    try {
      sr = run_schedule(req.jobs, s, *runner, obs, steady_clock(), &interrupt::flag());
    } catch (const std::exception& e) {
      obs.clear_progress();
      store.finish_run(id, "failed", e.what());
      throw;
    }
  }
  for (const std::string& r : sr.stop_reasons)
    if (!r.empty() && !deterministic && !req.fixed_runs) notes.push_back(r);
  run.settings["notes"] = notes;
  run.settings["rounds"] = sr.rounds;
  store.update_settings(id, run.settings);
  store.finish_run(id, sr.interrupted ? "interrupted" : "complete",
                   sr.interrupted ? "interrupted by the user (Ctrl-C)" : "");
  if (sr.interrupted && sr.rounds == 0)
    throw Interrupted(
        fmt::format("interrupted (Ctrl-C) before the first round completed; nothing recorded (run {})", id));
  SessionResult result;
  result.run_id = id;
  result.interrupted = sr.interrupted;
  result.analysis = analyze_run(store, id);
  return result;
}

nlohmann::json current_machine(const Config* cfg) {
  PerfEventCounters counters;
  return machine_json(counters, cfg);
}

}  // namespace hone
