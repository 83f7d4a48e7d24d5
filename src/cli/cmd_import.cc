// hone import: bring measurements made by another tool into the store as a run, so `show`,
// `compare RUN1 RUN2`, `criteria` and the worklog can use them.
#include <fmt/format.h>

#include <fstream>
#include <sstream>

#include "adapters/adapters.h"
#include "cli/commands.h"
#include "util/error.h"
#include "util/files.h"

namespace hone::cli {

Action setup_import(CLI::App& sub, const GlobalOptions& g) {
  auto file = std::make_shared<std::string>();
  sub.add_option("file", *file, "A hyperfine --export-json file")->required();
  return [file, &g] {
    std::vector<adapters::HyperfineCommand> cmds =
        adapters::parse_hyperfine(read_file_bounded(*file, 256 * kMiB, "hyperfine JSON file"), *file);
    std::optional<Config> cfg = load_project(g, false);
    Store store = open_recording_store(cfg);
    RunRecord run;
    run.kind = "import";
    run.label = fmt::format("hyperfine: {}", *file);
    run.metric = "wall";
    // hyperfine runs each command's runs as one block: nothing pairs across commands.
    run.settings = {{"metric", "wall"},  {"source", "hyperfine --export-json"},
                    {"paired", false},   {"imported_from", *file},
                    {"threshold", 0.01}, {"seed", 0}};
    int64_t id = store.begin_run(run);
    std::vector<JobRecord> jobs;
    std::vector<SampleRecord> samples;
    std::set<std::string> used;
    for (const adapters::HyperfineCommand& c : cmds) {
      std::string name = unique_name(used, c.command);
      jobs.push_back(JobRecord{"command", name, c.command});
      for (size_t i = 0; i < c.times.size(); ++i) {
        SampleRecord s{"command", name, static_cast<int>(i), {}};
        s.m.wall = c.times[i];
        samples.push_back(s);
      }
    }
    store.add_jobs(id, jobs);
    store.add_round(id, samples);
    store.finish_run(id, "complete");
    fmt::print(stderr, "hone: imported {} commands from {} as run {}\n", cmds.size(), *file, id);
    print_analysis(analyze_run(store, id), g);
    return Exit::ok;
  };
}

}  // namespace hone::cli
