#pragma once
// The quantities hone measures for every run of a command.
#include <optional>
#include <string>
#include <string_view>

namespace hone {

enum class Metric { wall, cpu, max_rss, instructions, reported };

std::string_view metric_name(Metric m);
std::optional<Metric> parse_metric(std::string_view name);
// Unit of the stored value: "s" for wall/cpu, "B" for max_rss, "instructions", or the
// adapter's unit for reported values.
std::string_view metric_unit(Metric m);
// True when repeated runs give the same value (callgrind instruction counts): one run settles.
bool metric_is_deterministic(Metric m, bool from_callgrind);

// One run of one command: everything wait4 and the counters told us. Values are SI units:
// seconds, bytes, instruction counts.
struct Measurement {
  double wall = 0;                     // CLOCK_MONOTONIC, from just before exec to wait4's return
  double user = 0;                     // rusage
  double sys = 0;                      // rusage
  double max_rss = 0;                  // bytes (ru_maxrss is KiB)
  std::optional<double> instructions;  // perf_event_open or callgrind
  std::optional<double> reported;      // a harness adapter's own number (issue 3)

  double cpu() const { return user + sys; }
  // The value of one metric; nullopt when this run did not record it.
  std::optional<double> get(Metric m) const;
};

}  // namespace hone
