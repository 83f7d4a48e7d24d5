// hone prompt N: the subagent prompt of candidate N (procedure 2.1), as `hone run` would give it.
#include <fmt/format.h>

#include "cli/commands.h"
#include "loop/driver.h"
#include "loop/prompt.h"

namespace hone::cli {

Action setup_prompt(CLI::App& sub, const GlobalOptions& g) {
  auto id = std::make_shared<int64_t>(0);
  sub.add_option("id", *id, "The candidate")->required();
  return [id, &g]() -> int {
    std::optional<Config> cfg = load_project(g, true);
    Store store = open_store(cfg);
    loop::LoopContext ctx = loop::loop_context(*cfg, store);
    CandidateRecord c = loop::candidate_or_fail(store, *id);
    std::filesystem::path wt = ctx.repo / ".hone" / "worktrees" / c.slug;
    if (!ctx.subdir.empty()) wt /= ctx.subdir;
    loop::PromptView p{c.id, c.name, wt.string(), cfg->git.branch_prefix + c.slug,
                       (ctx.repo / ".hone" / "reports" / (c.slug + "-N.json")).string(), ""};
    p.text = loop::candidate_prompt(ctx, c, p.worktree, p.branch, p.report_file);
    if (g.format == "json") fmt::print("{}\n", loop::prompt_json(p).dump(2));
    else fmt::print("{}", p.text);
    return 0;
  };
}

}  // namespace hone::cli
