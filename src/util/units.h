#pragma once
// Parsing and printing of the quantities that appear in hone.toml and on the command line:
// durations ("30s", "500ms", "2h", "1.5m"), fractions ("1%", "0.01"), and human-readable values.
#include <optional>
#include <string>
#include <string_view>

namespace hone {

// Parses "250ms", "30s", "1.5m", "2h", "100us", "10ns" or a bare number of seconds.
// Returns seconds, or nullopt when the text is not a duration.
std::optional<double> parse_duration(std::string_view text);

// Parses "1%", "0.5%" or a bare fraction "0.01". Returns the fraction (0.01), or nullopt.
std::optional<double> parse_fraction(std::string_view text);

// Parses a positive factor like "2x", "1.5x", "2". Returns the factor, or nullopt.
std::optional<double> parse_factor(std::string_view text);

// Parses a size in bytes: "10MB", "500 kB", "1.5GB", "10MiB", "4096" (bytes). nullopt when the
// text is not one or is negative.
std::optional<double> parse_bytes(std::string_view text);

// "52.3 ms", "1.204 s", "812 µs", "15.0 ns": 3-4 significant digits, unit chosen by size.
std::string format_seconds(double seconds);
// "12.3 MiB" etc.
std::string format_bytes(double bytes);
// "1.234 G", "56.7 M", "890 k" instructions.
std::string format_count(double count);

}  // namespace hone
