#include "config/agent_presets.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "config/config.h"
#include "util/error.h"
#include "util/words.h"

namespace hone {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::StartsWith;

Config parse(const std::string& text) { return parse_config(text, "/proj/hone.toml"); }

std::string error_of(const std::string& text) {
  try {
    parse_config(text, "hone.toml");
  } catch (const Error& e) {
    return e.what();
  }
  return "";
}

const std::map<std::string, std::string> kVars = {{"prompt", "/p/.hone/prompts/x-1.md"},
                                                  {"report", "/p/.hone/reports/x-1.json"},
                                                  {"worktree", "/p/.hone/worktrees/x"},
                                                  {"hone_dir", "/p/my .hone"}};

std::vector<std::string> argv_of(const std::string& toml) { return expand_command(parse(toml).agent.command, kVars); }

TEST(AgentPresets, Names) {
  EXPECT_EQ(agent_preset_names(), "claude-code, codex, aider, gemini, opencode");
  EXPECT_EQ(find_agent_preset("codex")->program, "codex");
  EXPECT_EQ(find_agent_preset("claude"), nullptr);
}

// The argv each preset runs: the CLI's documented non-interactive invocation (docs/agents.md).
TEST(AgentPresets, ExpandToEachCliContract) {
  EXPECT_THAT(argv_of("[agent]\npreset = \"claude-code\"\n"),
              ElementsAre("claude", "-p", "--output-format", "json", "--permission-mode", "acceptEdits",
                          "--allowedTools", "Bash", "--add-dir", "/p/my .hone"));
  EXPECT_THAT(argv_of("[agent]\npreset = \"codex\"\n"),
              ElementsAre("codex", "exec", "--cd", "/p/.hone/worktrees/x", "--sandbox", "workspace-write", "--add-dir",
                          "/p/my .hone", "-"));
  EXPECT_THAT(argv_of("[agent]\npreset = \"aider\"\n"),
              ElementsAre("aider", "--message-file", "/p/.hone/prompts/x-1.md", "--yes-always", "--no-gitignore",
                          "--no-check-update", "--no-pretty", "--no-stream", "--chat-history-file",
                          "/p/my .hone/logs/aider.chat.history.md", "--input-history-file",
                          "/p/my .hone/logs/aider.input.history"));
  EXPECT_THAT(argv_of("[agent]\npreset = \"gemini\"\n"),
              ElementsAre("gemini", "--approval-mode", "yolo", "--include-directories", "/p/my .hone",
                          "--output-format", "json", "-p", "Carry out the task described above."));
  EXPECT_THAT(argv_of("[agent]\npreset = \"opencode\"\n"), ElementsAre("opencode", "run", "--auto"));
  Config c = parse("[agent]\npreset = \"aider\"\n");
  EXPECT_EQ(c.agent.preset, "aider");
  EXPECT_THAT(c.agent.scratch, ElementsAre(".aider.tags.cache.v*"));
  EXPECT_TRUE(parse("[agent]\npreset = \"codex\"\n").agent.scratch.empty());
}

TEST(AgentPresets, FlagsGoBeforeTheTrailingPositional) {
  EXPECT_THAT(argv_of("[agent]\npreset = \"codex\"\nflags = \"--model o3\"\n"),
              ElementsAre("codex", "exec", "--cd", "/p/.hone/worktrees/x", "--sandbox", "workspace-write", "--add-dir",
                          "/p/my .hone", "--model", "o3", "-"));
  // An array holds whole words, blanks and quotes included.
  EXPECT_THAT(argv_of("[agent]\npreset = \"opencode\"\nflags = [\"--model\", \"anthropic/claude sonnet\"]\n"),
              ElementsAre("opencode", "run", "--auto", "--model", "anthropic/claude sonnet"));
  EXPECT_THAT(
      argv_of("[agent]\npreset = \"gemini\"\nflags = \"-m gemini-2.5-pro\"\n"),
      ElementsAre("gemini", "--approval-mode", "yolo", "--include-directories", "/p/my .hone", "--output-format",
                  "json", "-m", "gemini-2.5-pro", "-p", "Carry out the task described above."));
}

TEST(AgentPresets, EmptyCommandGivesWay) {
  // The starter file says command = "": uncommenting preset is enough.
  EXPECT_THAT(argv_of("[agent]\ncommand = \"\"\npreset = \"opencode\"\n"), ElementsAre("opencode", "run", "--auto"));
  EXPECT_EQ(parse("[agent]\ncommand = \"\"\n").agent.command, "");
}

TEST(AgentPresets, ErrorsNameTheLineAndTheValidNames) {
  EXPECT_EQ(error_of("[agent]\npreset = \"claude\"\n"),
            "hone.toml:2:10: [agent] preset \"claude\" is not one of claude-code, codex, aider, gemini, opencode "
            "(did you mean \"claude-code\"?)");
  EXPECT_EQ(error_of("[agent]\ntimeout = \"1h\"\npreset = \"cursor\"\n"),
            "hone.toml:3:10: [agent] preset \"cursor\" is not one of claude-code, codex, aider, gemini, opencode");
  EXPECT_THAT(error_of("[agent]\npreset = \"codex\"\ncommand = \"codex exec -\"\n"),
              StartsWith("hone.toml:3:11: [agent] command and preset are exclusive"));
  EXPECT_THAT(error_of("[agent]\ncommand = \"my-agent\"\nflags = \"--fast\"\n"),
              StartsWith("hone.toml:3:9: [agent] flags adds to a preset's command"));
  EXPECT_THAT(error_of("[agent]\npreset = 3\n"), StartsWith("hone.toml:2:10: [agent] preset must be a string"));
  EXPECT_THAT(error_of("[agent]\npreset = \"aider\"\nflags = [\"--model\", 4]\n"),
              StartsWith("hone.toml:3:21: [agent] flags[1] must be a string, got integer 4"));
  EXPECT_THAT(error_of("[agent]\npreset = \"aider\"\nflags = \"--read {promt}\"\n"),
              HasSubstr("hone.toml:3:9: [agent] flags: unknown placeholder {promt} at column 8 of: --read {promt}"));
  EXPECT_THAT(error_of("[agent]\npreset = \"aider\"\nflags = \"--model 'x\"\n"),
              HasSubstr("hone.toml:3:9: [agent] flags: unterminated single quote"));
}

TEST(AgentPresets, StarterFileOffersThem) {
  std::string s = starter_config("x");
  EXPECT_THAT(s, HasSubstr("# preset = \"claude-code\""));
  for (const AgentPreset& p : agent_presets()) EXPECT_THAT(s, HasSubstr(p.name));
}

}  // namespace
}  // namespace hone
