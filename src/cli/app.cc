#include "cli/app.h"

#include <fmt/format.h>

#include "cli/commands.h"
#include "util/error.h"
#include "util/files.h"
#include "util/interrupt.h"

namespace hone::cli {

namespace {

// The exit status, once what was printed is known to have reached stdout: a full disk or a
// closed pipe is an error naming standard output and status 2, never a silent 0.
int checked_exit(Exit status) {
  std::string problem = stdout_problem();
  if (problem.empty()) return exit_code(status);
  fmt::print(stderr, "hone: error: {}\n", problem);
  return exit_code(Exit::error);
}

}  // namespace

int main(int argc, char** argv) {
  // Ctrl-C stops hone within a moment and takes what it started along (util/interrupt.h).
  interrupt::install();
  CLI::App app{"hone: measure, compare and optimize the performance of programs"};
  app.require_subcommand(1);
  app.set_version_flag("--version", "hone 0.1.0");
  GlobalOptions g;
  app.add_option("--config", g.config, "Path to hone.toml (default: search upwards from here)");
  app.add_option("--format", g.format, "Output: terminal, markdown, json or csv")
      ->check(CLI::IsMember({"terminal", "markdown", "json", "csv"}));
  app.add_option("--color", g.color, "Colour the terminal table: auto, always or never")
      ->check(CLI::IsMember({"auto", "always", "never"}));
  Action action;
  const Subcommand* chosen = nullptr;
  for (const Subcommand& s : kSubcommands) {
    CLI::App* sub = app.add_subcommand(s.name, s.help);
    // Global options may also follow the subcommand: `hone compare --format json ...`.
    sub->fallthrough();
    Action a = s.setup(*sub, g);
    sub->callback([&action, &chosen, &s, a] {
      action = a;
      chosen = &s;
    });
  }
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    return exit_code(app.exit(e) == 0 ? Exit::ok : Exit::error);
  }
  try {
    check_format(*chosen, g.format);
    return checked_exit(action());
  } catch (const Interrupted& e) {
    fmt::print(stderr, "hone: {}\n", e.what());
    return exit_code(Exit::interrupted);
  } catch (const Error& e) {
    fmt::print(stderr, "hone: error: {}\n", e.what());
    return exit_code(Exit::error);
  } catch (const std::exception& e) {
    if (std::ferror(stdout)) return checked_exit(Exit::error);  // fmt::print failed on a full disk
    fmt::print(stderr, "hone: internal error: {}\n", e.what());
    return exit_code(Exit::error);
  }
}

}  // namespace hone::cli
