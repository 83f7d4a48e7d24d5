#include "fleet/job_file.h"

#include <fmt/format.h>

#include <filesystem>
#include <optional>

#include "util/error.h"
#include "util/units.h"

namespace hone::fleet {

JobFile job_file(JobFileRequest r) {
  if (r.shards > static_cast<int>(r.benchmarks))
    fail("--shards {}: {} has {} benchmarks, so at most {} shards have work", r.shards, r.config_file, r.benchmarks,
         r.benchmarks);
  JobFile j;
  std::string fleet = r.fleet.empty() ? default_fleet_name(r.project, r.now_utc) : r.fleet;
  if (r.engine == "slurm") {
    if (r.shared_store.empty())
      fail(
          "a fleet records into a shared store, and {} has none: set [store] url = \"postgresql://...\" (or "
          "HONE_STORE in the environment you submit from)",
          r.config_file);
    JobOptions o;
    o.hone = r.hone;
    o.config = r.config_file;
    o.project = r.project;
    o.shards = r.shards;
    o.fleet = fleet;
    o.partition = r.partition;
    o.time_limit = r.time_limit;
    o.log_dir = (std::filesystem::path(r.home) / ".hone" / "fleet").string();
    o.bench_args = r.bench_args;
    j.text = slurm_script(o);
    j.fleet = fleet;
    j.log_dir = o.log_dir;
    j.executable = true;
    j.what = fmt::format("{} shards, fleet {}", o.shards, fleet);
  } else if (r.engine == "k8s") {
    K8sOptions& o = r.k8s;
    if (!o.rerun.empty() && r.fleet.empty())
      fail("--rerun {}: give the fleet of the shards to re-run (--fleet NAME, as `hone fleet collect` named it)",
           fmt::join(o.rerun, ","));
    o.project = r.project;
    o.shards = r.shards;
    o.fleet = fleet;
    o.bench_args = r.bench_args;
    j.text = k8s_manifest(o);
    j.fleet = fleet;
    j.what = fmt::format("{} shards, fleet {}", o.shards, fleet);
  } else if (r.engine == "github") {
    GithubOptions& o = r.github;
    if (std::optional<double> t = parse_duration(o.collect_timeout); !t || *t < 0)
      fail("--collect-timeout '{}': expected a duration such as 1m", o.collect_timeout);
    o.project = r.project;
    o.shards = r.shards;
    o.fleet = r.fleet;
    o.config = repository_relative(r.config_file);
    o.bench_args = r.bench_args;
    j.text = github_workflow(o);
    j.fleet = r.fleet;
    j.what = fmt::format("{} shards on runners [{}]", o.shards, fmt::join(o.runs_on, ", "));
  } else {
    fail("hone fleet {}: expected slurm, k8s or github", r.engine);
  }
  return j;
}

std::string next_step(const std::string& engine, const std::string& file, const JobFile& j) {
  if (engine == "slurm")
    return fmt::format("submit it with `sbatch {}`, then `hone fleet collect --fleet {}`", file, j.fleet);
  if (engine == "k8s")
    return fmt::format("submit it with `kubectl apply -f {}`, then `hone fleet collect --fleet {}`", file, j.fleet);
  return "commit it under .github/workflows/ and start it from the Actions tab";
}

}  // namespace hone::fleet
