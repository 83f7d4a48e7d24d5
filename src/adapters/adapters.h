#pragma once
// Harness adapters: turn a benchmark harness's own output into samples, so one target can
// carry many benchmarks and hone can use the harness's per-iteration timings. Every parser
// throws hone::Error naming the source (file or command) and what is wrong on malformed or
// truncated input. Values are SI: seconds for times.
#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace hone::adapters {

struct HarnessValue {
  std::string name;  // the harness's benchmark name ("BM_Count/4096", "group/function")
  double value = 0;  // seconds per iteration (or the regex unit's SI value)
};

// Google Benchmark `--benchmark_format=json` output. One value per entry with run_type
// "iteration" (each repetition is one); aggregates (mean, median, stddev, cv, BigO, RMS) are
// skipped. real_time, or cpu_time when cpu_time is true, converted from time_unit.
// Entries with "error_occurred": true are an error naming the benchmark and its message.
std::vector<HarnessValue> parse_google_benchmark(std::string_view json, const std::string& source,
                                                 bool cpu_time = false);

// The values of one benchmark, in output order; an error naming source and listing the names
// found when there are none (so a target carrying many benchmarks picks its own).
std::vector<double> values_named(const std::vector<HarnessValue>& values, const std::string& name,
                                 const std::string& source);

// criterion.rs: `<dir>/<id>/new/sample.json` holds {"sampling_mode", "iters": [...],
// "times": [...]} in nanoseconds per sample of iters iterations; returns times[i]/iters[i]
// in seconds.
std::vector<double> parse_criterion_sample(std::string_view json, const std::string& source);
// `<dir>/<id>/new/benchmark.json` → the benchmark's full id ("group/function/value").
std::string parse_criterion_benchmark_id(std::string_view json, const std::string& source);
// Every benchmark under a criterion output folder (default target/criterion): full id →
// folder holding benchmark.json and sample.json (the `new` folder).
std::map<std::string, std::filesystem::path> find_criterion_benchmarks(const std::filesystem::path& criterion_dir);
// Reads one benchmark's samples by full id; error lists the ids found when it is missing.
std::vector<double> read_criterion(const std::filesystem::path& criterion_dir, const std::string& id);

// hyperfine `--export-json`: per command its per-run times (seconds), mean user/system,
// exit codes.
struct HyperfineCommand {
  std::string command;
  std::vector<double> times;
  std::optional<double> user, system;
  std::vector<int> exit_codes;
};
std::vector<HyperfineCommand> parse_hyperfine(std::string_view json, const std::string& source);

// regex over a command's stdout, with RE2 (linear time in the output's length, no recursion:
// no output and no pattern can hang or crash it). Every match of pattern yields one value from
// its group named "value" — written (?<value>...) or (?P<value>...) — or, without named groups,
// its first group; the number is multiplied by unit_scale(unit). An invalid pattern, one without
// a group, or one with named groups but none called "value" is an error naming the pattern (see
// pattern_problem); no match, or a captured text that is not a finite number, is an error naming
// the source.
std::vector<double> parse_regex(std::string_view text, const std::string& pattern, const std::string& unit,
                                const std::string& source);
// What is wrong with pattern as a regex target's pattern, or "" when nothing is: "has no group:
// ...", "is not a valid regular expression (RE2 syntax): missing ): (a", ... The config checks
// patterns with it when hone.toml loads.
std::string pattern_problem(const std::string& pattern);
// Scale of a unit name to SI: "ns" 1e-9, "us"/"µs" 1e-6, "ms" 1e-3, "s"/"sec" 1, "min" 60,
// "B" 1, "KiB"/"MiB"/"GiB" powers of 1024, "kB"/"KB"/"MB"/"GB" powers of 1000; "" and any other
// unit name (a count, "ops", ...) = 1.
double unit_scale(const std::string& unit);
// The unit of a regex target's values after unit_scale: "s" for a time unit, "B" for a size,
// "" for none, else the unit as written (one unit_scale does not know, values left as they are).
std::string regex_value_unit(const std::string& unit);

}  // namespace hone::adapters
