// hone run N | --next | --all: the loop (procedure phase 2), stepped through loop::RunDriver
// (loop/run.h), which says after each step what to print and when the run is over.
#include <fmt/format.h>

#include "cli/commands.h"
#include "loop/run.h"
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
  return [st, &g]() -> Exit {
    if ((st->id > 0) + st->next + st->all != 1) fail("give one of: a candidate id, --next or --all");
    std::optional<Config> cfg = load_project(g, true);
    require_main_checkout(*cfg, "run");
    Store store = open_store(cfg);
    loop::LoopRun world(*cfg, store, st->flags, st->allow);
    for (const std::string& line : world.recovered()) fmt::print(stderr, "hone: {}\n", line);
    loop::RunDriver driver(world,
                           st->all    ? loop::RunMode::all
                           : st->next ? loop::RunMode::next
                                      : loop::RunMode::one,
                           st->id);
    while (true) {
      loop::RunStep step = driver.next_step();
      fmt::print("{}", step.text);
      if (step.over) return step.exit_status;
    }
  };
}

}  // namespace hone::cli
