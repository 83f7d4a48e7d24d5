// The loop's measurements and reports: base against attempt (with the competitors, for the done
// criteria), the criteria judged with the attempt standing for ours, and the completion reports
// of phase 4.
#include <fmt/format.h>

#include <algorithm>

#include "criteria/criteria.h"
#include "fleet/machine_id.h"
#include "loop/driver.h"
#include "loop/io.h"
#include "loop/texts.h"
#include "loop/worklog.h"
#include "profile/research.h"
#include "project/history.h"
#include "project/session.h"
#include "report/criteria_data.h"
#include "util/error.h"

namespace hone::loop {

namespace fs = std::filesystem;
using io::short12;

namespace {

std::string in_checkout(const LoopContext& ctx, const fs::path& checkout_dir, const fs::path& path) {
  fs::path rel = fs::relative(path, ctx.repo);
  if (rel.empty() || *rel.begin() == "..") return path.string();
  return (checkout_dir / rel).lexically_normal().string();
}

// The done criteria judged on one run, with `after` standing for ours.
void judge_criteria(LoopContext& ctx, PairMeasurement& m, const Revision& before, const std::string& after_label) {
  if (ctx.cfg.criteria.done.empty()) return;
  const Analysis& a = m.analysis;
  std::vector<SampleRecord> samples = ctx.store->samples(m.run_id);
  // Series with ours (the attempt) first, so every comparison is X against ours.
  std::vector<Series> series;
  auto series_of = [&](const std::string& target, const std::string& name) {
    std::map<std::string, Series> by_bench;
    for (const SampleRecord& s : samples) {
      if (s.target != target) continue;
      std::optional<double> v = s.m.get(a.metric);
      if (!v) continue;
      Series& se = by_bench[s.benchmark];
      se.benchmark = s.benchmark;
      se.target = name;
      se.rounds.push_back(s.round);
      se.values.push_back(*v);
    }
    for (const std::string& b : a.benchmarks)
      if (by_bench.count(b)) series.push_back(by_bench[b]);
  };
  series_of(after_label, ctx.cfg.project.ours);
  for (const std::string& t : a.targets)
    if (t.find('@') == std::string::npos) series_of(t, t);
  AnalyzeOptions o = options_of(a);
  o.confidence = a.confidence;  // the same run, re-analysed with ours first
  Analysis ours_first = analyze(series, o);
  o.confidence = stats::kConfidence;  // against the stored baseline below: separate runs
  criteria::Data d = criteria_data(ours_first, ctx.cfg.project.ours);
  bool vs_baseline = criteria::any_vs_baseline(ctx.cfg.criteria.done);
  std::optional<int64_t> base = vs_baseline ? ctx.store->baseline(ctx.baseline) : std::nullopt;
  std::optional<RunRecord> base_run = base ? ctx.store->get_run(*base) : std::nullopt;
  if (base_run && m.run_id > 0) {
    // A baseline measured on another machine is not a reference: 'vs baseline' clauses then
    // have no numbers, and say so, instead of judging the machines' difference.
    std::optional<RunRecord> now = ctx.store->get_run(m.run_id);
    if (now && fleet::machine_mismatch(base_run->machine, "", now->machine, "")) base_run.reset();
  }
  // 'vs baseline' when the run's before side is the baseline's own commit (the loop's first
  // attempt; the final report's start, which the loop began from): before → after was measured
  // in this very run, paired round by round, so that is the number, not the stored baseline
  // against this run (two separate runs, unpaired, wider and exposed to drift between them).
  int64_t stored_run = 0;  // the stored baseline's run, when 'vs baseline' was judged on it
  if (base_run && !base_run->dirty && !before.checkout.worktree && !before.checkout.commit.empty() &&
      base_run->commit == before.checkout.commit) {
    set_vs_baseline(d, a, before.label, after_label);
    m.baseline_paired = true;
  } else if (base_run) {
    stored_run = base_run->id;
    std::vector<Series> now;
    for (const Series& s : series)
      if (s.target == ctx.cfg.project.ours) now.push_back(s);
    set_vs_baseline(d, unpaired_vs_baseline(*ctx.store, stored_run, now, ctx.cfg.project.ours, a.metric, o), "baseline",
                    ctx.cfg.project.ours);
  }
  bool all = true;
  std::string summary;
  for (size_t i = 0; i < ctx.cfg.criteria.done.size(); ++i) {
    const std::string& sentence = ctx.cfg.criteria.done[i];
    criteria::Result r;
    try {
      r = criteria::evaluate(criteria::parse(sentence), d);
    } catch (const criteria::ParseError& e) {
      fail("{}: [criteria] done[{}]: column {}: {}", ctx.cfg.file.string(), i, e.column(), e.message());
    } catch (const Error& e) {
      r.text = sentence;
      r.status = criteria::Status::unsure;
      r.summary = e.what();
    }
    all = all && r.status == criteria::Status::met;
    m.criteria_results.push_back(r);
    summary += fmt::format("- {} {}: {}\n", r.text, criteria::status_name(r.status), r.summary);
  }
  if (m.baseline_paired)
    summary +=
        fmt::format("- (vs baseline: {} at the baseline's commit {} against {}, paired round by round in run {})\n",
                    ctx.cfg.project.ours, short12(before.checkout.commit), after_label, m.run_id);
  else if (stored_run > 0)
    summary += fmt::format("- (vs baseline: the stored baseline, run {}, against run {}: separate runs, unpaired)\n",
                           stored_run, m.run_id);
  m.criteria_met = all;
  m.criteria_summary = summary;
}

}  // namespace

// One interleaved run: ours at `before` and at `after` (checkouts), and every competitor command
// target: in its `dir` when that is outside the repository, else from the `before` checkout, so
// relative inputs resolve there (a competitor with a `build` of its own was built by
// prepare_attempt in the main checkout and runs from its `dir` there, or the project's folder).
PairMeasurement measure_pair(LoopContext& ctx, const Revision& before, const Revision& after, const std::string& label,
                             bool layout_only) {
  const std::string& ours = ctx.cfg.project.ours;
  std::vector<std::string> benches = all_benchmarks(ctx.cfg);
  std::vector<Job> jobs = revision_jobs(ctx.cfg, {before, after}, benches, ours);
  std::vector<std::string> competitors;
  for (const TargetConfig& t : ctx.cfg.targets)
    if (t.name != ours) competitors.push_back(t.name);
  std::vector<std::string> ours_benches;  // each once, in order
  for (const Job& j : jobs)
    if (std::find(ours_benches.begin(), ours_benches.end(), j.benchmark) == ours_benches.end())
      ours_benches.push_back(j.benchmark);
  if (!competitors.empty() && !layout_only) {
    std::vector<Job> comp;
    try {
      comp = configured_jobs(ctx.cfg, ours_benches, competitors);
    } catch (const Error&) {
      // no competitor runs these benchmarks
    }
    for (Job& j : comp) {
      const TargetConfig* t = ctx.cfg.find_target(j.target);
      if (t == nullptr || t->build.empty()) j.cmd.dir = in_checkout(ctx, before.checkout.dir, j.cmd.dir);
      jobs.push_back(std::move(j));
    }
  }
  SessionRequest req;
  req.kind = layout_only ? "layout" : "attempt";
  req.label = label;
  req.config = &ctx.cfg;
  req.measure = apply_flags(ctx.cfg.measure, ctx.flags);
  req.fixed_runs = ctx.flags.runs > 0;
  req.jobs = jobs;
  // Measure until every benchmark is faster, shown within the regression bound, or beyond it.
  req.question = stats::keep_question(req.measure.threshold, ctx.cfg.criteria.regression);
  SessionResult r = run_session(*ctx.store, req);
  PairMeasurement m;
  m.analysis = r.analysis;
  m.run_id = r.run_id;
  m.interrupted = r.interrupted;
  for (const ComparisonRow& c : r.analysis.comparisons) {
    if (c.baseline != before.label || c.candidate != after.label) continue;
    const ResultRow* b = r.analysis.find(c.benchmark, before.label);
    const ResultRow* a = r.analysis.find(c.benchmark, after.label);
    if (!b || !a) continue;
    m.results.push_back(loop::BenchResult{c.benchmark, b->summary.median, a->summary.median, b->median_ci, a->median_ci,
                                          c.estimate, c.p_faster, r.analysis.unit});
  }
  if (!m.interrupted && !layout_only) judge_criteria(ctx, m, before, after.label);
  return m;
}

// ---- completion -------------------------------------------------------------------------------

std::string head_name(LoopContext& ctx) {
  std::optional<std::string> b = ctx.git->checkout_branch();
  return b ? *b + "'s head" : std::string("the checkout's head");
}

PairMeasurement measure_start_end(LoopContext& ctx, const std::string& start, const std::string& what,
                                  const std::string& run_label) {
  std::string end = ctx.git->head();
  std::vector<Revision> revs = prepare_revisions(ctx.cfg, {start, end}, ctx.cfg.project.ours);
  revs[0].label = fmt::format("{}@start", ctx.cfg.project.ours);
  revs[1].label = fmt::format("{}@end", ctx.cfg.project.ours);
  fmt::print(stderr, "hone: {}: start {} against {} {}\n", what, short12(start), head_name(ctx), short12(end));
  return measure_pair(ctx, revs[0], revs[1], run_label);
}

std::string criteria_start(LoopContext& ctx, const std::string& baseline) {
  if (std::optional<int64_t> id = ctx.store->baseline(baseline))
    if (std::optional<RunRecord> r = ctx.store->get_run(*id)) {
      if (r->commit.empty())
        fail("baseline '{}' (run {}) was not measured at a commit: there is nothing to build as the start", baseline,
             *id);
      if (r->dirty)
        fail(
            "baseline '{}' (run {}) was measured on uncommitted changes to {}: its code cannot be built again; "
            "record a baseline at a commit (`hone baseline`)",
            baseline, *id, short12(r->commit));
      return r->commit;
    }
  std::vector<ExperimentRecord> exps = ctx.store->experiments();
  if (!exps.empty()) return exps.front().base_commit;
  fail("nothing to measure against: no baseline named '{}' and no attempt yet (run `hone baseline` first)", baseline);
}

std::string write_completion_report(LoopContext& ctx, bool met_known, bool met, bool* met_out) {
  std::vector<ExperimentRecord> exps = ctx.store->experiments();
  std::string start = exps.empty() ? ctx.git->head() : exps.front().base_commit;
  PairMeasurement m = measure_start_end(ctx, start, "final measurement", "final report: start vs end");
  if (m.interrupted) fail("interrupted while measuring the final results");
  bool confirmed = m.criteria_met.value_or(false);
  std::string criteria_summary = m.criteria_summary;
  if (!met_known) met = confirmed;
  if (met_out)
    *met_out = met;
  else if (met && !confirmed && !criteria_summary.empty())
    criteria_summary =
        "The criteria held on the last attempt's measurement; on this final measurement they do "
        "not all hold with confidence (noise, or a close call): run `hone report` to measure "
        "again.\n\n" +
        criteria_summary;
  Metric metric = m.analysis.metric;

  std::vector<loop::Applied> applied;
  std::vector<loop::Tried> tried;
  std::vector<std::string> insights, ideas;
  for (const ExperimentRecord& e : exps) {
    std::optional<CandidateRecord> c = ctx.store->get_candidate(e.candidate_id);
    std::string name = c ? c->name : "?";
    if (e.outcome == Outcome::kept)
      applied.push_back({e.candidate_id, name, e.data.value("mechanism", c ? c->proposed : ""), e.result_commit});
    else if (e.stage == Stage::done)
      tried.push_back({e.candidate_id, name, std::string(outcome_name(e.outcome)), e.reason});
    if (e.outcome == Outcome::kept && !e.data.value("notes", "").empty())
      insights.push_back(fmt::format("{}: {}", name, e.data.value("notes", "")));
    if (e.outcome == Outcome::slow && e.data.contains("lessons"))
      insights.push_back(fmt::format("{} did not pay off: {} (see {})", name, e.reason,
                                     fs::relative(e.data["lessons"].get<std::string>(), ctx.cfg.root).string()));
  }
  for (const CandidateRecord& c : ctx.store->candidates())
    if (c.status == "proposed")
      ideas.push_back(fmt::format("#{} {}{}", c.id, c.name, c.source.empty() ? "" : " (" + c.source + ")"));
  std::string body;
  EventRecord ev;
  ev.run_id = m.run_id;
  if (met) {
    body = loop::final_report(m.results, metric, applied, insights, criteria_summary);
    ev.kind = "final";
    ev.title = "Final Summary: done criteria met";
  } else {
    body = loop::incomplete_report(m.results, metric, applied, tried, m.criteria_summary);
    int n = profile::next_note_number(research_dir(ctx));
    fs::path note = profile::note_path(research_dir(ctx), n, "future-optimizations", ".md");
    profile::write_new_file(note, loop::future_optimizations_note(ctx.cfg.project.name, m.results, metric, applied,
                                                                  tried, ideas, m.criteria_summary));
    body += fmt::format("\nFuture optimizations: `{}`\n", fs::relative(note, ctx.cfg.root).string());
    ev.kind = "incomplete";
    ev.title = "Incomplete: done criteria not met";
  }
  ev.body = body;
  ctx.store->add_event(ev);
  update_worklog(ctx.cfg, *ctx.store);
  return body;
}

void write_report_page(LoopContext& ctx, bool met, const std::filesystem::path& file) {
  html::PageSources s;
  s.title = fmt::format("{}: final report", ctx.cfg.project.name);
  // The final or incomplete report's event, just recorded, names the final measurement.
  std::vector<EventRecord> events = ctx.store->events();
  s.run_id = events.empty() ? 0 : events.back().run_id;
  s.start_end = true;
  s.attempts = true;
  s.band = ctx.cfg.criteria.regression;
  s.flames_dir = research_dir(ctx);
  s.file = file;
  s.trends = page_trends(ctx.cfg, *ctx.store, s.notes);
  s.notes.push_back(met ? "The done criteria are met." : "The done criteria are not met.");
  html::write_page(html::collect_page(*ctx.store, s), file);
}

}  // namespace hone::loop
