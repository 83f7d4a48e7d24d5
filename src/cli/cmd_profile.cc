// hone profile BENCH: where the time (or the instructions) of one benchmark goes
// (project/profile_run.h): a numbered profile note with the hotspot tables, a flame graph and
// the folded stacks in <artifacts>/research/; with two revisions (--rev A --rev B, or --against
// BASELINE) what changed between them.
#include <fmt/format.h>

#include "cli/commands.h"
#include "loop/worklog.h"
#include "project/profile_run.h"
#include "util/error.h"

namespace hone::cli {

namespace {

// The progress lines on stderr.
class PrintProgress : public ProfileObserver {
 public:
  void profiling(const Job& job, const std::string& label) override {
    fmt::print(stderr, "hone: profiling {} / {}: {}\n", job.benchmark, label, job.cmd.display);
  }
  void note(const std::string& text) override { fmt::print(stderr, "note: {}\n", text); }
};

}  // namespace

Action setup_profile(CLI::App& sub, const GlobalOptions& g) {
  struct State {
    std::string bench, target, metric = "wall", against;
    std::vector<std::string> revs;
    bool kernel = false, no_build = false;
    int frequency = 999;
    size_t top = 15;
  };
  auto st = std::make_shared<State>();
  sub.add_option("bench", st->bench, "The benchmark to profile")->required();
  sub.add_option("--target", st->target, "Target (default: project.ours)");
  sub.add_option("--rev", st->revs, "Profile at this revision; twice for a differential profile");
  sub.add_option("--against", st->against, "Differential profile against the commit of this baseline");
  sub.add_option("--metric", st->metric, "wall (perf sampling, default) or instructions (callgrind)")
      ->check(CLI::IsMember({"wall", "cpu", "instructions"}));
  sub.add_flag("--kernel", st->kernel, "Keep kernel frames");
  sub.add_option("--frequency", st->frequency, "Samples per second (default 999)");
  sub.add_option("--top", st->top, "Rows in the hotspot tables (default 15)");
  sub.add_flag("--no-build", st->no_build, "Skip project.build (working tree only)");
  return [st, &g]() -> Exit {
    std::optional<Config> cfg = load_project(g, true);
    ProfileRequest req;
    req.bench = st->bench;
    req.target = st->target;
    req.revs = st->revs;
    req.against = st->against;
    req.no_build = st->no_build;
    req.options.instructions = st->metric == "instructions";
    req.options.kernel = st->kernel;
    req.options.frequency = st->frequency;
    req.options.top = st->top;
    if (st->frequency < 1 || st->frequency > 100000) fail("--frequency {}: expected 1 to 100000", st->frequency);
    Store store = open_store(cfg);
    PrintProgress progress;
    ProfileResult r = profile_benchmark(*cfg, store, req, progress);
    loop::update_worklog(*cfg, store);
    if (g.format == "json")
      fmt::print("{}\n", profile_json(r, req.options.top).dump(2));
    else
      fmt::print("{}", r.tables);
    fmt::print(stderr, "hone: profile note {}\nhone: flame graph {}\n", std::filesystem::relative(r.note).string(),
               std::filesystem::relative(r.svg).string());
    return Exit::ok;
  };
}

}  // namespace hone::cli
