// hone run N | --next | --all: the loop (procedure phase 2). For each approved candidate in run
// order: base checks, the agent in its own worktree, verification, the decision, the record;
// after each attempt the done criteria; met → final report, list exhausted → incomplete report.
#include <fmt/format.h>

#include "cli/commands.h"
#include "loop/driver.h"
#include "loop/candidates.h"
#include "util/error.h"

namespace hone::cli {

Action setup_run(CLI::App& sub, const GlobalOptions& g) {
  struct State {
    int64_t id = 0;
    bool next = false, all = false, allow = false;
    MeasureFlags flags;
  };
  auto st = std::make_shared<State>();
  sub.add_option("id", st->id, "The candidate to attempt");
  sub.add_flag("--next", st->next, "The next approved candidate in run order");
  sub.add_flag("--all", st->all, "Every approved candidate in turn, until the done criteria are met");
  sub.add_flag("--allow-bench-changes", st->allow,
               "Keep a change even if it touches tests, benchmark code or inputs, or hone.toml");
  add_measure_flags(sub, st->flags);
  return [st, &g]() -> int {
    if ((st->id > 0) + st->next + st->all != 1) fail("give one of: a candidate id, --next or --all");
    std::optional<Config> cfg = load_project(g, true);
    require_main_checkout(*cfg, "run");
    Store store = open_store(cfg);
    loop::LoopContext ctx = loop::loop_context(*cfg, store);
    ctx.flags = st->flags;
    ctx.allow_bench_changes = st->allow;
    loop::LoopLock lock(ctx.repo, "run");
    store.recover_stale_runs();
    for (const std::string& line : loop::recover_attempts(ctx)) fmt::print(stderr, "hone: {}\n", line);

    int attempts = 0;
    while (true) {
      std::optional<CandidateRecord> c;
      if (st->id > 0) {
        if (attempts > 0) break;
        c = loop::candidate_or_fail(store, st->id);
      } else {
        if (st->next && attempts > 0) break;
        c = loop::next_runnable(store.candidates());
        if (!c) {
          if (!store.experiments().empty()) {
            // Once per exhaustion: a report already written after the last attempt stands.
            std::vector<EventRecord> events = store.events();
            for (auto it = events.rbegin(); it != events.rend() && it->kind != "attempt"; ++it)
              if (it->kind == "incomplete" || it->kind == "final") {
                fmt::print("no approved candidate is left to run; the {} report is in the worklog\n",
                           it->kind == "final" ? "final" : "incomplete");
                return it->kind == "final" ? 0 : 1;
              }
            // The last attempt's measurement may have left a criterion unsure; the final
            // measurement (4.1's "run the full suite one final time") decides which report.
            fmt::print("no approved candidate is left to run; measuring the final state\n");
            bool met = false;
            std::string report = loop::write_completion_report(ctx, false, false, &met);
            fmt::print("{}", report);
            return met ? 0 : 1;
          }
          fmt::print("nothing to run: no approved candidate (see `hone candidate list`)\n");
          return 0;
        }
      }
      ExperimentRecord e = loop::prepare_attempt(ctx, *c, "agent");
      loop::AgentOutcome agent = loop::run_agent(ctx, e, *c);
      if (agent.interrupted) return 130;
      loop::AttemptResult r = loop::verify_and_decide(ctx, e, agent.failure);
      ++attempts;
      if (r.interrupted) return 130;
      if (r.criteria_met) {
        fmt::print("the done criteria are met; writing the final report\n");
        fmt::print("{}", loop::write_completion_report(ctx, true, true));
        return 0;
      }
    }
    return 0;
  };
}

}  // namespace hone::cli
