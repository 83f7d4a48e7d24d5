// Text helpers shared by the profile parsers (perf script, callgrind, folded stacks): not part
// of the profile stage's interface.
#pragma once

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "profile/profile.h"
#include "util/error.h"

namespace hone::profile::text {

inline bool is_space(char c) { return c == ' ' || c == '\t' || c == '\r'; }
inline bool is_digit(char c) { return c >= '0' && c <= '9'; }
inline bool is_hex(char c) { return is_digit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F'); }
inline bool all_of(std::string_view s, bool (*pred)(char)) {
  return !s.empty() && std::all_of(s.begin(), s.end(), pred);
}

inline std::string_view trim(std::string_view s) {
  while (!s.empty() && is_space(s.front())) s.remove_prefix(1);
  while (!s.empty() && is_space(s.back())) s.remove_suffix(1);
  return s;
}

inline std::vector<std::string_view> split_ws(std::string_view s) {
  std::vector<std::string_view> out;
  size_t i = 0;
  while (i < s.size()) {
    while (i < s.size() && is_space(s[i])) ++i;
    size_t start = i;
    while (i < s.size() && !is_space(s[i])) ++i;
    if (i > start) out.push_back(s.substr(start, i - start));
  }
  return out;
}

// A line quoted in an error message: at most 80 characters, control bytes shown as '?'.
inline std::string quote(std::string_view line) {
  std::string out;
  for (char c : line.substr(0, 80)) out += static_cast<unsigned char>(c) < 0x20 ? '?' : c;
  if (line.size() > 80) out += "...";
  return "'" + out + "'";
}

// Iterates over the lines of a text, counting from 1. A text that does not end with a newline
// was cut off: every tool here ends its output with one.
class Lines {
 public:
  Lines(std::string_view text, const std::string& source) : text_(text), source_(source) {}
  bool next(std::string_view& line) {
    if (pos_ >= text_.size()) return false;
    size_t nl = text_.find('\n', pos_);
    if (nl == std::string_view::npos) {
      ++number_;
      fail(
          "{}:{}: truncated: the last line has no newline (the file was cut off while being "
          "written?): {}",
          source_, number_, quote(text_.substr(pos_)));
    }
    line = text_.substr(pos_, nl - pos_);
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    pos_ = nl + 1;
    ++number_;
    return true;
  }
  int number() const { return number_; }
  std::string where() const { return fmt::format("{}:{}", source_, number_); }
  // Rejects binary data early with a clearer message than a parse error would give.
  void reject_binary() const {
    if (text_.substr(0, 4096).find('\0') != std::string_view::npos)
      fail(
          "{}:1: binary data, not text (give the output of `perf script` / the callgrind.out "
          "file, not perf.data)",
          source_);
  }

 private:
  std::string_view text_;
  const std::string& source_;
  size_t pos_ = 0;
  int number_ = 0;
};

inline std::string format_weight(double w) {
  if (w == std::floor(w) && std::fabs(w) < 1e15) return fmt::format("{:.0f}", w);
  return fmt::format("{}", w);
}

inline std::string basename_of(const std::string& path) {
  size_t slash = path.rfind('/');
  return slash == std::string::npos ? path : path.substr(slash + 1);
}

// Folded stacks keep one frame per ';'-separated field and the weight after the last space.
inline std::string folded_safe(std::string name) {
  for (char& c : name)
    if (c == ';')
      c = ':';
    else if (c == '\n' || c == '\r')
      c = ' ';
  return name;
}

// Identical stacks merged, their weights summed; into() appends those of positive weight.
class StackSet {
 public:
  void add(std::vector<std::string> frames, double w) { weights_[std::move(frames)] += w; }
  void into(Profile& p) {
    for (auto& [frames, w] : weights_) {
      if (!(w > 0)) continue;
      p.total += w;
      p.max_depth = std::max(p.max_depth, frames.size());
      p.stacks.push_back(Stack{frames, w});
    }
  }

 private:
  std::map<std::vector<std::string>, double> weights_;
};

}  // namespace hone::profile::text
