// hone bench: measure the configured benchmarks × targets, interleaved, and record the run.
#include <fmt/format.h>

#include <algorithm>

#include "cli/commands.h"
#include "fleet/shard.h"
#include "measure/runner.h"
#include "project/session.h"
#include "util/error.h"
#include "util/words.h"

namespace hone::cli {

void add_selection_flags(CLI::App& sub, Selection& sel) {
  sub.add_option("--bench", sel.benches, "Only these benchmarks (repeatable)");
  sub.add_option("--target", sel.targets, "Only these targets (repeatable; the first is the baseline)");
  sub.add_flag("--no-build", sel.no_build, "Skip project.build");
  add_measure_flags(sub, sel.flags);
}

Action setup_bench(CLI::App& sub, const GlobalOptions& g) {
  auto sel = std::make_shared<Selection>();
  add_selection_flags(sub, *sel);
  sub.add_option("--shard", sel->shard,
                 "Measure slice K of N of the suite (K/N, from 1/N), or auto: from SLURM_ARRAY_TASK_ID or "
                 "JOB_COMPLETION_INDEX");
  return [sel, &g] {
    std::optional<Config> cfg = load_project(g, true);
    Store store = open_recording_store(cfg);
    SessionResult r = measure_project(*cfg, store, *sel, "bench");
    print_analysis(r.analysis, g);
    // A shard whose shared store was down is kept here, where the fleet cannot see it: the shard
    // fails, so its engine marks it, and says how to push it.
    if (!sel->shard.empty() && !shared_store(cfg).empty() && std::string(store.engine()) == "sqlite")
      fail(
          "the shared store is down: this shard's run {} is kept in {}, where `hone fleet collect` cannot see it; "
          "push it from this machine with `hone store push` when the store is back, or re-run the shard",
          r.run_id, local_store_path(cfg).string());
    return r.interrupted ? Exit::interrupted : Exit::ok;
  };
}

}  // namespace hone::cli
