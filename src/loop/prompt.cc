#include "loop/prompt.h"

#include <fmt/format.h>

#include <algorithm>
#include <sstream>

#include "util/error.h"

namespace hone::loop {

const std::vector<std::pair<std::string, std::string>>& prompt_placeholders() {
  static const std::vector<std::pair<std::string, std::string>> kNames = {
      {"id", "the candidate's id"},
      {"name", "the candidate's name"},
      {"project", "[project] name"},
      {"context_files",
       "bulleted list of files to read first: [agent] context, every research and profile note, lessons of earlier "
       "failed attempts"},
      {"lessons", "bulleted list of the lessons notes alone (or \"none\")"},
      {"current_state", "markdown table of the latest measurements (benchmark, our time, competitors, ratio)"},
      {"goal", "the candidate's goal, else its proposal and expected gain"},
      {"plan", "the candidate's plan as numbered steps"},
      {"current", "how it works now"},
      {"proposed", "how it would work"},
      {"expected_gain", "the expected gain"},
      {"complexity", "low, medium or high"},
      {"risk", "what could go wrong"},
      {"regression", "the regression bound, \"5%\""},
      {"test_command", "[project] test"},
      {"bench_command", "the quick check: `hone compare BASE WORKTREE`, the worktree against the base commit"},
      {"report_file", "where the agent writes its JSON report"},
      {"worktree", "the attempt's worktree (the agent's working directory)"},
      {"branch", "the attempt's branch"},
      {"start_branch", "the branch a kept change is committed to (the checkout's: main, master, trunk...)"},
  };
  return kNames;
}

std::string default_prompt_template() {
  return R"(You are implementing Optimization {{id}}: {{name}} for the {{project}} project.

## Context

Read these files first:
{{context_files}}

## Current State

{{current_state}}

## Goal

{{goal}}

## Implementation Plan

{{plan}}

## Constraints

- All tests must pass: `{{test_command}}`
- Must not regress any benchmark by more than {{regression}}
- Do not edit tests, benchmark code, benchmark inputs or hone.toml: hone flags such changes and
  does not keep them
- Follow the project's existing conventions; exactly one optimization
- Risk to watch: {{risk}}

## Tasks

1. Read all context files before writing code (earlier failed attempts are in the lessons notes:
   do not repeat them)
2. Implement the optimization in this worktree ({{worktree}}, branch {{branch}}); commit or leave
   the changes uncommitted: hone squashes them into one commit
3. Run the tests after every change: `{{test_command}}`
4. Measure your change against the base, in this worktree, at least twice: `{{bench_command}}`
5. Do not merge, push or rename branches: hone re-measures the change against the base itself,
   commits it to {{start_branch}} with the measured numbers if it is faster, and otherwise keeps it on a
   `slow-` branch with a lessons note
6. Report results by writing JSON to {{report_file}}:

   {"mechanism": "why it is faster, in one line",
    "claims": {"BENCHMARK": {"before_ms": 12.3, "after_ms": 9.1}},
    "ideas": ["future optimizations you discovered"],
    "notes": "what changed, issues encountered"}

   The mechanism becomes the commit subject ("Cursor caching: O(1) sequential inserts by
   remembering the last lookup position", not "Add cursor cache"). Claims are checked against
   hone's own measurements.
)";
}

namespace {

std::string bullets(const std::vector<std::string>& items, const std::string& none) {
  if (items.empty()) return none;
  std::string out;
  for (const std::string& s : items) out += fmt::format("- {}\n", s);
  out.pop_back();
  return out;
}

std::string or_unset(const std::string& s) { return s.empty() ? "(not given)" : s; }

}  // namespace

std::map<std::string, std::string> prompt_values(const PromptInputs& in) {
  std::map<std::string, std::string> v;
  v["id"] = std::to_string(in.id);
  v["name"] = in.name;
  v["start_branch"] = in.start_branch.empty() ? "the branch the loop started from" : in.start_branch;
  v["project"] = in.project;
  v["context_files"] = bullets(in.context_files, "- (no context files configured: see [agent] context)");
  v["lessons"] = bullets(in.lessons_files, "none");
  v["current_state"] =
      in.current_state.empty() ? "(no measurements recorded yet: run `hone baseline`)" : in.current_state;
  if (!in.goal.empty()) {
    v["goal"] = in.goal;
  } else {
    std::string g = in.proposed.empty() ? in.name : in.proposed;
    if (!g.empty() && g.back() != '.') g += '.';
    if (!in.gain.empty()) g += fmt::format(" Expected gain: {}.", in.gain);
    v["goal"] = g;
  }
  std::vector<std::string> steps;
  std::istringstream lines(in.plan);
  std::string line;
  while (std::getline(lines, line))
    if (line.find_first_not_of(" \t") != std::string::npos) steps.push_back(line);
  if (steps.empty()) {
    if (!in.current.empty()) steps.push_back("Understand the current approach: " + in.current);
    steps.push_back(in.proposed.empty() ? "Implement " + in.name : "Implement: " + in.proposed);
    steps.push_back("Verify with the tests and benchmarks");
  }
  std::string plan;
  for (size_t i = 0; i < steps.size(); ++i) plan += fmt::format("{}{}. {}", i ? "\n" : "", i + 1, steps[i]);
  v["plan"] = plan;
  v["current"] = or_unset(in.current);
  v["proposed"] = or_unset(in.proposed);
  v["expected_gain"] = or_unset(in.gain);
  v["complexity"] = or_unset(in.complexity);
  v["risk"] = or_unset(in.risk);
  v["regression"] = fmt::format("{:.3g}%", in.regression * 100);
  v["test_command"] = in.test_command.empty() ? "(no [project] test configured)" : in.test_command;
  v["bench_command"] = in.bench_command;
  v["report_file"] = in.report_file;
  v["worktree"] = in.worktree;
  v["branch"] = in.branch;
  return v;
}

std::string render_prompt(const std::string& tmpl, const std::map<std::string, std::string>& values,
                          const std::string& template_name) {
  std::string out;
  size_t pos = 0;
  while (true) {
    size_t open = tmpl.find("{{", pos);
    if (open == std::string::npos) break;
    size_t close = tmpl.find("}}", open + 2);
    int line = 1 + static_cast<int>(std::count(tmpl.begin(), tmpl.begin() + static_cast<long>(open), '\n'));
    if (close == std::string::npos) fail("{}:{}: '{{{{' without a closing '}}}}'", template_name, line);
    std::string name = tmpl.substr(open + 2, close - open - 2);
    size_t b = name.find_first_not_of(" \t"), e = name.find_last_not_of(" \t");
    name = b == std::string::npos ? "" : name.substr(b, e - b + 1);
    auto it = values.find(name);
    if (it == values.end()) {
      std::vector<std::string> known;
      for (const auto& [k, _] : prompt_placeholders()) known.push_back(k);
      fail("{}:{}: unknown placeholder {{{{{}}}}}; known: {}", template_name, line, name, fmt::join(known, ", "));
    }
    out.append(tmpl, pos, open - pos);
    out += it->second;
    pos = close + 2;
  }
  out.append(tmpl, pos, std::string::npos);
  return out;
}

nlohmann::json prompt_json(const PromptView& p) {
  return {{"candidate_id", p.id},         {"name", p.name},  {"worktree", p.worktree}, {"branch", p.branch},
          {"report_file", p.report_file}, {"prompt", p.text}};
}

}  // namespace hone::loop
