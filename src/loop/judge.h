#pragma once
// `hone criteria`: the done criteria judged, either on a stored run (the newest bench or baseline
// run, `vs baseline` against the stored baseline) or on a measurement made now (`--measure`: the
// start against main's head, interleaved). Each judgement is recorded as an event and the worklog
// updated; the caller prints.
#include <cstdint>
#include <string>
#include <vector>

#include "criteria/criteria.h"
#include "loop/driver.h"

namespace hone::loop {

struct StoredJudgement {
  int64_t run = 0;     // the judged run
  std::string metric;  // what it measured
  std::vector<criteria::Result> results;
  bool met = false;
  std::string machine_note;  // the baseline was measured on another machine (--any-machine)
  std::string load_note;     // the baseline and the run started under clearly different load
  std::string body;          // the event's markdown
};

// run 0: the newest complete bench or baseline run that measured ours. Throws hone::Error when
// there is none, the run does not exist (naming `store_name`), or the baseline's machine differs
// (unless any_machine).
StoredJudgement judge_stored(const Config& cfg, Store& store, const std::string& store_name,
                             const std::vector<criteria::Clause>& clauses, int64_t run, const std::string& baseline,
                             bool any_machine);

struct MeasuredJudgement {
  std::string start;  // the commit measured as the start (loop::criteria_start)
  std::string end;    // what it was measured against, for messages: "master's head" (loop::head_name)
  PairMeasurement m;  // its criteria_results, baseline_paired...; m.interrupted on Ctrl-C
  bool met = false;
};

// Builds the start (the baseline's commit, else the loop's first base) and main's head, measures
// them in one interleaved run with the competitors, and judges [criteria] done on it.
MeasuredJudgement judge_measured(LoopContext& ctx, const std::string& baseline);

}  // namespace hone::loop
