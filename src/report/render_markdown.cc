// The procedure's markdown table (render_markdown).
#include "report/render.h"
#include "report/render_text.h"

namespace hone {

using namespace render_text;

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

}  // namespace hone
