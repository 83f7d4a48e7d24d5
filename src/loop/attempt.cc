#include "loop/attempt.h"

#include <fmt/format.h>

namespace hone::loop {

namespace {

ClaimUnits claim_units(Metric m) {
  if (m == Metric::wall || m == Metric::cpu) return ClaimUnits::time;
  return m == Metric::reported ? ClaimUnits::ratios_only : ClaimUnits::none;
}

}  // namespace

AttemptOutcome run_attempt(AttemptWorld& world, const AttemptInputs& in) {
  AttemptOutcome out;
  AttemptFacts facts;
  facts.agent_failure = in.agent_failure;
  facts.allow_bench_changes = in.allow_bench_changes;
  facts.regression = in.regression;
  facts.threshold = in.threshold;

  // 1. What changed, and whether it touches what a faked speedup touches.
  if (in.agent_failure.empty()) {
    out.review = world.collect_changes();
    facts.review = out.review;
    facts.no_changes = out.review.empty();
  }
  // The worktree is no longer the repository's, or the agent left something behind that never
  // belongs in a commit: rejected before anything of it is built or run.
  std::string hazard = review_hazard(out.review);
  if (!hazard.empty()) {
    facts.no_changes = false;
    facts.agent_failure = hazard;
  }
  // 2. Build and tests: a change that breaks them is never measured.
  if (facts.agent_failure.empty() && !facts.no_changes) {
    facts.build_failure = world.build();
    if (facts.build_failure.empty()) facts.test_failure = world.test();
  }
  // 3. Re-measure instead of trusting the report (2.3 step 1), and check the claims against it.
  if (facts.agent_failure.empty() && !facts.no_changes && facts.build_failure.empty() && facts.test_failure.empty()) {
    out.measured = world.measure();
    if (out.measured.interrupted) {
      out.interrupted = true;
      return out;
    }
    facts.results = out.measured.results;
    facts.criteria_accept = out.measured.criteria_met;
    facts.criteria_summary = out.measured.criteria_summary;
    out.claims = check_claims(in.report.report.claims, out.measured.results, claim_units(in.metric));
    // A gain about to be kept must also hold when the code moves: measured again across the
    // project's layout variants (decide.h, LayoutResult). Nothing to check when nothing is kept.
    if (in.layout_variants > 0) {
      Decision first = decide(facts);
      if (first.outcome == Decision::kept && !first.improved.empty()) {
        LayoutMeasured lm = world.measure_layouts();
        if (lm.interrupted) {
          out.interrupted = true;
          return out;
        }
        for (const std::string& bench : first.improved) {
          std::vector<stats::RatioEstimate> ratios;
          for (const std::vector<BenchResult>& variant : lm.variants)
            for (const BenchResult& r : variant)
              if (r.benchmark == bench) ratios.push_back(r.ratio);
          if (!ratios.empty()) facts.layout.push_back(across_layouts(bench, ratios));
        }
        out.layout = facts.layout;
      }
    }
  }
  // 4. Decide, record the decision, then act on it.
  out.decision = decide(facts);
  if (in.fixable && out.decision.outcome == Decision::rejected) {
    out.still_open = out.decision.reason;
    return out;
  }
  world.decided(out);
  const AgentReport& r = in.report.report;
  // What the repository and the next agents read: held-out benchmarks anonymous, and the reason
  // worded from those results (the decision itself is the same: only the names differ).
  std::vector<BenchResult> visible = mask_held_out(out.measured.results, in.held_out);
  std::string visible_reason = out.decision.reason;
  if (!in.held_out.empty()) {
    AttemptFacts vf = facts;
    vf.results = visible;
    for (LayoutResult& l : vf.layout)  // the layout results follow the same names
      for (size_t i = 0; i < facts.results.size(); ++i)
        if (l.benchmark == facts.results[i].benchmark) {
          l.benchmark = visible[i].benchmark;
          break;
        }
    visible_reason = decide(vf).reason;
  }
  switch (out.decision.outcome) {
    case Decision::kept: {
      std::string mechanism = r.mechanism.empty() ? in.proposed : r.mechanism;
      Kept k = world.commit_to_main(commit_message({in.name, mechanism, visible, in.metric, in.candidate_id,
                                                    out.measured.run_id, out.decision.mixed ? visible_reason : ""}));
      out.commit = k.commit;
      if (!k.refused.empty()) {
        // Verified, but the loop's branch is not where the attempt left it: the commit stays
        // on its own branch for the person to take or leave.
        out.branch = k.branch;
        out.decision.outcome = Decision::rejected;
        out.decision.reason = fmt::format("verified ({}), but not kept: {}", out.decision.reason, k.refused);
      }
      break;
    }
    case Decision::slow: {
      out.branch = world.park_slow();
      LessonsInput li{in.name, in.proposed, r.mechanism, r.notes, visible_reason,
                      visible, in.metric,   out.branch,  r.ideas};
      out.lessons = world.write_lessons(lessons_note(li));
      break;
    }
    case Decision::rejected: out.branch = world.keep_for_inspection(); break;
  }

  // 5. The worklog entry (2.3's format).
  AttemptEntry& e = out.entry;
  e.candidate_id = in.candidate_id;
  e.name = in.name;
  e.decision = out.decision;
  e.mechanism = r.mechanism;
  e.review = out.review.empty() ? "" : review_summary(out.review);
  for (const FileChange& f : out.review.files) e.changed_files.push_back(f.path);
  e.results = out.measured.results;
  e.metric = in.metric;
  e.claims = out.claims;
  e.report_status = report_status_name(in.report.status);
  if (!in.report.problems.empty()) e.report_status += fmt::format(" ({})", fmt::join(in.report.problems, "; "));
  e.ideas = r.ideas;
  if (out.decision.mixed) e.tradeoff = out.decision.reason;
  e.commit = out.commit.substr(0, 12);
  e.branch = out.branch;
  e.lessons = out.lessons;
  return out;
}

}  // namespace hone::loop
