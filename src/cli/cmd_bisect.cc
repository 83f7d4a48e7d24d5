// hone bisect GOOD BAD --bench B: the commit of BAD's first-parent history that made B slower.
// The search is bisect::Bisector's (project/bisect.h); each probe is built and measured against
// GOOD by the project (project/bisect_run.h). This command loops and prints.
#include <fmt/format.h>

#include "cli/commands.h"
#include "project/bisect_run.h"

namespace hone::cli {

Action setup_bisect(CLI::App& sub, const GlobalOptions& g) {
  struct State {
    std::string good, bad, bench;
    MeasureFlags flags;
  };
  auto st = std::make_shared<State>();
  sub.add_option("good", st->good, "A commit where the benchmark was fast")->required();
  sub.add_option("bad", st->bad, "A later commit where it is slow (on GOOD's branch)")->required();
  sub.add_option("--bench", st->bench, "The benchmark that got slower")->required();
  add_measure_flags(sub, st->flags);
  return [st, &g]() -> Exit {
    std::optional<Config> cfg = load_project(g, true);
    BisectPlan plan = plan_bisect(*cfg, st->good, st->bad, st->bench, st->flags);
    Store store = open_recording_store(cfg);
    bool text = g.format != "json";
    if (text)
      fmt::print(
          "Bisecting {} ({}): {} commits after GOOD {} up to BAD {}; each probe measured against GOOD, "
          "interleaved\n",
          plan.bench, metric_name(plan.measure.metric), plan.commits.size(), plan.good.hash.substr(0, 10),
          plan.commits.back().hash.substr(0, 10));
    bisect::Bisector bisector(plan.commits.size(), plan.threshold);
    ProbeRunner runner(*cfg, store, plan);
    for (bisect::Step s = bisector.next_step(); !s.done; s = bisector.next_step()) {
      bisector.record(runner.measure(s));
      if (text) fmt::print("{}", render_probe(plan, bisector.probes().back(), bisector.probes().size()));
      std::fflush(stdout);
    }
    bisect::Result r = bisector.result();
    if (text)
      fmt::print("\n{}", render_bisect(plan, r, runner.builds()));
    else
      fmt::print("{}\n", bisect_json(plan, r, runner.builds()).dump(2));
    return r.verdict == bisect::Verdict::not_slower ? Exit::no : Exit::ok;
  };
}

}  // namespace hone::cli
