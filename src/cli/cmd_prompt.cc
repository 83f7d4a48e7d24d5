// hone prompt N: the subagent prompt of candidate N (procedure 2.1), as `hone run` would give it.
#include <fmt/format.h>

#include "cli/commands.h"
#include "cli/loop_support.h"

namespace hone::cli {

Action setup_prompt(CLI::App& sub, const GlobalOptions& g) {
  auto id = std::make_shared<int64_t>(0);
  sub.add_option("id", *id, "The candidate")->required();
  return [id, &g]() -> int {
    std::optional<Config> cfg = load_project(g, true);
    Store store = open_store(cfg);
    LoopContext ctx = loop_context(*cfg, store);
    CandidateRecord c = candidate_or_fail(store, *id);
    std::filesystem::path wt = ctx.repo / ".hone" / "worktrees" / c.slug;
    if (!ctx.subdir.empty()) wt /= ctx.subdir;
    fmt::print("{}", candidate_prompt(ctx, c, wt.string(), cfg->git.branch_prefix + c.slug,
                                      (ctx.repo / ".hone" / "reports" / (c.slug + "-N.json")).string()));
    return 0;
  };
}

}  // namespace hone::cli
