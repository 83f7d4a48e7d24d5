#include "fleet/fleet.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <unistd.h>

#include <fmt/format.h>

#include "util/error.h"

namespace hone::fleet {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::Not;

TEST(Fleet, SlurmScriptIsAnExclusiveArrayOfShards) {
  JobOptions o;
  o.hone = "/opt/hone/bin/hone";
  o.config = "/src/my app/hone.toml";
  o.project = "app";
  o.shards = 4;
  o.fleet = "app-20261204T133000";
  o.partition = "perf";
  o.time_limit = "1:00:00";
  o.log_dir = "/src/app/.hone/fleet";
  o.bench_args = {"--metric", "instructions"};
  std::string s = slurm_script(o);
  EXPECT_EQ(s.rfind("#!/bin/bash\n", 0), 0u);
  for (const char* line :
       {"#SBATCH --array=1-4\n", "#SBATCH --exclusive\n", "#SBATCH --nodes=1\n", "#SBATCH --partition=perf\n",
        "#SBATCH --time=1:00:00\n", "#SBATCH --output=/src/app/.hone/fleet/hone-%A_%a.out\n",
        "export HONE_SHARD_COUNT=4\n", "export HONE_FLEET=app-20261204T133000\n",
        "exec /opt/hone/bin/hone --config '/src/my app/hone.toml' bench --shard auto --metric "
        "instructions\n"})
    EXPECT_THAT(s, HasSubstr(line));
  o.shards = 0;
  EXPECT_THROW(slurm_script(o), Error);
}

TEST(Fleet, Names) {
  EXPECT_EQ(default_fleet_name("my app", "2026-12-04T13:30:00Z"), "my-app-20261204T133000");
  EXPECT_EQ(shell_quote("plain/path-1.2"), "plain/path-1.2");
  EXPECT_EQ(shell_quote("it's"), "'it'\\''s'");
  EXPECT_EQ(shell_quote(""), "''");
}

TEST(Fleet, K8sManifestIsAnIndexedJobOnePodPerNode) {
  K8sOptions o;
  o.project = "app";
  o.shards = 4;
  o.fleet = "app-20261204T133000";
  o.image = "registry.example/app:1.2";
  o.namespace_name = "perf";
  o.store_secret = "team-store";
  o.workdir = "/src/app";
  o.node_selector = {"hone/perf=true"};
  o.bench_args = {"--metric", "instructions"};
  std::string m = k8s_manifest(o);
  for (const char* line :
       {"kind: Job\n", "  name: \"hone-app-20261204t133000\"\n", "  namespace: \"perf\"\n",
        "  completionMode: Indexed\n", "  completions: 4\n", "  parallelism: 4\n", "  backoffLimitPerIndex: 0\n",
        "      restartPolicy: Never\n", "        \"hone/perf\": \"true\"\n",
        "          requiredDuringSchedulingIgnoredDuringExecution:\n",
        "            - topologyKey: \"kubernetes.io/hostname\"\n", "          image: \"registry.example/app:1.2\"\n",
        "          workingDir: \"/src/app\"\n",
        "          command: [\"hone\", \"bench\", \"--shard\", \"auto\", \"--metric\", \"instructions\"]\n",
        "            - name: HONE_SHARD_COUNT\n              value: \"4\"\n",
        "            - name: HONE_FLEET\n              value: \"app-20261204T133000\"\n",
        "                  fieldPath: spec.nodeName\n",
        "                secretKeyRef:\n                  name: \"team-store\"\n                  key: \"url\"\n"})
    EXPECT_THAT(m, HasSubstr(line));
  EXPECT_THAT(m, Not(HasSubstr("postgresql://hone")));

  o.rerun = {2, 4};
  m = k8s_manifest(o);
  EXPECT_THAT(m, HasSubstr("  name: \"hone-app-20261204t133000-shard-2\"\n"));
  EXPECT_THAT(m, HasSubstr("\n---\n"));
  EXPECT_THAT(m, HasSubstr("command: [\"hone\", \"bench\", \"--shard\", \"4/4\", \"--metric\", \"instructions\"]"));
  EXPECT_THAT(m, Not(HasSubstr("completionMode")));
  EXPECT_THAT(m, Not(HasSubstr("HONE_SHARD_COUNT")));
}

TEST(Fleet, K8sBadValuesAreNamed) {
  K8sOptions o;
  o.shards = 2;
  o.fleet = "f";
  o.image = "img";
  auto error = [&](K8sOptions bad) {
    try {
      k8s_manifest(bad);
    } catch (const Error& e) {
      return std::string(e.what());
    }
    return std::string("no error");
  };
  EXPECT_EQ(error(o), "no error");
  K8sOptions b = o;
  b.image = "my image";
  EXPECT_THAT(error(b), HasSubstr("--image 'my image'"));
  b = o;
  b.image = "";
  EXPECT_THAT(error(b), HasSubstr("--image ''"));
  b = o;
  b.namespace_name = "Perf_Team";
  EXPECT_THAT(error(b), HasSubstr("--namespace 'Perf_Team'"));
  b = o;
  b.store_secret = "HONE_STORE";
  EXPECT_THAT(error(b), HasSubstr("--store-secret 'HONE_STORE'"));
  b = o;
  b.store_key = "a/b";
  EXPECT_THAT(error(b), HasSubstr("--store-key 'a/b'"));
  b = o;
  b.node_selector = {"perf"};
  EXPECT_THAT(error(b), HasSubstr("--node-selector 'perf'"));
  b = o;
  b.rerun = {3};
  EXPECT_THAT(error(b), HasSubstr("--rerun 3: a shard number from 1 to 2"));
  b = o;
  b.shards = 0;
  EXPECT_THAT(error(b), HasSubstr("--shards 0"));
  b = o;
  b.fleet = std::string(60, 'x');
  EXPECT_THAT(error(b), HasSubstr("--fleet 'xxxx"));
  EXPECT_EQ(k8s_job_name("My App_2026.12"), "hone-my-app-2026-12");
}

TEST(Fleet, GithubWorkflowIsAMatrixThenCollect) {
  GithubOptions o;
  o.project = "app";
  o.shards = 3;
  o.runs_on = {"self-hosted", "perf"};
  o.store_secret = "PERF_STORE";
  o.config = "sub dir/hone.toml";
  o.bench_args = {"--metric", "instructions"};
  std::string w = github_workflow(o);
  for (const char* line :
       {"on:\n  workflow_dispatch:\n", "  shard:\n", "    runs-on: [\"self-hosted\", \"perf\"]\n",
        "      fail-fast: false\n", "        shard: [1, 2, 3]\n", "      HONE_STORE: ${{ secrets.PERF_STORE }}\n",
        "      HONE_FLEET: \"app-${{ github.run_id }}\"\n",
        "        run: \"hone --config 'sub dir/hone.toml' bench --shard ${{ matrix.shard }}/3 "
        "--metric instructions\"\n",
        "  collect:\n    needs: shard\n    if: ${{ !cancelled() }}\n",
        "fleet collect --fleet \\\"$HONE_FLEET\\\" --shards 3 --timeout 1m\"\n"})
    EXPECT_THAT(w, HasSubstr(line));
  o.fleet = "nightly";
  EXPECT_THAT(github_workflow(o), HasSubstr("      HONE_FLEET: \"nightly\"\n"));

  auto error = [&](GithubOptions bad) {
    try {
      github_workflow(bad);
    } catch (const Error& e) {
      return std::string(e.what());
    }
    return std::string("no error");
  };
  GithubOptions b = o;
  b.store_secret = "GITHUB_TOKEN";
  EXPECT_THAT(error(b), HasSubstr("--store-secret 'GITHUB_TOKEN'"));
  b.store_secret = "hone-store";
  EXPECT_THAT(error(b), HasSubstr("--store-secret 'hone-store'"));
  b = o;
  b.runs_on = {"a,b"};
  EXPECT_THAT(error(b), HasSubstr("--runs-on 'a,b'"));
  b.runs_on = {};
  EXPECT_THAT(error(b), HasSubstr("--runs-on"));
  b = o;
  b.shards = -1;
  EXPECT_THAT(error(b), HasSubstr("--shards -1"));
}

TEST(Fleet, YamlQuoteAndRepositoryPath) {
  EXPECT_EQ(yaml_quote("a \"b\"\n"), "\"a \\\"b\\\"\\n\"");
  std::filesystem::path dir = std::filesystem::temp_directory_path() / fmt::format("hone-fleet-repo-{}", getpid());
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir / ".git");
  std::filesystem::create_directories(dir / "perf");
  EXPECT_EQ(repository_relative((dir / "perf" / "hone.toml").string()), "perf/hone.toml");
  std::filesystem::remove_all(dir / ".git");
  EXPECT_THROW(repository_relative((dir / "perf" / "hone.toml").string()), Error);
  std::filesystem::remove_all(dir);
}

TEST(Fleet, StateOfTheShardsNewestRunWins) {
  std::filesystem::path dir = std::filesystem::temp_directory_path() / fmt::format("hone-fleet-state-{}", getpid());
  std::filesystem::remove_all(dir);
  {
    Store s = Store::open(dir / "hone.db");
    auto shard_run = [&](int k, const std::string& fleet, const std::string& status) {
      RunRecord r;
      r.kind = "bench";
      r.settings = {{"shard", {{"index", k}, {"count", 3}, {"fleet", fleet}}}};
      r.machine = {{"name", fmt::format("node-{}", k)}};
      int64_t id = s.begin_run(r);
      if (status != "running") s.finish_run(id, status, status == "failed" ? "exit 1" : "");
      return id;
    };
    EXPECT_EQ(fleet_state(s, "f").count, 0);
    shard_run(1, "f", "complete");
    shard_run(2, "f", "failed");
    shard_run(1, "other", "complete");
    FleetState st = fleet_state(s, "f");
    EXPECT_EQ(st.count, 3);
    EXPECT_THAT(st.with_state("complete"), ElementsAre(1));
    EXPECT_THAT(st.with_state("failed"), ElementsAre(2));
    EXPECT_THAT(st.with_state("missing"), ElementsAre(3));
    EXPECT_EQ(st.shards[1].note, "exit 1");
    EXPECT_EQ(st.shards[1].machine, "node-2");
    EXPECT_FALSE(st.all_complete());
    int64_t rerun = shard_run(2, "f", "complete");  // shard 2 re-run alone
    int64_t three = shard_run(3, "f", "running");
    st = fleet_state(s, "f");
    EXPECT_THAT(st.with_state("running"), ElementsAre(3));
    EXPECT_EQ(st.shards[1].run_id, rerun);
    s.finish_run(three, "complete");
    st = fleet_state(s, "f");
    EXPECT_TRUE(st.all_complete());
    EXPECT_EQ(st.complete_runs.size(), 3u);
    EXPECT_EQ(rerun_hint(st, "f", {2}),
              "Slurm: sbatch --array=2 SCRIPT; Kubernetes: hone fleet k8s ... --fleet f --rerun 2, kubectl apply; "
              "hone bench --shard 2/3 with HONE_FLEET=f; in a CI matrix: re-run the failed job");
    st.shards[0].source = "JOB_COMPLETION_INDEX=0, HONE_SHARD_COUNT=3";
    EXPECT_EQ(rerun_hint(st, "f", {2, 3}), "Kubernetes: hone fleet k8s ... --fleet f --rerun 2,3, kubectl apply");
    st.shards[0].source = "SLURM_ARRAY_TASK_ID=1, SLURM_ARRAY_TASK_COUNT=3";
    EXPECT_EQ(rerun_hint(st, "f", {2, 3}), "Slurm: sbatch --array=2,3 SCRIPT");
    st.shards[0].source = "--shard 1/3";
    EXPECT_EQ(rerun_hint(st, "f", {2, 3}),
              "hone bench --shard 2/3, --shard 3/3 with HONE_FLEET=f; in a CI matrix: re-run the failed job");
    EXPECT_EQ(st.complete_runs[1], rerun);
  }
  std::filesystem::remove_all(dir);
}

}  // namespace
}  // namespace hone::fleet
