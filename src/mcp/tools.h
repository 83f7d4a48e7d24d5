#pragma once
// The tools `hone mcp` offers: one per hone command an agent runs, each a declarative list of
// arguments from which both the tool's JSON Schema and the command line are made, so the two
// cannot disagree. A tool call runs the command exactly as `hone --format json COMMAND ...`
// would (src/mcp/server.h); nothing of a command's logic lives here.
#include <nlohmann/json.hpp>

#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace hone::mcp {

// An argument that does not fit the tool's schema: the message names the argument and the value
// ("argument 'runs': expected a positive integer, got \"five\""). Reported to the model as a tool
// execution error (isError), so it can correct the call.
class ArgumentError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

enum class Type { string, integer, boolean, strings, integers };

struct Param {
  std::string name;  // the JSON property, snake_case
  Type type;
  std::string flag;  // "--bench"; empty for a positional argument (given after `--`)
  std::string description;
  bool required = false;
  int64_t minimum = 0;  // for integers (and integer arrays): the smallest value allowed
};

struct Tool {
  std::string name;  // tools/call name: status, candidate_list, bench...
  std::string title;
  std::vector<std::string> command;  // the hone subcommand words: {"candidate", "show"}
  std::string description;
  std::vector<Param> params;
  bool read_only = false;    // changes nothing (annotations.readOnlyHint)
  bool destructive = false;  // may remove or overwrite what exists (annotations.destructiveHint)

  // The tool as tools/list shows it: name, title, description, inputSchema, annotations.
  nlohmann::json listing() const;
  nlohmann::json input_schema() const;
  // The words after `hone [global options]`: the command, each flag as --flag=VALUE (a value
  // can never be taken for another flag), then `--` and the positional arguments (text starting
  // with '-' stays text). Throws ArgumentError for a missing, unknown or ill-typed argument.
  std::vector<std::string> argv(const nlohmann::json& arguments) const;
};

// Every tool, in the order tools/list gives them (reading first, then acting).
const std::vector<Tool>& tools();
// The tool of that name, or nullptr.
const Tool* find_tool(std::string_view name);

}  // namespace hone::mcp
