// Reporters, tested on hand-made Analysis values: nothing here measures anything.
#include "report/render.h"

#include <gtest/gtest.h>

#include <limits>
#include <sstream>

#include "util/units.h"

namespace hone {
namespace {

using stats::Interval;
using stats::Judgement;
using stats::Verdict;

ResultRow result(std::string bench, std::string target, double median, Interval ci, size_t n) {
  ResultRow r;
  r.benchmark = std::move(bench);
  r.target = std::move(target);
  r.command = "./" + r.target + " {args}";
  r.summary.n = n;
  r.summary.median = median;
  r.summary.min = ci.lo * 0.99;
  r.summary.max = ci.hi * 1.01;
  r.summary.mean = median * 1.001;
  r.summary.stddev = median * 0.01;
  r.summary.mad = median * 0.008;
  r.summary.cv = 0.01;
  r.summary.outliers = 1;
  r.median_ci = ci;
  return r;
}

ComparisonRow comparison(std::string bench, std::string baseline, std::string candidate, double ratio, Interval ci,
                         double p, Judgement j) {
  ComparisonRow c;
  c.benchmark = std::move(bench);
  c.baseline = std::move(baseline);
  c.candidate = std::move(candidate);
  c.estimate.ratio = ratio;
  c.estimate.ci = ci;
  c.p_value = p;
  c.judgement = j;
  return c;
}

// Two benchmarks, three targets: ours (baseline), gnu-wc (about 4.32x faster than ours),
// busybox (about 1.5x slower than ours).
Analysis two_by_three() {
  Analysis a;
  a.metric = Metric::wall;
  a.unit = "s";
  a.source = "wall clock";
  a.threshold = 0.01;
  a.seed = 42;
  a.run_id = 7;
  a.benchmarks = {"short-lines", "long-lines"};
  a.targets = {"ours", "gnu-wc", "busybox"};
  a.results = {
      result("short-lines", "ours", 0.05231, {0.05202, 0.05277}, 48),
      result("short-lines", "gnu-wc", 0.01210, {0.01205, 0.01218}, 48),
      result("short-lines", "busybox", 0.0785, {0.0780, 0.0791}, 48),
      result("long-lines", "ours", 0.1203, {0.1199, 0.1210}, 12),
      result("long-lines", "gnu-wc", 0.0301, {0.0299, 0.0303}, 12),
      result("long-lines", "busybox", 0.1810, {0.1800, 0.1822}, 12),
  };
  a.comparisons = {
      comparison("short-lines", "ours", "gnu-wc", 1 / 4.32, {1 / 4.36, 1 / 4.28}, 1.2e-17, {Verdict::faster, false}),
      comparison("short-lines", "ours", "busybox", 1.50, {1.48, 1.52}, 3.4e-9, {Verdict::slower, false}),
      comparison("long-lines", "ours", "gnu-wc", 0.25, {0.248, 0.252}, 2e-5, {Verdict::faster, false}),
      comparison("long-lines", "ours", "busybox", 1.50, {1.49, 1.51}, 2e-5, {Verdict::slower, false}),
  };
  GeoMeanRow g1;
  g1.baseline = "ours";
  g1.candidate = "gnu-wc";
  g1.benchmarks = 2;
  g1.geomean.value = 1 / 4.16;
  g1.geomean.ci = {1 / 4.20, 1 / 4.12};
  g1.judgement = {Verdict::faster, false};
  GeoMeanRow g2 = g1;
  g2.candidate = "busybox";
  g2.geomean.value = 1.5;
  g2.geomean.ci = {1.49, 1.51};
  g2.judgement = {Verdict::slower, false};
  a.geomeans = {g1, g2};
  return a;
}

std::vector<std::string> lines_of(const std::string& s) {
  std::vector<std::string> out;
  std::istringstream in(s);
  for (std::string line; std::getline(in, line);) out.push_back(line);
  return out;
}

size_t columns_before(const std::string& line, size_t byte_offset) {
  size_t w = 0;
  for (size_t i = 0; i < byte_offset; ++i)
    if ((static_cast<unsigned char>(line[i]) & 0xC0) != 0x80) ++w;
  return w;
}

TEST(FindTest, FindsRowsByBenchmarkAndTarget) {
  Analysis a = two_by_three();
  ASSERT_NE(a.find("long-lines", "gnu-wc"), nullptr);
  EXPECT_DOUBLE_EQ(a.find("long-lines", "gnu-wc")->summary.median, 0.0301);
  EXPECT_EQ(a.find("long-lines", "nobody"), nullptr);
  EXPECT_EQ(a.find("nothing", "ours"), nullptr);
}

TEST(FormatValueTest, ChoosesUnitsByMetric) {
  Analysis a;
  a.metric = Metric::wall;
  EXPECT_EQ(format_value(a, 0.05231), format_seconds(0.05231));
  a.metric = Metric::cpu;
  EXPECT_EQ(format_value(a, 1.5), format_seconds(1.5));
  a.metric = Metric::max_rss;
  EXPECT_EQ(format_value(a, 12.0 * 1024 * 1024), format_bytes(12.0 * 1024 * 1024));
  a.metric = Metric::instructions;
  EXPECT_EQ(format_value(a, 1.234e9), format_count(1.234e9));
  a.metric = Metric::reported;
  a.unit = "ns/op";
  EXPECT_EQ(format_value(a, 12.5), "12.5 ns/op");
  a.unit = "";
  EXPECT_EQ(format_value(a, 12.5), "12.5");
}

TEST(TerminalTest, BlocksPerBenchmarkWithRatiosAgainstTheBaseline) {
  Analysis a = two_by_three();
  std::string out = render_terminal(a, false);
  SCOPED_TRACE(out);
  EXPECT_EQ(out.find("\x1b["), std::string::npos) << "no colour unless asked";
  EXPECT_NE(out.find("each target compared with ours"), std::string::npos);
  EXPECT_NE(out.find("\nshort-lines\n"), std::string::npos);
  EXPECT_NE(out.find("\nlong-lines\n"), std::string::npos);
  EXPECT_LT(out.find("short-lines"), out.find("long-lines"));

  std::vector<std::string> lines = lines_of(out);
  auto line_of = [&](const std::string& bench, const std::string& target) -> std::string {
    bool in = false;
    for (const std::string& l : lines) {
      if (l == bench)
        in = true;
      else if (in && l.rfind("  " + target + " ", 0) == 0)
        return l;
    }
    return "";
  };
  std::string base = line_of("short-lines", "ours");
  std::string gnu = line_of("short-lines", "gnu-wc");
  std::string bb = line_of("short-lines", "busybox");
  ASSERT_FALSE(base.empty());
  ASSERT_FALSE(gnu.empty());
  ASSERT_FALSE(bb.empty());

  // The baseline: median, CI, n, and no ratio.
  EXPECT_NE(base.find(format_seconds(0.05231)), std::string::npos);
  EXPECT_NE(base.find("[" + format_seconds(0.05202) + ", " + format_seconds(0.05277) + "]"), std::string::npos);
  EXPECT_NE(base.find("n=48"), std::string::npos);
  EXPECT_EQ(base.find("faster"), std::string::npos);
  EXPECT_EQ(base.find("p="), std::string::npos);

  // Candidates: the words describe the candidate's target against the baseline, with the CI
  // as factors in the same direction and the p-value.
  EXPECT_NE(gnu.find("4.32x faster  [4.28x, 4.36x]  p=1.2e-17"), std::string::npos);
  EXPECT_NE(bb.find("1.50x slower  [1.48x, 1.52x]  p=3.4e-09"), std::string::npos);
  EXPECT_NE(line_of("long-lines", "gnu-wc").find("4.00x faster"), std::string::npos);

  // Aligned columns: every "n=", every verdict and every "[" of a median CI at one offset,
  // across both blocks.
  std::vector<size_t> n_at, verdict_at, ci_at;
  for (const std::string& l : lines) {
    size_t n = l.find("n=");
    if (n == std::string::npos) continue;
    n_at.push_back(columns_before(l, n));
    ci_at.push_back(columns_before(l, l.find('[')));
    size_t v = l.find("x faster");
    if (v == std::string::npos) v = l.find("x slower");
    if (v != std::string::npos) verdict_at.push_back(columns_before(l, l.rfind(' ', v - 1) + 1));
  }
  ASSERT_EQ(n_at.size(), 6u);
  ASSERT_EQ(verdict_at.size(), 4u);
  for (size_t x : n_at) EXPECT_EQ(x, n_at[0]);
  for (size_t x : ci_at) EXPECT_EQ(x, ci_at[0]);
  for (size_t x : verdict_at) EXPECT_EQ(x, verdict_at[0]);

  // Geomeans under their targets.
  size_t gm = out.find("\ngeomean of the ratios\n");
  ASSERT_NE(gm, std::string::npos);
  EXPECT_NE(out.find("gnu-wc   4.16x faster  [4.12x, 4.20x]  over 2 benchmarks", gm), std::string::npos) << out;
  EXPECT_NE(out.find("busybox  1.50x slower  [1.49x, 1.51x]  over 2 benchmarks", gm), std::string::npos) << out;
  // No trailing blanks.
  for (const std::string& l : lines) EXPECT_TRUE(l.empty() || l.back() != ' ') << l;
}

TEST(TerminalTest, ColoursVerdictsOnlyWhenAsked) {
  Analysis a = two_by_three();
  a.comparisons[3].judgement = {Verdict::unsure, false};
  a.comparisons[3].estimate = {1.005, {0.98, 1.03}};
  std::string out = render_terminal(a, true);
  EXPECT_NE(out.find("\x1b[32m4.32x faster\x1b[0m"), std::string::npos) << out;
  EXPECT_NE(out.find("\x1b[31m1.50x slower\x1b[0m"), std::string::npos) << out;
  EXPECT_NE(out.find("\x1b[33munsure"), std::string::npos) << out;

  a.comparisons[3].judgement = {Verdict::same, false};
  a.comparisons[3].estimate = {1.001, {0.995, 1.006}};
  a.comparisons[1].judgement = {Verdict::slower, true};
  a.comparisons[1].estimate = {1.004, {1.002, 1.006}};
  out = render_terminal(a, true);
  EXPECT_NE(out.find("\x1b[2msame"), std::string::npos) << out;
  std::string negligible = stats::describe(1.004, {Verdict::slower, true}, 0.01);
  EXPECT_NE(out.find("\x1b[2m" + negligible + "\x1b[0m"), std::string::npos) << out;
  // Small differences read in percent, with the CI as the signed change.
  EXPECT_NE(out.find("[+0.20%, +0.60%]"), std::string::npos) << out;
  EXPECT_NE(out.find("[-0.50%, +0.60%]"), std::string::npos) << out;

  // Colour codes do not move the columns: strip them and compare with the plain rendering.
  std::string stripped;
  for (size_t i = 0; i < out.size(); ++i) {
    if (out[i] == '\x1b') {
      i = out.find('m', i);
      continue;
    }
    stripped += out[i];
  }
  EXPECT_EQ(stripped, render_terminal(a, false));
}

TEST(TerminalTest, NotesSpawnFloorAndInterruption) {
  Analysis a = two_by_three();
  std::string plain = render_terminal(a, false);
  EXPECT_EQ(plain.find("note:"), std::string::npos);
  EXPECT_EQ(plain.find("spawn floor"), std::string::npos);
  EXPECT_EQ(plain.find("interrupted"), std::string::npos);

  a.notes = {"hardware counters unavailable: using callgrind", "cpu governor is powersave"};
  a.spawn_floor = 0.00041;
  a.interrupted = true;
  std::string out = render_terminal(a, false);
  EXPECT_NE(out.find("\nnote: hardware counters unavailable: using callgrind\n"
                     "note: cpu governor is powersave\n"),
            std::string::npos)
      << out;
  EXPECT_NE(out.find("\nspawn floor (true): " + format_seconds(0.00041) + "\n"), std::string::npos) << out;
  EXPECT_NE(out.find("\ninterrupted: partial results\n"), std::string::npos) << out;
}

TEST(TerminalTest, TargetsThatDoNotRunABenchmarkAreLeftOut) {
  Analysis a = two_by_three();
  a.results.pop_back();  // long-lines / busybox: busybox does not run long-lines
  a.comparisons.pop_back();
  std::string out = render_terminal(a, false);
  size_t long_lines = out.find("\nlong-lines\n");
  ASSERT_NE(long_lines, std::string::npos) << out;
  size_t block_end = out.find("\n\n", long_lines + 1);
  std::string block = out.substr(long_lines, block_end - long_lines);
  EXPECT_EQ(block.find("busybox"), std::string::npos) << block;
  EXPECT_NE(block.find("gnu-wc"), std::string::npos) << block;
}

TEST(MarkdownTest, BenchmarksOnOtherTargetsGetTheirOwnTable) {
  Analysis a;
  a.metric = Metric::wall;
  a.unit = "s";
  a.targets = {"ours", "gnu-wc", "micro"};
  a.benchmarks = {"utf8", "count-utf8"};
  stats::Summary s;
  s.n = 3;
  s.median = 0.1;
  a.results = {{"utf8", "ours", "", s, {0.09, 0.11}},
               {"utf8", "gnu-wc", "", s, {0.09, 0.11}},
               {"count-utf8", "micro", "", s, {0.09, 0.11}}};
  ComparisonRow c{"utf8", "ours", "gnu-wc", {1.0, {0.99, 1.01}}, 0.5, {stats::Verdict::same, false}};
  a.comparisons = {c};
  std::string md = render_markdown(a);
  EXPECT_NE(md.find("| Trace | Our Time | Competitor | Ratio |\n"), std::string::npos) << md;
  EXPECT_NE(md.find("\n\n| Trace | micro |\n|-------|-------|\n| count-utf8 | 100 ms [90.0, 110] |\n"),
            std::string::npos)
      << md;
}

Analysis deterministic() {
  Analysis a;
  a.metric = Metric::instructions;
  a.unit = "instructions";
  a.deterministic = true;
  a.source = "callgrind";
  a.benchmarks = {"loop"};
  a.targets = {"a", "b"};
  a.results = {result("loop", "a", 1.0e9, {1.0e9, 1.0e9}, 1), result("loop", "b", 1.32e9, {1.32e9, 1.32e9}, 1)};
  a.comparisons = {comparison("loop", "a", "b", 1.32, {1.32, 1.32}, 1, {Verdict::slower, false})};
  return a;
}

TEST(TerminalTest, DeterministicShowsExactInsteadOfIntervals) {
  Analysis a = deterministic();
  std::string out = render_terminal(a, false);
  SCOPED_TRACE(out);
  EXPECT_NE(out.find("callgrind"), std::string::npos);
  EXPECT_EQ(out.find('['), std::string::npos);
  EXPECT_EQ(out.find("p="), std::string::npos);
  EXPECT_NE(out.find(format_count(1.32e9)), std::string::npos);
  EXPECT_NE(out.find("1.32x slower  exact"), std::string::npos);
  std::vector<std::string> lines = lines_of(out);
  int exact_lines = 0;
  for (const std::string& l : lines)
    if (l.find("n=1") != std::string::npos && l.find("exact") != std::string::npos) ++exact_lines;
  EXPECT_EQ(exact_lines, 2);
}

// A small table with the "reported" metric, whose formatting belongs to format_value itself,
// so the whole string can be written down.
TEST(MarkdownTest, ExactTableForOneCompetitor) {
  Analysis a;
  a.metric = Metric::reported;
  a.unit = "ms";
  a.benchmarks = {"trace1", "trace2"};
  a.targets = {"ours", "diamond"};
  a.results = {result("trace1", "ours", 10, {9.5, 10.5}, 20), result("trace1", "diamond", 5, {4.9, 5.1}, 20),
               result("trace2", "ours", 30, {29, 31}, 20), result("trace2", "diamond", 60, {59, 61}, 20)};
  // candidate / baseline: diamond takes half our time on trace1 (so WE are 2x slower), and
  // twice our time on trace2 (so we are 2x faster).
  a.comparisons = {comparison("trace1", "ours", "diamond", 0.5, {0.4, 0.625}, 1e-6, {Verdict::faster, false}),
                   comparison("trace2", "ours", "diamond", 2.0, {1.6, 2.5}, 1e-6, {Verdict::slower, false})};
  GeoMeanRow g;
  g.baseline = "ours";
  g.candidate = "diamond";
  g.geomean.value = 1.0 / 1.25;
  g.geomean.ci = {0.5, 1.0 / 1.1};
  g.judgement = {Verdict::faster, false};
  a.geomeans = {g};
  EXPECT_EQ(render_markdown(a),
            "| Trace | Our Time | Competitor | Ratio |\n"
            "|-------|----------|------------|-------|\n"
            "| trace1 | 10 ms [9.5, 10.5] | 5 ms [4.9, 5.1] | 2.00x slower [1.60–2.50] |\n"
            "| trace2 | 30 ms [29, 31] | 60 ms [59, 61] | 2.00x faster [1.60–2.50] |\n"
            "| geomean | | | 1.25x slower [1.10–2.00] |\n");
}

TEST(MarkdownTest, RatioIsFromTheFirstColumnsPointOfView) {
  // The procedure's "Z.Zx slower" means OUR code is slower. candidate/baseline = 0.5 means the
  // competitor takes half the time, so ours is "2.00x slower".
  Analysis a = two_by_three();
  a.targets = {"ours", "gnu-wc"};
  a.comparisons = {comparison("short-lines", "ours", "gnu-wc", 0.5, {0.49, 0.51}, 1e-9, {Verdict::faster, false})};
  a.geomeans.clear();
  std::string md = render_markdown(a);
  EXPECT_NE(md.find("| 2.00x slower ["), std::string::npos) << md;
  EXPECT_EQ(md.find("faster"), std::string::npos) << md;
  // Time cells: median with its CI in the median's unit.
  std::string med = format_seconds(0.05231);
  EXPECT_NE(md.find("| short-lines | " + med + " ["), std::string::npos) << md;
  // long-lines has no comparison here: a dash, never a bare ratio.
  EXPECT_NE(md.find("| —"), std::string::npos) << md;
}

TEST(MarkdownTest, SeveralCompetitorsGetNamedColumns) {
  Analysis a = two_by_three();
  std::string md = render_markdown(a);
  std::vector<std::string> lines = lines_of(md);
  ASSERT_GE(lines.size(), 5u);
  EXPECT_EQ(lines[0], "| Trace | Our Time | gnu-wc | Ratio (gnu-wc) | busybox | Ratio (busybox) |");
  EXPECT_EQ(lines[1], "|-------|----------|--------|----------------|---------|-----------------|");
  // From ours' point of view: gnu-wc is faster, so ours is 4.32x slower; busybox is slower, so
  // ours is 1.50x faster.
  EXPECT_NE(lines[2].find("| 4.32x slower [4.28–4.36] |"), std::string::npos) << lines[2];
  EXPECT_NE(lines[2].find("| 1.50x faster [1.48–1.52] |"), std::string::npos) << lines[2];
  EXPECT_EQ(lines[4].rfind("| geomean | |", 0), 0u) << lines[4];
  EXPECT_NE(lines[4].find("4.16x slower [4.12–4.20]"), std::string::npos) << lines[4];
  EXPECT_EQ(lines.size(), 5u);
}

TEST(MarkdownTest, DeterministicAndInterrupted) {
  Analysis a = deterministic();
  a.interrupted = true;
  std::string md = render_markdown(a);
  // b/a = 1.32: from a's point of view, a is 1.32x faster; exact, so no interval.
  EXPECT_NE(md.find("| " + format_count(1.0e9) + " | " + format_count(1.32e9) + " | 1.32x faster (exact) |"),
            std::string::npos)
      << md;
  EXPECT_NE(md.find("\n*Interrupted: partial results.*\n"), std::string::npos) << md;
}

TEST(MarkdownTest, EscapesPipesInNames) {
  Analysis a = two_by_three();
  a.targets = {"ours", "sh -c 'a | b'"};
  for (ResultRow& r : a.results)
    if (r.target == "gnu-wc") r.target = "sh -c 'a | b'";
  a.comparisons = {};
  a.geomeans = {};
  std::string md = render_markdown(a);
  EXPECT_NE(md.find("| Competitor |"), std::string::npos) << md;
  EXPECT_EQ(md.find("'a | b'"), std::string::npos) << md;
}

TEST(JsonTest, FollowsTheContract) {
  Analysis a = two_by_three();
  nlohmann::json j = render_json(a);
  EXPECT_EQ(j["metric"], "wall");
  EXPECT_EQ(j["unit"], "s");
  EXPECT_EQ(j["deterministic"], false);
  EXPECT_EQ(j["source"], "wall clock");
  EXPECT_DOUBLE_EQ(j["threshold"].get<double>(), 0.01);
  EXPECT_DOUBLE_EQ(j["confidence"].get<double>(), 0.95);
  EXPECT_TRUE(j["seed"].is_number_unsigned());
  EXPECT_EQ(j["seed"], 42u);
  EXPECT_EQ(j["run_id"], 7);
  EXPECT_TRUE(j["spawn_floor"].is_null());
  EXPECT_EQ(j["interrupted"], false);
  EXPECT_TRUE(j["notes"].is_array());
  EXPECT_TRUE(j["notes"].empty());

  ASSERT_EQ(j["results"].size(), 6u);
  const nlohmann::json& r = j["results"][1];
  for (const char* key : {"benchmark", "target", "command", "unit"}) EXPECT_TRUE(r[key].is_string()) << key;
  for (const char* key : {"median", "min", "max", "mean", "stddev", "mad", "cv"})
    EXPECT_TRUE(r[key].is_number()) << key;
  EXPECT_TRUE(r["n"].is_number_integer());
  EXPECT_TRUE(r["outliers"].is_number_integer());
  EXPECT_EQ(r.size(), 14u) << r.dump();
  EXPECT_EQ(r["benchmark"], "short-lines");
  EXPECT_EQ(r["target"], "gnu-wc");
  EXPECT_EQ(r["command"], "./gnu-wc {args}");
  EXPECT_EQ(r["n"], 48);
  EXPECT_DOUBLE_EQ(r["median"].get<double>(), 0.01210);
  ASSERT_EQ(r["ci"].size(), 2u);
  EXPECT_DOUBLE_EQ(r["ci"][0].get<double>(), 0.01205);
  EXPECT_DOUBLE_EQ(r["ci"][1].get<double>(), 0.01218);
  EXPECT_EQ(r["unit"], "s");

  ASSERT_EQ(j["comparisons"].size(), 4u);
  const nlohmann::json& c = j["comparisons"][1];
  EXPECT_EQ(c.size(), 11u) << c.dump();  // 9, and since issue 10 p_faster and estimate
  EXPECT_EQ(c["benchmark"], "short-lines");
  EXPECT_EQ(c["baseline"], "ours");
  EXPECT_EQ(c["candidate"], "busybox");
  EXPECT_DOUBLE_EQ(c["ratio"].get<double>(), 1.5);  // candidate / baseline: raw, not inverted
  EXPECT_DOUBLE_EQ(c["ci"][0].get<double>(), 1.48);
  EXPECT_DOUBLE_EQ(c["ci"][1].get<double>(), 1.52);
  EXPECT_DOUBLE_EQ(c["p_value"].get<double>(), 3.4e-9);
  EXPECT_EQ(c["verdict"], "slower");
  EXPECT_EQ(c["negligible"], false);
  EXPECT_EQ(c["description"], "1.50x slower");
  EXPECT_EQ(c["estimate"], "ratio of medians");  // hand-made: not marked paired
  EXPECT_TRUE(c["p_faster"].is_number());

  ASSERT_EQ(j["geomeans"].size(), 2u);
  const nlohmann::json& g = j["geomeans"][0];
  EXPECT_EQ(g.size(), 5u) << g.dump();
  EXPECT_EQ(g["baseline"], "ours");
  EXPECT_EQ(g["candidate"], "gnu-wc");
  EXPECT_DOUBLE_EQ(g["ratio"].get<double>(), 1 / 4.16);
  EXPECT_EQ(g["ci"].size(), 2u);
  EXPECT_EQ(g["verdict"], "faster");

  EXPECT_EQ(j.size(), 14u) << j.dump();  // 13, and since issue 10 confidence
}

TEST(JsonTest, NullsNotesAndFloor) {
  Analysis a = two_by_three();
  a.run_id = 0;
  a.spawn_floor = 0.00041;
  a.interrupted = true;
  a.notes = {"counters unavailable"};
  a.comparisons[0].judgement = {Verdict::faster, true};
  nlohmann::json j = render_json(a);
  EXPECT_TRUE(j["run_id"].is_null());
  EXPECT_DOUBLE_EQ(j["spawn_floor"].get<double>(), 0.00041);
  EXPECT_EQ(j["interrupted"], true);
  EXPECT_EQ(j["notes"], nlohmann::json::array({"counters unavailable"}));
  EXPECT_EQ(j["comparisons"][0]["negligible"], true);
}

TEST(JsonTest, RenderPrettyPrintsWithTrailingNewline) {
  Analysis a = deterministic();
  std::string out = render(a, Format::json, true);
  ASSERT_FALSE(out.empty());
  EXPECT_EQ(out.back(), '\n');
  EXPECT_EQ(out.rfind("{\n  \"comparisons\": [\n    {\n", 0), 0u) << out;
  EXPECT_EQ(out.find("\x1b["), std::string::npos);
  nlohmann::json j = nlohmann::json::parse(out);
  EXPECT_EQ(j["deterministic"], true);
  EXPECT_EQ(j["metric"], "instructions");
  EXPECT_EQ(j["unit"], "instructions");
  EXPECT_DOUBLE_EQ(j["comparisons"][0]["ratio"].get<double>(), 1.32);
}

TEST(CsvTest, RowsPerBenchmarkAndTarget) {
  Analysis a = two_by_three();
  std::vector<std::string> lines = lines_of(render_csv(a));
  ASSERT_EQ(lines.size(), 7u);
  EXPECT_EQ(lines[0], "benchmark,target,n,median,ci_lo,ci_hi,unit,ratio,ratio_lo,ratio_hi,p_value,verdict");
  EXPECT_EQ(lines[1], "short-lines,ours,48,0.05231,0.05202,0.05277,s,,,,,");
  EXPECT_EQ(lines[3], "short-lines,busybox,48,0.0785,0.078,0.0791,s,1.5,1.48,1.52,3.4e-09,slower");
  EXPECT_EQ(lines[4].rfind("long-lines,ours,12,", 0), 0u);
}

TEST(CsvTest, QuotesFieldsWithCommasQuotesAndNewlines) {
  Analysis a;
  a.metric = Metric::wall;
  a.unit = "s";
  a.benchmarks = {"command"};
  a.targets = {"sh -c \"echo a, b\"", "printf 'x\ny'", "plain words"};
  a.results = {result("command", a.targets[0], 0.001, {0.001, 0.001}, 3),
               result("command", a.targets[1], 0.002, {0.002, 0.002}, 3),
               result("command", a.targets[2], 0.003, {0.003, 0.003}, 3)};
  std::string csv = render_csv(a);
  EXPECT_NE(csv.find("\ncommand,\"sh -c \"\"echo a, b\"\"\",3,"), std::string::npos) << csv;
  EXPECT_NE(csv.find("\ncommand,\"printf 'x\ny'\",3,"), std::string::npos) << csv;
  EXPECT_NE(csv.find("\ncommand,plain words,3,"), std::string::npos) << csv;
}

TEST(RenderTest, Dispatches) {
  Analysis a = two_by_three();
  EXPECT_EQ(render(a, Format::terminal, false), render_terminal(a, false));
  EXPECT_EQ(render(a, Format::terminal, true), render_terminal(a, true));
  EXPECT_EQ(render(a, Format::markdown, true), render_markdown(a));
  EXPECT_EQ(render(a, Format::csv, true), render_csv(a));
  EXPECT_EQ(render(a, Format::json, false), render_json(a).dump(2) + "\n");
}

TEST(NonFiniteTest, InfAndNanNeverReachTheOutput) {
  Analysis a = two_by_three();
  a.results[1].summary.median = std::numeric_limits<double>::quiet_NaN();
  a.results[1].median_ci = {std::numeric_limits<double>::quiet_NaN(), std::numeric_limits<double>::infinity()};
  a.comparisons[0].estimate.ratio = std::numeric_limits<double>::infinity();
  a.comparisons[0].estimate.ci = {0, std::numeric_limits<double>::infinity()};
  a.comparisons[0].p_value = std::numeric_limits<double>::quiet_NaN();
  a.geomeans[0].geomean.value = 0;
  a.geomeans[0].geomean.ci = {0, 0};
  for (Format f : {Format::terminal, Format::markdown, Format::csv}) {
    std::string out = render(a, f, false);
    EXPECT_EQ(out.find("inf"), std::string::npos) << out;
    EXPECT_EQ(out.find("nan"), std::string::npos) << out;
  }
  EXPECT_NE(render(a, Format::terminal, false).find("out of range"), std::string::npos);
}

}  // namespace
}  // namespace hone
