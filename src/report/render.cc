#include "report/render.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <string_view>

#include "report/ratio_words.h"
#include "util/units.h"
#include "util/words.h"

namespace hone {

namespace {

const ComparisonRow* find_comparison(const Analysis& a, const std::string& bench, const std::string& candidate) {
  for (const ComparisonRow& c : a.comparisons)
    if (c.benchmark == bench && c.candidate == candidate) return &c;
  return nullptr;
}

// Columns on a terminal: code points, not bytes ("µs" is one column, two bytes).
size_t display_width(std::string_view s) {
  size_t w = 0;
  for (unsigned char c : s)
    if ((c & 0xC0) != 0x80) ++w;
  return w;
}

std::string pad_right(const std::string& s, size_t width) {
  size_t w = display_width(s);
  return w >= width ? s : s + std::string(width - w, ' ');
}

std::string pad_left(const std::string& s, size_t width) {
  size_t w = display_width(s);
  return w >= width ? s : std::string(width - w, ' ') + s;
}

void rtrim(std::string& s) {
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
RatioText ratio_text(double ratio, stats::Interval ci, stats::Judgement j, double threshold, bool deterministic,
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

std::string ci_text(const RatioText& t) {
  if (t.exact) return "exact";
  return fmt::format("[{}, {}]", t.lo, t.hi);
}

const char* verdict_color(const stats::Judgement& j) {
  if (j.negligible || j.verdict == stats::Verdict::same) return "\x1b[2m";
  switch (j.verdict) {
    case stats::Verdict::faster: return "\x1b[32m";
    case stats::Verdict::slower: return "\x1b[31m";
    case stats::Verdict::unsure: return "\x1b[33m";
    case stats::Verdict::same: break;
  }
  return "\x1b[2m";
}

std::string p_text(double p) { return std::isfinite(p) ? fmt::format("p={:.2g}", p) : "p=n/a"; }

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
std::pair<std::string, std::string> split_unit(const std::string& s) {
  size_t sp = s.rfind(' ');
  if (sp == std::string::npos) return {s, ""};
  return {s.substr(0, sp), s.substr(sp + 1)};
}

std::string md_escape(const std::string& s) {
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

}  // namespace

std::string format_value(const Analysis& a, double v) {
  if (!std::isfinite(v)) return "n/a";
  switch (a.metric) {
    case Metric::wall:
    case Metric::cpu: return format_seconds(v);
    case Metric::max_rss: return format_bytes(v);
    case Metric::instructions: return format_count(v);
    case Metric::reported:
      if (a.unit == "s") return format_seconds(v);
      if (a.unit == "B") return format_bytes(v);
      break;
  }
  std::string num = fmt::format("{:.4g}", v);
  return a.unit.empty() ? num : num + " " + a.unit;
}

std::pair<std::string, std::string> comparison_words(const Analysis& a, const ComparisonRow& c, bool invert) {
  RatioText t = ratio_text(c.estimate.ratio, c.estimate.ci, c.judgement, a.threshold, a.deterministic, invert);
  return {t.words, ci_text(t)};
}

// ---------------------------------------------------------------------------------------------
// Terminal

std::string render_terminal(const Analysis& a, bool color) {
  std::string out;
  const std::string baseline = a.targets.empty() ? std::string() : a.targets.front();
  out += fmt::format("{} ({}): {}", metric_name(a.metric), a.source.empty() ? "?" : a.source,
                     a.deterministic ? "exact values" : "median [95% CI]");
  if (a.targets.size() > 1) out += fmt::format("; each target compared with {}", baseline);
  out += "\n";

  // One table across all benchmarks, so columns line up from block to block.
  // Columns: target, median, CI, n, verdict words, ratio CI, p-value.
  Table t;
  t.right = {false, true, false, false, false, false, false};
  std::vector<std::pair<size_t, std::string>> headers;  // row index -> benchmark heading
  for (const std::string& bench : a.benchmarks) {
    headers.emplace_back(t.rows.size(), printable(bench));
    for (const std::string& target : a.targets) {
      Table::Row row;
      const ResultRow* r = a.find(bench, target);
      if (!r) continue;  // this target does not run this benchmark
      std::string ci =
          a.deterministic ? "exact"
                          : fmt::format("[{}, {}]", format_value(a, r->median_ci.lo), format_value(a, r->median_ci.hi));
      row.cells = {printable(target), format_value(a, r->summary.median), ci, fmt::format("n={}", r->summary.n)};
      if (target != baseline) {
        if (const ComparisonRow* c = find_comparison(a, bench, target)) {
          RatioText rt =
              ratio_text(c->estimate.ratio, c->estimate.ci, c->judgement, a.threshold, a.deterministic, false);
          row.cells.push_back(rt.words);
          row.cells.push_back(ci_text(rt));
          if (!a.deterministic) row.cells.push_back(p_text(c->p_value));
          if (color) {
            row.colored = 4;
            row.color = verdict_color(c->judgement);
          }
        }
      }
      t.rows.push_back(row);
    }
  }
  std::vector<size_t> w = t.widths();
  size_t next_header = 0;
  for (size_t i = 0; i < t.rows.size(); ++i) {
    while (next_header < headers.size() && headers[next_header].first == i) {
      if (i || next_header) out += "\n";
      out += headers[next_header].second + "\n";
      ++next_header;
    }
    out += t.line(t.rows[i], w, "  ");
  }

  if (!a.geomeans.empty()) {
    out += "\ngeomean of the ratios\n";
    Table g;
    g.right = {false, false, false, false};
    for (const GeoMeanRow& gm : a.geomeans) {
      RatioText rt = ratio_text(gm.geomean.value, gm.geomean.ci, gm.judgement, a.threshold, a.deterministic, false);
      Table::Row row;
      row.cells = {printable(gm.candidate), rt.words, ci_text(rt), fmt::format("over {} benchmarks", gm.benchmarks)};
      if (color) {
        row.colored = 1;
        row.color = verdict_color(gm.judgement);
      }
      g.rows.push_back(row);
    }
    // Same name width as the table above, so geomeans sit under their targets.
    std::vector<size_t> gw = g.widths();
    if (!w.empty()) gw[0] = std::max(gw[0], w[0]);
    for (const Table::Row& row : g.rows) out += g.line(row, gw, "  ");
  }

  if (!a.notes.empty() || a.spawn_floor || a.interrupted) out += "\n";
  for (const std::string& n : a.notes) out += "note: " + printable(n) + "\n";
  if (a.spawn_floor) out += fmt::format("spawn floor (true): {}\n", format_seconds(*a.spawn_floor));
  if (a.interrupted) out += "interrupted: partial results\n";
  return out;
}

// ---------------------------------------------------------------------------------------------
// Markdown

// The procedure's Baseline table. Its "Ratio" column is OUR time relative to the competitor's:
// "Z.Zx slower" means our code (the "Our Time" column) is slower. In an Analysis, targets[0] is
// the baseline (the "Our Time" column) and every comparison is candidate / baseline, so the
// ratio cell shows the inverse view: baseline / candidate, with faster and slower swapped.
// Example: candidate / baseline = 0.5 (the competitor takes half the time) -> "2.00x slower".
// One markdown table: targets[0] is the row's own time column; the rest are candidates with
// their ratio columns. Geomean row when the analysis has one for these candidates.
template <typename TimeCell, typename RatioCell>
std::string markdown_table(const Analysis& a, const std::vector<std::string>& targets,
                           const std::vector<std::string>& benchmarks, TimeCell time_cell, RatioCell ratio_cell) {
  const std::string& baseline = targets.front();
  std::vector<std::string> candidates(targets.begin() + 1, targets.end());
  std::vector<std::string> head = {"Trace", baseline == a.targets.front() ? "Our Time" : md_escape(baseline)};
  if (candidates.size() == 1) {
    head.push_back("Competitor");
    head.push_back("Ratio");
  } else {
    for (const std::string& c : candidates) {
      head.push_back(md_escape(c));
      head.push_back("Ratio (" + md_escape(c) + ")");
    }
  }
  std::string out = "|";
  for (const std::string& h : head) out += " " + h + " |";
  out += "\n|";
  for (const std::string& h : head) out += std::string(display_width(h) + 2, '-') + "|";
  out += "\n";

  for (const std::string& bench : benchmarks) {
    std::vector<std::string> cells = {md_escape(bench), time_cell(bench, baseline)};
    for (const std::string& c : candidates) {
      cells.push_back(time_cell(bench, c));
      const ComparisonRow* cmp = find_comparison(a, bench, c);
      cells.push_back(cmp ? ratio_cell(cmp->estimate.ratio, cmp->estimate.ci, cmp->judgement) : "—");
    }
    out += "|";
    for (const std::string& c : cells) out += " " + c + " |";
    out += "\n";
  }
  bool has_geomean = std::any_of(a.geomeans.begin(), a.geomeans.end(), [&](const GeoMeanRow& g) {
    return g.baseline == baseline && std::count(candidates.begin(), candidates.end(), g.candidate);
  });
  if (has_geomean) {
    std::vector<std::string> cells = {"geomean", ""};
    for (const std::string& c : candidates) {
      cells.push_back("");
      auto it =
          std::find_if(a.geomeans.begin(), a.geomeans.end(), [&](const GeoMeanRow& g) { return g.candidate == c; });
      cells.push_back(it == a.geomeans.end() ? "—" : ratio_cell(it->geomean.value, it->geomean.ci, it->judgement));
    }
    out += "|";
    for (const std::string& c : cells) out += c.empty() ? " |" : " " + c + " |";
    out += "\n";
  }
  return out;
}

std::string render_markdown(const Analysis& a) {
  const std::string baseline = a.targets.empty() ? std::string() : a.targets.front();
  std::vector<std::string> candidates;
  if (a.targets.size() > 1) candidates.assign(a.targets.begin() + 1, a.targets.end());

  auto time_cell = [&](const std::string& bench, const std::string& target) -> std::string {
    const ResultRow* r = a.find(bench, target);
    if (!r) return "—";
    std::string med = format_value(a, r->summary.median);
    if (a.deterministic) return med;
    std::string lo = format_value(a, r->median_ci.lo), hi = format_value(a, r->median_ci.hi);
    auto [mnum, munit] = split_unit(med);
    auto [lnum, lunit] = split_unit(lo);
    auto [hnum, hunit] = split_unit(hi);
    // "52.3 ms [52.0, 52.8]" when all three share the unit; else every end keeps its own.
    if (lunit == munit && hunit == munit) return fmt::format("{} [{}, {}]", med, lnum, hnum);
    return fmt::format("{} [{}, {}]", med, lo, hi);
  };
  auto ratio_cell = [&](double ratio, stats::Interval ci, stats::Judgement j) {
    RatioText rt = ratio_text(ratio, ci, j, a.threshold, a.deterministic, true);
    if (rt.exact) return rt.words + " (exact)";
    if (rt.factor)
      return fmt::format("{} [{}–{}]", rt.words, rt.lo.substr(0, rt.lo.size() - 1), rt.hi.substr(0, rt.hi.size() - 1));
    return fmt::format("{} [{}, {}]", rt.words, rt.lo, rt.hi);
  };

  // Benchmarks measured on different sets of targets (a harness target's micro-benchmarks
  // beside whole-command ones) get a table each, so no table is mostly empty cells.
  std::vector<std::pair<std::vector<std::string>, std::vector<std::string>>> groups;  // targets, benches
  for (const std::string& bench : a.benchmarks) {
    std::vector<std::string> present;
    for (const std::string& t : a.targets)
      if (a.find(bench, t)) present.push_back(t);
    auto it = std::find_if(groups.begin(), groups.end(), [&](const auto& g) { return g.first == present; });
    if (it == groups.end())
      groups.push_back({present, {bench}});
    else
      it->second.push_back(bench);
  }
  std::string out;
  for (const auto& [targets, benches] : groups) {
    if (targets.empty()) continue;
    if (!out.empty()) out += "\n";
    out += markdown_table(a, targets, benches, time_cell, ratio_cell);
  }
  if (a.interrupted) out += "\n*Interrupted: partial results.*\n";
  return out;
}

// ---------------------------------------------------------------------------------------------
// JSON (the contract in docs/json.md)

nlohmann::json render_json(const Analysis& a) {
  using nlohmann::json;
  auto interval = [](stats::Interval i) { return json::array({i.lo, i.hi}); };
  json j;
  j["metric"] = std::string(metric_name(a.metric));
  j["unit"] = a.unit;
  j["deterministic"] = a.deterministic;
  j["source"] = a.source;
  j["threshold"] = a.threshold;
  j["confidence"] = a.confidence;
  j["seed"] = a.seed;
  j["run_id"] = a.run_id == 0 ? json(nullptr) : json(a.run_id);
  j["spawn_floor"] = a.spawn_floor ? json(*a.spawn_floor) : json(nullptr);
  j["interrupted"] = a.interrupted;
  j["notes"] = a.notes;

  json results = json::array();
  for (const ResultRow& r : a.results) {
    const stats::Summary& s = r.summary;
    results.push_back({{"benchmark", r.benchmark},
                       {"target", r.target},
                       {"command", r.command},
                       {"n", s.n},
                       {"median", s.median},
                       {"ci", interval(r.median_ci)},
                       {"unit", a.unit},
                       {"min", s.min},
                       {"max", s.max},
                       {"mean", s.mean},
                       {"stddev", s.stddev},
                       {"mad", s.mad},
                       {"cv", s.cv},
                       {"outliers", s.outliers}});
  }
  j["results"] = std::move(results);

  json comparisons = json::array();
  for (const ComparisonRow& c : a.comparisons) {
    comparisons.push_back({{"benchmark", c.benchmark},
                           {"baseline", c.baseline},
                           {"candidate", c.candidate},
                           {"ratio", c.estimate.ratio},
                           {"ci", interval(c.estimate.ci)},
                           {"p_value", c.p_value},
                           {"p_faster", c.p_faster},
                           {"estimate", c.paired ? "paired ratio" : "ratio of medians"},
                           {"verdict", stats::verdict_name(c.judgement.verdict)},
                           {"negligible", c.judgement.negligible},
                           {"description", stats::describe(c.estimate.ratio, c.judgement, a.threshold)}});
  }
  j["comparisons"] = std::move(comparisons);

  json geomeans = json::array();
  for (const GeoMeanRow& g : a.geomeans) {
    geomeans.push_back({{"baseline", g.baseline},
                        {"candidate", g.candidate},
                        {"ratio", g.geomean.value},
                        {"ci", interval(g.geomean.ci)},
                        {"verdict", stats::verdict_name(g.judgement.verdict)}});
  }
  j["geomeans"] = std::move(geomeans);
  return j;
}

// ---------------------------------------------------------------------------------------------
// CSV (RFC 4180)

namespace {

std::string csv_field(const std::string& s) {
  if (s.find_first_of(",\"\r\n") == std::string::npos) return s;
  std::string out = "\"";
  for (char c : s) {
    if (c == '"') out += '"';
    out += c;
  }
  return out + "\"";
}

std::string csv_number(double v) { return std::isfinite(v) ? fmt::format("{}", v) : ""; }

}  // namespace

std::string render_csv(const Analysis& a) {
  std::string out = "benchmark,target,n,median,ci_lo,ci_hi,unit,ratio,ratio_lo,ratio_hi,p_value,verdict\n";
  auto emit = [&](const ResultRow& r) {
    std::vector<std::string> f = {csv_field(r.benchmark),
                                  csv_field(r.target),
                                  fmt::format("{}", r.summary.n),
                                  csv_number(r.summary.median),
                                  csv_number(r.median_ci.lo),
                                  csv_number(r.median_ci.hi),
                                  csv_field(a.unit)};
    const ComparisonRow* c = nullptr;
    if (a.targets.empty() || r.target != a.targets.front()) c = find_comparison(a, r.benchmark, r.target);
    if (c) {
      f.push_back(csv_number(c->estimate.ratio));
      f.push_back(csv_number(c->estimate.ci.lo));
      f.push_back(csv_number(c->estimate.ci.hi));
      f.push_back(csv_number(c->p_value));
      f.push_back(stats::verdict_name(c->judgement.verdict));
    } else {
      f.insert(f.end(), 5, "");
    }
    for (size_t i = 0; i < f.size(); ++i) out += (i ? "," : "") + f[i];
    out += "\n";
  };
  // Display order: benchmark-major, target order within; rows of unknown names last.
  std::vector<const ResultRow*> done;
  for (const std::string& bench : a.benchmarks)
    for (const std::string& target : a.targets)
      if (const ResultRow* r = a.find(bench, target)) {
        emit(*r);
        done.push_back(r);
      }
  for (const ResultRow& r : a.results)
    if (std::find(done.begin(), done.end(), &r) == done.end()) emit(r);
  return out;
}

std::string render(const Analysis& a, Format f, bool color) {
  switch (f) {
    case Format::terminal: return render_terminal(a, color);
    case Format::markdown: return render_markdown(a);
    case Format::json: return render_json(a).dump(2) + "\n";
    case Format::csv: return render_csv(a);
  }
  return render_terminal(a, color);
}

}  // namespace hone
