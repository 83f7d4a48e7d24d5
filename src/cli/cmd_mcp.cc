// hone mcp: the Model Context Protocol server (src/mcp) over stdio. Each tool call runs one hone
// command in this process, through the same entry point as the command line.
#include <fmt/format.h>

#include <cstring>

#include "cli/app.h"
#include "cli/commands.h"
#include "mcp/server.h"

namespace hone::cli {

Action setup_mcp(CLI::App& /*sub*/, const GlobalOptions& g) {
  return [&g]() -> Exit {
    mcp::Host host;
    host.version = "0.1.0";
    host.prints_json = [](const std::string& command) {
      for (const Subcommand& s : kSubcommands)
        if (command == s.name) return std::strstr(s.formats, "json") != nullptr;
      return false;
    };
    // `hone --config PATH mcp` runs every tool with that config.
    std::string config = g.config;
    host.run = [config](const std::vector<std::string>& args) {
      std::vector<std::string> words = {"hone"};
      if (!config.empty()) words.insert(words.end(), {"--config", config});
      words.insert(words.end(), args.begin(), args.end());
      std::vector<char*> argv;
      for (std::string& w : words) argv.push_back(w.data());
      argv.push_back(nullptr);
      return cli::main(int(words.size()), argv.data());
    };
    fmt::print(stderr, "hone: MCP server on stdio (protocol {}); tools run in {}\n", mcp::protocol_versions().front(),
               std::filesystem::current_path().string());
    return mcp::serve(std::move(host));
  };
}

}  // namespace hone::cli
