// hone compare: ad hoc commands, configured targets, or two stored runs.
#include <fmt/format.h>

#include <algorithm>
#include <set>

#include "cli/commands.h"
#include "fleet/machine_id.h"
#include "project/revisions.h"
#include "project/session.h"
#include "util/error.h"
#include "util/words.h"

namespace hone::cli {

namespace {

bool is_run_id(const std::string& s) {
  return !s.empty() && s.size() < 18 && std::all_of(s.begin(), s.end(), ::isdigit);
}

// Two stored runs: every benchmark both recorded for one target, the first run as baseline.
// Different runs share no rounds, so the comparison is unpaired.
Exit compare_runs(const GlobalOptions& g, int64_t a, int64_t b, const std::vector<std::string>& targets,
                  bool any_machine) {
  std::optional<Config> cfg = load_project(g, false);
  Store store = open_store(cfg);
  std::optional<RunRecord> ra = store.get_run(a), rb = store.get_run(b);
  if (!ra) fail("no run {} in {} (see `hone runs`)", a, store_path(cfg).string());
  if (!rb) fail("no run {} in {} (see `hone runs`)", b, store_path(cfg).string());
  std::string machine_note = fleet::require_same_machine(ra->machine, fmt::format("run {}", a), rb->machine,
                                                         fmt::format("run {}", b), any_machine);
  Analysis first = analyze_run(store, a);
  Analysis second = analyze_run(store, b);
  if (first.metric != second.metric)
    fail("run {} measured {} but run {} measured {}: compare runs of the same metric", a, metric_name(first.metric), b,
         metric_name(second.metric));
  std::string target;
  if (!targets.empty()) {
    target = targets.front();
  } else if (cfg && std::count(first.targets.begin(), first.targets.end(), cfg->project.ours) &&
             std::count(second.targets.begin(), second.targets.end(), cfg->project.ours)) {
    target = cfg->project.ours;
  } else {
    for (const std::string& t : first.targets)
      if (std::count(second.targets.begin(), second.targets.end(), t)) {
        target = t;
        break;
      }
  }
  if (target.empty() || !std::count(first.targets.begin(), first.targets.end(), target) ||
      !std::count(second.targets.begin(), second.targets.end(), target))
    fail("runs {} and {} have no target{} in common", a, b, target.empty() ? "" : fmt::format(" '{}'", target));
  std::vector<Series> series = target_series(store, a, first.metric, target, fmt::format("{}@run{}", target, a));
  std::vector<Series> later = target_series(store, b, first.metric, target, fmt::format("{}@run{}", target, b));
  series.insert(series.end(), later.begin(), later.end());
  AnalyzeOptions o = options_of(second);
  o.metric = first.metric;
  o.deterministic = first.deterministic && second.deterministic;
  Analysis an = analyze(series, o);
  an.notes.push_back(
      fmt::format("run {} against run {}: separate runs are not interleaved, so "
                  "machine drift between them is not cancelled",
                  b, a));
  if (!machine_note.empty()) an.notes.push_back(machine_note);
  std::string load =
      fleet::load_difference(ra->machine, fmt::format("run {}", a), rb->machine, fmt::format("run {}", b));
  if (!load.empty()) {
    fmt::print(stderr, "hone: {}\n", load);
    an.notes.push_back(load);
  }
  print_analysis(an, g);
  return Exit::ok;
}

}  // namespace

Action setup_compare(CLI::App& sub, const GlobalOptions& g) {
  struct State {
    std::vector<std::string> positional, targets, benches, names;
    bool shell = false;
    bool any_machine = false;
    MeasureFlags flags;
  };
  auto st = std::make_shared<State>();
  sub.add_option("commands", st->positional, "Commands to compare (the first is the baseline), or two run ids");
  sub.add_option("--target", st->targets, "A configured target (repeat: the first is the baseline)");
  sub.add_option("--bench", st->benches, "With --target: only these benchmarks (repeatable)");
  sub.add_option("--name", st->names, "Names for the ad hoc commands, in order (repeatable)");
  sub.add_flag("--shell", st->shell, "Run ad hoc commands through /bin/sh -c");
  sub.add_flag("--any-machine", st->any_machine,
               "Two stored runs: compare them even when measured on different machines");
  add_measure_flags(sub, st->flags);
  return [st, &g]() -> Exit {
    SessionRequest req;
    req.kind = "compare";
    req.fixed_runs = st->flags.runs > 0;
    std::optional<Config> cfg;
    if (st->positional.size() == 2 && is_run_id(st->positional[0]) && is_run_id(st->positional[1]))
      return compare_runs(g, std::stoll(st->positional[0]), std::stoll(st->positional[1]), st->targets,
                          st->any_machine);
    std::optional<Config> project;
    if (!st->positional.empty()) project = load_project(g, false);
    if (project && st->positional.size() >= 2 && all_revisions(*project, st->positional)) {
      // Revisions of our own code: a worktree and a build per revision, one interleaved run.
      cfg = std::move(project);
      if (st->targets.size() > 1) fail("comparing revisions measures one target; give at most one --target");
      std::string target = st->targets.empty() ? cfg->project.ours : st->targets.front();
      req.config = &*cfg;
      req.measure = apply_flags(cfg->measure, st->flags);
      std::vector<std::string> benches = st->benches.empty() ? all_benchmarks(*cfg) : st->benches;
      std::vector<Revision> revs = prepare_revisions(*cfg, st->positional, target);
      req.jobs = revision_jobs(*cfg, revs, benches, target);
      req.label = fmt::format("{}: {}", target, fmt::join(st->positional, " vs "));
    } else if (!st->targets.empty()) {
      if (!st->positional.empty()) fail("give either --target names or commands, not both");
      if (st->targets.size() < 2) fail("--target needs at least two targets to compare");
      cfg = load_project(g, true);
      req.config = &*cfg;
      req.measure = apply_flags(cfg->measure, st->flags);
      std::vector<std::string> benches = st->benches.empty() ? all_benchmarks(*cfg) : st->benches;
      if (benches.empty()) fail("{} has no [[benchmark]] to run the targets on", cfg->file.string());
      req.jobs = configured_jobs(*cfg, benches, st->targets);
      req.label = fmt::format("{}", fmt::join(st->targets, " vs "));
    } else {
      if (st->positional.size() < 2)
        fail(
            "compare needs at least two commands (hone compare -- 'CMD A' 'CMD B'), two "
            "--target names, or two run ids");
      if (!st->names.empty() && st->names.size() != st->positional.size())
        fail("{} --name given for {} commands: name all of them or none", st->names.size(), st->positional.size());
      cfg = std::move(project);
      req.measure = apply_flags(MeasureConfig{}, st->flags);
      std::set<std::string> used;
      for (size_t i = 0; i < st->positional.size(); ++i) {
        const std::string& text = st->positional[i];
        Job job{"command", unique_name(used, st->names.empty() ? text : st->names[i]), {}};
        try {
          job.cmd.argv = st->shell ? std::vector<std::string>{"/bin/sh", "-c", text} : split_words(text);
        } catch (const Error& e) {
          fail("command {} `{}`: {}", i + 1, text, e.what());
        }
        if (job.cmd.argv.empty()) fail("command {} is empty", i + 1);
        job.cmd.display = text;
        req.jobs.push_back(std::move(job));
      }
      req.label = fmt::format("{}", fmt::join(st->positional, " vs "));
    }
    Store store = open_recording_store(cfg);
    SessionResult r = run_session(store, req);
    print_analysis(r.analysis, g);
    return r.interrupted ? Exit::interrupted : Exit::ok;
  };
}

}  // namespace hone::cli
