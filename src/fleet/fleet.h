#pragma once
// The job files that spread a suite over machines with an existing engine, and the view of a
// sharded suite in the store that `hone fleet collect` waits on.
#include <string>
#include <vector>

#include "store/store.h"

namespace hone::fleet {

struct JobOptions {
  std::string hone;                     // absolute path of the hone binary the jobs run
  std::string config;                   // absolute path of hone.toml
  std::string project;                  // [project] name, for the job's name
  int shards = 0;                       // N: one job (one exclusive machine) per shard
  std::string fleet;                    // HONE_FLEET: names the suite in the store
  std::string partition;                // Slurm partition; "" = the default
  std::string time_limit;               // Slurm --time; "" = the partition's
  std::string log_dir;                  // where Slurm writes each task's output
  std::vector<std::string> bench_args;  // more words for `hone bench`
};

// `project-20261204T133000`: a fleet name from the project and the time (UTC), so each
// submission of a suite is told apart from the last.
std::string default_fleet_name(const std::string& project, const std::string& utc_timestamp);

// A Slurm batch script: an array 1-N, each task alone on its node (--exclusive, one node),
// running `hone bench --shard auto` with HONE_SHARD_COUNT=N and HONE_FLEET set, so a task re-run
// alone (`sbatch --array=K script`) is still shard K/N of the same fleet. The store comes from
// hone.toml or HONE_STORE in the submitting environment (sbatch exports it). Throws on N < 1.
std::string slurm_script(const JobOptions& o);

// Quotes a word for /bin/sh.
std::string shell_quote(const std::string& word);

struct ShardState {
  int index = 0;
  std::string state;  // complete | running | failed | interrupted | missing
  int64_t run_id = 0;
  std::string machine;  // machine.name of its run
  std::string note;     // why it failed
};

struct FleetState {
  int count = 0;                       // N, from the shards' records (or the caller); 0 = none seen yet
  std::vector<ShardState> shards;      // 1..N
  std::vector<int64_t> complete_runs;  // in shard order, when every shard is complete
  bool all_complete() const;
  std::vector<int> with_state(const std::string& state) const;
};

// The newest run of each shard of `fleet` (a shard re-run after a failure replaces it).
// `count` > 0 overrides N; else N is what the shards recorded.
FleetState fleet_state(Store& store, const std::string& fleet, int count = 0);

}  // namespace hone::fleet
