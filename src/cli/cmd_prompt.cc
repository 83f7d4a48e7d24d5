// hone prompt N: the subagent prompt of candidate N (procedure 2.1), as `hone run` would give it.
#include <fmt/format.h>

#include "cli/commands.h"
#include "loop/driver.h"
#include "loop/prompt.h"

namespace hone::cli {

Action setup_prompt(CLI::App& sub, const GlobalOptions& g) {
  auto id = std::make_shared<int64_t>(0);
  sub.add_option("id", *id, "The candidate")->required();
  return [id, &g]() -> Exit {
    std::optional<Config> cfg = load_project(g, true);
    Store store = open_store(cfg);
    loop::LoopContext ctx = loop::loop_context(*cfg, store);
    loop::PromptView p = loop::prompt_preview(ctx, loop::candidate_or_fail(store, *id));
    if (g.format == "json")
      fmt::print("{}\n", loop::prompt_json(p).dump(2));
    else
      fmt::print("{}", p.text);
    return Exit::ok;
  };
}

}  // namespace hone::cli
