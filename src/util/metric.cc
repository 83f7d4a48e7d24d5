#include "util/metric.h"

namespace hone {

std::string_view metric_name(Metric m) {
  switch (m) {
    case Metric::wall: return "wall";
    case Metric::cpu: return "cpu";
    case Metric::max_rss: return "max_rss";
    case Metric::instructions: return "instructions";
    case Metric::reported: return "reported";
  }
  return "?";
}

std::optional<Metric> parse_metric(std::string_view name) {
  for (Metric m : {Metric::wall, Metric::cpu, Metric::max_rss, Metric::instructions, Metric::reported})
    if (metric_name(m) == name) return m;
  return std::nullopt;
}

std::string_view metric_unit(Metric m) {
  switch (m) {
    case Metric::wall:
    case Metric::cpu: return "s";
    case Metric::max_rss: return "B";
    case Metric::instructions: return "instructions";
    case Metric::reported: return "";
  }
  return "";
}

bool metric_is_deterministic(Metric m, bool from_callgrind) { return m == Metric::instructions && from_callgrind; }

std::optional<double> Measurement::get(Metric m) const {
  switch (m) {
    case Metric::wall: return wall;
    case Metric::cpu: return cpu();
    case Metric::max_rss: return max_rss;
    case Metric::instructions: return instructions;
    case Metric::reported: return reported;
  }
  return std::nullopt;
}

}  // namespace hone
