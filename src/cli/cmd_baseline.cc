// hone baseline: the procedure's step 1.1 — every benchmark × (ours + every competitor),
// recorded as a named baseline and written to the worklog as the Baseline Benchmarks table.
// hone log: a timestamped note in the worklog.
#include <fmt/format.h>

#include "cli/commands.h"
#include "loop/candidates.h"
#include "loop/worklog.h"
#include "report/worklog.h"
#include "util/error.h"

namespace hone::cli {

Action setup_baseline(CLI::App& sub, const GlobalOptions& g) {
  struct State {
    Selection sel;
    std::string name = "default";
  };
  auto st = std::make_shared<State>();
  sub.add_option("--name", st->name, "Name of the baseline (default: default)");
  add_selection_flags(sub, st->sel);
  return [st, &g] {
    std::optional<Config> cfg = load_project(g, true);
    require_main_checkout(*cfg, "baseline");
    Store store = open_recording_store(cfg);
    SessionResult r = measure_project(*cfg, store, st->sel, "baseline");
    if (r.interrupted) {
      print_analysis(r.analysis, g);
      fmt::print(stderr, "hone: interrupted: run {} is not recorded as a baseline\n", r.run_id);
      return Exit::interrupted;
    }
    store.set_baseline(st->name, r.run_id);
    std::optional<RunRecord> run = store.get_run(r.run_id);
    EventRecord e;
    e.kind = "baseline";
    e.title = st->name == "default" ? "Baseline Benchmarks" : fmt::format("Baseline Benchmarks ({})", st->name);
    e.body = render_markdown(r.analysis);
    e.body += fmt::format(
        "\nMetric: {} ({}), 95% confidence intervals in brackets. Commit {}{}. "
        "Recorded as baseline `{}`.\n",
        metric_name(r.analysis.metric), r.analysis.source,
        run && !run->commit.empty() ? run->commit.substr(0, 12) : "(none)",
        run && run->dirty ? " with uncommitted changes" : "", st->name);
    e.data = {{"name", st->name}};
    e.run_id = r.run_id;
    store.add_event(e);
    std::filesystem::path log = loop::update_worklog(*cfg, store);
    if (g.format == "json") {
      nlohmann::json j = render_json(r.analysis);
      j["baseline"] = {{"name", st->name}, {"worklog", log.string()}};
      fmt::print("{}\n", j.dump(2));
    } else {
      print_analysis(r.analysis, g);
    }
    fmt::print(stderr, "hone: recorded baseline '{}' (run {}); worklog: {}\n", st->name, r.run_id,
               std::filesystem::relative(log).string());
    return Exit::ok;
  };
}

Action setup_log(CLI::App& sub, const GlobalOptions& g) {
  auto words = std::make_shared<std::vector<std::string>>();
  sub.add_option("text", *words, "The note (markdown)")->required();
  return [words, &g] {
    std::optional<Config> cfg = load_project(g, true);
    require_main_checkout(*cfg, "baseline");
    Store store = open_recording_store(cfg);
    EventRecord e;
    e.kind = "note";
    e.title = "Note";
    e.body = fmt::format("{}\n", fmt::join(*words, " "));
    store.add_event(e);
    std::filesystem::path log = loop::update_worklog(*cfg, store);
    if (g.format == "json")
      fmt::print("{}\n", nlohmann::json{{"worklog", log.string()}}.dump(2));
    else
      fmt::print("logged to {}\n", std::filesystem::relative(log).string());
    return Exit::ok;
  };
}

}  // namespace hone::cli
