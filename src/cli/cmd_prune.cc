// hone prune: the worktrees (and the builds in them) that nothing needs, and the space they
// hold; reclaimed with --apply (loop/housekeeping.h).
#include <fmt/format.h>

#include <nlohmann/json.hpp>

#include "cli/commands.h"
#include "git/git.h"
#include "git/repo.h"
#include "loop/driver.h"
#include "loop/housekeeping.h"
#include "util/units.h"

namespace hone::cli {

Action setup_prune(CLI::App& sub, const GlobalOptions& g) {
  auto apply = std::make_shared<bool>(false);
  sub.add_flag("--apply", *apply, "Remove what may go (without it: a dry run that only says what and how much)");
  return [apply, &g]() -> Exit {
    std::optional<Config> cfg = load_project(g, true);
    require_main_checkout(*cfg, "prune");
    Store store = open_store(cfg);
    loop::LoopContext ctx = loop::loop_context(*cfg, store);
    loop::LoopLock lock(ctx.repo, "prune");
    for (const std::string& line : loop::recover_attempts(ctx)) fmt::print(stderr, "hone: {}\n", line);
    git::GitRepo repo(ctx.repo);
    loop::PruneReport r = loop::prune(store, repo, git::ensure_hone_dir(ctx.repo), *apply);
    if (g.format == "json") {
      nlohmann::json items = nlohmann::json::array();
      for (const loop::PruneItem& it : r.items)
        items.push_back({{"path", it.path.string()},
                         {"bytes", it.bytes},
                         {"what", it.what},
                         {"reclaim", it.reclaim},
                         {"why", it.why}});
      fmt::print("{}\n", nlohmann::json{{"applied", r.applied},
                                        {"reclaimable_bytes", r.reclaimable},
                                        {"reclaimed_bytes", r.applied ? r.reclaimable : 0},
                                        {"folders", items}}
                             .dump(2));
      return Exit::ok;
    }
    // Lexically: a commit's checkout that links to a kept attempt's worktree is named as the link.
    auto rel = [&](const std::filesystem::path& p) { return p.lexically_relative(ctx.repo).string(); };
    size_t n = 0;
    for (const loop::PruneItem& it : r.items) {
      if (!it.reclaim) continue;
      ++n;
      fmt::print("{} {}  {}  {}: {}\n", r.applied ? "removed" : "would remove", rel(it.path),
                 format_bytes(static_cast<double>(it.bytes)), it.what, it.why);
    }
    for (const loop::PruneItem& it : r.items)
      if (!it.reclaim)
        fmt::print("kept {}  {}  {}: {}\n", rel(it.path), format_bytes(static_cast<double>(it.bytes)), it.what, it.why);
    if (r.applied)
      fmt::print("reclaimed {} in {} folder{}\n", format_bytes(static_cast<double>(r.reclaimable)), n,
                 n == 1 ? "" : "s");
    else if (n == 0)
      fmt::print("nothing to reclaim\n");
    else
      fmt::print("would reclaim {} in {} folder{}: run `hone prune --apply` to do it\n",
                 format_bytes(static_cast<double>(r.reclaimable)), n, n == 1 ? "" : "s");
    return Exit::ok;
  };
}

}  // namespace hone::cli
