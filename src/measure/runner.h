#pragma once
// Running one command once and measuring it. The Runner interface is the seam between the
// scheduler and the operating system: tests drive the scheduler with a fake runner.
#include <cstddef>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <utility>
#include <vector>

#include "measure/counters.h"
#include "util/metric.h"

namespace hone {

struct CommandSpec {
  std::vector<std::string> argv;                         // argv[0] is looked up in PATH
  std::string display;                                   // how the command is shown to the user
  std::string dir;                                       // working directory; empty = hone's own
  std::vector<std::pair<std::string, std::string>> env;  // added to hone's environment
};

struct RunOptions {
  double timeout = 0;               // seconds; 0 = none. On expiry the whole process group is killed.
  bool capture_stdout = false;      // else stdout goes to /dev/null
  std::vector<int> cpus;            // pin the child to these CPUs; empty = no pinning
  bool count_instructions = false;  // attach hardware counters (needs a Counters backend)
  // The most stdout kept when capturing; a command that writes more is stopped (with its
  // process group) and fails with stdout_overflow, instead of hone's memory growing without end.
  size_t max_stdout = kDefaultMaxStdout;
  static constexpr size_t kDefaultMaxStdout = size_t{64} << 20;  // 64 MiB
  // What the command leaves running in its process group when it exits ("sleep 30 &") is
  // killed with it, unless the caller ends it itself to name it (measure/reaper.h). A timeout,
  // Ctrl-C or too much stdout kills the group either way.
  bool leave_group = false;
};

struct RunOutcome {
  Measurement m;
  int exit_code = 0;  // valid when signal == 0 and !timed_out
  int signal = 0;     // the signal that ended the child, if any
  bool timed_out = false;
  bool interrupted = false;      // Ctrl-C while it ran: stopped with its process group
  bool stdout_overflow = false;  // wrote more than RunOptions::max_stdout: stopped
  size_t stdout_limit = 0;       // that bound, for the message
  bool spawn_failed = false;     // exec failed (command not found, not executable...)
  std::string error;             // why spawning failed, with the command
  std::string stderr_tail;       // last ~4 KiB of stderr
  std::string stdout_text;       // when capture_stdout

  bool ok() const {
    return !spawn_failed && !timed_out && !interrupted && !stdout_overflow && signal == 0 && exit_code == 0;
  }
  // "exited with status 3", "killed by signal 9 (Killed)", "timed out after 2.0 s",
  // "stopped by Ctrl-C", "wrote more than 64 MiB to stdout (...)", ...
  std::string describe_failure(double timeout) const;
};

class Runner {
 public:
  virtual ~Runner() = default;
  virtual RunOutcome run(const CommandSpec& cmd, const RunOptions& opts) = 0;
  // Duet mode (measure/schedule.h): starts every run at the same moment, each with its own
  // options (its own CPU), and returns their outcomes in order once all have ended. This default
  // runs them one after another, so fakes and runners that cannot overlap runs (callgrind) stay
  // correct, only without the shared noise.
  virtual std::vector<RunOutcome> run_together(const std::vector<CommandSpec>& cmds,
                                               const std::vector<RunOptions>& opts);
};

// The real thing: fork, new process group, optional CPU pinning, counters attached before exec
// (enable_on_exec), execvp; the parent polls the child's pipes and a pidfd until exit, timeout,
// too much stdout or Ctrl-C (util/interrupt.h: the group is killed), then reaps it with wait4
// for rusage. Wall time runs from the release of the child
// (just before it calls exec) to wait4's return.
class ProcessRunner : public Runner {
 public:
  explicit ProcessRunner(Counters* counters = nullptr) : counters_(counters) {}
  RunOutcome run(const CommandSpec& cmd, const RunOptions& opts) override;
  // One thread per run (the first on the caller's), released together from a latch; run() is
  // safe to call from several threads at once (the PATH cache is locked).
  std::vector<RunOutcome> run_together(const std::vector<CommandSpec>& cmds,
                                       const std::vector<RunOptions>& opts) override;

 private:
  Counters* counters_;
  std::mutex resolved_mutex_;
  // A program name found on PATH, by (name, PATH, dir): searched once per runner, not per run
  // (a stat and an access per PATH entry, every run, was a tenth of hone's own CPU per run).
  std::map<std::string, std::string> resolved_;
};

// Runs the command under `valgrind --tool=callgrind` and fills m.instructions with the exact
// instruction count (Ir) of the whole program. Wall/cpu of such a run are valgrind's, not the
// program's, and are kept only for information.
class CallgrindRunner : public Runner {
 public:
  CallgrindRunner(Runner& inner, std::string scratch_dir);
  RunOutcome run(const CommandSpec& cmd, const RunOptions& opts) override;

 private:
  Runner& inner_;
  std::string scratch_dir_;
  int counter_ = 0;
};

// Is valgrind installed and runnable? On false, *why says what to install.
bool callgrind_available(std::string* why);
// Total Ir of a callgrind output file (its "totals:" or "summary:" line).
// Throws hone::Error naming the file when it is missing, truncated or not callgrind output.
double parse_callgrind_total(const std::string& path);

}  // namespace hone
