#pragma once
// Fan-out: `hone bench --shard K/N` measures a deterministic slice of the suite, so that N
// machines (a Slurm job array, a Kubernetes Indexed Job, a CI matrix) together measure all of
// it, each on its own machine. The slice is made of whole benchmarks: a benchmark's targets stay
// together, so its pairs are still interleaved round by round on one machine.
#include <functional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

namespace hone::fleet {

struct Shard {
  int index = 1;  // 1-based: shard 1/4 .. 4/4
  int count = 1;
  // Where K and N came from: "--shard 2/4", "SLURM_ARRAY_TASK_ID=2, SLURM_ARRAY_TASK_COUNT=4"...
  std::string source;
  // Which sharded suite this run belongs to (`hone fleet collect --fleet ID` gathers its shards):
  // HONE_FLEET, else SLURM_ARRAY_JOB_ID, else "".
  std::string fleet;
};

constexpr int kMaxShards = 10000;

// Reads an environment variable; nullptr when unset. Tests pass a fake.
using EnvFn = std::function<const char*(const char*)>;
const char* real_env(const char* name);

// "K/N" (1 <= K <= N <= 10000) or "auto": from the engine's environment,
//  - Slurm job arrays: SLURM_ARRAY_TASK_ID is the shard number (an array 1-N; for an array
//    0-(N-1), SLURM_ARRAY_TASK_MIN=0, the id plus one); N from HONE_SHARD_COUNT, else
//    SLURM_ARRAY_TASK_COUNT;
//  - Kubernetes Indexed Jobs: JOB_COMPLETION_INDEX (0-based) plus one; N from HONE_SHARD_COUNT.
// Throws hone::Error naming the flag, the variable and the value at fault.
Shard parse_shard(const std::string& text, const EnvFn& env = real_env);

// The benchmarks of one shard, in suite order: benchmark i (0-based) goes to shard i mod N + 1.
// Throws hone::Error when the shard gets none (more shards than benchmarks), naming both counts.
std::vector<std::string> shard_benchmarks(const std::vector<std::string>& suite, const Shard& s);

// What a sharded run records as settings.shard: index, count, source, fleet, benchmarks, suite.
nlohmann::json shard_json(const Shard& s, const std::vector<std::string>& benchmarks,
                          const std::vector<std::string>& suite);

}  // namespace hone::fleet
