#include "fleet/job_file.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "util/error.h"

namespace hone::fleet {
namespace {

using ::testing::HasSubstr;

JobFileRequest request(const std::string& engine) {
  JobFileRequest r;
  r.engine = engine;
  r.config_file = "/src/app/hone.toml";
  r.project = "app";
  r.home = "/src/app";
  r.benchmarks = 5;
  r.shared_store = "postgresql://hone@db/perf";
  r.hone = "/opt/hone";
  r.now_utc = "2026-12-04T13:30:00Z";
  r.shards = 3;
  r.k8s.image = "registry.example/app:1";
  return r;
}

std::string error_of(const JobFileRequest& r) {
  try {
    job_file(r);
  } catch (const Error& e) {
    return e.what();
  }
  return "no error";
}

TEST(JobFile, EachEngineFromTheProject) {
  JobFile s = job_file(request("slurm"));
  EXPECT_THAT(s.text, HasSubstr("#SBATCH --array=1-3\n"));
  EXPECT_THAT(s.text, HasSubstr("export HONE_FLEET=app-20261204T133000\n"));
  EXPECT_EQ(s.log_dir, "/src/app/.hone/fleet");
  EXPECT_TRUE(s.executable);
  EXPECT_EQ(s.what, "3 shards, fleet app-20261204T133000");
  EXPECT_EQ(next_step("slurm", "suite.sh", s),
            "submit it with `sbatch suite.sh`, then `hone fleet collect --fleet app-20261204T133000`");

  JobFile k = job_file(request("k8s"));
  EXPECT_THAT(k.text, HasSubstr("  name: \"hone-app-20261204t133000\"\n"));
  EXPECT_FALSE(k.executable);
  EXPECT_EQ(next_step("k8s", "job.yaml", k),
            "submit it with `kubectl apply -f job.yaml`, then `hone fleet collect --fleet app-20261204T133000`");
  JobFileRequest r = request("k8s");
  r.shared_store = "";  // the Job reads the store's URL from a Secret
  EXPECT_EQ(error_of(r), "no error");
}

TEST(JobFile, RequestsThatCannotWorkAreNamed) {
  JobFileRequest r = request("k8s");
  r.shards = 6;
  EXPECT_EQ(error_of(r), "--shards 6: /src/app/hone.toml has 5 benchmarks, so at most 5 shards have work");
  r = request("slurm");
  r.shared_store = "";
  EXPECT_THAT(error_of(r), HasSubstr("a fleet records into a shared store, and /src/app/hone.toml has none"));
  r = request("k8s");
  r.k8s.rerun = {2};
  EXPECT_THAT(error_of(r), HasSubstr("--rerun 2: give the fleet of the shards to re-run"));
  r.fleet = "app-1";
  EXPECT_EQ(error_of(r), "no error");
  r = request("github");
  r.github.collect_timeout = "soon";
  EXPECT_EQ(error_of(r), "--collect-timeout 'soon': expected a duration such as 1m");
  r = request("nomad");
  EXPECT_THAT(error_of(r), HasSubstr("hone fleet nomad: expected slurm, k8s or github"));
}

}  // namespace
}  // namespace hone::fleet
