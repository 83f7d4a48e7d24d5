// hone research new TOPIC / hone research list: the numbered notes of procedure step 1.3.
#include <fmt/format.h>

#include "cli/commands.h"
#include "profile/research.h"
#include "util/clock.h"
#include "util/error.h"

namespace hone::cli {

Action setup_research(CLI::App& sub, const GlobalOptions& g) {
  struct State {
    std::vector<std::string> topic;
  };
  auto st = std::make_shared<State>();
  sub.require_subcommand(1);
  CLI::App* add = sub.add_subcommand("new", "Write perf/research/NN-topic.md from the 1.3 template");
  add->add_option("topic", st->topic, "What the note studies, e.g. 'GNU wc internals'")->required();
  CLI::App* list = sub.add_subcommand("list", "List the research notes, oldest first");
  return [st, add, list, &g]() -> Exit {
    std::optional<Config> cfg = load_project(g, true);
    std::filesystem::path dir = research_dir(*cfg);
    if (add->parsed()) {
      std::string topic = fmt::format("{}", fmt::join(st->topic, " "));
      std::filesystem::path path =
          profile::note_path(dir, profile::next_note_number(dir), profile::slugify(topic), ".md");
      profile::write_new_file(path, profile::research_template(topic, cfg->project.name, utc_date()));
      if (g.format == "json")
        fmt::print("{}\n", nlohmann::json{{"path", path.string()}}.dump(2));
      else
        fmt::print("{}\n", std::filesystem::relative(path).string());
      return Exit::ok;
    }
    (void)list;
    std::vector<std::string> names;
    std::error_code ec;
    if (std::filesystem::is_directory(dir, ec))
      for (const auto& e : std::filesystem::directory_iterator(dir))
        if (e.path().extension() == ".md") names.push_back(e.path().filename().string());
    std::sort(names.begin(), names.end());
    if (g.format == "json") {
      nlohmann::json out = nlohmann::json::array();
      for (const std::string& n : names) out.push_back({{"name", n}, {"path", (dir / n).string()}});
      fmt::print("{}\n", out.dump(2));
      return Exit::ok;
    }
    if (names.empty()) fmt::print("no research notes in {} yet: `hone research new TOPIC`\n", dir.string());
    for (const std::string& n : names) fmt::print("{}\n", (std::filesystem::relative(dir) / n).string());
    return Exit::ok;
  };
}

}  // namespace hone::cli
