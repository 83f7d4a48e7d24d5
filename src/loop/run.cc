#include "loop/run.h"

#include <fmt/format.h>

#include "loop/candidates.h"

namespace hone::loop {

RunStep RunDriver::end(RunStep s) {
  s.over = true;
  over_ = s;
  return s;
}

// No approved candidate is left after the loop has attempted something: a report already written
// after the last attempt stands (once per exhaustion); else the final measurement decides which.
RunStep RunDriver::exhausted() {
  std::vector<EventRecord> events = world_.events();
  for (auto it = events.rbegin(); it != events.rend() && it->kind != "attempt"; ++it)
    if (it->kind == "incomplete" || it->kind == "final") {
      bool final = it->kind == "final";
      return end({.kind = RunStep::Kind::report_stands,
                  .text = fmt::format("no approved candidate is left to run; the {} report is in the worklog\n",
                                      final ? "final" : "incomplete"),
                  .exit_status = final ? Exit::ok : Exit::no});
    }
  // The last attempt's measurement may have left a criterion unsure; the final measurement
  // (4.1's "run the full suite one final time") decides which report.
  pending_ = Pending::final_measurement;
  return {.kind = RunStep::Kind::measuring_final,
          .text = "no approved candidate is left to run; measuring the final state\n"};
}

RunStep RunDriver::next_step() {
  if (over_) return *over_;
  if (pending_ != Pending::nothing) {
    std::optional<bool> met;
    if (pending_ == Pending::final_report) met = true;
    pending_ = Pending::nothing;
    RunWorld::Completion c = world_.complete(met);
    return end({.kind = RunStep::Kind::report, .text = c.report, .exit_status = c.met ? Exit::ok : Exit::no});
  }
  std::optional<CandidateRecord> c;
  if (mode_ == RunMode::one) {
    if (attempts_ > 0) return end({.kind = RunStep::Kind::finished});
    c = world_.candidate(id_);
  } else {
    if (mode_ == RunMode::next && attempts_ > 0) return end({.kind = RunStep::Kind::finished});
    c = next_runnable(world_.candidates());
    if (!c) {
      if (world_.attempted_before()) return exhausted();
      return end({.kind = RunStep::Kind::nothing_to_run,
                  .text = "nothing to run: no approved candidate (see `hone candidate list`)\n"});
    }
  }
  AttemptResult r = world_.attempt(*c);
  if (r.interrupted) return end({.kind = RunStep::Kind::interrupted, .exit_status = Exit::interrupted});
  ++attempts_;
  if (r.criteria_met) {
    pending_ = Pending::final_report;
    return {.kind = RunStep::Kind::criteria_met,
            .text = "the done criteria are met; writing the final report\n",
            .candidate = c->id,
            .experiment = r.experiment};
  }
  return {.kind = RunStep::Kind::attempted, .candidate = c->id, .experiment = r.experiment};
}

// ---- the real world ---------------------------------------------------------------------------

namespace {

LoopContext run_context(const Config& cfg, Store& store, const MeasureFlags& flags, bool allow_bench_changes) {
  LoopContext ctx = loop_context(cfg, store);
  ctx.flags = flags;
  ctx.allow_bench_changes = allow_bench_changes;
  return ctx;
}

}  // namespace

LoopRun::LoopRun(const Config& cfg, Store& store, const MeasureFlags& flags, bool allow_bench_changes)
    : ctx_(run_context(cfg, store, flags, allow_bench_changes)), lock_(ctx_.repo, "run") {
  store.recover_stale_runs();
  recovered_ = recover_attempts(ctx_);
}

std::vector<CandidateRecord> LoopRun::candidates() { return ctx_.store->candidates(); }

CandidateRecord LoopRun::candidate(int64_t id) { return candidate_or_fail(*ctx_.store, id); }

bool LoopRun::attempted_before() { return !ctx_.store->experiments().empty(); }

std::vector<EventRecord> LoopRun::events() { return ctx_.store->events(); }

AttemptResult LoopRun::attempt(const CandidateRecord& c) {
  ExperimentRecord e = prepare_attempt(ctx_, c, "agent");
  AgentOutcome agent = run_agent(ctx_, e, c);
  if (agent.interrupted) return {.experiment = e.id, .interrupted = true};
  return verify_and_decide(ctx_, e, agent.failure);
}

RunWorld::Completion LoopRun::complete(std::optional<bool> met) {
  Completion c;
  if (met) {
    c.report = write_completion_report(ctx_, true, *met);
    c.met = *met;
  } else {
    c.report = write_completion_report(ctx_, false, false, &c.met);
  }
  return c;
}

}  // namespace hone::loop
