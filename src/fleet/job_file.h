#pragma once
// The job file of `hone fleet slurm|k8s|github`: checks the request against the project (a shard
// per benchmark at most; Slurm needs a shared store; a re-run names its fleet), fills in what comes
// from the project, and writes the script, manifest or workflow (slurm_script, k8s_manifest,
// github_workflow). The CLI only parses flags and prints the summary.
#include <string>
#include <vector>

#include "fleet/fleet.h"

namespace hone::fleet {

struct JobFileRequest {
  std::string engine;        // "slurm", "k8s" or "github"
  std::string config_file;   // hone.toml (absolute)
  std::string project;       // [project] name
  std::string home;          // the project's folder (Slurm's task logs go to .hone/fleet there)
  size_t benchmarks = 0;     // how many the suite has
  std::string shared_store;  // [store] url or HONE_STORE; "" = none
  std::string hone;          // this hone's path (a Slurm task runs it on the shared filesystem)
  std::string now_utc;       // for the default fleet name
  int shards = 0;
  std::string fleet;  // --fleet; "" = the default
  std::vector<std::string> bench_args;
  std::string partition, time_limit;  // Slurm
  K8sOptions k8s;                     // Kubernetes: the flags' options
  GithubOptions github;               // GitHub Actions: the flags' options
};

struct JobFile {
  std::string text;
  std::string what;     // "3 shards, fleet app-20261204T133000"
  std::string fleet;    // its fleet ("" for GitHub's default, per workflow run)
  std::string log_dir;  // Slurm: to create before submitting
  bool executable = false;
};

// Throws hone::Error naming the flag and value at fault.
JobFile job_file(JobFileRequest r);

// What to do with `file` once written: "submit it with `sbatch suite.sh`, then ...".
std::string next_step(const std::string& engine, const std::string& file, const JobFile& j);

}  // namespace hone::fleet
