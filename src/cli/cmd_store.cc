// hone store push|pull: copy runs between the local store (.hone/hone.db) and the shared one.
#include <fmt/format.h>

#include "cli/commands.h"
#include "fleet/shared.h"
#include "util/error.h"

namespace hone::cli {

Action setup_store(CLI::App& sub, const GlobalOptions& g) {
  auto which = std::make_shared<std::string>();
  sub.require_subcommand(1);
  CLI::App* push = sub.add_subcommand("push", "Copy the local store's finished runs into the shared store");
  CLI::App* pull = sub.add_subcommand("pull", "Copy the shared store's runs into the local store");
  for (CLI::App* s : {push, pull}) s->callback([which, s] { *which = s->get_name(); });
  return [which, &g]() -> Exit {
    std::optional<Config> cfg = load_project(g, false);
    std::string url = shared_store(cfg);
    if (url.empty())
      fail(
          "`hone store {}` needs a shared store: set [store] url = \"postgresql://...\" in hone.toml or "
          "HONE_STORE",
          *which);
    Store local = open_local_store(cfg);
    Store shared = open_store(cfg);
    bool push = *which == "push";
    fleet::CopyCount n = push ? fleet::copy_runs(local, shared) : fleet::copy_runs(shared, local);
    std::string from = push ? local.path().string() : shared.path().string();
    std::string to = push ? shared.path().string() : local.path().string();
    if (g.format == "json") {
      fmt::print("{}\n",
                 nlohmann::json{
                     {"from", from}, {"to", to}, {"copied", n.copied}, {"present", n.present}, {"skipped", n.skipped}}
                     .dump(2));
    } else {
      fmt::print("{} {} run{} from {} to {}; {} already there", push ? "pushed" : "pulled", n.copied,
                 n.copied == 1 ? "" : "s", from, to, n.present);
      if (n.skipped > 0) fmt::print("; {} still running or unreadable, left for later", n.skipped);
      fmt::print("\n");
    }
    return Exit::ok;
  };
}

}  // namespace hone::cli
