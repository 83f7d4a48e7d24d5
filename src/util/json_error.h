#pragma once
// What went wrong parsing JSON text, for a message that names the file: nlohmann's own words
// without its "[json.exception.parse_error.101]" tag, and for a number too large for a double
// (1e999, which nlohmann reports as out_of_range, without a position) the line and column of
// that number. Header-only: every user of it links nlohmann_json already.
#include <fmt/format.h>

#include <nlohmann/json.hpp>
#include <string>
#include <string_view>

namespace hone {

inline std::string json_problem(std::string_view text, const nlohmann::json::exception& e) {
  std::string s = e.what();
  if (!s.empty() && s.front() == '[') {
    const auto end = s.find("] ");
    if (end != std::string::npos) s.erase(0, end + 2);
  }
  if (e.id == 406) {  // "number overflow parsing '1e999'"
    const auto open = s.find('\'');
    const auto close = s.rfind('\'');
    if (open != std::string::npos && close > open) {
      const auto at = text.find(std::string_view(s).substr(open + 1, close - open - 1));
      if (at != std::string_view::npos) {
        size_t line = 1, col = 1;
        for (size_t i = 0; i < at; ++i) {
          if (text[i] == '\n') {
            ++line;
            col = 1;
          } else {
            ++col;
          }
        }
        return fmt::format("line {}, column {}: {} (too large for a number)", line, col, s);
      }
    }
  }
  return s;
}

}  // namespace hone
