// The units a criteria bound may carry ("BENCH < 10ms", "max_rss < 64MiB"), shared by the
// parser and the evaluation: internal to the criteria stage.
#pragma once

#include <string_view>

namespace hone::criteria {

// ---------------------------------------------------------------------------------------------
// Units of bounds

enum class Family { time, bytes, count };

inline const char* family_name(Family f) {
  switch (f) {
    case Family::time: return "a time";
    case Family::bytes: return "a size in bytes";
    case Family::count: return "a plain count";
  }
  return "?";
}

inline const char* family_units(Family f) {
  switch (f) {
    case Family::time: return "ns, us, µs, ms, s, min or h";
    case Family::bytes: return "B, KiB, MiB, GiB or TiB";
    case Family::count: return "a plain number or k, M, G, T";
  }
  return "?";
}

struct UnitInfo {
  std::string_view name;
  Family family;
  double scale;  // to SI; time units go through parse_duration instead
};
constexpr UnitInfo kUnits[] = {
    {"ns", Family::time, 1e-9},
    {"us", Family::time, 1e-6},
    {"µs", Family::time, 1e-6},
    {"ms", Family::time, 1e-3},
    {"s", Family::time, 1},
    {"min", Family::time, 60},
    {"h", Family::time, 3600},
    {"B", Family::bytes, 1},
    {"KiB", Family::bytes, 1024.0},
    {"MiB", Family::bytes, 1024.0 * 1024},
    {"GiB", Family::bytes, 1024.0 * 1024 * 1024},
    {"TiB", Family::bytes, 1024.0 * 1024 * 1024 * 1024},
    {"", Family::count, 1},
    {"k", Family::count, 1e3},
    {"M", Family::count, 1e6},
    {"G", Family::count, 1e9},
    {"T", Family::count, 1e12},
};

inline const UnitInfo* find_unit(std::string_view u) {
  for (const UnitInfo& i : kUnits)
    if (i.name == u) return &i;
  return nullptr;
}

inline Family unit_family(std::string_view u) {
  const UnitInfo* i = find_unit(u);
  return i ? i->family : Family::count;
}

}  // namespace hone::criteria
