#include "mcp/tools.h"

#include <fmt/format.h>

#include <cmath>
#include <set>

namespace hone::mcp {

namespace {

using nlohmann::json;

Param str(std::string name, std::string flag, std::string description, bool required = false) {
  return Param{std::move(name), Type::string, std::move(flag), std::move(description), required};
}
Param integer(std::string name, std::string flag, std::string description, int64_t minimum, bool required = false) {
  return Param{std::move(name), Type::integer, std::move(flag), std::move(description), required, minimum};
}
Param boolean(std::string name, std::string flag, std::string description) {
  return Param{std::move(name), Type::boolean, std::move(flag), std::move(description)};
}
Param strings(std::string name, std::string flag, std::string description, bool required = false) {
  return Param{std::move(name), Type::strings, std::move(flag), std::move(description), required};
}

// The measurement flags of bench, compare, baseline, check, finish, report and run.
std::vector<Param> measure_params() {
  return {
      str("metric", "--metric", "wall (default), cpu, max_rss, instructions (callgrind, exact) or reported"),
      integer("runs", "--runs", "Exactly N rounds (no adaptive stopping)", 1),
      integer("min_runs", "--min-runs", "At least N rounds (default 5)", 1),
      integer("max_runs", "--max-runs", "At most N rounds (default 200)", 1),
      str("max_time", "--max-time", "Time budget per benchmark, e.g. \"10s\""),
      str("precision", "--precision", "Stop once every ratio's CI is this narrow, e.g. \"1%\""),
      integer("warmup", "--warmup", "Unrecorded runs per command first (default 1)", 0),
      str("threshold", "--threshold", "Differences within ±this are 'same', e.g. \"1%\""),
      integer("seed", "--seed", "Seed of the shuffle and bootstrap (default: fresh, recorded)", 0),
      str("pin", "--pin", "Pin the measured commands to these CPUs, e.g. \"1\" or \"0-1\""),
      str("timeout", "--timeout", "Kill a run after this long, e.g. \"30s\" (default 10m; \"0\": none)"),
      boolean("duet", "--duet", "Run each benchmark's two commands at the same time, each on its own CPU"),
  };
}

std::vector<Param> with_measure(std::vector<Param> params) {
  for (Param& p : measure_params()) params.push_back(std::move(p));
  return params;
}

std::vector<Param> candidate_fields() {
  return {
      str("current", "--current", "How it works now"),
      str("proposed", "--proposed", "How it would work"),
      str("gain", "--gain", "Expected gain, e.g. \"1.3x\""),
      str("complexity", "--complexity", "low, medium or high"),
      str("risk", "--risk", "What could go wrong"),
      str("goal", "--goal", "Specific, measurable outcome (the prompt's Goal)"),
      strings("plan", "--plan", "Implementation steps, in order (the prompt's plan)"),
      integer("builds_on", "--builds-on", "Id of the candidate this one builds on (0: none)", 0),
  };
}

std::vector<Tool> make_tools() {
  const Param id = integer("id", "", "The candidate's id (see candidate_list)", 1, true);
  std::vector<Tool> t;
  // Reading: nothing changes.
  t.push_back({"status",
               "Procedure checklist",
               {"status"},
               "The procedure's checklist, each box ticked from recorded facts, the last attempt and the "
               "next step as a command (`next_command`). Start here. JSON: docs/json.md#status.",
               {},
               true});
  t.push_back({"candidate_list",
               "List candidates",
               {"candidate", "list"},
               "The optimization candidates in run order, with status, whether each can run now and why "
               "not. JSON: docs/json.md#candidates.",
               {},
               true});
  t.push_back({"candidate_show",
               "Show a candidate",
               {"candidate", "show"},
               "Every field of one candidate and its attempts. JSON: docs/json.md#candidates.",
               {id},
               true});
  t.push_back({"prompt",
               "Subagent prompt",
               {"prompt"},
               "The prompt a subagent gets for candidate `id`, with its worktree, branch and report file. "
               "JSON: docs/json.md#prompt.",
               {id},
               true});
  t.push_back({"runs",
               "List recorded runs",
               {"runs"},
               "Recorded measurement runs, newest first. JSON: docs/json.md#runs.",
               {integer("limit", "--limit", "At most N runs (default 20)", 1)},
               true});
  t.push_back({"show",
               "Show a recorded run",
               {"show"},
               "One recorded run, re-analysed from its raw samples. JSON: docs/json.md#analysis.",
               {integer("run", "", "Run id (see the runs tool)", 1, true)},
               true});
  t.push_back({"research_list",
               "List research notes",
               {"research", "list"},
               "The research notes in perf/research, oldest first. JSON: docs/json.md#log-and-research.",
               {},
               true});
  t.push_back({"criteria",
               "Judge the done criteria",
               {"criteria"},
               "Judges the done criteria (or the given sentences) on the newest bench or baseline run, with "
               "confidence. A criterion not met is a result, not an error. JSON: docs/json.md#criteria.",
               {strings("sentences", "", "Criteria to judge (default: [criteria] done of hone.toml)"),
                integer("run", "--run", "Judge this run (default: the newest bench or baseline run)", 1),
                str("baseline", "--baseline", "Baseline for 'vs baseline' clauses (default: default)")},
               true});
  // Acting: measuring records runs; the loop's commands change candidates, worktrees, branches.
  t.push_back({"bench",
               "Measure the project",
               {"bench"},
               "Builds the project (unless no_build) and measures the configured benchmarks x targets in "
               "one interleaved run; records it. JSON: docs/json.md#analysis.",
               with_measure({strings("benchmarks", "--bench", "Only these benchmarks"),
                             strings("targets", "--target", "Only these targets (the first is the baseline)"),
                             boolean("no_build", "--no-build", "Skip project.build")})});
  t.push_back({"compare",
               "Compare commands, targets, revisions or runs",
               {"compare"},
               "Ad hoc commands (commands: [\"spin 1000\", \"spin 2000\"], the first is the baseline), "
               "configured targets (targets), two git revisions of ours (commands: [\"HEAD~1\", \"HEAD\"]) or "
               "two stored runs (commands: [\"3\", \"7\"]). JSON: docs/json.md#analysis.",
               with_measure({strings("commands", "", "Commands, revisions or run ids (the first is the baseline)"),
                             strings("targets", "--target", "Configured targets (the first is the baseline)"),
                             strings("benchmarks", "--bench", "With targets: only these benchmarks"),
                             strings("names", "--name", "Names for the ad hoc commands, in order"),
                             boolean("shell", "--shell", "Run ad hoc commands through /bin/sh -c")})});
  t.push_back({"baseline",
               "Record a baseline",
               {"baseline"},
               "Measures every benchmark for ours and every competitor and records it as a named baseline; "
               "writes the Baseline Benchmarks table to the worklog. JSON: docs/json.md#baseline.",
               with_measure({str("name", "--name", "Name of the baseline (default: default)"),
                             strings("benchmarks", "--bench", "Only these benchmarks"),
                             strings("targets", "--target", "Only these targets"),
                             boolean("no_build", "--no-build", "Skip project.build")})});
  t.push_back({"check",
               "Regression check",
               {"check"},
               "Our code at rev (default HEAD) against a base revision or a stored baseline. A regression "
               "beyond the bound or an unsure verdict is a result (exit status in the second content item), "
               "not an error. JSON: docs/json.md#check.",
               with_measure({str("base", "--base", "Base revision to measure against"),
                             str("baseline", "--baseline", "Stored baseline to compare with (default: default)"),
                             str("rev", "--rev", "Revision under test: HEAD (default), any revision, or WORKTREE"),
                             str("target", "--target", "The target to check (default: project.ours)"),
                             strings("benchmarks", "--bench", "Only these benchmarks"),
                             str("summary", "--summary", "Write a markdown summary to this file"),
                             str("regression", "--regression", "Regression bound, e.g. \"5%\"")})});
  t.push_back({"bisect",
               "Find the commit that made a benchmark slower",
               {"bisect"},
               "Searches the first-parent history from good to bad for the first commit that made the "
               "benchmark slower, each probe built and measured against good in one interleaved run. A "
               "result with nobody accused (exit status 1: bad is not slower beyond noise) is not an error. "
               "JSON: docs/json.md#bisect.",
               with_measure({str("good", "", "A commit where the benchmark was fast", true),
                             str("bad", "", "A later commit on its branch where it is slow", true),
                             str("bench", "--bench", "The benchmark that got slower", true)})});
  t.push_back(
      {"profile",
       "Profile a benchmark",
       {"profile"},
       "perf (or callgrind with metric instructions) on one benchmark: hotspot tables and a flame "
       "graph in a numbered research note; two revs give a differential profile. JSON: "
       "docs/json.md#log-and-research.",
       {str("bench", "", "The benchmark to profile", true), str("target", "--target", "Target (default: project.ours)"),
        strings("revs", "--rev", "Profile at this revision; two for a differential profile"),
        str("against", "--against", "Differential profile against the commit of this baseline"),
        str("metric", "--metric", "wall (perf sampling, default), cpu or instructions (callgrind)"),
        boolean("kernel", "--kernel", "Keep kernel frames"),
        integer("frequency", "--frequency", "Samples per second (default 999)", 1),
        integer("top", "--top", "Rows in the hotspot tables (default 15)", 1),
        boolean("no_build", "--no-build", "Skip project.build (working tree only)")}});
  t.push_back({"research_new",
               "Write a research note",
               {"research", "new"},
               "Writes perf/research/NN-topic.md from the procedure's 1.3 template; returns its path.",
               {str("topic", "", "What the note studies, e.g. \"GNU wc internals\"", true)}});
  t.push_back({"log",
               "Add a worklog note",
               {"log"},
               "Adds a timestamped note (markdown) to the worklog.",
               {strings("text", "", "The note's words (joined by spaces)", true)}});
  std::vector<Param> add = candidate_fields();
  add.insert(add.begin(), str("name", "", "Name, e.g. \"Compact spans\"", true));
  t.push_back({"candidate_add",
               "Add a candidate",
               {"candidate", "add"},
               "Adds an optimization candidate; it starts as proposed. JSON: docs/json.md#candidates.",
               add});
  std::vector<Param> edit = candidate_fields();
  edit.insert(edit.begin(), str("name", "--name", "New name"));
  edit.insert(edit.begin(), id);
  t.push_back({"candidate_edit",
               "Edit a candidate",
               {"candidate", "edit"},
               "Changes the given fields of a candidate. JSON: docs/json.md#candidates.",
               edit});
  Param ids{"ids", Type::integers, "", "The candidates to approve", true, 1};
  t.push_back({"candidate_approve",
               "Approve candidates",
               {"candidate", "approve"},
               "The driver's approval (procedure 1.5): approved candidates may run. JSON: docs/json.md#candidates.",
               {ids}});
  t.push_back({"candidate_drop",
               "Drop a candidate",
               {"candidate", "drop"},
               "Removes a candidate from the plan (kept in the record). JSON: docs/json.md#candidates.",
               {id},
               false,
               true});
  t.push_back({"candidate_reorder",
               "Reorder a candidate",
               {"candidate", "reorder"},
               "Moves candidate id before candidate before. JSON: docs/json.md#candidates.",
               {id, integer("before", "--before", "The candidate it moves before", 1, true)}});
  t.push_back({"try",
               "Start an attempt by hand",
               {"try"},
               "Prepares candidate id's worktree and branch and returns the prompt; the second content item "
               "says where the worktree is. Change the code there, then call finish.",
               {id}});
  std::vector<Param> allow{boolean("allow_bench_changes", "--allow-bench-changes",
                                   "Keep a change even if it touches tests, benchmark code or inputs, or hone.toml")};
  t.push_back({"finish",
               "Verify and decide the attempt",
               {"finish"},
               "Builds, tests, measures base vs attempt, reviews and decides the attempt started by try "
               "(kept, slow or rejected), exactly as run does.",
               with_measure(allow)});
  t.push_back({"abandon",
               "End the open attempt without deciding",
               {"abandon"},
               "Ends the attempt started by try (or left open by a failed finish): its work is committed "
               "on a branch the result names, hone/abandoned-<slug>, and its worktree removed. JSON: "
               "docs/json.md#abandon.",
               {},
               false,
               true});
  t.push_back({"prune",
               "Reclaim worktrees nothing needs",
               {"prune"},
               "Lists (apply=false, the default) or removes (apply=true) the base and finished attempts' "
               "worktrees that nothing needs, with the space each takes. JSON: docs/json.md#prune.",
               {boolean("apply", "--apply", "Remove them; without it only say what and how much")},
               false,
               true});
  std::vector<Param> run = allow;
  run.insert(run.begin(), {integer("id", "", "The candidate to attempt", 1),
                           boolean("next", "--next", "The next approved candidate in run order"),
                           boolean("all", "--all", "Every approved candidate in turn, until the criteria are met")});
  t.push_back({"run",
               "Run the loop with the configured agent",
               {"run"},
               "Attempts candidate id, the next approved one or all of them with the [agent] command of "
               "hone.toml; give exactly one of id, next, all. Can take as long as the agent does.",
               with_measure(run)});
  t.push_back({"report",
               "Final or incomplete report",
               {"report"},
               "Measures the loop's start against main's head, judges the criteria and writes the final "
               "(criteria met) or incomplete report.",
               with_measure({})});
  t.push_back({"import",
               "Import a hyperfine result",
               {"import"},
               "Records a hyperfine --export-json file as a run. JSON: docs/json.md#analysis.",
               {str("file", "", "The hyperfine JSON file", true)}});
  t.push_back({"init",
               "Write a starter hone.toml",
               {"init"},
               "Writes a commented starter hone.toml in the server's folder, detecting the build system.",
               {str("name", "--name", "Project name (default: the folder's name)"),
                boolean("force", "--force", "Overwrite an existing hone.toml")},
               false,
               true});
  return t;
}

std::string type_name(const json& v) {
  if (v.is_null()) return "null";
  if (v.is_boolean()) return "a boolean";
  if (v.is_number()) return "a number";
  if (v.is_string()) return "a string";
  if (v.is_array()) return "an array";
  return "an object";
}

[[noreturn]] void bad(const std::string& where, const std::string& want, const json& got) {
  throw ArgumentError(fmt::format("argument '{}': expected {}, got {} ({})", where, want, type_name(got),
                                  got.dump(-1, ' ', false, json::error_handler_t::replace)));
}

std::string text_value(const std::string& where, const json& v) {
  if (!v.is_string()) bad(where, "a string", v);
  std::string s = v.get<std::string>();
  if (s.find('\0') != std::string::npos)
    throw ArgumentError(fmt::format("argument '{}': contains a NUL character", where));
  return s;
}

std::string integer_value(const std::string& where, const json& v, int64_t minimum) {
  std::string want = minimum == 1 ? "a positive integer" : fmt::format("an integer ≥ {}", minimum);
  if (v.is_number_unsigned()) return std::to_string(v.get<uint64_t>());
  if (v.is_number_integer()) {
    if (v.get<int64_t>() < minimum) bad(where, want, v);
    return std::to_string(v.get<int64_t>());
  }
  // 3.0 is an integer to JSON Schema; 3.5 is not.
  if (v.is_number_float()) {
    double d = v.get<double>();
    if (std::isfinite(d) && d == std::floor(d) && d >= double(minimum) && d < 9.2e18) return std::to_string(int64_t(d));
  }
  bad(where, want, v);
}

}  // namespace

json Tool::input_schema() const {
  json props = json::object();
  json required = json::array();
  for (const Param& p : params) {
    json s;
    switch (p.type) {
      case Type::string: s = {{"type", "string"}}; break;
      case Type::integer: s = {{"type", "integer"}, {"minimum", p.minimum}}; break;
      case Type::boolean: s = {{"type", "boolean"}}; break;
      case Type::strings: s = {{"type", "array"}, {"items", {{"type", "string"}}}}; break;
      case Type::integers:
        s = {{"type", "array"}, {"items", {{"type", "integer"}, {"minimum", p.minimum}}}, {"minItems", 1}};
        break;
    }
    if (p.type == Type::strings && p.required) s["minItems"] = 1;
    s["description"] = p.description;
    props[p.name] = s;
    if (p.required) required.push_back(p.name);
  }
  json schema = {{"type", "object"}, {"properties", props}, {"additionalProperties", false}};
  if (!required.empty()) schema["required"] = required;
  return schema;
}

json Tool::listing() const {
  json annotations = {{"title", title}, {"readOnlyHint", read_only}, {"openWorldHint", false}};
  if (!read_only) annotations["destructiveHint"] = destructive;
  return {{"name", name},
          {"title", title},
          {"description", description},
          {"inputSchema", input_schema()},
          {"annotations", annotations}};
}

std::vector<std::string> Tool::argv(const json& arguments) const {
  if (!arguments.is_null() && !arguments.is_object())
    throw ArgumentError(fmt::format("arguments: expected an object, got {}", type_name(arguments)));
  std::set<std::string> known;
  for (const Param& p : params) known.insert(p.name);
  if (arguments.is_object())
    for (const auto& [key, value] : arguments.items())
      if (!known.contains(key)) {
        std::string names;
        for (const Param& p : params) names += (names.empty() ? "" : ", ") + p.name;
        throw ArgumentError(fmt::format("unknown argument '{}' for tool {} (it takes: {})", key, name,
                                        names.empty() ? "no arguments" : names));
      }
  std::vector<std::string> flags, positionals;
  for (const Param& p : params) {
    const json* v = nullptr;
    if (arguments.is_object() && arguments.contains(p.name) && !arguments[p.name].is_null()) v = &arguments[p.name];
    if (!v) {
      if (p.required) throw ArgumentError(fmt::format("missing required argument '{}' for tool {}", p.name, name));
      continue;
    }
    std::vector<std::string> values;
    switch (p.type) {
      case Type::string: values.push_back(text_value(p.name, *v)); break;
      case Type::integer: values.push_back(integer_value(p.name, *v, p.minimum)); break;
      case Type::boolean:
        if (!v->is_boolean()) bad(p.name, "a boolean", *v);
        if (!v->get<bool>()) continue;
        flags.push_back(p.flag);
        continue;
      case Type::strings:
      case Type::integers: {
        if (!v->is_array()) bad(p.name, p.type == Type::strings ? "an array of strings" : "an array of integers", *v);
        size_t i = 0;
        for (const json& item : *v) {
          std::string where = fmt::format("{}[{}]", p.name, i++);
          values.push_back(p.type == Type::strings ? text_value(where, item) : integer_value(where, item, p.minimum));
        }
        if (p.required && values.empty())
          throw ArgumentError(fmt::format("argument '{}': give at least one value", p.name));
        break;
      }
    }
    for (std::string& value : values) {
      if (p.flag.empty())
        positionals.push_back(std::move(value));
      else
        flags.push_back(p.flag + "=" + value);
    }
  }
  std::vector<std::string> out = command;
  out.insert(out.end(), flags.begin(), flags.end());
  if (!positionals.empty()) {
    out.push_back("--");
    out.insert(out.end(), positionals.begin(), positionals.end());
  }
  return out;
}

const std::vector<Tool>& tools() {
  static const std::vector<Tool> all = make_tools();
  return all;
}

const Tool* find_tool(std::string_view name) {
  for (const Tool& t : tools())
    if (t.name == name) return &t;
  return nullptr;
}

}  // namespace hone::mcp
