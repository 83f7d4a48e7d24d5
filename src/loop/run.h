#pragma once
// `hone run N | --next | --all` (procedure phase 2) as a driver stepped through by the CLI, in
// the manner of jj's Bisector::next_step(): which candidate next, its attempt, the done criteria
// after it, and at the end of the list the final or incomplete report. Each step says what to
// print and whether the run is over. Everything that touches the world (the candidate list, an
// attempt, the completion report) goes through RunWorld, so the control flow is unit-tested with
// a fake (run_test.cc); LoopRun is the real one.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "loop/driver.h"
#include "store/store.h"
#include "util/exit_status.h"

namespace hone::loop {

class RunWorld {
 public:
  virtual ~RunWorld() = default;
  virtual std::vector<CandidateRecord> candidates() = 0;
  virtual CandidateRecord candidate(int64_t id) = 0;  // throws hone::Error naming a missing id
  virtual bool attempted_before() = 0;                // the loop has attempted anything yet
  virtual std::vector<EventRecord> events() = 0;      // the worklog's events, oldest first
  // One attempt at c: prepared, the agent run, verified and decided (interrupted: Ctrl-C).
  virtual AttemptResult attempt(const CandidateRecord& c) = 0;
  struct Completion {
    std::string report;  // the worklog body of the report written
    bool met = false;    // the final report (met) or the incomplete one
  };
  // 4.1 / 4.2: met known from the last attempt's measurement, or nullopt: the final measurement
  // judges.
  virtual Completion complete(std::optional<bool> met) = 0;
};

enum class RunMode { one, next, all };

struct RunStep {
  enum class Kind {
    attempted,        // an attempt was decided; more may follow
    criteria_met,     // the done criteria are met: the next step writes the final report
    measuring_final,  // the list is exhausted: the next step measures and writes the report
    report,           // the final (met) or incomplete report was written
    report_stands,    // exhausted, and the report written after the last attempt stands
    nothing_to_run,   // no approved candidate and no attempt ever
    finished,         // `run N` / `run --next`: its one attempt is done
    interrupted,      // Ctrl-C
  };
  Kind kind = Kind::attempted;
  std::string text;             // what the CLI prints on stdout
  bool over = false;            // the run is over: exit with `exit_status`
  Exit exit_status = Exit::ok;  // ok: done / criteria met, no: incomplete, interrupted
  int64_t candidate = 0;        // attempted, criteria_met: the candidate attempted
  int64_t experiment = 0;       // attempted, criteria_met: its attempt
};

class RunDriver {
 public:
  // mode one: the candidate `id`; next: the next runnable one; all: every one in turn.
  RunDriver(RunWorld& world, RunMode mode, int64_t id = 0) : world_(world), mode_(mode), id_(id) {}
  // Does the next piece of work and says what became of it; once a step is `over`, returns it
  // again.
  RunStep next_step();

 private:
  RunStep end(RunStep s);
  RunStep exhausted();

  RunWorld& world_;
  RunMode mode_;
  int64_t id_;
  int attempts_ = 0;
  enum class Pending { nothing, final_report, final_measurement } pending_ = Pending::nothing;
  std::optional<RunStep> over_;
};

// The real world of `hone run`: the loop's context with the run's flags, the repository's loop
// lock held while it lives, stale runs and attempts a killed hone left behind recovered first.
class LoopRun : public RunWorld {
 public:
  LoopRun(const Config& cfg, Store& store, const MeasureFlags& flags, bool allow_bench_changes);
  // A line per attempt recovery finished or cleaned up (the CLI prints them on stderr).
  const std::vector<std::string>& recovered() const { return recovered_; }

  std::vector<CandidateRecord> candidates() override;
  CandidateRecord candidate(int64_t id) override;
  bool attempted_before() override;
  std::vector<EventRecord> events() override;
  AttemptResult attempt(const CandidateRecord& c) override;
  Completion complete(std::optional<bool> met) override;

 private:
  LoopContext ctx_;
  LoopLock lock_;
  std::vector<std::string> recovered_;
};

}  // namespace hone::loop
