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

// A Kubernetes Indexed Job: completions = parallelism = N, one pod per node (a required pod
// anti-affinity on every hone bench pod, by hostname), each running `hone bench --shard auto`
// with HONE_SHARD_COUNT=N, HONE_FLEET and HONE_MACHINE (the node's name) set, and HONE_STORE from
// a Secret (never the URL itself). A failed shard does not stop the others (backoffLimitPerIndex:
// 0). With `rerun` shards, one plain Job per shard K runs `hone bench --shard K/N` instead, in the
// same fleet. Throws hone::Error naming the option and value at fault.
struct K8sOptions {
  std::string project;                      // [project] name, for the comments
  int shards = 0;                           // N
  std::string fleet;                        // HONE_FLEET; the Job's name is derived from it
  std::string image;                        // the container image, with hone and the project in it
  std::string namespace_name;               // "" = kubectl's current namespace
  std::string store_secret = "hone-store";  // the Secret holding the store URL...
  std::string store_key = "url";            // ...under this key
  std::string hone = "hone";                // the hone binary in the image
  std::string workdir;                      // the project's folder in the image; "" = its WORKDIR
  std::vector<std::string> node_selector;   // KEY=VALUE: the nodes that may measure
  std::vector<int> rerun;                   // shards to re-run alone; empty = the whole Indexed Job
  std::vector<std::string> bench_args;      // more words for `hone bench`
};
std::string k8s_manifest(const K8sOptions& o);

// The Job's name for a fleet: `hone-` and the fleet's name lowercased, every character a DNS
// label does not allow turned into '-'. Throws when it is longer than a Job's name may be.
std::string k8s_job_name(const std::string& fleet);

// A GitHub Actions workflow: a matrix of N shard jobs (fail-fast off), each on its own runner
// (`runs_on` labels; a runner runs one job at a time), running `hone bench --shard K/N` into the
// store the repository secret `store_secret` names; then a `collect` job, needing every shard and
// run even when one failed, that runs `hone fleet collect` (so a dead shard is named; "Re-run
// failed jobs" re-runs it alone). Throws hone::Error naming the option and value at fault.
struct GithubOptions {
  std::string project;
  int shards = 0;
  std::string fleet;  // "" = PROJECT-${{ github.run_id }} (a re-run of failed jobs keeps it)
  std::vector<std::string> runs_on = {"self-hosted"};
  std::string store_secret = "HONE_STORE";
  std::string hone = "hone";           // the hone binary on the runners
  std::string config = "hone.toml";    // hone.toml, relative to the repository's root
  std::string collect_timeout = "1m";  // collect runs after every shard job ended: a short wait
  std::vector<std::string> bench_args;
};
std::string github_workflow(const GithubOptions& o);

// `file`'s path relative to the root of the git repository holding it (the nearest folder above
// with a .git). Throws when there is none, naming the file.
std::string repository_relative(const std::string& file);

// A string as a YAML double-quoted scalar (JSON's escapes, which YAML shares).
std::string yaml_quote(const std::string& s);

// Quotes a word for /bin/sh.
std::string shell_quote(const std::string& word);

struct ShardState {
  int index = 0;
  std::string state;  // complete | running | failed | interrupted | missing
  int64_t run_id = 0;
  std::string machine;    // machine.name of its run
  std::string note;       // why it failed
  std::string source;     // settings.shard.source of its run: where K and N came from
  std::string started;    // when its run started (ISO 8601 UTC)
  std::string heartbeat;  // its run's last sign of life (RunRecord::heartbeat)
};

struct FleetState {
  int count = 0;                       // N, from the shards' records (or the caller); 0 = none seen yet
  std::vector<ShardState> shards;      // 1..N
  std::vector<int64_t> complete_runs;  // in shard order, when every shard is complete
  bool all_complete() const;
  std::vector<int> with_state(const std::string& state) const;
};

// How to re-run `shards` of fleet `f` alone, for the engine its shards' runs came from (Slurm,
// an Indexed Job, else `hone bench --shard K/N`, as in a CI matrix): "Slurm: sbatch --array=2 SCRIPT".
std::string rerun_hint(const FleetState& f, const std::string& fleet, const std::vector<int>& shards);

// The newest run of each shard of `fleet` (a shard re-run after a failure replaces it).
// `count` > 0 overrides N; else N is what the shards recorded.
FleetState fleet_state(Store& store, const std::string& fleet, int count = 0);

}  // namespace hone::fleet
