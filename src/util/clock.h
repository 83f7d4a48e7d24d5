#pragma once
// Wall-clock dates for records and notes (never for measuring: see measure/ for that).
#include <optional>
#include <string>
#include <string_view>

namespace hone {

// Now in UTC, as strftime(format) writes it.
std::string utc_now(const char* format);
// "2026-12-01T21:05:09Z": the timestamps of the store, the worklog and the loop lock.
inline std::string utc_timestamp() { return utc_now("%Y-%m-%dT%H:%M:%SZ"); }
// "2026-12-01": the dates of research and profile notes.
inline std::string utc_date() { return utc_now("%Y-%m-%d"); }
// Seconds since 1970 of a utc_timestamp() ("2026-12-01T21:05:09Z"); nullopt for anything else.
std::optional<double> parse_utc_timestamp(std::string_view text);
// Now, in seconds since 1970.
double utc_seconds();

}  // namespace hone
