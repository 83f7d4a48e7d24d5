// hone runs / hone show RUN: what the store holds.
#include <fmt/format.h>

#include "cli/commands.h"
#include "fleet/machine_id.h"
#include "project/history.h"
#include "project/session.h"
#include "report/records.h"
#include "util/error.h"
#include "util/words.h"

namespace hone::cli {

namespace {

std::string short_commit(const RunRecord& r) {
  if (r.commit.empty()) return "-";
  return r.commit.substr(0, 10) + (r.dirty ? "+" : "");
}

// The label, marked when the run was measured inside an attempt's worktree.
std::string what(const RunRecord& r) {
  if (r.settings.is_object() && r.settings.contains("worktree") && r.settings["worktree"].is_string())
    return fmt::format("[in worktree {}] {}", r.settings["worktree"].get<std::string>(), r.label);
  return r.label;
}

}  // namespace

Action setup_runs(CLI::App& sub, const GlobalOptions& g) {
  auto limit = std::make_shared<int>(20);
  auto machine = std::make_shared<std::string>();
  sub.add_option("-n,--limit", *limit, "Show at most N runs (default 20)");
  sub.add_option("--machine", *machine, "Only runs measured on this machine: its name, hostname or id (4+ digits)");
  return [limit, machine, &g] {
    std::optional<Config> cfg = load_project(g, false);
    Store store = open_store(cfg);
    std::vector<RunRecord> runs = fleet::runs_on_machine(store, *machine, *limit);
    if (g.format == "json") {
      fmt::print("{}\n", runs_json(runs).dump(2));
      return Exit::ok;
    }
    if (runs.empty()) {
      if (!machine->empty())
        fmt::print("no runs measured on machine '{}' in {}\n", *machine, store_path(cfg).string());
      else
        fmt::print("no runs recorded in {} yet: run `hone bench` or `hone compare`\n", store_path(cfg).string());
      return Exit::ok;
    }
    fmt::print("{:>5}  {:<20}  {:<7}  {:<11}  {:<12}  {:<11}  {:<16}  {}\n", "ID", "STARTED (UTC)", "KIND", "STATUS",
               "METRIC", "COMMIT", "MACHINE", "WHAT");
    for (const RunRecord& r : runs)
      fmt::print("{:>5}  {:<20}  {:<7}  {:<11}  {:<12}  {:<11}  {:<16}  {}\n", r.id, r.started_at, r.kind, r.status,
                 r.metric, short_commit(r), printable(r.machine.value("name", r.machine.value("hostname", "-"))),
                 printable(r.status == "corrupt" ? r.note : what(r)));
    return Exit::ok;
  };
}

Action setup_show(CLI::App& sub, const GlobalOptions& g) {
  auto id = std::make_shared<int64_t>(0);
  auto html = std::make_shared<std::string>();
  sub.add_option("run", *id, "Run id (see `hone runs`)")->required();
  sub.add_option("--html", *html, "Also write the run as one self-contained HTML page to FILE");
  return [id, html, &g] {
    std::optional<Config> cfg = load_project(g, false);
    Store store = open_store(cfg);
    std::optional<RunRecord> run = store.get_run(*id);
    if (!run) fail("no run {} in {} (see `hone runs`)", *id, store_path(cfg).string());
    const StoredRun stored = load_run(store, *id);
    const Analysis& a = stored.analysis;
    if (!html->empty()) {
      write_run_page(cfg ? &*cfg : nullptr, store, stored, *html);
      fmt::print(stderr, "hone: wrote the HTML page {}\n", *html);
    }
    if (g.format == "json") {
      nlohmann::json j = render_json(a);
      j["run"] = run_json(*run);
      fmt::print("{}\n", j.dump(2));
      return Exit::ok;
    }
    if (g.format == "terminal") {
      fmt::print("run {} · {} · {} · started {}{}\n", run->id, run->kind, run->status, run->started_at,
                 run->finished_at.empty() ? "" : ", finished " + run->finished_at);
      if (!run->note.empty()) fmt::print("note: {}\n", run->note);
      fmt::print("commit {} · machine {}\n", short_commit(*run), fleet::describe_machine(run->machine));
      fmt::print("{}\n\n", printable(what(*run)));
    }
    print_analysis(a, g);
    return Exit::ok;
  };
}

}  // namespace hone::cli
