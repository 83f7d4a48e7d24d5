#pragma once
// `hone fleet collect`: wait until every shard of a fleet has a complete run in the store (naming
// a shard that died or never came), then judge the whole suite: the shards' runs analysed as one,
// and [criteria] done judged on it, `vs baseline` clauses included (against a stored baseline run
// or a baseline fleet, each benchmark against the baseline's measurement of it, on the same machine).
#include <atomic>
#include <functional>
#include <string>
#include <vector>

#include "criteria/criteria.h"
#include "fleet/fleet.h"
#include "report/analysis.h"
#include "store/store.h"
#include "util/clock.h"

namespace hone::fleet {

struct WaitOptions {
  std::string fleet;
  int count = 0;             // N; 0 = what the shards recorded
  double timeout = 1800;     // seconds
  double poll = 2;           // seconds
  std::string timeout_text;  // as the user gave it, for messages
  std::string store_name;    // for messages
  // A running shard silent this long (no heartbeat: no round written, no job started) is taken
  // for one whose machine or job vanished; 0: never.
  double silent_after = 600;  // seconds
  std::string silent_text = "10m";
  std::function<double()> wall_clock = utc_seconds;  // seconds since 1970, against the heartbeats
};

// Polls fleet_state until every shard is complete and returns it. Throws hone::Error at once when
// a shard's newest run failed or was interrupted (naming each with its run, machine and reason),
// when a running shard has been silent for `silent_after` (its heartbeat that old: its machine or
// job is taken for gone), and when `timeout` runs out or `stop` is set (naming the shards that
// never recorded a run or are still running); each message says how to re-run them alone (rerun_hint). `now` and
// `sleep` are seams (seconds).
FleetState wait_for_fleet(Store& store, const WaitOptions& o, const std::atomic<bool>* stop,
                          const std::function<double()>& now, const std::function<void(double)>& sleep);

struct BaselineOptions {
  std::string name = "default";  // a stored baseline (`hone baseline`), when no fleet is given
  std::string fleet;             // a baseline fleet: its shards' runs, per benchmark
  bool any_machine = false;      // compare across machines, and say so
};

struct FleetJudgement {
  Analysis analysis;  // the suite, the shards' runs as one
  std::vector<criteria::Result> results;
  bool met = true;
  std::string baseline;            // what `vs baseline` was judged against; "" when no clause asks
  std::vector<std::string> notes;  // machines that differ (--any-machine)
};

// Judges `done` (the [criteria] done sentences of `config_file`) on the complete fleet `f`. A
// clause that cannot be judged (no baseline recorded...) is unsure with the reason; a clause that
// does not parse, a baseline fleet that is not complete, or a baseline measured on another machine
// (without any_machine) is an error naming it.
FleetJudgement judge_fleet(Store& store, const FleetState& f, const std::string& fleet, const std::string& ours,
                           const std::vector<std::string>& done, const std::string& config_file,
                           const BaselineOptions& b);

}  // namespace hone::fleet
