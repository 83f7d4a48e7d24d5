#include "report/history.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <map>
#include <set>

#include "report/render.h"
#include "util/error.h"
#include "util/words.h"

namespace hone {

std::string machine_key(const nlohmann::json& m) {
  auto str = [&](const char* k) {
    return m.is_object() && m.contains(k) && m[k].is_string() ? m[k].get<std::string>() : std::string();
  };
  int cores = m.is_object() && m.contains("cores") && m["cores"].is_number_integer() ? m["cores"].get<int>() : 0;
  std::string host = str("hostname"), cpu = str("cpu_model");
  // Runs recorded with a machine id (fleet/machine_id.h) are kept apart by it, named as configured.
  if (std::string id = str("id"); !id.empty())
    return fmt::format("{} · {} · {} cores · id {}", str("name").empty() ? host : str("name"),
                       cpu.empty() ? "unknown CPU" : cpu, cores, id);
  return fmt::format("{} · {} · {} cores", host.empty() ? "unknown host" : host, cpu.empty() ? "unknown CPU" : cpu,
                     cores);
}

std::vector<HistorySeries> build_history(Store& store, const std::vector<CommitInfo>& commits,
                                         const HistoryOptions& o) {
  std::map<std::string, size_t> position;  // commit -> index, 0 = newest
  for (size_t i = 0; i < commits.size(); ++i) position.emplace(commits[i].hash, i);
  // (benchmark, metric, machine) -> commit index -> the newest run's point
  std::map<std::tuple<std::string, std::string, std::string>, std::map<size_t, HistoryPoint>> found;
  std::vector<std::string> bench_order;
  std::vector<RunRecord> runs = store.list_runs(-1);  // newest first
  for (const RunRecord& r : runs) {
    if (r.status != "complete" || r.dirty || (r.kind != "bench" && r.kind != "baseline")) continue;
    // A run measured inside an attempt's worktree never stands for the project's state.
    if (r.settings.is_object() && r.settings.contains("worktree")) continue;
    auto at = position.find(r.commit);
    if (at == position.end()) continue;
    std::optional<Metric> metric = parse_metric(r.metric);
    if (!metric) continue;
    std::map<std::string, std::vector<double>, std::less<>> values;
    store.each_sample(r.id, *metric, [&](const Store::SampleValue& s) {
      if (s.target != o.target) return;
      if (!o.benches.empty() && std::find(o.benches.begin(), o.benches.end(), s.benchmark) == o.benches.end()) return;
      auto it = values.find(s.benchmark);
      if (it == values.end()) it = values.emplace(std::string(s.benchmark), std::vector<double>{}).first;
      it->second.push_back(s.value);
    });
    std::string machine = machine_key(r.machine);
    for (auto& [bench, v] : values) {
      if (std::find(bench_order.begin(), bench_order.end(), bench) == bench_order.end()) bench_order.push_back(bench);
      auto& per_commit = found[{bench, r.metric, machine}];
      if (per_commit.count(at->second)) continue;  // a newer run of this commit is already there
      HistoryPoint p;
      p.commit = r.commit;
      p.subject = commits[at->second].subject;
      p.run_id = r.id;
      p.started_at = r.started_at;
      p.values = v;
      per_commit.emplace(at->second, std::move(p));
    }
  }
  std::sort(bench_order.begin(), bench_order.end(), [&](const std::string& a, const std::string& b) {
    if (!o.benches.empty()) {
      auto ia = std::find(o.benches.begin(), o.benches.end(), a), ib = std::find(o.benches.begin(), o.benches.end(), b);
      if (ia != ib) return ia < ib;
    }
    return a < b;
  });
  std::vector<HistorySeries> out;
  uint64_t k = 0;
  for (const std::string& bench : bench_order)
    for (auto& [key, per_commit] : found) {
      if (std::get<0>(key) != bench) continue;
      HistorySeries s{bench, std::get<1>(key), std::get<2>(key), {}};
      for (auto it = per_commit.rbegin(); it != per_commit.rend(); ++it)
        s.points.push_back(it->second);  // oldest first
      for (size_t i = 0; i < s.points.size(); ++i) {
        HistoryPoint& p = s.points[i];
        p.summary = stats::summarize(p.values);
        p.median_ci = p.summary.min == p.summary.max
                          ? stats::Interval{p.summary.median, p.summary.median}
                          : stats::bootstrap_median_ci(p.values, o.seed + 1000 * ++k, o.resamples);
        if (i == 0) continue;
        const HistoryPoint& prev = s.points[i - 1];
        try {
          p.change = stats::compare_ratio(prev.values, p.values, false, o.seed + 1000 * ++k, o.resamples);
        } catch (const Error&) {
          continue;  // a value a ratio cannot use (0): no change is claimed
        }
        if (p.change->ci.lo > 1 + o.bound)
          p.verdict = "slower";
        else if (p.change->ci.hi < 1 - o.bound)
          p.verdict = "faster";
      }
      out.push_back(std::move(s));
    }
  return out;
}

namespace {

std::string change_text(const stats::RatioEstimate& c) {
  auto pct = [](double r) { return fmt::format("{:+.1f}%", (r - 1) * 100); };
  return fmt::format("{} [{}, {}]", pct(c.ratio), pct(c.ci.lo), pct(c.ci.hi));
}

Analysis units_of(const std::string& metric) {
  Analysis a;
  a.metric = parse_metric(metric).value_or(Metric::reported);
  a.unit = std::string(metric_unit(a.metric));
  return a;
}

}  // namespace

std::string render_history_terminal(const std::vector<HistorySeries>& h, const HistoryOptions& o) {
  if (h.empty())
    return fmt::format(
        "no stored runs of {} on this first-parent history (HEAD's, or --rev's): `hone bench` records one for the "
        "commit checked out\n",
        printable(o.target));
  std::string out;
  for (const HistorySeries& s : h) {
    Analysis a = units_of(s.metric);
    out += fmt::format("{} · {} · {}\n", printable(s.benchmark), s.metric, printable(s.machine));
    std::vector<std::array<std::string, 5>> rows;
    rows.push_back({"COMMIT", "RUN", "MEDIAN [95% CI]", "CHANGE vs previous [95% CI]", "SUBJECT"});
    for (const HistoryPoint& p : s.points) {
      std::string med = p.median_ci.lo == p.median_ci.hi
                            ? format_value(a, p.summary.median)
                            : fmt::format("{} [{}, {}]", format_value(a, p.summary.median),
                                          format_value(a, p.median_ci.lo), format_value(a, p.median_ci.hi));
      std::string change = p.change ? change_text(*p.change) : "";
      if (!p.verdict.empty()) change += fmt::format("  ← {} beyond ±{:g}%", p.verdict, o.bound * 100);
      rows.push_back({p.commit.substr(0, 10), fmt::format("{}", p.run_id), med, change, printable(p.subject)});
    }
    std::array<size_t, 5> w{};
    auto width = [](const std::string& x) {
      size_t n = 0;
      for (unsigned char c : x) n += (c & 0xC0) != 0x80;
      return n;
    };
    for (const auto& r : rows)
      for (size_t i = 0; i < 5; ++i) w[i] = std::max(w[i], width(r[i]));
    for (const auto& r : rows) {
      std::string line = "  ";
      for (size_t i = 0; i < 5; ++i) {
        line += r[i];
        if (i + 1 < 5) line += std::string(w[i] - width(r[i]) + 2, ' ');
      }
      while (!line.empty() && line.back() == ' ') line.pop_back();
      out += line + "\n";
    }
    out += "\n";
  }
  out += fmt::format(
      "A change is marked where the whole 95% CI of this / previous lies beyond ±{:g}% (two separate runs: "
      "machine drift between them is not cancelled).\n",
      o.bound * 100);
  return out;
}

nlohmann::json history_json(const std::vector<HistorySeries>& h, const HistoryOptions& o) {
  nlohmann::json series = nlohmann::json::array();
  auto num = [](double v) { return std::isfinite(v) ? nlohmann::json(v) : nlohmann::json(nullptr); };
  for (const HistorySeries& s : h) {
    nlohmann::json points = nlohmann::json::array();
    for (const HistoryPoint& p : s.points) {
      nlohmann::json change = nullptr;
      if (p.change)
        change = {{"ratio", num(p.change->ratio)},
                  {"ci", {num(p.change->ci.lo), num(p.change->ci.hi)}},
                  {"verdict", p.verdict.empty() ? nlohmann::json(nullptr) : nlohmann::json(p.verdict)}};
      points.push_back({{"commit", p.commit},
                        {"subject", p.subject},
                        {"run_id", p.run_id},
                        {"started_at", p.started_at},
                        {"n", p.summary.n},
                        {"median", num(p.summary.median)},
                        {"ci", {num(p.median_ci.lo), num(p.median_ci.hi)}},
                        {"change", change}});
    }
    series.push_back({{"benchmark", s.benchmark}, {"metric", s.metric}, {"machine", s.machine}, {"points", points}});
  }
  return {{"target", o.target}, {"bound", o.bound}, {"series", series}};
}

std::vector<html::Trend> history_trends(const std::vector<HistorySeries>& h) {
  std::vector<html::Trend> out;
  for (const HistorySeries& s : h) {
    html::Trend t;
    t.benchmark = s.benchmark;
    t.machine = s.machine;
    t.metric = s.metric;
    for (const HistoryPoint& p : s.points) {
      html::TrendPoint tp;
      tp.commit = p.commit;
      tp.subject = p.subject;
      tp.run_id = p.run_id;
      tp.median = p.summary.median;
      tp.lo = p.median_ci.lo;
      tp.hi = p.median_ci.hi;
      tp.change = !p.verdict.empty();
      if (p.change) tp.change_text = change_text(*p.change);
      t.points.push_back(tp);
    }
    out.push_back(std::move(t));
  }
  return out;
}

}  // namespace hone
