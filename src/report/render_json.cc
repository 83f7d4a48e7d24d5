// The JSON contract of docs/json.md (render_json).
#include "report/render.h"
#include "report/render_text.h"

namespace hone {

using namespace render_text;

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

}  // namespace hone
