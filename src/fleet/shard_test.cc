#include "fleet/shard.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <map>
#include <set>

#include "util/error.h"

namespace hone::fleet {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;

// A fake environment.
EnvFn env(std::map<std::string, std::string> vars) {
  auto held = std::make_shared<std::map<std::string, std::string>>(std::move(vars));
  return [held](const char* name) -> const char* {
    auto it = held->find(name);
    return it == held->end() ? nullptr : it->second.c_str();
  };
}

std::string error_of(const std::string& text, const EnvFn& e = env({})) {
  try {
    parse_shard(text, e);
  } catch (const Error& err) {
    return err.what();
  }
  return "";
}

TEST(Shard, Explicit) {
  Shard s = parse_shard("2/4", env({}));
  EXPECT_EQ(s.index, 2);
  EXPECT_EQ(s.count, 4);
  EXPECT_EQ(s.source, "--shard 2/4");
  EXPECT_EQ(s.fleet, "");
  EXPECT_EQ(parse_shard("1/1", env({})).count, 1);
  EXPECT_EQ(parse_shard("3/3", env({{"HONE_FLEET", "nightly-7"}})).fleet, "nightly-7");
}

TEST(Shard, BadValuesAreNamed) {
  EXPECT_EQ(error_of("0/4"), "--shard '0/4': K must be a whole number from 1 to N (4)");
  EXPECT_EQ(error_of("5/4"), "--shard '5/4': K must be a whole number from 1 to N (4)");
  EXPECT_EQ(error_of("1/0"), "--shard '1/0': N must be a whole number from 1 to 10000");
  EXPECT_EQ(error_of("a/4"), "--shard 'a/4': K must be a whole number from 1 to N (4)");
  EXPECT_EQ(error_of("1/4x"), "--shard '1/4x': N must be a whole number from 1 to 10000");
  EXPECT_EQ(error_of("-1/4"), "--shard '-1/4': K must be a whole number from 1 to N (4)");
  EXPECT_EQ(error_of("3"), "--shard '3': expected K/N (shard K of N, from 1/N to N/N) or auto");
  EXPECT_EQ(error_of(""), "--shard '': expected K/N (shard K of N, from 1/N to N/N) or auto");
}

TEST(Shard, SlurmArray) {
  Shard s = parse_shard("auto", env({{"SLURM_ARRAY_TASK_ID", "3"},
                                     {"SLURM_ARRAY_TASK_MIN", "1"},
                                     {"SLURM_ARRAY_TASK_COUNT", "4"},
                                     {"SLURM_ARRAY_JOB_ID", "812"}}));
  EXPECT_EQ(s.index, 3);
  EXPECT_EQ(s.count, 4);
  EXPECT_EQ(s.fleet, "812");
  EXPECT_EQ(s.source, "SLURM_ARRAY_TASK_ID=3, SLURM_ARRAY_TASK_COUNT=4");
  // An array 0-3: ids count from 0.
  s = parse_shard("auto",
                  env({{"SLURM_ARRAY_TASK_ID", "0"}, {"SLURM_ARRAY_TASK_MIN", "0"}, {"SLURM_ARRAY_TASK_COUNT", "4"}}));
  EXPECT_EQ(s.index, 1);
  // One shard re-run alone (sbatch --array=3): the count comes from HONE_SHARD_COUNT.
  s = parse_shard("auto", env({{"SLURM_ARRAY_TASK_ID", "3"},
                               {"SLURM_ARRAY_TASK_MIN", "3"},
                               {"SLURM_ARRAY_TASK_COUNT", "1"},
                               {"HONE_SHARD_COUNT", "4"},
                               {"HONE_FLEET", "f1"},
                               {"SLURM_ARRAY_JOB_ID", "900"}}));
  EXPECT_EQ(s.index, 3);
  EXPECT_EQ(s.count, 4);
  EXPECT_EQ(s.fleet, "f1");  // HONE_FLEET names the suite across re-runs
  EXPECT_EQ(
      error_of("auto",
               env({{"SLURM_ARRAY_TASK_ID", "3"}, {"SLURM_ARRAY_TASK_MIN", "3"}, {"SLURM_ARRAY_TASK_COUNT", "1"}})),
      "--shard: SLURM_ARRAY_TASK_ID=3, SLURM_ARRAY_TASK_COUNT=1 gives shard 3 of 1: the shard number "
      "must be at most the count");
  EXPECT_EQ(error_of("auto", env({{"SLURM_ARRAY_TASK_ID", "x2"}, {"SLURM_ARRAY_TASK_COUNT", "4"}})),
            "--shard auto: SLURM_ARRAY_TASK_ID='x2' is not a whole number from 0 to 10000");
  EXPECT_THAT(error_of("auto", env({{"SLURM_ARRAY_TASK_ID", "2"}})),
              HasSubstr("SLURM_ARRAY_TASK_COUNT is not set (a job array sets it; or set HONE_SHARD_COUNT)"));
  EXPECT_THAT(
      error_of("auto",
               env({{"SLURM_ARRAY_TASK_ID", "0"}, {"SLURM_ARRAY_TASK_MIN", "1"}, {"SLURM_ARRAY_TASK_COUNT", "4"}})),
      HasSubstr("SLURM_ARRAY_TASK_ID=0 in an array that does not start at 0"));
}

TEST(Shard, KubernetesIndexedJob) {
  Shard s = parse_shard("auto", env({{"JOB_COMPLETION_INDEX", "0"}, {"HONE_SHARD_COUNT", "3"}}));
  EXPECT_EQ(s.index, 1);
  EXPECT_EQ(s.count, 3);
  EXPECT_EQ(s.source, "JOB_COMPLETION_INDEX=0, HONE_SHARD_COUNT=3");
  EXPECT_THAT(error_of("auto", env({{"JOB_COMPLETION_INDEX", "1"}})),
              HasSubstr("HONE_SHARD_COUNT is not set (an Indexed Job gives the index only"));
  EXPECT_EQ(error_of("auto", env({{"JOB_COMPLETION_INDEX", "3"}, {"HONE_SHARD_COUNT", "3"}})),
            "--shard: JOB_COMPLETION_INDEX=3, HONE_SHARD_COUNT=3 gives shard 4 of 3: the shard number must be "
            "at most the count");
  EXPECT_EQ(error_of("auto", env({{"JOB_COMPLETION_INDEX", "1"}, {"HONE_SHARD_COUNT", "zero"}})),
            "--shard auto: HONE_SHARD_COUNT='zero' is not a whole number from 1 to 10000");
  EXPECT_THAT(error_of("auto"), HasSubstr("neither SLURM_ARRAY_TASK_ID"));
}

TEST(Shard, SlicesArePartitionsOfWholeBenchmarks) {
  std::vector<std::string> suite = {"a", "b", "c", "d", "e"};
  EXPECT_THAT(shard_benchmarks(suite, Shard{1, 2}), ElementsAre("a", "c", "e"));
  EXPECT_THAT(shard_benchmarks(suite, Shard{2, 2}), ElementsAre("b", "d"));
  EXPECT_THAT(shard_benchmarks(suite, Shard{1, 1}), ElementsAre("a", "b", "c", "d", "e"));
  for (int n = 1; n <= 5; ++n) {
    std::multiset<std::string> all;
    for (int k = 1; k <= n; ++k)
      for (const std::string& b : shard_benchmarks(suite, Shard{k, n})) all.insert(b);
    EXPECT_EQ(all, std::multiset<std::string>(suite.begin(), suite.end())) << n << " shards";
  }
  try {
    shard_benchmarks(suite, Shard{6, 6, "--shard 6/6"});
    FAIL();
  } catch (const Error& e) {
    EXPECT_EQ(std::string(e.what()),
              "shard 6/6 (--shard 6/6) has no benchmark: 5 benchmarks cannot fill 6 shards; use at most 5 shards");
  }
}

TEST(Shard, Recorded) {
  nlohmann::json j = shard_json(Shard{2, 3, "--shard 2/3", "f"}, {"b"}, {"a", "b", "c"});
  EXPECT_EQ(j["index"], 2);
  EXPECT_EQ(j["count"], 3);
  EXPECT_EQ(j["fleet"], "f");
  EXPECT_EQ(j["benchmarks"], nlohmann::json({"b"}));
  EXPECT_EQ(j["suite"], nlohmann::json({"a", "b", "c"}));
}

}  // namespace
}  // namespace hone::fleet
