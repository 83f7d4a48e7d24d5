// hone abandon: ends the open `hone try` attempt, its work parked on a branch it names
// (loop/housekeeping.h).
#include <fmt/format.h>

#include <nlohmann/json.hpp>

#include "cli/commands.h"
#include "git/workspace.h"
#include "loop/driver.h"
#include "loop/housekeeping.h"
#include "loop/worklog.h"

namespace hone::cli {

Action setup_abandon(CLI::App& /*sub*/, const GlobalOptions& g) {
  return [&g]() -> Exit {
    std::optional<Config> cfg = load_project(g, true);
    require_main_checkout(*cfg, "abandon");
    Store store = open_store(cfg);
    loop::LoopContext ctx = loop::loop_context(*cfg, store);
    loop::LoopLock lock(ctx.repo, "abandon");
    for (const std::string& line : loop::recover_attempts(ctx)) fmt::print(stderr, "hone: {}\n", line);
    git::Workspace ws(*ctx.git,
                      std::filesystem::relative(cfg->root / cfg->project.artifacts, ctx.repo).generic_string());
    loop::Abandoned a = loop::abandon(store, ws, cfg->git.branch_prefix);
    loop::update_worklog(*cfg, store);
    if (g.format == "json") {
      nlohmann::json j = {{"attempt", a.attempt},
                          {"candidate_id", a.candidate},
                          {"name", a.name},
                          {"branch", a.branch.empty() ? nlohmann::json(nullptr) : nlohmann::json(a.branch)},
                          {"commit", a.commit.empty() ? nlohmann::json(nullptr) : nlohmann::json(a.commit)},
                          {"worktree", a.worktree},
                          {"start_branch", a.start}};
      fmt::print("{}\n", j.dump(2));
      return Exit::ok;
    }
    if (a.branch.empty())
      fmt::print("abandoned attempt {} at #{} {}: it changed nothing, so nothing was parked; {} untouched\n", a.attempt,
                 a.candidate, a.name, a.start);
    else
      fmt::print("abandoned attempt {} at #{} {}: its work is commit {} on branch {}; {} untouched\n", a.attempt,
                 a.candidate, a.name, a.commit, a.branch, a.start);
    fmt::print(stderr, "hone: removed its worktree {}\n", a.worktree);
    return Exit::ok;
  };
}

}  // namespace hone::cli
