// Text helpers shared by the reporters (render_*.cc): not part of the report stage's interface.
#pragma once

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "report/analysis.h"
#include "report/ratio_words.h"
#include "util/units.h"
#include "util/words.h"

namespace hone::render_text {

inline const ComparisonRow* find_comparison(const Analysis& a, const std::string& bench, const std::string& candidate) {
  for (const ComparisonRow& c : a.comparisons)
    if (c.benchmark == bench && c.candidate == candidate) return &c;
  return nullptr;
}

// Columns on a terminal: code points, not bytes ("µs" is one column, two bytes).
inline size_t display_width(std::string_view s) {
  size_t w = 0;
  for (unsigned char c : s)
    if ((c & 0xC0) != 0x80) ++w;
  return w;
}

inline std::string pad_right(const std::string& s, size_t width) {
  size_t w = display_width(s);
  return w >= width ? s : s + std::string(width - w, ' ');
}

inline std::string pad_left(const std::string& s, size_t width) {
  size_t w = display_width(s);
  return w >= width ? s : std::string(width - w, ' ') + s;
}

inline void rtrim(std::string& s) {
  while (!s.empty() && s.back() == ' ') s.pop_back();
}

// A ratio as a reader sees it: words from stats::describe and the CI on the same scale.
struct RatioText {
  std::string words;    // "4.32x faster", "2.1% slower", "same (±1%)"
  std::string lo, hi;   // CI ends: "4.28x" / "+1.5%" (unused when exact)
  bool factor = false;  // words use the "N.NNx" form
  bool exact = false;   // deterministic metric: no interval
  stats::Judgement judgement;
};

// ratio and ci are candidate / baseline; the words describe the candidate against the
// baseline. With invert = true they describe the baseline against the candidate instead
// (ratio 1/r, CI [1/hi, 1/lo], faster and slower swapped): the markdown table's view.
//
// CI scale follows the words, so the two never disagree:
//  - factor words ("4.32x faster"): the CI as factors in the words' direction, lo <= hi
//    ("[4.28x, 4.36x]": between 4.28 and 4.36 times faster);
//  - percentage words ("2.1% slower", "same (±1%)", "unsure (+0.8%)"): the CI as the signed
//    change of the metric, (ratio - 1) in percent ("[+1.5%, +2.7%]"; negative = less time).
inline RatioText ratio_text(double ratio, stats::Interval ci, stats::Judgement j, double threshold, bool deterministic,
                            bool invert) {
  // inf and nan never reach a reader: a ratio of values that far apart is out of range.
  if (!std::isfinite(ratio) || !std::isfinite(ci.lo) || !std::isfinite(ci.hi) || ratio <= 0 || ci.lo <= 0) {
    RatioText t;
    t.judgement = j;
    t.exact = deterministic;
    t.words = "out of range";
    t.lo = t.hi = "n/a";
    return t;
  }
  if (invert) {
    ratio = 1 / ratio;
    ci = {1 / ci.hi, 1 / ci.lo};
    if (j.verdict == stats::Verdict::faster)
      j.verdict = stats::Verdict::slower;
    else if (j.verdict == stats::Verdict::slower)
      j.verdict = stats::Verdict::faster;
  }
  RatioText t;
  t.judgement = j;
  t.exact = deterministic;
  t.words = stats::describe(ratio, j, threshold);
  t.factor = t.words.find("x faster") != std::string::npos || t.words.find("x slower") != std::string::npos;
  if (t.factor) {
    double lo = ratio >= 1 ? ci.lo : 1 / ci.hi;
    double hi = ratio >= 1 ? ci.hi : 1 / ci.lo;
    t.lo = fmt::format("{:.2f}x", lo);
    t.hi = fmt::format("{:.2f}x", hi);
  } else {
    double lo = (ci.lo - 1) * 100, hi = (ci.hi - 1) * 100;
    int digits = std::max(std::fabs(lo), std::fabs(hi)) < 1 ? 2 : 1;
    t.lo = fmt::format("{:+.{}f}%", lo, digits);
    t.hi = fmt::format("{:+.{}f}%", hi, digits);
  }
  return t;
}

inline std::string ci_text(const RatioText& t) {
  if (t.exact) return "exact";
  return fmt::format("[{}, {}]", t.lo, t.hi);
}

inline const char* verdict_color(const stats::Judgement& j) {
  if (j.negligible || j.verdict == stats::Verdict::same) return "\x1b[2m";
  switch (j.verdict) {
    case stats::Verdict::faster: return "\x1b[32m";
    case stats::Verdict::slower: return "\x1b[31m";
    case stats::Verdict::unsure: return "\x1b[33m";
    case stats::Verdict::same: break;
  }
  return "\x1b[2m";
}

inline std::string p_text(double p) { return std::isfinite(p) ? fmt::format("p={:.2g}", p) : "p=n/a"; }

// A table of cells with computed column widths. Rows may be shorter than others; trailing
// spaces are trimmed. One column may be coloured per row (padding is computed first, so the
// escape codes never disturb alignment).
struct Table {
  struct Row {
    std::vector<std::string> cells;
    int colored = -1;
    const char* color = nullptr;
  };
  std::vector<bool> right;  // per column: right-aligned
  std::vector<Row> rows;

  std::vector<size_t> widths() const {
    std::vector<size_t> w(right.size(), 0);
    for (const Row& r : rows)
      for (size_t i = 0; i < r.cells.size(); ++i) w[i] = std::max(w[i], display_width(r.cells[i]));
    return w;
  }

  std::string line(const Row& r, const std::vector<size_t>& w, const std::string& indent) const {
    std::string out = indent;
    for (size_t i = 0; i < r.cells.size(); ++i) {
      if (i) out += "  ";
      std::string cell = right[i] ? pad_left(r.cells[i], w[i]) : pad_right(r.cells[i], w[i]);
      if (static_cast<int>(i) == r.colored && r.color) {
        // Colour the text only, not its padding.
        std::string text = r.cells[i];
        size_t at = cell.find(text);
        cell = cell.substr(0, at) + r.color + text + "\x1b[0m" + cell.substr(at + text.size());
      }
      out += cell;
    }
    rtrim(out);
    return out + "\n";
  }
};

// "52.3 ms" -> {"52.3", "ms"}; a value without a unit gives {text, ""}.
inline std::pair<std::string, std::string> split_unit(const std::string& s) {
  size_t sp = s.rfind(' ');
  if (sp == std::string::npos) return {s, ""};
  return {s.substr(0, sp), s.substr(sp + 1)};
}

inline std::string md_escape(const std::string& s) {
  std::string out;
  for (char c : s) {
    if (c == '|') out += '\\';
    if (c == '\n') {
      out += ' ';
      continue;
    }
    out += c;
  }
  return out;
}

}  // namespace hone::render_text
