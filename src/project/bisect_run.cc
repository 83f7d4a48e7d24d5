#include "project/bisect_run.h"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <algorithm>
#include <cmath>

#include "git/git.h"
#include "git/log.h"
#include "project/revisions.h"
#include "project/session.h"
#include "util/error.h"
#include "util/words.h"

namespace hone {

namespace {

std::string short_hash(const std::string& h) { return h.substr(0, 10); }

std::string pct(double ratio) { return fmt::format("{:+.1f}%", (ratio - 1) * 100); }

std::string estimate_text(const stats::RatioEstimate& e) {
  return fmt::format("{} [{}, {}]", pct(e.ratio), pct(e.ci.lo), pct(e.ci.hi));
}

// The last probe of a commit (its latest measurement).
const bisect::Probe* last_probe(const bisect::Result& r, size_t index) {
  const bisect::Probe* p = nullptr;
  for (const bisect::Probe& q : r.probes)
    if (q.index == index) p = &q;
  return p;
}

}  // namespace

BisectPlan plan_bisect(const Config& cfg, const std::string& good, const std::string& bad, const std::string& bench,
                       const MeasureFlags& flags) {
  std::vector<std::string> known = all_benchmarks(cfg);
  if (bench.empty())
    fail("bisect needs --bench: the benchmark that got slower ({} has: {})", cfg.file.string(), fmt::join(known, ", "));
  if (std::find(known.begin(), known.end(), bench) == known.end())
    fail("--bench {}: no such benchmark in {} (it has: {})", bench, cfg.file.string(), fmt::join(known, ", "));
  if (good == git::kWorktree || bad == git::kWorktree)
    fail("bisect searches commits: commit the working tree's changes to include them (got {})", git::kWorktree);
  std::optional<std::filesystem::path> top = git::toplevel(cfg.root);
  if (!top) fail("{} is not in a git repository: bisect needs commits", cfg.root.string());
  BisectPlan plan;
  plan.good_rev = good;
  plan.bad_rev = bad;
  plan.bench = bench;
  plan.target = cfg.project.ours;
  auto resolve = [&](const std::string& rev, const char* which) {
    try {
      return git::resolve(*top, rev);
    } catch (const Error& e) {
      fail("{} '{}': {}", which, rev, e.what());
    }
  };
  plan.good.hash = resolve(good, "GOOD");
  std::string bad_hash = resolve(bad, "BAD");
  if (plan.good.hash == bad_hash)
    fail("GOOD '{}' and BAD '{}' are the same commit ({}): nothing to bisect", good, bad, short_hash(bad_hash));
  std::vector<std::pair<std::string, std::string>> log = git::first_parent_log(*top, bad_hash);
  auto at = std::find_if(log.begin(), log.end(), [&](const auto& c) { return c.first == plan.good.hash; });
  if (at == log.end())
    fail(
        "GOOD '{}' ({}) is not on the first-parent history of BAD '{}' ({}): bisect follows BAD's first parents "
        "back to GOOD (give a GOOD older than BAD, on its branch)",
        good, short_hash(plan.good.hash), bad, short_hash(bad_hash));
  plan.good.subject = at->second;
  for (auto it = std::make_reverse_iterator(at); it != log.rend(); ++it)
    plan.commits.push_back({it->first, it->second});
  plan.measure = apply_flags(cfg.measure, flags);
  plan.fixed_runs = flags.runs > 0;
  plan.threshold = plan.measure.threshold;
  return plan;
}

bisect::Measurement ProbeRunner::measure(const bisect::Step& step) {
  const BisectCommit& c = plan_.commits.at(step.index);
  std::vector<Revision> revs = prepare_revisions(cfg_, {plan_.good.hash, c.hash}, plan_.target, &builds_);
  revs[0].label = fmt::format("{}@{}", plan_.target, short_hash(plan_.good.hash));
  revs[1].label = fmt::format("{}@{}", plan_.target, short_hash(c.hash));
  SessionRequest req;
  req.kind = "bisect";
  req.label = fmt::format("bisect {}: {} vs {}", plan_.bench, revs[0].label, revs[1].label);
  req.config = &cfg_;
  req.measure = plan_.measure;
  req.fixed_runs = plan_.fixed_runs;
  if (step.attempt > 1) {
    // Measuring more: four times the rounds and the time each further attempt.
    int scale = 1 << (2 * (step.attempt - 1));
    req.measure.max_runs *= scale;
    req.measure.max_time *= scale;
    if (plan_.fixed_runs) req.measure.min_runs = req.measure.max_runs;
  }
  req.question = step.question();
  req.jobs = revision_jobs(cfg_, revs, {plan_.bench}, plan_.target);
  req.settings = {{"bisect", {{"good", plan_.good.hash}, {"commit", c.hash}, {"attempt", step.attempt}}}};
  SessionResult r = run_session(store_, req);
  if (r.interrupted)
    throw Interrupted(fmt::format("bisect interrupted (Ctrl-C) while measuring {} against GOOD (run {} kept)",
                                  short_hash(c.hash), r.run_id));
  for (const ComparisonRow& row : r.analysis.comparisons)
    if (row.benchmark == plan_.bench && row.candidate == revs[1].label) return {row.estimate, r.run_id};
  fail("run {} has no comparison of {} against GOOD on {}", r.run_id, short_hash(c.hash), plan_.bench);
}

std::string render_probe(const BisectPlan& plan, const bisect::Probe& p, size_t number) {
  const BisectCommit& c = plan.commits.at(p.index);
  std::string outcome(bisect::outcome_word(p.outcome));
  if (p.outcome == bisect::Outcome::unsure) outcome = p.skipped ? "unsure again: skipped" : "unsure: measuring more";
  if (p.attempt > 1) outcome += fmt::format(" (attempt {})", p.attempt);
  return fmt::format("probe {:<2}  {:>2}/{}  {}  {:<24}  {:<28}  run {:<4}  {}\n", number, p.index + 1,
                     plan.commits.size(), short_hash(c.hash), estimate_text(p.measurement.estimate), outcome,
                     p.measurement.run_id, printable(c.subject));
}

std::string render_bisect(const BisectPlan& plan, const bisect::Result& r, size_t builds) {
  std::string out;
  const BisectCommit& bad = plan.commits.back();
  auto line = [&](size_t index) {
    const BisectCommit& c = plan.commits.at(index);
    return fmt::format("{} {}", short_hash(c.hash), printable(c.subject));
  };
  if (r.verdict == bisect::Verdict::not_slower) {
    const bisect::Probe& p = r.probes.back();
    const stats::Interval& ci = p.measurement.estimate.ci;
    std::string why = ci.hi < 1 - plan.threshold ? "faster"
                      : ci.hi <= 1 + plan.threshold
                          ? fmt::format("not slower beyond the noise threshold of {:g}%", plan.threshold * 100)
                          : fmt::format("within noise: its CI reaches both sides of +{:g}%, so it is not shown slower",
                                        plan.threshold * 100);
    out += fmt::format("No commit accused: BAD {} against GOOD {} is {} ({}).\n", short_hash(bad.hash),
                       short_hash(plan.good.hash), estimate_text(p.measurement.estimate), why);
    if (p.outcome == bisect::Outcome::unsure)
      out +=
          "More rounds (--max-runs, --max-time) or an exact metric (--metric instructions) can tell a smaller "
          "change.\n";
  } else if (r.verdict == bisect::Verdict::found) {
    const bisect::Probe* b = last_probe(r, *r.first_bad);
    out += fmt::format("First bad commit: {} (commit {} of {} after GOOD)\n", line(*r.first_bad), *r.first_bad + 1,
                       plan.commits.size());
    out += fmt::format("  {} against GOOD {}: {} (run {})\n", printable(plan.bench), short_hash(plan.good.hash),
                       estimate_text(b->measurement.estimate), b->measurement.run_id);
    if (r.last_good) {
      const bisect::Probe* g = last_probe(r, *r.last_good);
      out += fmt::format("  its parent {}: {} (run {})\n", short_hash(plan.commits.at(*r.last_good).hash),
                         estimate_text(g->measurement.estimate), g->measurement.run_id);
    } else {
      out += "  its parent is GOOD\n";
    }
  } else if (r.verdict == bisect::Verdict::range) {
    out += fmt::format("The first bad commit is one of these {} (unsure probes could not tell which):\n",
                       r.suspects.size());
    for (size_t s : r.suspects) {
      const bisect::Probe* p = last_probe(r, s);
      out += fmt::format("  {}{}\n", line(s),
                         p ? fmt::format("  ({}: {})", p->skipped ? "skipped" : bisect::outcome_word(p->outcome),
                                         estimate_text(p->measurement.estimate))
                           : "  (not measured)");
    }
  }
  size_t more = 0, skipped = 0;
  for (const bisect::Probe& p : r.probes) {
    more += p.attempt > 1;
    skipped += p.skipped;
  }
  out += fmt::format(
      "{} probe{} ({} measured more, {} skipped) over {} commits after GOOD; {} build{} ran, the others "
      "were reused.\n",
      r.probes.size(), r.probes.size() == 1 ? "" : "s", more, skipped, plan.commits.size(), builds,
      builds == 1 ? "" : "s");
  if (r.verdict != bisect::Verdict::not_slower)
    out += fmt::format(
        "A commit is bad when its whole CI against GOOD lies above {} (halfway to BAD's {}), good when "
        "it lies at or below.\n",
        pct(r.boundary), pct(r.probes.front().measurement.estimate.ratio));
  return out;
}

nlohmann::json bisect_json(const BisectPlan& plan, const bisect::Result& r, size_t builds) {
  auto num = [](double v) { return std::isfinite(v) ? nlohmann::json(v) : nlohmann::json(nullptr); };
  auto commit = [&](size_t index) {
    const BisectCommit& c = plan.commits.at(index);
    nlohmann::json j = {{"commit", c.hash}, {"subject", c.subject}, {"position", index + 1}};
    if (const bisect::Probe* p = last_probe(r, index)) {
      j["ratio"] = num(p->measurement.estimate.ratio);
      j["ci"] = {num(p->measurement.estimate.ci.lo), num(p->measurement.estimate.ci.hi)};
      j["run_id"] = p->measurement.run_id;
    }
    return j;
  };
  nlohmann::json probes = nlohmann::json::array();
  for (size_t i = 0; i < r.probes.size(); ++i) {
    const bisect::Probe& p = r.probes[i];
    const BisectCommit& c = plan.commits.at(p.index);
    probes.push_back({{"number", i + 1},
                      {"commit", c.hash},
                      {"subject", c.subject},
                      {"position", p.index + 1},
                      {"attempt", p.attempt},
                      {"ratio", num(p.measurement.estimate.ratio)},
                      {"ci", {num(p.measurement.estimate.ci.lo), num(p.measurement.estimate.ci.hi)}},
                      {"bound", num(p.bound)},
                      {"outcome", bisect::outcome_word(p.outcome)},
                      {"skipped", p.skipped},
                      {"run_id", p.measurement.run_id}});
  }
  nlohmann::json suspects = nlohmann::json::array();
  for (size_t s : r.suspects) suspects.push_back(commit(s));
  const BisectCommit& bad = plan.commits.back();
  return {{"benchmark", plan.bench},
          {"target", plan.target},
          {"metric", metric_name(plan.measure.metric)},
          {"good", {{"rev", plan.good_rev}, {"commit", plan.good.hash}, {"subject", plan.good.subject}}},
          {"bad", {{"rev", plan.bad_rev}, {"commit", bad.hash}, {"subject", bad.subject}}},
          {"commits", plan.commits.size()},
          {"threshold", plan.threshold},
          {"boundary", r.boundary > 0 ? num(r.boundary) : nlohmann::json(nullptr)},
          {"verdict", bisect::verdict_word(r.verdict)},
          {"first_bad", r.verdict == bisect::Verdict::found ? commit(*r.first_bad) : nlohmann::json(nullptr)},
          {"last_good",
           r.verdict != bisect::Verdict::not_slower && r.last_good ? commit(*r.last_good) : nlohmann::json(nullptr)},
          {"suspects", suspects},
          {"probes", probes},
          {"builds", builds},
          {"message", render_bisect(plan, r, builds)}};
}

}  // namespace hone
