// The terminal table (render_terminal).
#include "report/render.h"
#include "report/render_text.h"

namespace hone {

using namespace render_text;

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

}  // namespace hone
