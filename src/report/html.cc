#include "report/html.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <map>

#include "report/ratio_words.h"
#include "report/render.h"
#include "util/clock.h"
#include "util/error.h"
#include "util/files.h"
#include "util/markup.h"
#include "util/units.h"

namespace hone::html {

namespace fs = std::filesystem;

namespace {

// Charts are drawn in a 480-unit-wide viewBox: at phone width (about 340 px) their 12-unit text
// is still 8.5 px, and on a desktop they are shown at most 600 px wide.
constexpr double kW = 480;
// Past this many samples per series, strip and drift plots draw a thinned view (said in the
// caption): the page stays light with 10,000-sample series.
constexpr size_t kMaxPoints = 400;
// And the dots of all strip plots together stay within this many (at least kMinPoints a series):
// headless Chromium opened a page of 160,000 dots (200 benchmarks, two sides, 400 each) in 3 to 6 s
// on a loaded 2-core VM, of 20,000 in about 1 s (bench/html.sh, bench/html-results.md).
constexpr size_t kPagePoints = 20000;
constexpr size_t kMinPoints = 40;

const char* const kCss = R"CSS(
:root{color-scheme:light dark;--bg:#fff;--fg:#1f2328;--muted:#59636e;--grid:#d1d9e0;--panel:#f6f8fa;
--band:rgba(9,105,218,.10);--ci:rgba(9,105,218,.28);--faster:#1a7f37;--slower:#d1242f;--unsure:#9a6700;
--same:#59636e;--s0:#0969da;--s1:#bc4c00;--s2:#8250df;--s3:#1a7f37;--s4:#bf3989;--s5:#57606a}
@media (prefers-color-scheme:dark){:root{--bg:#0d1117;--fg:#e6edf3;--muted:#9198a1;--grid:#3d444d;
--panel:#151b23;--band:rgba(56,139,253,.13);--ci:rgba(56,139,253,.35);--faster:#3fb950;--slower:#f85149;
--unsure:#d29922;--same:#9198a1;--s0:#4493f8;--s1:#f0883e;--s2:#ab7df8;--s3:#3fb950;--s4:#db61a2;--s5:#9198a1}}
*{box-sizing:border-box}
body{margin:0;background:var(--bg);color:var(--fg);font:15px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif}
main{max-width:980px;margin:0 auto;padding:16px}
h1{font-size:1.45em;margin:.2em 0}
h2{font-size:1.2em;border-bottom:1px solid var(--grid);padding-bottom:4px;margin-top:1.8em}
h3{font-size:1em;margin:1.2em 0 .3em}
a{color:var(--s0)}
nav{display:flex;flex-wrap:wrap;gap:.3em .9em;padding:.5em 0;border-bottom:1px solid var(--grid)}
.meta,.muted,figcaption{color:var(--muted)}
figcaption{font-size:.9em}
.scroll{overflow-x:auto;-webkit-overflow-scrolling:touch}
table{border-collapse:collapse;font-variant-numeric:tabular-nums}
th,td{text-align:left;padding:4px 8px;border-bottom:1px solid var(--grid);white-space:nowrap;vertical-align:top}
th{background:var(--panel)}
td.num,th.num{text-align:right}
td.wrap{white-space:normal;min-width:14em}
code{font-size:.9em}
figure{margin:.8em 0 1.4em}
svg.chart{display:block;width:100%;max-width:600px;height:auto}
svg text{fill:var(--fg);font-size:12px;font-family:inherit}
svg text.muted{fill:var(--muted)}
svg .axis{stroke:var(--grid);stroke-width:1;fill:none}
svg .one{stroke:var(--muted);stroke-width:1;stroke-dasharray:3 3}
svg .band{fill:var(--band)}
svg .ci{fill:var(--ci)}
svg .med{stroke:var(--fg);stroke-width:2}
svg .pt{fill-opacity:.55;stroke:none}
svg .line{fill:none;stroke-width:1.5}
svg .area{stroke:none;opacity:.18}
.f0{fill:var(--s0)}.f1{fill:var(--s1)}.f2{fill:var(--s2)}.f3{fill:var(--s3)}.f4{fill:var(--s4)}.f5{fill:var(--s5)}
.l0{stroke:var(--s0)}.l1{stroke:var(--s1)}.l2{stroke:var(--s2)}.l3{stroke:var(--s3)}.l4{stroke:var(--s4)}.l5{stroke:var(--s5)}
.sw{display:inline-block;width:.8em;height:.8em;border-radius:2px;margin-right:.3em;vertical-align:-.05em}
.b0{background:var(--s0)}.b1{background:var(--s1)}.b2{background:var(--s2)}.b3{background:var(--s3)}.b4{background:var(--s4)}.b5{background:var(--s5)}
.faster,.kept{color:var(--faster)}.slower,.rejected{color:var(--slower)}.unsure,.slow{color:var(--unsure)}.same{color:var(--same)}
svg .faster,svg .kept{fill:var(--faster);stroke:var(--faster)}
svg .slower,svg .rejected{fill:var(--slower);stroke:var(--slower)}
svg .unsure,svg .slow{fill:var(--unsure);stroke:var(--unsure)}
svg .same,svg .other{fill:var(--same);stroke:var(--same)}
svg .whisker{stroke-width:2.5}
svg .ring{fill:none;stroke-width:2}
@media (max-width:600px){body{font-size:14px}main{padding:10px}th,td{padding:3px 5px}h2{margin-top:1.4em}}
)CSS";

std::string num(double v) {
  if (!std::isfinite(v)) return "0";
  std::string s = fmt::format("{:.1f}", v);
  if (s.size() > 2 && s.compare(s.size() - 2, 2, ".0") == 0) s.resize(s.size() - 2);
  return s;
}

// Names in a chart's label column are cut to `n` code points (the full text is in the <title>).
std::string clip(const std::string& s, size_t n) {
  size_t cps = 0, i = 0;
  for (; i < s.size(); ++i) {
    if ((static_cast<unsigned char>(s[i]) & 0xC0) != 0x80) {
      if (cps == n) break;
      ++cps;
    }
  }
  return i >= s.size() ? s : s.substr(0, i) + "…";
}

struct Scale {
  double lo = 0, hi = 1, a = 0, b = 1;
  bool log = false;
  double operator()(double v) const {
    double t = log ? (std::log(v) - std::log(lo)) / (std::log(hi) - std::log(lo)) : (v - lo) / (hi - lo);
    if (!std::isfinite(t)) t = 0.5;
    return a + t * (b - a);
  }
};

// Ticks at least `px` apart on the scale, 1 kept first: labels never overlap.
std::vector<double> spaced(std::vector<double> ticks, const Scale& x, double px = 34) {
  std::vector<double> keep;
  if (std::find(ticks.begin(), ticks.end(), 1.0) != ticks.end()) keep.push_back(1.0);
  for (double t : ticks) {
    bool clear = true;
    for (double k : keep) clear = clear && std::fabs(x(t) - x(k)) >= px;
    if (clear) keep.push_back(t);
  }
  std::sort(keep.begin(), keep.end());
  return keep;
}

// About `n` round ticks covering [lo, hi].
std::vector<double> nice_ticks(double lo, double hi, int n = 4) {
  std::vector<double> out;
  if (!(hi > lo) || !std::isfinite(lo) || !std::isfinite(hi)) return {lo};
  double raw = (hi - lo) / n;
  double mag = std::pow(10, std::floor(std::log10(raw)));
  double step = mag;
  for (double m : {1.0, 2.0, 2.5, 5.0, 10.0})
    if (raw <= m * mag) {
      step = m * mag;
      break;
    }
  for (double t = std::ceil(lo / step) * step; t <= hi + step * 1e-9; t += step)
    out.push_back(std::fabs(t) < step * 1e-9 ? 0 : t);
  return out;
}

// Ticks of a ratio on a log axis: round factors within [lo, hi], at most about six, always 1.
std::vector<double> ratio_ticks(double lo, double hi) {
  static const double kAll[] = {0.01, 0.02, 0.05, 0.1, 0.2, 0.25, 0.5, 0.67, 0.8, 0.9, 0.95, 1,
                                1.05, 1.1,  1.25, 1.5, 2,   3,    4,   5,    10,  20,  50,   100};
  std::vector<double> in;
  for (double t : kAll)
    if (t >= lo && t <= hi) in.push_back(t);
  while (in.size() > 6) {
    std::vector<double> keep;
    for (size_t i = 0; i < in.size(); ++i)
      if (in[i] == 1 || i % 2 == 0) keep.push_back(in[i]);
    if (keep.size() == in.size()) break;
    in = keep;
  }
  return in;
}

std::string ratio_label(double r) {
  if (r >= 10 || r < 0.1) return fmt::format("{:.3g}x", r);
  return fmt::format("{:.2f}x", r);
}

std::string percent(double change) { return fmt::format("{:+.{}f}%", change * 100, std::fabs(change) < 0.1 ? 1 : 0); }

std::string short_commit(const std::string& c) { return c.size() > 10 ? c.substr(0, 10) : c; }

const char* verdict_class(const stats::Judgement& j) {
  if (j.negligible) return "same";
  switch (j.verdict) {
    case stats::Verdict::faster: return "faster";
    case stats::Verdict::slower: return "slower";
    case stats::Verdict::same: return "same";
    case stats::Verdict::unsure: return "unsure";
  }
  return "same";
}

const char* outcome_class(const std::string& outcome) {
  if (outcome == "kept" || outcome == "slow" || outcome == "rejected") return outcome.c_str();
  return "other";
}

const ComparisonRow* comparison(const Analysis& a, const std::string& bench, const std::string& cand) {
  for (const ComparisonRow& c : a.comparisons)
    if (c.benchmark == bench && c.candidate == cand) return &c;
  return nullptr;
}

// The most dots a strip plot draws per series in a run of `series` series.
size_t points_per_series(size_t series) {
  return std::clamp(kPagePoints / std::max<size_t>(series, 1), kMinPoints, kMaxPoints);
}

// `values` thinned to at most `cap`, evenly spaced in rank (so the distribution's shape is kept).
std::vector<double> thinned(std::vector<double> v, size_t cap) {
  if (v.size() <= cap) return v;
  std::sort(v.begin(), v.end());
  std::vector<double> out;
  out.reserve(cap);
  for (size_t i = 0; i < cap; ++i) out.push_back(v[i * (v.size() - 1) / (cap - 1)]);
  return out;
}

std::string svg_open(double h, const std::string& label) {
  return fmt::format(
      R"(<svg class="chart" viewBox="0 0 {} {}" role="img" aria-label="{}" xmlns="http://www.w3.org/2000/svg">)",
      num(kW), num(h), markup_escape(label));
}

std::string text(double x, double y, const std::string& s, const char* anchor = "start", const char* cls = nullptr) {
  return fmt::format(R"(<text x="{}" y="{}" text-anchor="{}"{}>{}</text>)", num(x), num(y), anchor,
                     cls ? fmt::format(R"( class="{}")", cls) : "", markup_escape(s));
}

std::string table_open(std::initializer_list<std::pair<const char*, bool>> heads) {
  std::string out = R"(<div class="scroll"><table><thead><tr>)";
  for (const auto& [h, right] : heads)
    out += fmt::format("<th{}>{}</th>", right ? R"( class="num")" : "", markup_escape(h));
  return out + "</tr></thead><tbody>";
}
const char* const kTableClose = "</tbody></table></div>\n";

std::string section(const char* id, const std::string& title) {
  return fmt::format("<section id=\"{}\">\n<h2>{}</h2>\n", id, markup_escape(title));
}

std::string median_text(const Analysis& a, const ResultRow& r) {
  if (r.median_ci.lo == r.median_ci.hi) return format_value(a, r.summary.median);
  return fmt::format("{} [{}, {}]", format_value(a, r.summary.median), format_value(a, r.median_ci.lo),
                     format_value(a, r.median_ci.hi));
}

// ---- sections -----------------------------------------------------------------------------------

std::string results_table(const Analysis& a) {
  std::string base = a.targets.empty() ? "" : a.targets.front();
  std::string out = table_open({{"Benchmark", false},
                                {"Target", false},
                                {"Median [95% CI]", true},
                                {"n", true},
                                {("Against " + base).c_str(), false},
                                {"CI", false}});
  for (const ResultRow& r : a.results) {
    std::string words, ci, cls = "same";
    if (const ComparisonRow* c = comparison(a, r.benchmark, r.target)) {
      std::tie(words, ci) = comparison_words(a, *c);
      cls = verdict_class(c->judgement);
    } else if (r.target == base) {
      words = "baseline";
    }
    out += fmt::format(
        R"(<tr><td>{}</td><td>{}</td><td class="num">{}</td><td class="num">{}</td><td class="{}">{}</td><td>{}</td></tr>)",
        markup_escape(r.benchmark), markup_escape(r.target), markup_escape(median_text(a, r)), r.summary.n, cls,
        markup_escape(words), markup_escape(ci));
    out += "\n";
  }
  out += kTableClose;
  return out;
}

std::string run_facts(const StoredRun& r) {
  const RunRecord& rec = r.record;
  std::string commit = rec.commit.empty() ? "no commit"
                                          : "commit <code>" + markup_escape(short_commit(rec.commit)) +
                                                (rec.dirty ? "+" : "") + "</code>";
  return fmt::format(R"(<p class="meta">run {} · {} · {} · started {} · {} · {} · {} ({})</p>)", rec.id,
                     markup_escape(rec.kind), markup_escape(rec.status), markup_escape(rec.started_at), commit,
                     markup_escape(rec.machine.value("cpu_model", std::string("unknown CPU"))),
                     markup_escape(rec.metric),
                     markup_escape(r.analysis.source.empty() ? "source not recorded" : r.analysis.source));
}

std::string summary_section(const Page& p) {
  std::string out = section("summary", "Summary");
  if (p.run) {
    out += fmt::format("<p>{}</p>\n", markup_escape(p.run->record.label));
    out += run_facts(*p.run);
  } else {
    out += "<p>No run shown.</p>\n";
  }
  for (const std::string& n : p.notes) out += fmt::format("<p>{}</p>\n", markup_escape(n));
  if (p.run)
    for (const std::string& n : p.run->analysis.notes)
      out += fmt::format("<p class=\"muted\">note: {}</p>\n", markup_escape(n));
  return out + "</section>\n";
}

std::string baseline_section(const Page& p) {
  std::string out = section("baseline", "Baseline");
  if (!p.baseline) {
    out += "<p>No baseline recorded: <code>hone baseline</code> records one.</p>\n";
  } else {
    out +=
        fmt::format("<p>The stored baseline <code>{}</code>: ours and every competitor in one interleaved run.</p>\n",
                    markup_escape(p.baseline_name));
    out += run_facts(*p.baseline);
    out += results_table(p.baseline->analysis);
  }
  return out + "</section>\n";
}

std::string results_section(const StoredRun& r) {
  std::string out = section("results", "Results");
  out += results_table(r.analysis);
  return out + "</section>\n";
}

// Per benchmark: one row per target, each sample a dot (deterministic vertical jitter), the median
// a bar, and on each candidate's row the CI of the ratio drawn as the band of values it implies
// (baseline median × [lo, hi]).
std::string strip_plot(const StoredRun& r, const std::string& bench) {
  const Analysis& a = r.analysis;
  std::vector<const Series*> rows;
  for (const std::string& t : a.targets)
    for (const Series& s : r.series)
      if (s.benchmark == bench && s.target == t) rows.push_back(&s);
  if (rows.empty()) return "";
  double lo = INFINITY, hi = -INFINITY;
  for (const Series* s : rows)
    for (double v : s->values) lo = std::min(lo, v), hi = std::max(hi, v);
  const ResultRow* base = a.find(bench, rows.front()->target);
  for (const Series* s : rows)
    if (const ComparisonRow* c = comparison(a, bench, s->target);
        c && base && std::isfinite(c->estimate.ci.lo) && std::isfinite(c->estimate.ci.hi)) {
      lo = std::min(lo, base->summary.median * c->estimate.ci.lo);
      hi = std::max(hi, base->summary.median * c->estimate.ci.hi);
    }
  double pad = hi > lo ? (hi - lo) * 0.05 : std::max(std::fabs(hi) * 0.01, 1e-12);
  lo -= pad;
  hi += pad;
  if (lo < 0 && std::all_of(rows.begin(), rows.end(), [](const Series* s) {
        return std::all_of(s->values.begin(), s->values.end(), [](double v) { return v >= 0; });
      }))
    lo = 0;
  const double left = 118, right = kW - 14, row_h = 34, top = 6;
  Scale x{lo, hi, left, right};
  double h = top + row_h * rows.size() + 28;
  std::string out = svg_open(h, "samples of " + bench);
  for (double t : nice_ticks(lo, hi)) {
    double xx = x(t);
    out += fmt::format(R"(<line class="axis" x1="{0}" y1="{1}" x2="{0}" y2="{2}"/>)", num(xx), num(top), num(h - 22));
    out += text(xx, h - 8, format_value(a, t), "middle", "muted");
  }
  bool thin = false;
  const size_t per_series = points_per_series(r.series.size());
  for (size_t i = 0; i < rows.size(); ++i) {
    const Series& s = *rows[i];
    double y0 = top + row_h * i, yc = y0 + row_h / 2;
    out += fmt::format("<g><title>{}</title>", markup_escape(s.target + ": " + s.command));
    out += text(left - 8, yc + 4, clip(s.target, 16), "end");
    out += "</g>";
    if (const ComparisonRow* c = comparison(a, bench, s.target); c && base) {
      double l = base->summary.median * c->estimate.ci.lo, u = base->summary.median * c->estimate.ci.hi;
      if (std::isfinite(l) && std::isfinite(u))
        out += fmt::format(
            R"(<rect class="ci" x="{}" y="{}" width="{}" height="{}"><title>{}</title></rect>)", num(x(l)), num(y0 + 3),
            num(std::max(2.0, x(u) - x(l))), num(row_h - 6),
            markup_escape(fmt::format("CI of the ratio, as values: [{}, {}]", format_value(a, l), format_value(a, u))));
    }
    std::vector<double> v = thinned(s.values, per_series);
    thin = thin || v.size() < s.values.size();
    for (size_t k = 0; k < v.size(); ++k) {
      double jitter = std::fmod((k + 1) * 0.6180339887, 1.0) - 0.5;
      out += fmt::format(R"(<circle class="pt f{}" cx="{}" cy="{}" r="2.4"/>)", i % 6, num(x(v[k])),
                         num(yc + jitter * (row_h - 12)));
    }
    if (const ResultRow* rr = a.find(bench, s.target)) {
      double m = x(rr->summary.median);
      out += fmt::format(R"(<line class="med" x1="{0}" y1="{1}" x2="{0}" y2="{2}"><title>median {3}</title></line>)",
                         num(m), num(y0 + 2), num(y0 + row_h - 2), markup_escape(format_value(a, rr->summary.median)));
    }
  }
  out += "</svg>\n";
  std::string cap;
  for (size_t i = 0; i < rows.size(); ++i) {
    const ResultRow* rr = a.find(bench, rows[i]->target);
    if (!rr) continue;
    cap += fmt::format("<span class=\"sw b{}\"></span>{}: median {}, n={}. ", i % 6, markup_escape(rows[i]->target),
                       markup_escape(format_value(a, rr->summary.median)), rr->summary.n);
  }
  for (const Series* s : rows)
    if (const ComparisonRow* c = comparison(a, bench, s->target)) {
      auto [words, ci] = comparison_words(a, *c);
      cap += fmt::format(
          "<br><b>{}</b> against <b>{}</b>: <span class=\"{}\">{}</span> {} ({}; the shaded band is that CI "
          "applied to the baseline's median).",
          markup_escape(c->candidate), markup_escape(c->baseline), verdict_class(c->judgement), markup_escape(words),
          markup_escape(ci),
          c->paired ? "paired ratio over the rounds of one interleaved run" : "ratio of the medians");
    }
  if (thin) cap += fmt::format("<br>Each series is drawn as {} samples evenly spaced in rank.", per_series);
  return fmt::format(
      "<figure class=\"strip\" data-benchmark=\"{}\"><h3>{}</h3>\n{}<figcaption>{}</figcaption></figure>\n",
      markup_escape(bench), markup_escape(bench), out, cap);
}

std::string distributions_section(const StoredRun& r) {
  std::string out = section("distributions", "Distributions");
  out += "<p class=\"muted\">Every sample of each side (dots), its median (bar), and the ratio's 95% CI.</p>\n";
  for (const std::string& b : r.analysis.benchmarks) out += strip_plot(r, b);
  return out + "</section>\n";
}

std::string forest_section(const StoredRun& r, double band) {
  const Analysis& a = r.analysis;
  std::string out = section("forest", "Every ratio");
  if (a.comparisons.empty()) {
    out += "<p>This run has one target per benchmark: no ratios.</p>\n";
    return out + "</section>\n";
  }
  double lo = std::min(1 - band, 1 / (1 + band)), hi = 1 + band;
  for (const ComparisonRow& c : a.comparisons)
    if (std::isfinite(c.estimate.ci.lo) && std::isfinite(c.estimate.ci.hi) && c.estimate.ci.lo > 0) {
      lo = std::min(lo, c.estimate.ci.lo);
      hi = std::max(hi, c.estimate.ci.hi);
    }
  lo /= 1.08;
  hi *= 1.08;
  const double left = 150, right = kW - 76, row_h = 22, top = 6;
  Scale x{lo, hi, left, right, true};
  double h = top + row_h * a.comparisons.size() + 28;
  out += "<figure>" + svg_open(h, "every ratio with its CI");
  out += fmt::format(R"(<rect class="band" x="{}" y="{}" width="{}" height="{}"><title>±{} band</title></rect>)",
                     num(x(1 - band)), num(top), num(x(1 + band) - x(1 - band)), num(row_h * a.comparisons.size()),
                     num(band * 100));
  for (double t : spaced(ratio_ticks(lo, hi), x)) {
    out += fmt::format(R"(<line class="{0}" x1="{1}" y1="{2}" x2="{1}" y2="{3}"/>)", t == 1 ? "one" : "axis", num(x(t)),
                       num(top), num(h - 22));
    out += text(x(t), h - 8, ratio_label(t), "middle", "muted");
  }
  for (size_t i = 0; i < a.comparisons.size(); ++i) {
    const ComparisonRow& c = a.comparisons[i];
    double yc = top + row_h * i + row_h / 2;
    auto [words, ci] = comparison_words(a, c);
    const char* cls = verdict_class(c.judgement);
    std::string label = a.targets.size() > 2 ? c.benchmark + " · " + c.candidate : c.benchmark;
    out += fmt::format(
        "<g class=\"row\"><title>{}</title>",
        markup_escape(fmt::format("{}: {} against {}: {} {}", c.benchmark, c.candidate, c.baseline, words, ci)));
    out += text(left - 8, yc + 4, clip(label, 20), "end");
    if (std::isfinite(c.estimate.ratio) && c.estimate.ratio > 0) {
      double l = std::isfinite(c.estimate.ci.lo) && c.estimate.ci.lo > 0 ? c.estimate.ci.lo : c.estimate.ratio;
      double u = std::isfinite(c.estimate.ci.hi) ? c.estimate.ci.hi : c.estimate.ratio;
      out += fmt::format(R"(<line class="whisker {0}" x1="{1}" y1="{2}" x2="{3}" y2="{2}"/>)", cls, num(x(l)), num(yc),
                         num(x(u)));
      out += fmt::format(R"(<circle class="{}" cx="{}" cy="{}" r="4"/>)", cls, num(x(c.estimate.ratio)), num(yc));
      out += text(kW - 4, yc + 4, ratio_label(c.estimate.ratio), "end", cls);
    } else {
      out += text(kW - 4, yc + 4, "out of range", "end", "muted");
    }
    out += "</g>";
  }
  out += "</svg>\n";
  out += fmt::format(
      "<figcaption>Each ratio (candidate / baseline: left of 1 is less, i.e. faster) with its {:g}% CI; the shaded "
      "band is "
      "±{:g}%, the regression bound. Log scale.</figcaption></figure>\n",
      a.confidence * 100, band * 100);
  return out + "</section>\n";
}

// Round by round, each series as its deviation from its own median: lines that climb or fall
// together are the machine drifting, which an interleaved run cancels out of the ratio.
std::string drift_plot(const StoredRun& r, const std::string& bench) {
  std::vector<const Series*> rows;
  for (const std::string& t : r.analysis.targets)
    for (const Series& s : r.series)
      if (s.benchmark == bench && s.target == t) rows.push_back(&s);
  if (rows.empty()) return "";
  if (std::all_of(rows.begin(), rows.end(), [](const Series* s) { return s->values.size() < 3; }))
    return fmt::format(
        "<figure class=\"drift\" data-benchmark=\"{}\"><h3>{}</h3><p>At most two samples per series (an exact "
        "metric settles in one): nothing to drift.</p></figure>\n",
        markup_escape(bench), markup_escape(bench));
  int max_round = 0;
  double dev = 0.01;
  std::vector<std::vector<std::pair<double, double>>> lines;  // (round, deviation)
  for (const Series* s : rows) {
    const ResultRow* row = r.analysis.find(bench, s->target);  // its median, already found
    double med = row ? row->summary.median : stats::median(s->values);
    std::vector<std::pair<double, double>> pts;
    for (size_t k = 0; k < s->values.size(); ++k) {
      double round = k < s->rounds.size() ? s->rounds[k] : static_cast<double>(k);
      double d = med != 0 ? s->values[k] / med - 1 : 0;
      pts.emplace_back(round, d);
      max_round = std::max(max_round, static_cast<int>(round));
    }
    if (pts.size() > kMaxPoints) {  // bucket means
      std::vector<std::pair<double, double>> b;
      size_t per = (pts.size() + kMaxPoints - 1) / kMaxPoints;
      for (size_t k = 0; k < pts.size(); k += per) {
        double sr = 0, sd = 0;
        size_t n = std::min(per, pts.size() - k);
        for (size_t j = k; j < k + n; ++j) sr += pts[j].first, sd += pts[j].second;
        b.emplace_back(sr / n, sd / n);
      }
      pts = b;
    }
    for (auto& [x_, d] : pts) dev = std::max(dev, std::fabs(d));
    lines.push_back(pts);
  }
  dev = std::min(dev * 1.1, 10.0);
  const double left = 46, right = kW - 10, top = 8, ph = 120;
  Scale x{0, static_cast<double>(std::max(1, max_round)), left, right};
  Scale y{-dev, dev, top + ph, top};
  double h = top + ph + 30;
  std::string out = svg_open(h, "drift of " + bench);
  for (double t : nice_ticks(-dev, dev, 4)) {
    out += fmt::format(R"(<line class="{0}" x1="{1}" y1="{2}" x2="{3}" y2="{2}"/>)", t == 0 ? "one" : "axis", num(left),
                       num(y(t)), num(right));
    out += text(left - 4, y(t) + 4, t == 0 ? "0%" : percent(t), "end", "muted");
  }
  for (double t : nice_ticks(0, std::max(1, max_round), 5))
    if (t == std::floor(t)) out += text(x(t), h - 10, fmt::format("{}", static_cast<int>(t) + 1), "middle", "muted");
  for (size_t i = 0; i < lines.size(); ++i) {
    std::string pts;
    for (auto& [rr, d] : lines[i]) pts += num(x(rr)) + "," + num(y(std::clamp(d, -dev, dev))) + " ";
    if (!pts.empty()) pts.pop_back();
    out += fmt::format(R"(<polyline class="line l{}" points="{}"><title>{}</title></polyline>)", i % 6, pts,
                       markup_escape(rows[i]->target));
    if (lines[i].size() <= 60)
      for (auto& [rr, d] : lines[i])
        out += fmt::format(R"(<circle class="f{}" cx="{}" cy="{}" r="2"/>)", i % 6, num(x(rr)),
                           num(y(std::clamp(d, -dev, dev))));
  }
  out += "</svg>\n";
  std::string cap = "Round (x) against each sample's deviation from its series' median (y). ";
  for (size_t i = 0; i < rows.size(); ++i) {
    const std::vector<double>& v = rows[i]->values;
    std::string drift = "one sample";
    if (v.size() >= 6) {
      size_t third = v.size() / 3;
      double first = stats::median(std::vector<double>(v.begin(), v.begin() + third));
      double last = stats::median(std::vector<double>(v.end() - third, v.end()));
      drift = first > 0 ? "last third against first third " + percent(last / first - 1) : "n/a";
    } else if (v.size() > 1) {
      drift = fmt::format("{} samples: too few to judge a drift", v.size());
    }
    cap += fmt::format("<span class=\"sw b{}\"></span>{}: {}. ", i % 6, markup_escape(rows[i]->target),
                       markup_escape(drift));
  }
  return fmt::format(
      "<figure class=\"drift\" data-benchmark=\"{}\"><h3>{}</h3>\n{}<figcaption>{}</figcaption></figure>\n",
      markup_escape(bench), markup_escape(bench), out, cap);
}

std::string drift_section(const StoredRun& r) {
  std::string out = section("drift", "Drift, round by round");
  out +=
      "<p class=\"muted\">Lines that rise or fall together are the machine wandering during the run; an interleaved "
      "run cancels "
      "that from its paired ratios.</p>\n";
  for (const std::string& b : r.analysis.benchmarks) out += drift_plot(r, b);
  return out + "</section>\n";
}

double geomean_ratio(const AttemptView& e) {
  double s = 0;
  int n = 0;
  for (const auto& r : e.results)
    if (r.ratio > 0 && std::isfinite(r.ratio)) s += std::log(r.ratio), ++n;
  return n ? std::exp(s / n) : NAN;
}

std::string loop_section(const Page& p) {
  std::string out = section("loop", "The loop's attempts");
  if (p.attempts.empty()) {
    out += "<p>No attempts recorded: <code>hone run</code> or <code>hone try</code> makes one.</p>\n";
    return out + "</section>\n";
  }
  size_t n = p.attempts.size();
  const double left = 20, right = kW - 20, yc = 52;
  Scale x{0, static_cast<double>(std::max<size_t>(1, n - 1)), left, right};
  if (n == 1) x = Scale{-1, 1, left, right};
  size_t every = (n + 11) / 12;  // at most 12 labels
  std::string svg = svg_open(96, "the loop's attempts on a timeline");
  svg += fmt::format(R"(<line class="axis" x1="{0}" y1="{2}" x2="{1}" y2="{2}"/>)", num(left), num(right), num(yc));
  for (size_t i = 0; i < n; ++i) {
    const AttemptView& e = p.attempts[i];
    double xx = x(static_cast<double>(i));
    double g = geomean_ratio(e);
    svg += fmt::format("<g class=\"attempt\" data-outcome=\"{}\"><title>{}</title>", markup_escape(e.outcome),
                       markup_escape(fmt::format("attempt {}: #{} {}: {}{}", e.experiment, e.candidate, e.name,
                                                 e.outcome.empty() ? "running" : e.outcome,
                                                 e.reason.empty() ? "" : " — " + e.reason)));
    svg += fmt::format(R"(<circle class="{}" cx="{}" cy="{}" r="7"/>)", outcome_class(e.outcome), num(xx), num(yc));
    if (i % every == 0) {
      svg += text(xx, yc - 14, fmt::format("#{}", e.candidate), "middle");
      svg += text(xx, yc + 24, std::isfinite(g) ? ratio_label(g) : "–", "middle", "muted");
    }
    svg += "</g>";
  }
  svg += "</svg>\n";
  out += "<figure>" + svg +
         "<figcaption>Attempts in order (label: candidate; below: the geometric mean of after / before over the "
         "benchmarks). "
         "<span class=\"kept\">●</span> kept <span class=\"slow\">●</span> slow <span class=\"rejected\">●</span> "
         "rejected "
         "<span class=\"same\">●</span> interrupted or running.</figcaption></figure>\n";
  out += table_open({{"Attempt", true},
                     {"Candidate", false},
                     {"Outcome", false},
                     {"After / before [95% CI]", false},
                     {"Commit", false},
                     {"Why", false}});
  for (const AttemptView& e : p.attempts) {
    std::string ratios;
    for (const auto& r : e.results)
      ratios += fmt::format("{}: {} [{}, {}]<br>", markup_escape(r.benchmark), ratio_label(r.ratio), ratio_label(r.lo),
                            ratio_label(r.hi));
    if (ratios.empty()) ratios = "–";
    std::string commit = !e.result_commit.empty() ? "<code>" + markup_escape(short_commit(e.result_commit)) + "</code>"
                         : !e.branch.empty()      ? "branch <code>" + markup_escape(e.branch) + "</code>"
                                                  : "–";
    out += fmt::format(
        R"(<tr class="attempt"><td class="num">{}</td><td>#{} {}</td><td class="{}">{}</td><td>{}</td><td>{}</td><td class="wrap">{}</td></tr>)",
        e.experiment, e.candidate, markup_escape(e.name), outcome_class(e.outcome),
        markup_escape(e.outcome.empty() ? "running" : e.outcome), ratios, commit, markup_escape(e.reason));
    out += "\n";
  }
  out += kTableClose;
  return out + "</section>\n";
}

std::string start_end_section(const StoredRun& r) {
  const Analysis& a = r.analysis;
  std::string out = section("start-end", "Start → end");
  if (a.targets.size() < 2) {
    out += "<p>No comparison in this run.</p>\n";
    return out + "</section>\n";
  }
  const std::string& start = a.targets[0];
  const std::string& end = a.targets[1];
  std::vector<const ComparisonRow*> rows;
  for (const ComparisonRow& c : a.comparisons)
    if (c.candidate == end) rows.push_back(&c);
  double lo = 0.9, hi = 1.1;
  for (const ComparisonRow* c : rows)
    if (c->estimate.ratio > 0 && std::isfinite(c->estimate.ratio))
      lo = std::min(lo, c->estimate.ratio), hi = std::max(hi, c->estimate.ratio);
  lo /= 1.15;
  hi *= 1.15;
  const double left = 110, right = kW - 70, row_h = 24, top = 6;
  Scale x{lo, hi, left, right, true};
  double h = top + row_h * rows.size() + 28;
  std::string svg = svg_open(h, "start to end per benchmark");
  for (double t : spaced(ratio_ticks(lo, hi), x, 40)) {
    svg += fmt::format(R"(<line class="{0}" x1="{1}" y1="{2}" x2="{1}" y2="{3}"/>)", t == 1 ? "one" : "axis", num(x(t)),
                       num(top), num(h - 22));
    svg += text(x(t), h - 8, fmt::format("{:g}%", t * 100), "middle", "muted");
  }
  for (size_t i = 0; i < rows.size(); ++i) {
    const ComparisonRow& c = *rows[i];
    double yc = top + row_h * i + row_h / 2, rr = c.estimate.ratio;
    const char* cls = verdict_class(c.judgement);
    svg += fmt::format("<g><title>{}</title>", markup_escape(c.benchmark));
    svg += text(left - 8, yc + 4, clip(c.benchmark, 14), "end");
    svg += "</g>";
    if (!(rr > 0 && std::isfinite(rr))) continue;
    svg += fmt::format(R"(<circle class="same" cx="{}" cy="{}" r="3.5"/>)", num(x(1)), num(yc));
    svg += fmt::format(R"(<line class="whisker {0}" x1="{1}" y1="{2}" x2="{3}" y2="{2}"/>)", cls, num(x(1)), num(yc),
                       num(x(rr)));
    svg += fmt::format(R"(<circle class="{}" cx="{}" cy="{}" r="5"/>)", cls, num(x(rr)), num(yc));
    svg += text(kW - 4, yc + 4, fmt::format("{:.3g}%", rr * 100), "end", cls);
  }
  svg += "</svg>\n";
  out += "<figure>" + svg +
         fmt::format(
             "<figcaption>Each benchmark's end as a share of its start (100%): {} → {}, paired over one interleaved "
             "run.</figcaption></figure>\n",
             markup_escape(start), markup_escape(end));
  out += table_open(
      {{"Benchmark", false}, {"Start [95% CI]", true}, {"End [95% CI]", true}, {"Change", false}, {"CI", false}});
  for (const ComparisonRow* c : rows) {
    const ResultRow* s = a.find(c->benchmark, start);
    const ResultRow* e = a.find(c->benchmark, end);
    auto [words, ci] = comparison_words(a, *c);
    out += fmt::format(
        R"(<tr><td>{}</td><td class="num">{}</td><td class="num">{}</td><td class="{}">{}</td><td>{}</td></tr>)",
        markup_escape(c->benchmark), s ? markup_escape(median_text(a, *s)) : "–",
        e ? markup_escape(median_text(a, *e)) : "–", verdict_class(c->judgement), markup_escape(words),
        markup_escape(ci));
    out += "\n";
  }
  out += kTableClose;
  return out + "</section>\n";
}

std::string trend_plot(const Trend& t) {
  const size_t n = t.points.size();
  double lo = INFINITY, hi = -INFINITY;
  for (const TrendPoint& p : t.points) lo = std::min({lo, p.lo, p.median}), hi = std::max({hi, p.hi, p.median});
  double pad = hi > lo ? (hi - lo) * 0.1 : std::max(std::fabs(hi) * 0.02, 1e-12);
  lo = std::max(0.0, lo - pad);
  hi += pad;
  const double left = 64, right = kW - 12, top = 8, ph = 130;
  Scale x{0, static_cast<double>(std::max<size_t>(1, n - 1)), left, right};
  if (n == 1) x = Scale{-1, 1, left, right};
  Scale y{lo, hi, top + ph, top};
  double h = top + ph + 30;
  Analysis fmt_a;  // for format_value: the metric's units
  fmt_a.metric = parse_metric(t.metric).value_or(Metric::reported);
  std::string out = svg_open(h, "trend of " + t.benchmark);
  for (double v : nice_ticks(lo, hi, 4)) {
    out += fmt::format(R"(<line class="axis" x1="{0}" y1="{2}" x2="{1}" y2="{2}"/>)", num(left), num(right), num(y(v)));
    out += text(left - 4, y(v) + 4, format_value(fmt_a, v), "end", "muted");
  }
  std::string area, line;
  for (size_t i = 0; i < n; ++i) area += num(x(i)) + "," + num(y(t.points[i].hi)) + " ";
  for (size_t i = n; i-- > 0;) area += num(x(i)) + "," + num(y(t.points[i].lo)) + " ";
  for (size_t i = 0; i < n; ++i) line += num(x(i)) + "," + num(y(t.points[i].median)) + " ";
  area.pop_back();
  line.pop_back();
  out += fmt::format(R"(<polygon class="area f0" points="{}"/>)", area);
  out += fmt::format(R"(<polyline class="line l0" points="{}"/>)", line);
  size_t every = (n + 7) / 8;
  for (size_t i = 0; i < n; ++i) {
    const TrendPoint& p = t.points[i];
    out += fmt::format(
        "<g class=\"point{}\"><title>{}</title>", p.change ? " change" : "",
        markup_escape(fmt::format("{} {} (run {}): {} [{}, {}]{}", short_commit(p.commit), p.subject, p.run_id,
                                  format_value(fmt_a, p.median), format_value(fmt_a, p.lo), format_value(fmt_a, p.hi),
                                  p.change ? "; change detected: " + p.change_text : "")));
    out += fmt::format(R"(<circle class="f0" cx="{}" cy="{}" r="3"/>)", num(x(i)), num(y(p.median)));
    if (p.change)
      out += fmt::format(R"(<circle class="ring {}" cx="{}" cy="{}" r="7"/>)",
                         p.change_text.starts_with("+") ? "slower" : "faster", num(x(i)), num(y(p.median)));
    out += "</g>";
    if (i % every == 0 || i + 1 == n) out += text(x(i), h - 10, p.commit.substr(0, 7), "middle", "muted");
  }
  out += "</svg>\n";
  std::string changes;
  for (const TrendPoint& p : t.points)
    if (p.change)
      changes += fmt::format(" <code>{}</code> {}: {}.", markup_escape(short_commit(p.commit)),
                             markup_escape(p.subject), markup_escape(p.change_text));
  return fmt::format(
      "<figure class=\"trend\" data-benchmark=\"{}\"><h3>{} <span "
      "class=\"muted\">({})</span></h3>\n{}<figcaption>Ours' median "
      "per commit on main's first-parent history, oldest left, with its 95% CI band; ringed: a change "
      "detected.{}</figcaption></figure>\n",
      markup_escape(t.benchmark), markup_escape(t.benchmark), markup_escape(t.machine), out,
      changes.empty() ? " No change detected." : " Changes:" + changes);
}

std::string trends_section(const Page& p) {
  std::string out = section("trends", "History across commits");
  if (p.trends.empty()) {
    out += "<p>No stored runs of ours on main's history yet.</p>\n";
    return out + "</section>\n";
  }
  for (const Trend& t : p.trends)
    if (!t.points.empty()) out += trend_plot(t);
  return out + "</section>\n";
}

std::string flames_section(const Page& p) {
  std::string out = section("flames", "Flame graphs");
  if (p.flames.empty()) {
    out += "<p>No flame graphs yet: <code>hone profile BENCH</code> writes one.</p>\n";
    return out + "</section>\n";
  }
  out += "<ul>\n";
  for (const FlameLink& f : p.flames)
    out += fmt::format("<li><a href=\"{}\">{}</a></li>\n", markup_escape(f.href), markup_escape(f.label));
  return out + "</ul>\n</section>\n";
}

// A file path as a relative URL: every byte but unreserved ones and '/' percent-encoded.
std::string url_path(const std::string& path) {
  std::string out;
  for (unsigned char c : path) {
    if (std::isalnum(c) || c == '/' || c == '-' || c == '_' || c == '.' || c == '~')
      out += static_cast<char>(c);
    else
      out += fmt::format("%{:02X}", c);
  }
  return out;
}

}  // namespace

std::string render_page(const Page& p) {
  std::string out;
  out.reserve(1 << 16);
  out += "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n";
  out += "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n";
  out += "<meta name=\"color-scheme\" content=\"light dark\">\n";
  // Nothing outside the page is fetched: no script, no font, no image, no stylesheet.
  out += "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'\">\n";
  out += fmt::format("<title>{}</title>\n<style>{}</style>\n</head>\n<body>\n<main>\n", markup_escape(p.title), kCss);
  out += fmt::format("<header><h1>{}</h1><p class=\"meta\">Written by hone on {}.</p></header>\n",
                     markup_escape(p.title), markup_escape(p.generated_at));
  std::vector<std::pair<const char*, const char*>> nav = {{"summary", "Summary"}, {"baseline", "Baseline"}};
  if (p.run) {
    nav.insert(nav.end(),
               {{"results", "Results"}, {"distributions", "Distributions"}, {"forest", "Ratios"}, {"drift", "Drift"}});
  }
  if (p.start_end || !p.attempts.empty()) nav.push_back({"loop", "Loop"});
  if (p.start_end && p.run) nav.push_back({"start-end", "Start → end"});
  nav.push_back({"trends", "History"});
  nav.push_back({"flames", "Flame graphs"});
  out += "<nav>";
  for (const auto& [id, name] : nav) out += fmt::format("<a href=\"#{}\">{}</a>", id, markup_escape(name));
  out += "</nav>\n";
  out += summary_section(p);
  out += baseline_section(p);
  if (p.run) {
    out += results_section(*p.run);
    out += distributions_section(*p.run);
    out += forest_section(*p.run, p.band);
    out += drift_section(*p.run);
  }
  if (p.start_end || !p.attempts.empty()) out += loop_section(p);
  if (p.start_end && p.run) out += start_end_section(*p.run);
  out += trends_section(p);
  out += flames_section(p);
  out += "</main>\n</body>\n</html>\n";
  return out;
}

std::vector<AttemptView> load_attempts(Store& store) {
  std::map<int64_t, std::string> names;
  for (const CandidateRecord& c : store.candidates()) names[c.id] = c.name;
  std::vector<AttemptView> out;
  for (const ExperimentRecord& e : store.experiments()) {
    AttemptView v;
    v.experiment = e.id;
    v.candidate = e.candidate_id;
    v.name = names.count(e.candidate_id) ? names[e.candidate_id] : "?";
    v.mode = e.mode;
    v.outcome = outcome_name(e.outcome);
    v.reason = e.reason;
    v.started_at = e.started_at;
    v.base_commit = e.base_commit;
    v.result_commit = e.outcome == Outcome::kept ? e.result_commit : "";
    v.branch = e.outcome == Outcome::slow ? e.branch : "";
    v.run_id = e.run_id;
    if (e.data.contains("results") && e.data["results"].is_array())
      for (const nlohmann::json& r : e.data["results"]) {
        AttemptView::Result x;
        x.benchmark = r.value("benchmark", "");
        x.before = r.value("before", 0.0);
        x.after = r.value("after", 0.0);
        x.ratio = r.value("ratio", 0.0);
        if (r.contains("ci") && r["ci"].is_array() && r["ci"].size() == 2 && r["ci"][0].is_number() &&
            r["ci"][1].is_number()) {
          x.lo = r["ci"][0].get<double>();
          x.hi = r["ci"][1].get<double>();
        } else {
          x.lo = x.hi = x.ratio;
        }
        v.results.push_back(x);
      }
    out.push_back(std::move(v));
  }
  return out;
}

std::vector<FlameLink> find_flames(const fs::path& dir, const fs::path& page) {
  std::vector<FlameLink> out;
  std::error_code ec;
  if (!fs::is_directory(dir, ec)) return out;
  fs::path from = fs::absolute(page).parent_path();
  for (fs::recursive_directory_iterator it(dir, ec), end; !ec && it != end; it.increment(ec)) {
    if (!it->is_regular_file(ec) || it->path().extension() != ".svg") continue;
    fs::path abs = fs::absolute(it->path()).lexically_normal();
    fs::path rel = abs.lexically_relative(from);
    out.push_back({fs::relative(abs, fs::absolute(dir), ec).generic_string(),
                   url_path((rel.empty() ? abs : rel).generic_string())});
  }
  std::sort(out.begin(), out.end(), [](const FlameLink& a, const FlameLink& b) { return a.label < b.label; });
  return out;
}

Page collect_page(Store& store, const PageSources& s) {
  Page p;
  p.title = s.title;
  p.generated_at = utc_timestamp();
  p.band = s.band;
  p.notes = s.notes;
  p.start_end = s.start_end;
  p.trends = s.trends;
  p.baseline_name = s.baseline_name;
  // A run already read is not read again: a large run takes seconds to load and analyse.
  auto load = [&](int64_t id) { return s.loaded && s.loaded->record.id == id ? *s.loaded : load_run(store, id); };
  if (std::optional<int64_t> b = store.baseline(s.baseline_name)) {
    try {
      p.baseline = load(*b);
    } catch (const Error& e) {
      p.notes.push_back(fmt::format("The baseline '{}' (run {}) cannot be shown: {}", s.baseline_name, *b, e.what()));
    }
  }
  if (s.run_id > 0) p.run = load(s.run_id);
  if (s.attempts) p.attempts = load_attempts(store);
  if (!s.flames_dir.empty()) p.flames = find_flames(s.flames_dir, s.file);
  return p;
}

void write_page(const Page& page, const fs::path& file) {
  std::error_code ec;
  if (file.has_parent_path()) fs::create_directories(file.parent_path(), ec);
  if (ec) fail("cannot create {}: {}", file.parent_path().string(), ec.message());
  write_file_checked(file, render_page(page), /*atomic=*/true);
}

}  // namespace hone::html
