// hone init: detect the project (Cargo, CMake, Meson, Go, Make, Google Benchmark programs) and
// write a hone.toml that builds, tests and measures it.
#include <fmt/format.h>

#include <fstream>
#include <sstream>

#include "cli/commands.h"
#include "init/detect.h"
#include "measure/runner.h"
#include "util/error.h"
#include "util/files.h"
#include "util/words.h"

namespace hone::cli {

namespace {

// A Google Benchmark program's benchmark names, from --benchmark_list_tests (10 s at most).
std::vector<std::string> list_tests(const std::filesystem::path& program) {
  ProcessRunner runner;
  CommandSpec cmd{
      {program.string(), "--benchmark_list_tests=true"}, program.string(), program.parent_path().string(), {}};
  RunOptions o;
  o.timeout = 10;
  o.capture_stdout = true;
  RunOutcome out = runner.run(cmd, o);
  if (!out.ok()) return {};
  std::vector<std::string> names;
  std::istringstream in(out.stdout_text);
  for (std::string line; std::getline(in, line);)
    if (!line.empty()) names.push_back(line);
  return names;
}

}  // namespace

Action setup_init(CLI::App& sub, const GlobalOptions& g) {
  struct State {
    bool force = false;
    std::string name;
  };
  auto st = std::make_shared<State>();
  sub.add_flag("--force", st->force, "Overwrite an existing hone.toml");
  sub.add_option("--name", st->name, "Project name (default: the directory's name)");
  return [st, &g] {
    std::filesystem::path dir = std::filesystem::current_path();
    std::filesystem::path file = dir / "hone.toml";
    if (std::filesystem::exists(file) && !st->force)
      fail("{} already exists; pass --force to overwrite it", file.string());
    std::string name = st->name.empty() ? dir.filename().string() : st->name;
    init::Project p = init::detect(dir, list_tests);
    write_file_checked(file, init::render_config(name, p));
    if (g.format == "json") {
      nlohmann::json j = init::project_json(p);
      j["path"] = file.string();
      fmt::print("{}\n", j.dump(2));
      return Exit::ok;
    }
    for (const std::string& f : p.found) fmt::print("found {}\n", f);
    if (p.targets.empty())
      fmt::print("wrote {}: edit [[benchmark]] and [target.*], then run `hone bench`\n", file.string());
    else
      fmt::print("wrote {}: check the benchmark's args, add competitors as [target.NAME], then run `hone bench`\n",
                 file.string());
    return Exit::ok;
  };
}

}  // namespace hone::cli
