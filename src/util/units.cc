#include "util/units.h"

#include <fmt/format.h>

#include <charconv>
#include <cmath>
#include <cstdlib>
#include <span>

namespace hone {

namespace {

std::string_view trim(std::string_view s) {
  const auto blank = [](char c) { return c == ' ' || c == '\t'; };
  while (!s.empty() && blank(s.front())) s.remove_prefix(1);
  while (!s.empty() && blank(s.back())) s.remove_suffix(1);
  return s;
}

// A non-negative finite number at the start of text; the unit that follows goes to *rest
// (blanks between number and unit allowed). No sign: every quantity here is non-negative.
std::optional<double> leading_number(std::string_view text, std::string_view* rest) {
  text = trim(text);
  double v = 0;
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), v, std::chars_format::general);
  if (ec != std::errc() || !std::isfinite(v) || v < 0) return std::nullopt;
  *rest = trim(text.substr(static_cast<size_t>(end - text.data())));
  return v;
}

// 3-4 significant digits for v in [1, 1000): "1.204", "52.3", "812". Re-decides the
// precision after rounding so 9.9996 prints "10.0", not "10.000".
std::string significant(double v) {
  int decimals = v < 10 ? 3 : v < 100 ? 1 : 0;
  for (;;) {
    std::string s = fmt::format("{:.{}f}", v, decimals);
    const double r = std::strtod(s.c_str(), nullptr);
    const int again = r < 10 ? 3 : r < 100 ? 1 : 0;
    if (again >= decimals) return s;
    decimals = again;
  }
}

struct Unit {
  double size;  // in base units
  std::string_view suffix;
  bool integer = false;  // print whole numbers (bytes, plain counts)
};

// Picks the largest unit not bigger than |x|, and steps up one more when rounding reaches the
// next unit ("1000 ms" becomes "1.000 s").
std::string with_units(double x, std::span<const Unit> units, double step, std::string_view zero) {
  if (x == 0) return std::string(zero);
  if (!std::isfinite(x)) return fmt::format("{}", x);
  const char* sign = x < 0 ? "-" : "";
  const double a = std::abs(x);
  size_t i = 0;
  while (i + 1 < units.size() && a >= units[i + 1].size) ++i;
  for (;;) {
    const double v = a / units[i].size;
    std::string num = units[i].integer ? fmt::format("{:.0f}", v) : significant(v);
    if (std::strtod(num.c_str(), nullptr) >= step && i + 1 < units.size()) {
      ++i;
      continue;
    }
    return fmt::format("{}{}{}", sign, num, units[i].suffix);
  }
}

}  // namespace

std::optional<double> parse_duration(std::string_view text) {
  std::string_view unit;
  const auto v = leading_number(text, &unit);
  if (!v) return std::nullopt;
  // Divide by exact powers of ten so "250ms" is exactly the double nearest 0.25 s.
  double s;
  if (unit.empty() || unit == "s")
    s = *v;
  else if (unit == "ms")
    s = *v / 1e3;
  else if (unit == "us" || unit == "µs")
    s = *v / 1e6;
  else if (unit == "ns")
    s = *v / 1e9;
  else if (unit == "m" || unit == "min")
    s = *v * 60;
  else if (unit == "h")
    s = *v * 3600;
  else
    return std::nullopt;
  return std::isfinite(s) ? std::optional(s) : std::nullopt;
}

std::optional<double> parse_bytes(std::string_view text) {
  std::string_view unit;
  auto v = leading_number(text, &unit);
  if (!v || *v < 0) return std::nullopt;
  while (!unit.empty() && unit.front() == ' ') unit.remove_prefix(1);
  double scale;
  if (unit.empty() || unit == "B")
    scale = 1;
  else if (unit == "kB" || unit == "KB")
    scale = 1e3;
  else if (unit == "MB")
    scale = 1e6;
  else if (unit == "GB")
    scale = 1e9;
  else if (unit == "KiB")
    scale = 1024.0;
  else if (unit == "MiB")
    scale = 1024.0 * 1024;
  else if (unit == "GiB")
    scale = 1024.0 * 1024 * 1024;
  else
    return std::nullopt;
  double b = *v * scale;
  return std::isfinite(b) ? std::optional(b) : std::nullopt;
}

std::optional<double> parse_fraction(std::string_view text) {
  std::string_view rest;
  auto v = leading_number(text, &rest);
  if (!v) return std::nullopt;
  if (rest == "%")
    *v /= 100;
  else if (!rest.empty())
    return std::nullopt;
  if (*v > 1) return std::nullopt;  // more than 100% is not a fraction
  return v;
}

std::optional<double> parse_factor(std::string_view text) {
  std::string_view rest;
  const auto v = leading_number(text, &rest);
  if (!v || *v <= 0) return std::nullopt;
  if (!rest.empty() && rest != "x" && rest != "X") return std::nullopt;
  return v;
}

std::string format_seconds(double seconds) {
  static constexpr Unit units[] = {{1e-9, " ns"}, {1e-6, " µs"}, {1e-3, " ms"}, {1, " s"}};
  return with_units(seconds, units, 1000, "0 s");
}

std::string format_bytes(double bytes) {
  static constexpr Unit units[] = {{1, " B", true},
                                   {1024.0, " KiB"},
                                   {1024.0 * 1024, " MiB"},
                                   {1024.0 * 1024 * 1024, " GiB"},
                                   {1024.0 * 1024 * 1024 * 1024, " TiB"}};
  return with_units(bytes, units, 1024, "0 B");
}

std::string format_count(double count) {
  static constexpr Unit units[] = {{1, "", true}, {1e3, " k"}, {1e6, " M"}, {1e9, " G"}, {1e12, " T"}};
  return with_units(count, units, 1000, "0");
}

}  // namespace hone
