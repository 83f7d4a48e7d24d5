#pragma once
// The subagent prompt (procedure 2.1): a template with {{placeholders}}, the default one
// mirroring the procedure's. Placeholders are listed in docs/loop.md; an unknown one is an
// error naming the template's line, so a typo never reaches an agent.
#include <map>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

namespace hone::loop {

struct PromptInputs {
  int64_t id = 0;
  std::string name, project;
  std::string current, proposed, gain, complexity, risk, goal, plan;
  std::vector<std::string> context_files;  // paths: [agent] context, latest profile note, lessons notes
  std::vector<std::string> lessons_files;  // the lessons notes among them
  std::string current_state;               // markdown table of the latest measurements
  std::string test_command, bench_command;
  std::string report_file, worktree, branch;
  std::string start_branch;  // where a kept change is committed ("master", "main", "trunk")
  double regression = 0.05;
};

// The placeholder names a template may use, with what each becomes.
const std::vector<std::pair<std::string, std::string>>& prompt_placeholders();

std::string default_prompt_template();

// Values of every placeholder for these inputs.
std::map<std::string, std::string> prompt_values(const PromptInputs& in);

// Replaces each {{name}} (blanks inside the braces allowed). Throws hone::Error
// "<template_name>:LINE: unknown placeholder {{nmae}}; known: ..." for an unknown name.
std::string render_prompt(const std::string& tmpl, const std::map<std::string, std::string>& values,
                          const std::string& template_name);

// `hone prompt --format json` (docs/json.md, "Prompt"): the rendered prompt and where the attempt
// would run and report.
struct PromptView {
  int64_t id = 0;
  std::string name, worktree, branch, report_file, text;
};
nlohmann::json prompt_json(const PromptView& p);

}  // namespace hone::loop
