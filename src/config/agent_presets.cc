#include "config/agent_presets.h"

namespace hone {

// Each line follows the CLI's own documentation of its non-interactive mode; docs/agents.md
// (#presets) cites the pages and says why each flag is there. Placeholders are quoted so a
// path with a blank stays one word. {hone_dir} is the main checkout's .hone folder: the report,
// the prompt and the store `hone compare` records into live there, outside the worktree, so the
// CLIs that confine writes to their working folder are given it as well.
const std::vector<AgentPreset>& agent_presets() {
  static const std::vector<AgentPreset> kPresets = {
      {"claude-code",
       "claude",
       // Print mode: the prompt on stdin, no positional prompt. acceptEdits lets it edit files in
       // its working folders without asking; Bash runs the build, the tests and `hone compare`.
       "claude -p --output-format json --permission-mode acceptEdits --allowedTools Bash "
       "--add-dir \"{hone_dir}\"",
       "",
       "stdin",
       {}},
      {"codex",
       "codex",
       // `codex exec -`: the prompt read from stdin. The workspace-write sandbox lets it edit the
       // worktree (and {hone_dir}); exec never asks for approval.
       "codex exec --cd \"{worktree}\" --sandbox workspace-write --add-dir \"{hone_dir}\"",
       "-",
       "stdin",
       {}},
      {"aider",
       "aider",
       // Scripting: --message-file sends the file, applies the edits and exits. --no-gitignore:
       // aider would otherwise add .aider* to .gitignore (a change to a tracked file); its
       // histories go to hone's logs, its repository-map cache is moved out before collecting.
       "aider --message-file \"{prompt}\" --yes-always --no-gitignore --no-check-update --no-pretty --no-stream "
       "--chat-history-file \"{hone_dir}/logs/aider.chat.history.md\" "
       "--input-history-file \"{hone_dir}/logs/aider.input.history\"",
       "",
       "file (--message-file)",
       {".aider.tags.cache.v*"}},
      {"gemini",
       "gemini",
       // Headless: -p's text is appended to what stdin holds (the prompt). yolo: in headless
       // mode any tool that would ask is left out, and it must run the build and the tests.
       "gemini --approval-mode yolo --include-directories \"{hone_dir}\" --output-format json",
       "-p \"Carry out the task described above.\"",
       "stdin, with -p",
       {}},
      {"opencode",
       "opencode",
       // `opencode run` with no message reads it from stdin. --auto: run mode rejects every
       // permission request otherwise, and writing the report outside the worktree asks one.
       "opencode run --auto",
       "",
       "stdin",
       {}},
  };
  return kPresets;
}

const AgentPreset* find_agent_preset(std::string_view name) {
  for (const AgentPreset& p : agent_presets())
    if (p.name == name) return &p;
  return nullptr;
}

std::string agent_preset_names() {
  std::string out;
  for (const AgentPreset& p : agent_presets()) {
    if (!out.empty()) out += ", ";
    out += p.name;
  }
  return out;
}

std::string agent_preset_command(const AgentPreset& p, std::string_view flags) {
  std::string out = p.head;
  if (flags.find_first_not_of(" \t\n") != std::string_view::npos) {
    out += ' ';
    out += flags;
  }
  if (!p.tail.empty()) {
    out += ' ';
    out += p.tail;
  }
  return out;
}

}  // namespace hone
