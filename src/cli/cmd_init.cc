// hone init: write a commented starter hone.toml.
#include <fmt/format.h>

#include <fstream>

#include "cli/commands.h"
#include "util/error.h"
#include "util/files.h"

namespace hone::cli {

Action setup_init(CLI::App& sub, const GlobalOptions&) {
  struct State {
    bool force = false;
    std::string name;
  };
  auto st = std::make_shared<State>();
  sub.add_flag("--force", st->force, "Overwrite an existing hone.toml");
  sub.add_option("--name", st->name, "Project name (default: the directory's name)");
  return [st] {
    std::filesystem::path dir = std::filesystem::current_path();
    std::filesystem::path file = dir / "hone.toml";
    if (std::filesystem::exists(file) && !st->force)
      fail("{} already exists; pass --force to overwrite it", file.string());
    std::string name = st->name.empty() ? dir.filename().string() : st->name;
    write_file_checked(file, starter_config(name));
    fmt::print("wrote {}: edit [[benchmark]] and [target.*], then run `hone bench`\n", file.string());
    return 0;
  };
}

}  // namespace hone::cli
