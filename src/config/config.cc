#include "config/config.h"

#include <fcntl.h>
#include <unistd.h>

#include <toml++/toml.h>
#include <algorithm>
#include <cerrno>
#include <cmath>
#include <cstring>
#include <limits>
#include <set>
#include <sstream>
#include <string_view>

#include "adapters/adapters.h"
#include "config/agent_presets.h"
#include "config/toml_reader.h"
#include "config/values.h"
#include "criteria/criteria.h"
#include "util/error.h"
#include "util/files.h"
#include "util/spelling.h"
#include "util/units.h"
#include "util/words.h"

namespace hone {

namespace fs = std::filesystem;

const TargetConfig* Config::find_target(const std::string& name) const {
  for (const auto& t : targets)
    if (t.name == name) return &t;
  return nullptr;
}

const std::string& Config::build_of(const std::string& target) const {
  const TargetConfig* t = find_target(target);
  return t && !t->build.empty() ? t->build : project.build;
}

std::set<std::string> Config::held_out_names() const {
  std::set<std::string> names;
  for (const BenchmarkConfig& b : benchmarks)
    if (b.held_out) names.insert(b.name);
  return names;
}

const BenchmarkConfig* Config::find_benchmark(const std::string& name) const {
  for (const auto& b : benchmarks)
    if (b.name == name) return &b;
  return nullptr;
}

namespace {

// The rule behind Config::runs_on, on a target's name and whether it is a harness target.
bool benchmark_runs_on(const BenchmarkConfig& b, const std::string& target, bool harness) {
  bool named = std::find(b.targets.begin(), b.targets.end(), target) != b.targets.end();
  return harness ? named : b.targets.empty() || named;
}

}  // namespace

bool Config::runs_on(const BenchmarkConfig& b, const TargetConfig& t) const {
  return benchmark_runs_on(b, t.name, t.is_harness());
}

namespace {

// ---- the schema -------------------------------------------------------------------------

const std::vector<std::string> kTopLevel = {"project", "benchmark", "target",  "measure", "criteria",
                                            "agent",   "git",       "machine", "store",   "layout"};
const std::vector<std::string> kProjectKeys = {"name", "build", "test", "artifacts", "ours", "ccache"};
const std::vector<std::string> kBenchmarkKeys = {"name", "args", "targets", "harness", "held_out"};
const std::vector<std::string> kTargetKeys = {"command", "kind",    "shell", "dir",           "env",
                                              "build",   "pattern", "unit",  "criterion_dir", "cpu_time"};
const std::vector<std::string> kMeasureKeys = {"metric", "min_runs", "max_runs",  "max_time", "precision",   "warmup",
                                               "pin",    "timeout",  "threshold", "seed",     "env_padding", "duet"};
const std::vector<std::string> kCriteriaKeys = {"done", "regression"};
const std::vector<std::string> kAgentKeys = {"command", "preset",   "flags",   "timeout",
                                             "context", "template", "protect", "max_file_size"};
const std::vector<std::string> kGitKeys = {"branch_prefix"};
const std::vector<std::string> kMachineKeys = {"name"};
const std::vector<std::string> kStoreKeys = {"url"};
const std::vector<std::string> kLayoutKeys = {"variants"};
const std::vector<std::string> kKinds = {"command", "google-benchmark", "criterion", "hyperfine-json", "regex"};
const std::vector<std::string> kMetrics = {"wall", "cpu", "max_rss", "instructions", "reported"};
const std::vector<std::string> kAgentPlaceholders = {"prompt", "report", "worktree", "hone_dir"};

// Where each section's keys live, for "it belongs in [measure]" hints.
const std::vector<std::pair<std::string, const std::vector<std::string>*>> kSections = {
    {"[project]", &kProjectKeys}, {"[[benchmark]]", &kBenchmarkKeys}, {"[target.NAME]", &kTargetKeys},
    {"[measure]", &kMeasureKeys}, {"[criteria]", &kCriteriaKeys},     {"[agent]", &kAgentKeys},
    {"[git]", &kGitKeys},         {"[machine]", &kMachineKeys},       {"[store]", &kStoreKeys},
    {"[layout]", &kLayoutKeys}};

using config_values::branch_prefix_problem;
using config_values::describe;
using config_values::inside;
using config_values::placeholder_name;
using config_values::placeholders;
using config_values::quote_text;
using config_values::repository_top;
using config_values::valid_name;
using spelling::join;
using spelling::nearest;

// The sections of hone.toml on top of the TOML reader's errors and typed getters.
class Parser : public config_toml::Reader {
 public:
  explicit Parser(std::string display) : Reader(std::move(display), kSections) {}

  // ---- sections ----

  void parse(const toml::table& root, Config& c) {
    check_top_level(root);
    if (auto n = root.get("project")) parse_project(*table(*n, "[project]"), c);
    if (auto n = root.get("benchmark")) parse_benchmarks(*n, c);
    if (auto n = root.get("target")) parse_targets(*n, c);
    if (auto n = root.get("measure")) parse_measure(*table(*n, "[measure]"), c.measure);
    if (auto n = root.get("criteria")) parse_criteria(*table(*n, "[criteria]"), c.criteria);
    if (auto n = root.get("agent")) parse_agent(*table(*n, "[agent]"), c.agent, c.root);
    if (auto n = root.get("git")) parse_git(*table(*n, "[git]"), c.git);
    if (auto n = root.get("machine")) parse_machine(*table(*n, "[machine]"), c.machine);
    if (auto n = root.get("store")) parse_store(*table(*n, "[store]"), c.store);
    if (auto n = root.get("layout")) parse_layout(*table(*n, "[layout]"), c.layout);
    cross_checks(c);
    check_layout(c, root);
  }

  void check_top_level(const toml::table& root) const {
    const toml::key* first = nullptr;
    for (auto&& [k, v] : root) {
      if (std::find(kTopLevel.begin(), kTopLevel.end(), k.str()) != kTopLevel.end()) continue;
      if (!first || before(k.source(), first->source())) first = &k;
    }
    if (!first) return;
    const std::string key(first->str());
    const toml::node& v = *root.get(key);
    bool array_of_tables = v.is_array_of_tables();
    if (v.is_table() || array_of_tables) {
      std::string open = array_of_tables ? "[[" : "[", close = array_of_tables ? "]]" : "]";
      std::string near = nearest(key, kTopLevel);
      std::string suggestion;
      if (!near.empty()) {
        bool near_array = near == "benchmark";
        suggestion = fmt::format("; did you mean {}{}{}?", near_array ? "[[" : "[",
                                 near == "target" ? "target.NAME" : near, near_array ? "]]" : "]");
      } else {
        suggestion = fmt::format(
            " (known tables: [project], [[benchmark]], [target.NAME], "
            "[measure], [criteria], [agent], [git], [machine], [store], [layout])");
      }
      fail_at(first->source(), "unknown table {}{}{}{}", open, key, close, suggestion);
    }
    std::vector<std::string> homes;
    for (const auto& [name, keys] : kSections)
      if (std::find(keys->begin(), keys->end(), key) != keys->end()) homes.push_back(name);
    if (!homes.empty())
      fail_at(first->source(), "unknown key '{}' at top level; '{}' belongs in {}", key, key, join(homes, " or "));
    fail_at(first->source(),
            "unknown key '{}' at top level (hone.toml holds only the tables [project], "
            "[[benchmark]], [target.NAME], [measure], [criteria], [agent], [git], [machine], [store], [layout])",
            key);
  }

  void parse_project(const toml::table& t, Config& c) {
    const std::string s = "[project]";
    check_keys(t, kProjectKeys, s);
    if (auto v = str(t, "name", s)) c.project.name = *v;
    if (auto v = str(t, "build", s)) c.project.build = *v;
    if (auto v = str(t, "test", s)) c.project.test = *v;
    check_words(t, "build", s);
    check_words(t, "test", s);
    if (auto v = str(t, "artifacts", s)) {
      nonempty(t, "artifacts", s, *v);
      c.project.artifacts = *v;
    }
    if (auto v = str(t, "ours", s)) {
      nonempty(t, "ours", s, *v);
      c.project.ours = *v;
      ours_node_ = t.get("ours");
    }
    c.project.ccache = boolean(t, "ccache", s);
  }

  void parse_benchmarks(const toml::node& n, Config& c) {
    const toml::array* arr = n.as_array();
    if (!arr) {
      if (n.is_table())
        fail_at(n,
                "benchmarks are an array of tables: write [[benchmark]] (two brackets) "
                "for each benchmark, not [benchmark]");
      fail_at(n, "benchmark must be an array of tables ([[benchmark]]), got {}", describe(n));
    }
    std::map<std::string, const toml::node*> seen;
    for (size_t i = 0; i < arr->size(); ++i) {
      const toml::node& e = *arr->get(i);
      auto t = e.as_table();
      if (!t) fail_at(e, "benchmark must be an array of tables ([[benchmark]]), got an array holding {}", describe(e));
      if (i == 0) first_benchmark_ = &e;
      benchmark_nodes_.push_back(&e);
      BenchmarkConfig b;
      std::string s = fmt::format("[[benchmark]] #{}", i + 1);
      const toml::node* name = t->get("name");
      if (!name) {
        std::string guess;
        for (auto&& [k, v] : *t)
          if (k.str() != "args" && !nearest(k.str(), {"name"}).empty()) guess = k.str();
        fail_at(e, "{} has no name (every [[benchmark]] needs name = \"...\"){}", s,
                guess.empty() ? std::string() : fmt::format("; did you mean 'name' instead of '{}'?", guess));
      }
      b.name = *str(*t, "name", s);
      if (!valid_name(b.name))
        fail_at(*name, "{} name {} is not a valid name: use letters, digits, '_', '.' and '-' only", s,
                quote_text(b.name));
      if (auto [it, fresh] = seen.emplace(b.name, name); !fresh)
        fail_at(*name, "duplicate benchmark name {} (first defined at {})", quote_text(b.name),
                pos(it->second->source()));
      s = fmt::format("[[benchmark]] '{}'", b.name);
      for (auto&& [k, v] : *t) {
        const std::string key(k.str());
        if (key == "name") continue;
        auto sv = v.as_string();
        if (key == "targets") {
          parse_benchmark_targets(*t, b, s);
          continue;
        }
        if (key == "harness") {
          if (!sv)
            fail_at(v,
                    "{} harness must be a string (the benchmark's name in the harness's "
                    "output, like \"BM_Count/utf8\"), got {}",
                    s, describe(v));
          nonempty(*t, "harness", s, **sv);
          b.harness = **sv;
          b.vars["harness"] = b.harness;  // {harness} in commands
          value_nodes_[{b.name, "harness"}] = &v;
          continue;
        }
        if (key == "held_out") {
          b.held_out = *boolean(*t, "held_out", s);
          continue;
        }
        if (key == "args") {
          if (!sv) fail_at(v, "{} args must be a string, got {}", s, describe(v));
          b.args = **sv;
          value_nodes_[{b.name, "args"}] = &v;
          continue;
        }
        if (key == "bench")
          fail_at(k.source(), "{} key 'bench' is reserved: {{bench}} is always the benchmark's name", s);
        if (!placeholder_name(key))
          fail_at(k.source(),
                  "{} key {} cannot be a placeholder {{name}}: use letters, digits and '_', "
                  "starting with a letter or '_'",
                  s, quote_text(key));
        if (!sv) {
          std::string near = nearest(key, kBenchmarkKeys);
          fail_at(v,
                  "{} {} must be a string (extra benchmark keys are text substituted for "
                  "{{{}}}), got {}{}",
                  s, key, key, describe(v), near.empty() ? std::string() : fmt::format("; did you mean '{}'?", near));
        }
        b.vars[key] = **sv;
        value_nodes_[{b.name, key}] = &v;
        var_keys_.emplace_back(b.name, &k);
      }
      c.benchmarks.push_back(std::move(b));
    }
    if (std::all_of(c.benchmarks.begin(), c.benchmarks.end(), [](const BenchmarkConfig& b) { return b.held_out; }) &&
        !c.benchmarks.empty())
      fail_at(*first_benchmark_,
              "every [[benchmark]] has held_out = true: an attempt's agent would have nothing to measure; "
              "leave at least one benchmark visible");
  }

  // `targets = ["ours", "micro"]` (or one string). Whether each names a target is checked once
  // the targets are read (check_target_refs).
  void parse_benchmark_targets(const toml::table& t, BenchmarkConfig& b, const std::string& s) {
    const toml::node& n = *t.get("targets");
    std::vector<std::string> names = *strings(t, "targets", s);
    auto entry = [&](size_t i) -> const toml::node& { return n.is_array() ? *n.as_array()->get(i) : n; };
    if (names.empty())
      fail_at(n,
              "{} targets must name at least one target; leave it out to run the benchmark on "
              "every command target",
              s);
    for (size_t i = 0; i < names.size(); ++i) {
      if (std::find(names.begin(), names.begin() + static_cast<std::ptrdiff_t>(i), names[i]) !=
          names.begin() + static_cast<std::ptrdiff_t>(i))
        fail_at(entry(i), "{} targets names {} twice", s, quote_text(names[i]));
      target_refs_.push_back({b.name, names[i], &entry(i)});
    }
    b.targets = std::move(names);
  }

  // Every name in a benchmark's `targets` must be a [target.NAME].
  void check_target_refs(const std::vector<std::string>& names) const {
    for (const auto& ref : target_refs_) {
      if (std::find(names.begin(), names.end(), ref.target) != names.end()) continue;
      std::string near = nearest(ref.target, names);
      fail_at(*ref.node, "[[benchmark]] '{}' targets names {}, which is not a target{}; {}", ref.benchmark,
              quote_text(ref.target), near.empty() ? "" : fmt::format(" (did you mean '{}'?)", near),
              names.empty() ? std::string("the file defines no [target.NAME]") : "targets: " + join(names, ", "));
    }
  }

  void parse_targets(const toml::node& n, Config& c) {
    const toml::table* all = n.as_table();
    if (!all) fail_at(n, "target must be a table of named targets like [target.ours], got {}", describe(n));
    std::vector<std::pair<const toml::key*, const toml::table*>> order;
    for (auto&& [k, v] : *all) {
      auto t = v.as_table();
      if (!t) {
        bool target_key = std::find(kTargetKeys.begin(), kTargetKeys.end(), k.str()) != kTargetKeys.end();
        fail_at(k.source(),
                "'{}' in [target] is not a target{}: each target is its own table, like "
                "[target.ours] with command = \"...\"",
                k.str(), target_key ? " (the target needs a name)" : "");
      }
      order.emplace_back(&k, t);
    }
    // toml++ tables are unordered: recover file order from the source positions.
    std::sort(order.begin(), order.end(),
              [](const auto& a, const auto& b) { return before(a.second->source(), b.second->source()); });
    std::vector<std::string> names;
    for (auto& [k, t] : order) names.emplace_back(k->str());
    check_target_refs(names);
    for (auto& [k, t] : order) {
      c.targets.push_back(parse_target(*k, *t, c));
      target_nodes_.push_back(t);
    }
  }

  TargetConfig parse_target(const toml::key& k, const toml::table& t, const Config& c) {
    TargetConfig tc;
    tc.name = std::string(k.str());
    if (!valid_name(tc.name))
      fail_at(k.source(), "target name {} is not a valid name: use letters, digits, '_', '.' and '-' only",
              quote_text(tc.name));
    const std::string s = fmt::format("[target.{}]", tc.name);
    check_keys(t, kTargetKeys, s);
    auto cmd = str(t, "command", s);
    if (!cmd) fail_at(t, "{} needs a command (command = \"...\")", s);
    nonempty(t, "command", s, *cmd);
    tc.command = *cmd;
    if (auto v = str(t, "kind", s)) {
      if (std::find(kKinds.begin(), kKinds.end(), *v) == kKinds.end()) {
        std::string near = nearest(*v, kKinds);
        fail_at(*t.get("kind"), "{} kind must be one of {}, got {}{}", s, join(kKinds, ", "), quote_text(*v),
                near.empty() ? "" : fmt::format("; did you mean '{}'?", near));
      }
      tc.kind = *v;
    }
    if (auto v = boolean(t, "shell", s)) tc.shell = *v;
    if (auto v = str(t, "dir", s)) {
      nonempty(t, "dir", s, *v);
      fs::path p(*v);
      tc.dir = (p.is_absolute() ? p : c.root / p).lexically_normal().string();
      if (tc.dir.size() > 1 && tc.dir.back() == '/') tc.dir.pop_back();
    }
    if (auto n = t.get("env")) {
      auto env = n->as_table();
      if (!env) fail_at(*n, "{} env must be a table of strings like {{ NAME = \"value\" }}, got {}", s, describe(*n));
      for (auto&& [ek, ev] : *env) {
        if (ek.str().empty() || ek.str().find('=') != std::string::npos)
          fail_at(ek.source(), "{} env: {} is not a valid environment variable name", s, quote_text(ek.str()));
        auto sv = ev.as_string();
        if (!sv) fail_at(ev, "{} env.{} must be a string, got {}", s, ek.str(), describe(ev));
        // The environment is C strings: a NUL would cut the value short without a word.
        if (ek.str().find('\0') != std::string::npos)
          fail_at(ek.source(),
                  "{} env: {} is not a valid environment variable name (it holds a NUL "
                  "character)",
                  s, quote_text(ek.str()));
        if ((**sv).find('\0') != std::string::npos)
          fail_at(ev, "{} env.{} must not contain a NUL character (\\u0000), got {}", s, ek.str(), quote_text(**sv));
        tc.env[std::string(ek.str())] = **sv;
      }
    }
    if (auto v = str(t, "build", s)) tc.build = *v;
    check_words(t, "build", s);
    parse_kind_keys(t, tc, s);
    check_placeholders(*t.get("command"), tc, c);
    return tc;
  }

  // The keys that only one kind of target reads: an error on any other kind, so that a key
  // that would be ignored is never silently accepted.
  void parse_kind_keys(const toml::table& t, TargetConfig& tc, const std::string& s) const {
    auto only_for = [&](std::string_view key, std::string_view kind) {
      const toml::node* n = t.get(key);
      if (n && tc.kind != kind)
        fail_at(*n, "{} {} is only for kind = \"{}\" targets, and this target's kind is \"{}\"", s, key, kind, tc.kind);
    };
    only_for("pattern", "regex");
    only_for("unit", "regex");
    only_for("criterion_dir", "criterion");
    only_for("cpu_time", "google-benchmark");
    if (auto v = str(t, "pattern", s)) {
      if (std::string why = adapters::pattern_problem(*v); !why.empty())
        fail_at(*t.get("pattern"), "{} pattern {} {}", s, quote_text(*v), why);
      tc.pattern = *v;
    } else if (tc.kind == "regex") {
      fail_at(*t.get("kind"),
              "{} has kind = \"regex\" and needs a pattern: a regular expression over the "
              "command's output whose group (?<value>...) matches the number, e.g. "
              "pattern = 'time: (?<value>[0-9.]+) ms'",
              s);
    }
    if (auto v = str(t, "unit", s)) {
      if (v->find_first_of(" \t\r\n") != std::string::npos)
        fail_at(*t.get("unit"), "{} unit must be a unit name like \"ms\", got {}", s, quote_text(*v));
      tc.unit = *v;
    }
    if (auto v = str(t, "criterion_dir", s)) {
      nonempty(t, "criterion_dir", s, *v);
      tc.criterion_dir = *v;
    }
    if (auto v = boolean(t, "cpu_time", s)) tc.cpu_time = *v;
  }

  // Every {name} in a target's command must be known for every benchmark it runs (see
  // Config::runs_on), and the command must expand (quotes, braces, values) exactly as the
  // runner will expand it.
  void check_placeholders(const toml::node& where, const TargetConfig& tc, const Config& c) const {
    const std::string s = fmt::format("[target.{}]", tc.name);
    std::set<std::string> all = {"args", "bench"};
    for (const auto& b : c.benchmarks)
      for (const auto& [k, v] : b.vars) all.insert(k);
    std::vector<std::string> known(all.begin(), all.end());
    std::vector<const BenchmarkConfig*> runs;
    for (const auto& b : c.benchmarks)
      if (benchmark_runs_on(b, tc.name, tc.is_harness())) runs.push_back(&b);
    for (const auto& ph : placeholders(tc.command)) {
      // {harness} is a key of its own: known even before any benchmark sets it.
      if (!all.count(ph) && ph != "harness") {
        std::string near = nearest(ph, known);
        std::string known_list;
        for (const auto& k : known) known_list += (known_list.empty() ? "{" : ", {") + k + "}";
        fail_at(where, "{} command uses unknown placeholder {{{}}}{}; known: {}", s, ph,
                near.empty() ? "" : fmt::format(" (did you mean {{{}}}?)", near), known_list);
      }
      for (const BenchmarkConfig* b : runs)
        if (ph != "args" && ph != "bench" && !b->vars.count(ph))
          fail_at(where, "{} command uses placeholder {{{}}}, but benchmark '{}' does not set {}", s, ph, b->name, ph);
    }
    auto expand = [&](const std::map<std::string, std::string>& vars) {
      if (tc.shell)
        expand_shell_command(tc.command, vars);
      else
        expand_command(tc.command, vars);
    };
    if (runs.empty()) {
      // Runs no benchmark (yet): still check its quotes and braces.
      std::map<std::string, std::string> vars = {{"harness", ""}};
      for (const auto& k : known) vars[k] = "";
      try {
        expand(vars);
      } catch (const Error& e) {
        fail_at(where, "{} command: {}", s, e.what());
      }
    }
    for (const BenchmarkConfig* bp : runs) {
      const BenchmarkConfig& b = *bp;
      std::map<std::string, std::string> vars = b.vars;
      vars["args"] = b.args;
      vars["bench"] = b.name;
      try {
        expand(vars);
      } catch (const Error& e) {
        // A value that cannot be split into words is the benchmark's fault, not the command's.
        std::string_view msg = e.what();
        constexpr std::string_view kValue = "in the value of {";
        if (msg.starts_with(kValue)) {
          size_t close = msg.find('}', kValue.size());
          std::string name(msg.substr(kValue.size(), close - kValue.size()));
          auto it = value_nodes_.find({b.name, name});
          if (it != value_nodes_.end() && close != std::string_view::npos)
            fail_at(*it->second,
                    "[[benchmark]] '{}' {}: {} (the value replaces {{{}}} as whole "
                    "words in {} command)",
                    b.name, name, msg.substr(msg.find(": ") + 2), name, s);
        }
        fail_at(where, "{} command: {}", s, msg);
      }
    }
  }

  // A command run without placeholders (build, test): its quotes must close.
  void check_words(const toml::table& t, std::string_view key, const std::string& section) const {
    const toml::node* n = t.get(key);
    if (!n || !n->is_string()) return;
    std::string problem;
    try {
      problem = shell_syntax_problem(**n->as_string(), key);
    } catch (const Error& e) {
      fail_at(*n, "{} {}: {}", section, key, e.what());
    }
    if (!problem.empty()) fail_at(*n, "{} {}: {}", section, key, problem);
  }

  void parse_measure(const toml::table& t, MeasureConfig& m) {
    const std::string s = "[measure]";
    check_keys(t, kMeasureKeys, s);
    if (auto v = str(t, "metric", s)) {
      auto metric = parse_metric(*v);
      if (!metric) {
        std::string near = nearest(*v, kMetrics);
        fail_at(*t.get("metric"), "{} metric must be one of {}, got {}{}", s, join(kMetrics, ", "), quote_text(*v),
                near.empty() ? "" : fmt::format("; did you mean '{}'?", near));
      }
      m.metric = *metric;
    }
    const int64_t int_max = std::numeric_limits<int>::max();
    if (auto v = integer(t, "min_runs", s, 1, int_max)) m.min_runs = static_cast<int>(*v);
    if (auto v = integer(t, "max_runs", s, 1, int_max)) m.max_runs = static_cast<int>(*v);
    if (m.min_runs > m.max_runs) {
      const toml::node* n = t.get("min_runs") ? t.get("min_runs") : t.get("max_runs");
      fail_at(*n, "{} min_runs ({}) must not exceed max_runs ({})", s, m.min_runs, m.max_runs);
    }
    if (auto v = duration(t, "max_time", s)) {
      if (*v <= 0) fail_at(*t.get("max_time"), "{} max_time must be above zero", s);
      m.max_time = *v;
    }
    if (auto v = fraction(t, "precision", s, true)) m.precision = *v;
    if (auto v = integer(t, "warmup", s, 0, int_max)) m.warmup = static_cast<int>(*v);
    if (const toml::node* n = t.get("pin")) {
      std::string text;
      if (auto sv = n->as_string())
        text = **sv;
      else if (auto iv = n->as_integer(); iv && **iv >= 0)
        text = std::to_string(**iv);
      else
        fail_at(*n, "{} pin must be a CPU list string like \"0\", \"2-3\" or \"0,2,4-5\", got {}", s, describe(*n));
      try {
        parse_cpu_list(text);
      } catch (const Error& e) {
        fail_at(*n, "{} pin: {}", s, e.what());
      }
      m.pin = text;
    }
    if (auto v = duration(t, "timeout", s)) m.timeout = *v;
    if (auto v = fraction(t, "threshold", s, false)) m.threshold = *v;
    if (auto v = integer(t, "seed", s, 0)) m.seed = static_cast<uint64_t>(*v);
    if (auto v = boolean(t, "env_padding", s)) m.env_padding = *v;
    if (auto v = boolean(t, "duet", s)) m.duet = *v;
  }

  void parse_criteria(const toml::table& t, CriteriaConfig& cr) {
    const std::string s = "[criteria]";
    check_keys(t, kCriteriaKeys, s);
    if (auto v = strings(t, "done", s)) {
      const toml::node& n = *t.get("done");
      for (size_t i = 0; i < v->size(); ++i) {
        const toml::node& e = n.is_array() ? *n.as_array()->get(i) : n;
        if ((*v)[i].find_first_not_of(" \t") == std::string::npos) fail_at(e, "{} done[{}] must not be empty", s, i);
        // Checked now, not after an agent has run and a measurement finished: the column
        // points into the sentence (exact for a one-line string without escapes).
        try {
          criteria::parse((*v)[i]);
        } catch (const criteria::ParseError& pe) {
          toml::source_region r = e.source();
          r.begin.column += static_cast<toml::source_index>(pe.column());
          std::string pointer = "  " + pe.pointer();
          for (size_t at = pointer.find('\n'); at != std::string::npos; at = pointer.find('\n', at + 3))
            pointer.replace(at, 1, "\n  ");
          fail_at(r, "{} done[{}]: {}\n{}", s, i, pe.message(), pointer);
        }
      }
      cr.done = *v;
    }
    if (auto v = fraction(t, "regression", s, false)) cr.regression = *v;
  }

  void parse_agent(const toml::table& t, AgentConfig& a, const fs::path& root) {
    const std::string s = "[agent]";
    check_keys(t, kAgentKeys, s);
    const toml::node* preset = t.get("preset");
    const toml::node* flags = t.get("flags");
    // `command = ""` (the starter file's "no agent") gives way to a preset.
    const toml::node* cmd = t.get("command");
    if (preset && cmd && !(cmd->as_string() && cmd->as_string()->get().empty()))
      fail_at(*cmd,
              "{} command and preset are exclusive: the preset is its CLI's whole command line; to add to it "
              "(a model, say) use flags, or write the whole command and drop preset",
              s);
    if (flags && !preset)
      fail_at(*flags, "{} flags adds to a preset's command; without preset, write them into command", s);
    std::optional<std::string> command = str(t, "command", s);
    if (auto v = str(t, "preset", s)) {
      const AgentPreset* p = find_agent_preset(*v);
      if (!p) {
        std::vector<std::string> names;
        for (const AgentPreset& k : agent_presets()) names.push_back(k.name);
        std::string near = nearest(*v, names);
        // "claude" is the program of "claude-code": the name people type first.
        for (const AgentPreset& k : agent_presets())
          if (near.empty() && (k.program == *v || k.name.rfind(*v, 0) == 0)) near = k.name;
        fail_at(*preset, "{} preset {} is not one of {}{}", s, quote_text(*v), agent_preset_names(),
                near.empty() ? "" : fmt::format(" (did you mean \"{}\"?)", near));
      }
      std::string extra;
      if (flags) {
        if (auto w = flags->as_string()) {
          extra = **w;
        } else if (auto arr = flags->as_array()) {
          // An array holds whole words: each is quoted so that it stays one.
          for (size_t i = 0; i < arr->size(); ++i) {
            auto w = arr->get(i)->as_string();
            if (!w) fail_at(*arr->get(i), "{} flags[{}] must be a string, got {}", s, i, describe(*arr->get(i)));
            if (!extra.empty()) extra += ' ';
            extra += quote_word(**w);
          }
        } else {
          fail_at(*flags, "{} flags must be a string of flags or an array of words, got {}", s, describe(*flags));
        }
        try {
          expand_command(extra, {{"prompt", "p"}, {"report", "r"}, {"worktree", "w"}, {"hone_dir", "h"}});
        } catch (const Error& e) {
          fail_at(*flags, "{} flags: {}", s, e.what());
        }
      }
      a.preset = p->name;
      a.scratch = p->scratch;
      command = agent_preset_command(*p, extra);
    }
    if (command && (preset || !command->empty())) {
      const toml::node& where = preset ? *preset : *t.get("command");
      a.command = *command;
      for (const auto& ph : placeholders(*command))
        if (std::find(kAgentPlaceholders.begin(), kAgentPlaceholders.end(), ph) == kAgentPlaceholders.end()) {
          std::string near = nearest(ph, kAgentPlaceholders);
          fail_at(flags ? *flags : where,
                  "{} {} uses unknown placeholder {{{}}}{}; known: {{prompt}}, {{report}}, "
                  "{{worktree}}, {{hone_dir}}",
                  s, preset ? "flags" : "command", ph,
                  near.empty() ? "" : fmt::format(" (did you mean {{{}}}?)", near));
        }
      try {
        expand_command(*command, {{"prompt", "p"}, {"report", "r"}, {"worktree", "w"}, {"hone_dir", "h"}});
      } catch (const Error& e) {
        fail_at(where, "{} command: {}", s, e.what());
      }
    }
    if (auto v = duration(t, "timeout", s)) a.timeout = *v;
    if (auto v = strings(t, "context", s)) {
      // The prompt tells the agent to read these: nothing outside the project's repository.
      const toml::node& n = *t.get("context");
      const fs::path top = repository_top(root);
      for (size_t i = 0; i < v->size(); ++i) {
        const toml::node& e = n.is_array() ? *n.as_array()->get(i) : n;
        const std::string& f = (*v)[i];
        if (f.find_first_not_of(" \t") == std::string::npos) fail_at(e, "{} context[{}] must not be empty", s, i);
        if (f.find('\0') != std::string::npos || !inside(top, root / f))
          fail_at(e, "{} context {} lies outside {} ({}): the agent reads only files of the project", s, quote_text(f),
                  top.string(), fs::exists(top / ".git") ? "the repository" : "hone.toml's folder");
      }
      a.context = *v;
    }
    if (auto v = str(t, "template", s)) a.prompt_template = *v;
    if (auto v = strings(t, "protect", s)) a.protect = *v;
    if (const toml::node* n = t.get("max_file_size")) {
      std::optional<double> b;
      if (auto str_v = n->as_string())
        b = parse_bytes(**str_v);
      else if (auto i = n->as_integer())
        b = **i >= 0 ? std::optional<double>(static_cast<double>(**i)) : std::nullopt;
      if (!b || *b < 1 || *b > 1e18)
        fail_at(*n, "{} max_file_size must be a size like \"10MB\", \"500kB\" or a number of bytes, got {}", s,
                describe(*n));
      a.max_file_size = static_cast<uint64_t>(*b);
    }
  }

  void parse_layout(const toml::table& t, LayoutConfig& l) {
    const std::string s = "[layout]";
    check_keys(t, kLayoutKeys, s);
    layout_table_ = &t;
    auto v = strings(t, "variants", s);
    if (!v)
      fail_at(t,
              "{} needs variants: the values of {{layout}} in the build of ours, e.g. variants = "
              "[\"-DLAYOUT_PAD=0\", \"-DLAYOUT_PAD=16\", \"-DLAYOUT_PAD=32\", \"-DLAYOUT_PAD=48\"]",
              s);
    if (v->size() < 2)
      fail_at(*t.get("variants"),
              "{} variants needs at least 2 values (4 or more to tell a layout artifact "
              "from a gain), got {}",
              s, v->size());
    std::set<std::string> seen;
    for (size_t i = 0; i < v->size(); ++i)
      if (!seen.insert((*v)[i]).second)
        fail_at(*t.get("variants")->as_array()->get(i), "{} variants[{}] {} is given twice", s, i, quote_text((*v)[i]));
    l.variants = *v;
  }

  // {layout} belongs in the build of ours exactly when [layout] is declared; each variant must
  // expand into a valid command.
  void check_layout(const Config& c, const toml::table& root) const {
    const std::string& build = c.build_of(c.project.ours);
    const toml::node* build_node = nullptr;
    if (const TargetConfig* t = c.find_target(c.project.ours); t && !t->build.empty()) {
      for (size_t i = 0; i < c.targets.size(); ++i)
        if (c.targets[i].name == t->name) build_node = target_nodes_[i]->get("build");
    } else if (auto p = root.get("project"); p && p->is_table()) {
      build_node = p->as_table()->get("build");
    }
    auto ph = placeholders(build);
    bool uses = std::find(ph.begin(), ph.end(), "layout") != ph.end();
    if (!c.layout.declared()) {
      if (uses && build_node)
        fail_at(*build_node,
                "the build of {} uses {{layout}}, but there is no [layout] table giving its "
                "variants",
                c.project.ours);
      return;
    }
    const toml::node& at = layout_table_->get("variants") ? *layout_table_->get("variants") : *layout_table_;
    if (!uses)
      fail_at(at,
              "[layout] variants are given, but the build of {} ({}) does not use {{layout}}: put it "
              "where the variant goes, e.g. build = \"make CFLAGS='-O2 {{layout}}'\"",
              c.project.ours, build.empty() ? std::string("none") : quote_text(build));
    for (const std::string& v : c.layout.variants) {
      try {
        expand_command(build, {{"layout", v}});
      } catch (const Error& e) {
        fail_at(build_node ? *build_node : at, "the build of {} with {{layout}} = {}: {}", c.project.ours,
                quote_text(v), e.what());
      }
    }
  }

  void parse_git(const toml::table& t, GitConfig& g) {
    const std::string s = "[git]";
    check_keys(t, kGitKeys, s);
    if (auto v = str(t, "branch_prefix", s)) {
      if (std::string why = branch_prefix_problem(*v); !why.empty())
        fail_at(*t.get("branch_prefix"), "{} branch_prefix {} {}", s, quote_text(*v), why);
      g.branch_prefix = *v;
    }
  }

  void parse_machine(const toml::table& t, MachineConfig& m) {
    const std::string s = "[machine]";
    check_keys(t, kMachineKeys, s);
    if (auto v = str(t, "name", s)) {
      nonempty(t, "name", s, *v);
      m.name = *v;
    }
  }

  void parse_store(const toml::table& t, StoreConfig& st) {
    const std::string s = "[store]";
    check_keys(t, kStoreKeys, s);
    if (auto v = str(t, "url", s)) {
      if (v->rfind("postgresql://", 0) != 0 && v->rfind("postgres://", 0) != 0)
        fail_at(*t.get("url"),
                "{} url {} must be a PostgreSQL URL (postgresql://USER@HOST/DB); leave it out "
                "for the local store (.hone/hone.db)",
                s, quote_text(*v));
      st.url = *v;
    }
  }

  // Under the runs_on rule a benchmark or a harness target could silently run nothing: a
  // benchmark without `targets` when every target is a harness target, or a harness target
  // no benchmark names. Both are mistakes, reported where they can be fixed.
  void check_everything_runs(const Config& c) const {
    if (c.benchmarks.empty() || c.targets.empty()) return;
    for (size_t i = 0; i < c.benchmarks.size(); ++i) {
      const BenchmarkConfig& b = c.benchmarks[i];
      bool runs = false;
      for (const auto& t : c.targets) runs = runs || c.runs_on(b, t);
      if (runs) continue;
      // Only possible without `targets` (names are checked): every target is a harness.
      std::vector<std::string> names;
      for (const auto& t : c.targets) names.push_back("\"" + t.name + "\"");
      fail_at(*benchmark_nodes_[i],
              "[[benchmark]] '{}' runs on no target: without a targets key it runs on every "
              "command target, and there is none (harness targets run only the benchmarks that "
              "name them); add targets = [{}]",
              b.name, join(names, ", "));
    }
    for (size_t i = 0; i < c.targets.size(); ++i) {
      const TargetConfig& t = c.targets[i];
      bool runs = false;
      for (const auto& b : c.benchmarks) runs = runs || c.runs_on(b, t);
      if (runs) continue;
      if (t.is_harness())
        fail_at(*target_nodes_[i],
                "[target.{}] runs no benchmark: a {} target runs only the benchmarks that name "
                "it in targets; add targets = [\"{}\"] to the [[benchmark]] tables it should run",
                t.name, t.kind, t.name);
      fail_at(*target_nodes_[i],
              "[target.{}] runs no benchmark: every [[benchmark]] has a targets list without "
              "\"{}\"; add it to the targets of the benchmarks it should run",
              t.name, t.name);
    }
  }

  void cross_checks(Config& c) const {
    // An extra benchmark key that no target uses and that looks like 'args' is a typo, not a
    // variable: without this check `arg = "..."` would silently run every command without it.
    std::set<std::string> used;
    for (const auto& t : c.targets)
      for (const auto& ph : placeholders(t.command)) used.insert(ph);
    for (const auto& [bench, k] : var_keys_) {
      std::string key(k->str());
      if (used.count(key)) continue;
      std::string near = nearest(key, kBenchmarkKeys);
      if (!near.empty())
        fail_at(k->source(), "[[benchmark]] '{}' key '{}' is used by no target command; did you mean '{}'?", bench, key,
                near);
    }
    if (!c.benchmarks.empty() && c.targets.empty())
      fail_at(*first_benchmark_,
              "benchmarks need at least one target to run: add a [target.NAME] table with a "
              "command, e.g. [target.ours] command = \"./build/app {{args}}\"");
    check_everything_runs(c);
    if (ours_node_) {
      if (!c.targets.empty() && !c.find_target(c.project.ours)) {
        std::vector<std::string> names;
        for (const auto& t : c.targets) names.push_back(t.name);
        std::string near = nearest(c.project.ours, names);
        fail_at(*ours_node_, "[project] ours names target {}, which is not defined{}; targets: {}",
                quote_text(c.project.ours), near.empty() ? "" : fmt::format(" (did you mean '{}'?)", near),
                join(names, ", "));
      }
    } else if (!c.targets.empty() && !c.find_target("ours")) {
      c.project.ours = c.targets.front().name;
    }
  }

 private:
  const toml::table* layout_table_ = nullptr;
  const toml::node* ours_node_ = nullptr;
  const toml::node* first_benchmark_ = nullptr;
  std::vector<const toml::node*> benchmark_nodes_;  // each [[benchmark]] table, in file order
  std::vector<const toml::table*> target_nodes_;    // each [target.NAME] table, in file order
  // Each name in a benchmark's `targets`, with its node for error positions.
  struct TargetRef {
    std::string benchmark, target;
    const toml::node* node;
  };
  std::vector<TargetRef> target_refs_;
  // (benchmark name, key) -> the value's node, to point at a value that cannot be expanded.
  std::map<std::pair<std::string, std::string>, const toml::node*> value_nodes_;
  // Extra benchmark keys, in parse order, to catch a misspelt 'args' no command uses.
  std::vector<std::pair<std::string, const toml::key*>> var_keys_;
};

// How the file is named in messages: as given, or relative to the working directory when it
// lies below it.
std::string display_name(const fs::path& file) {
  if (file.empty()) return "hone.toml";
  if (file.is_relative()) return file.string();
  std::error_code ec;
  fs::path cwd = fs::current_path(ec);
  if (ec) return file.string();
  fs::path rel = file.lexically_proximate(cwd);
  if (!rel.empty() && rel.is_relative() && *rel.begin() != "..") return rel.string();
  return file.string();
}

}  // namespace

Config parse_config(const std::string& text, const fs::path& file) {
  Config c;
  std::error_code ec;
  fs::path abs = file.empty() ? fs::path("hone.toml") : file;
  abs = fs::absolute(abs, ec).lexically_normal();
  if (ec) abs = file;
  c.file = abs;
  c.root = abs.parent_path();
  const std::string display = display_name(file);

  toml::table root;
  try {
    root = toml::parse(std::string_view(text), std::string(display));
  } catch (const toml::parse_error& e) {
    std::string desc(e.description());
    if (!desc.empty()) desc[0] = static_cast<char>(std::tolower(static_cast<unsigned char>(desc[0])));
    const auto& b = e.source().begin;
    throw Error(fmt::format("{}:{}:{}: invalid TOML: {}", display, b.line, b.column, desc));
  }
  Parser p(display);
  p.parse(root, c);
  if (c.project.name.empty()) c.project.name = c.root.filename().string();
  Checkout where = checkout_of(c.root);
  c.home = where.home;
  c.worktree = where.worktree;
  if (!c.worktree.empty()) std::erase_if(c.benchmarks, [](const BenchmarkConfig& b) { return b.held_out; });
  if (c.project.name == c.worktree && c.home.has_filename()) c.project.name = c.home.filename().string();
  return c;
}

Checkout checkout_of(const fs::path& root) {
  fs::path r = root.lexically_normal();
  if (!r.has_filename()) r = r.parent_path();
  for (fs::path p = r; p.has_relative_path(); p = p.parent_path()) {
    fs::path list = p.parent_path();
    if (list.filename() == "worktrees" && list.parent_path().filename() == ".hone") {
      fs::path main = list.parent_path().parent_path();
      fs::path rel = r.lexically_relative(p);
      return {rel.empty() || rel == "." ? main : (main / rel).lexically_normal(), p.filename().string()};
    }
  }
  return {r, ""};
}

Config load_config(const fs::path& file) {
  // Bounded: `--config /dev/zero` is an error, not memory growing without end.
  return parse_config(read_file_bounded(file, kMaxConfigBytes, "hone.toml"), file);
}

std::optional<fs::path> find_config(const fs::path& dir) {
  std::error_code ec;
  fs::path d = fs::absolute(dir, ec).lexically_normal();
  if (ec) return std::nullopt;
  if (d.has_filename() == false && d != d.root_path()) d = d.parent_path();  // trailing slash
  for (;;) {
    fs::path candidate = d / "hone.toml";
    if (fs::exists(candidate, ec) && !fs::is_directory(candidate, ec)) return candidate;
    if (d == d.root_path() || d.parent_path() == d || d.empty()) return std::nullopt;
    d = d.parent_path();
  }
}

std::vector<int> parse_cpu_list(const std::string& text) {
  auto bad = [&](std::string_view why) -> std::vector<int> {
    fail(
        "bad CPU list {}: {}; expected CPU numbers and ranges like \"0\", \"2-3\" or "
        "\"0,2,4-5\"",
        quote_text(text), why);
  };
  constexpr long kMaxCpu = 1023;  // CPU_SETSIZE - 1
  std::set<int> cpus;
  if (text.find_first_not_of(" \t") == std::string::npos) return {};
  size_t pos = 0;
  auto skip_blanks = [&] {
    while (pos < text.size() && (text[pos] == ' ' || text[pos] == '\t')) ++pos;
  };
  auto number = [&]() -> long {
    skip_blanks();
    size_t start = pos;
    while (pos < text.size() && std::isdigit(static_cast<unsigned char>(text[pos]))) ++pos;
    if (start == pos) {
      if (pos >= text.size()) bad("a number is missing at the end");
      bad(fmt::format("'{}' at column {} is not a CPU number", text[pos], pos + 1));
    }
    if (pos - start > 6) bad(fmt::format("CPU {} is too large", text.substr(start, pos - start)));
    long v = std::stol(text.substr(start, pos - start));
    if (v > kMaxCpu) bad(fmt::format("CPU {} is too large (at most {})", v, kMaxCpu));
    skip_blanks();
    return v;
  };
  for (;;) {
    long lo = number(), hi = lo;
    if (pos < text.size() && text[pos] == '-') {
      ++pos;
      hi = number();
      if (hi < lo) bad(fmt::format("range {}-{} runs backwards", lo, hi));
    }
    for (long c = lo; c <= hi; ++c) cpus.insert(static_cast<int>(c));
    if (pos == text.size()) break;
    if (text[pos] != ',') bad(fmt::format("'{}' at column {} is not a CPU number", text[pos], pos + 1));
    ++pos;
  }
  return {cpus.begin(), cpus.end()};
}

}  // namespace hone
