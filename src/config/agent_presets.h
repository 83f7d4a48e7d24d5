#pragma once
// [agent] preset: the common coding-agent CLIs, each as the command line of its documented
// non-interactive mode (docs/agents.md#presets cites what each follows). A preset expands, at
// load time, into an ordinary [agent] command, so everything downstream (placeholders, the
// prompt on stdin, the log, the timeout) is the same as for a hand-written command.
#include <string>
#include <string_view>
#include <vector>

namespace hone {

struct AgentPreset {
  std::string name;     // as written in hone.toml: "claude-code"
  std::string program;  // the executable looked up on PATH: "claude"
  // The command template before the extra `flags`, and after them (a trailing positional such
  // as codex's "-" for "the prompt is on stdin"). Placeholders as in [agent] command.
  std::string head, tail;
  std::string prompt_via;  // how the prompt reaches the CLI, for docs and messages
  // Files the CLI writes into the repository it works in, never part of a change (aider's
  // repository-map cache): moved out of the attempt's worktree, into its log folder, before
  // hone collects the change.
  std::vector<std::string> scratch;
};

const std::vector<AgentPreset>& agent_presets();
// nullptr when there is no preset of that name.
const AgentPreset* find_agent_preset(std::string_view name);
// "claude-code, codex, aider, gemini, opencode"
std::string agent_preset_names();
// The command a preset runs, with `flags` (words, as written in [agent] flags) before its tail.
std::string agent_preset_command(const AgentPreset& p, std::string_view flags);

}  // namespace hone
