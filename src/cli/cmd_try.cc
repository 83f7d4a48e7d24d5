// hone try N: a person takes the agent's place — the worktree and branch are prepared and the
// prompt printed; `hone finish` then verifies and decides exactly as `hone run` does.
#include <fmt/format.h>

#include <fstream>
#include <sstream>

#include "cli/commands.h"
#include "loop/driver.h"
#include "util/error.h"

namespace hone::cli {

Action setup_try(CLI::App& sub, const GlobalOptions& g) {
  auto id = std::make_shared<int64_t>(0);
  sub.add_option("id", *id, "The candidate to attempt by hand")->required();
  return [id, &g]() -> Exit {
    std::optional<Config> cfg = load_project(g, true);
    require_main_checkout(*cfg, "try");
    Store store = open_store(cfg);
    loop::LoopContext ctx = loop::loop_context(*cfg, store);
    loop::LoopLock lock(ctx.repo, "try");
    for (const std::string& line : loop::recover_attempts(ctx)) fmt::print(stderr, "hone: {}\n", line);
    for (const ExperimentRecord& e : store.experiments())
      if (e.stage == Stage::human)
        fail(
            "attempt {} (candidate {}) is open in {}: finish it with `hone finish`, or end it with `hone abandon`, "
            "first",
            e.id, e.candidate_id, e.worktree);
    CandidateRecord c = loop::candidate_or_fail(store, *id);
    ExperimentRecord e = loop::prepare_attempt(ctx, c, "human");
    std::ifstream in(std::string(e.data["prompt"]));
    std::stringstream ss;
    ss << in.rdbuf();
    fmt::print("{}", ss.str());
    fmt::print(stderr,
               "hone: attempt {} at #{} {} is ready in {} (branch {}); work there, optionally write "
               "the report to {}, then run `hone finish`\n",
               e.id, c.id, c.name, e.worktree, e.branch, std::string(e.data["report"]));
    return Exit::ok;
  };
}

}  // namespace hone::cli
