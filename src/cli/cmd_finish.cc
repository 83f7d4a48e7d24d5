// hone finish: verifies and decides the open `hone try` attempt, exactly as `hone run` does;
// when verification fails the attempt stays open, to be fixed and finished again (exit 1).
#include <fmt/format.h>

#include "cli/commands.h"
#include "loop/driver.h"
#include "util/error.h"

namespace hone::cli {

Action setup_finish(CLI::App& sub, const GlobalOptions& g) {
  struct State {
    bool allow = false;
    MeasureFlags flags;
  };
  auto st = std::make_shared<State>();
  sub.add_flag("--allow-bench-changes", st->allow,
               "Keep a change even if it touches tests, benchmark code or inputs, or hone.toml");
  add_measure_flags(sub, st->flags);
  return [st, &g]() -> Exit {
    std::optional<Config> cfg = load_project(g, true);
    require_main_checkout(*cfg, "finish");
    Store store = open_store(cfg);
    loop::LoopContext ctx = loop::loop_context(*cfg, store);
    ctx.flags = st->flags;
    ctx.allow_bench_changes = st->allow;
    loop::LoopLock lock(ctx.repo, "finish");
    // A finish that was killed gives the attempt back first (so it is open below).
    for (const std::string& line : loop::recover_attempts(ctx)) fmt::print(stderr, "hone: {}\n", line);
    std::optional<ExperimentRecord> open;
    for (const ExperimentRecord& e : store.experiments())
      if (e.stage == Stage::human) open = e;
    if (!open) fail("no attempt is open: start one with `hone try N`");
    loop::AttemptResult r = loop::verify_and_decide(ctx, *open, "");
    if (r.interrupted) return Exit::interrupted;
    if (!r.still_open.empty()) return Exit::no;
    if (r.criteria_met) {
      fmt::print("the done criteria are met; writing the final report\n");
      fmt::print("{}", loop::write_completion_report(ctx, true, true));
    }
    return Exit::ok;
  };
}

}  // namespace hone::cli
