// One CSV row per benchmark and target (render_csv).
#include "report/render.h"
#include "report/render_text.h"

namespace hone {

using namespace render_text;

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

}  // namespace hone
