#include "fleet/shard.h"

#include <fmt/format.h>

#include <charconv>
#include <cstdlib>
#include <optional>
#include <string_view>

#include "util/error.h"

namespace hone::fleet {

const char* real_env(const char* name) { return std::getenv(name); }

namespace {

// A whole decimal number in [lo, hi], or nullopt.
std::optional<long> whole(std::string_view s, long lo, long hi) {
  long v = 0;
  auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  if (s.empty() || ec != std::errc() || p != s.data() + s.size() || v < lo || v > hi) return std::nullopt;
  return v;
}

// An environment variable that must be a whole number in [lo, hi].
long env_number(const EnvFn& env, const char* name, long lo, long hi, const std::string& why) {
  const char* v = env(name);
  if (v == nullptr || *v == '\0') fail("--shard auto: {} is not set{}", name, why);
  std::optional<long> n = whole(v, lo, hi);
  if (!n) fail("--shard auto: {}='{}' is not a whole number from {} to {}", name, v, lo, hi);
  return *n;
}

std::string fleet_of(const EnvFn& env) {
  for (const char* name : {"HONE_FLEET", "SLURM_ARRAY_JOB_ID"})
    if (const char* v = env(name); v != nullptr && *v != '\0') return v;
  return "";
}

Shard checked(Shard s) {
  if (s.index > s.count)
    fail("--shard: {} gives shard {} of {}: the shard number must be at most the count", s.source, s.index, s.count);
  return s;
}

}  // namespace

Shard parse_shard(const std::string& text, const EnvFn& env) {
  Shard s;
  s.fleet = fleet_of(env);
  if (text == "auto") {
    const char* slurm = env("SLURM_ARRAY_TASK_ID");
    const char* k8s = env("JOB_COMPLETION_INDEX");
    const char* count = env("HONE_SHARD_COUNT");
    bool own_count = count != nullptr && *count != '\0';
    if (slurm != nullptr && *slurm != '\0') {
      long id = env_number(env, "SLURM_ARRAY_TASK_ID", 0, kMaxShards, "");
      const char* min = env("SLURM_ARRAY_TASK_MIN");
      bool zero_based = min != nullptr && std::string_view(min) == "0";
      long n = own_count ? env_number(env, "HONE_SHARD_COUNT", 1, kMaxShards, "")
                         : env_number(env, "SLURM_ARRAY_TASK_COUNT", 1, kMaxShards,
                                      " (a job array sets it; or set HONE_SHARD_COUNT)");
      if (!zero_based && id == 0)
        fail(
            "--shard auto: SLURM_ARRAY_TASK_ID=0 in an array that does not start at 0 "
            "(SLURM_ARRAY_TASK_MIN='{}'): submit the array as --array=1-N",
            min ? min : "");
      s.index = static_cast<int>(zero_based ? id + 1 : id);
      s.count = static_cast<int>(n);
      s.source = fmt::format("SLURM_ARRAY_TASK_ID={}{}, {}={}", id, zero_based ? " (array from 0)" : "",
                             own_count ? "HONE_SHARD_COUNT" : "SLURM_ARRAY_TASK_COUNT", n);
      return checked(s);
    }
    if (k8s != nullptr && *k8s != '\0') {
      long idx = env_number(env, "JOB_COMPLETION_INDEX", 0, kMaxShards - 1, "");
      long n = env_number(env, "HONE_SHARD_COUNT", 1, kMaxShards,
                          " (an Indexed Job gives the index only: set HONE_SHARD_COUNT to the Job's completions)");
      s.index = static_cast<int>(idx + 1);
      s.count = static_cast<int>(n);
      s.source = fmt::format("JOB_COMPLETION_INDEX={}, HONE_SHARD_COUNT={}", idx, n);
      return checked(s);
    }
    fail(
        "--shard auto: neither SLURM_ARRAY_TASK_ID (a Slurm job array) nor JOB_COMPLETION_INDEX (a "
        "Kubernetes Indexed Job) is set; give the shard as --shard K/N");
  }
  size_t slash = text.find('/');
  if (slash == std::string::npos) fail("--shard '{}': expected K/N (shard K of N, from 1/N to N/N) or auto", text);
  std::optional<long> k = whole(std::string_view(text).substr(0, slash), 1, kMaxShards);
  std::optional<long> n = whole(std::string_view(text).substr(slash + 1), 1, kMaxShards);
  if (!n) fail("--shard '{}': N must be a whole number from 1 to {}", text, kMaxShards);
  if (!k || *k > *n) fail("--shard '{}': K must be a whole number from 1 to N ({})", text, *n);
  s.index = static_cast<int>(*k);
  s.count = static_cast<int>(*n);
  s.source = "--shard " + text;
  return s;
}

std::vector<std::string> shard_benchmarks(const std::vector<std::string>& suite, const Shard& s) {
  std::vector<std::string> out;
  for (size_t i = 0; i < suite.size(); ++i)
    if (static_cast<int>(i % static_cast<size_t>(s.count)) + 1 == s.index) out.push_back(suite[i]);
  if (out.empty())
    fail("shard {}/{} ({}) has no benchmark: {} benchmark{} cannot fill {} shards; use at most {} shards", s.index,
         s.count, s.source, suite.size(), suite.size() == 1 ? "" : "s", s.count, suite.size());
  return out;
}

nlohmann::json shard_json(const Shard& s, const std::vector<std::string>& benchmarks,
                          const std::vector<std::string>& suite) {
  return {{"index", s.index}, {"count", s.count},         {"source", s.source},
          {"fleet", s.fleet}, {"benchmarks", benchmarks}, {"suite", suite}};
}

}  // namespace hone::fleet
