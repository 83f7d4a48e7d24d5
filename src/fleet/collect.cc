#include "fleet/collect.h"

#include <fmt/format.h>

#include <algorithm>
#include <map>
#include <optional>

#include "fleet/machine_id.h"
#include "report/criteria_data.h"
#include "report/stored.h"
#include "util/error.h"

namespace hone::fleet {

namespace {

// "2 h 5 min", "7 min 3 s", "40 s".
std::string describe_seconds(double seconds) {
  const auto t = static_cast<long long>(seconds);
  if (t >= 3600) return fmt::format("{} h {} min", t / 3600, t % 3600 / 60);
  if (t >= 60) return fmt::format("{} min {} s", t / 60, t % 60);
  return fmt::format("{} s", t);
}

}  // namespace

FleetState wait_for_fleet(Store& store, const WaitOptions& o, const std::atomic<bool>* stop,
                          const std::function<double()>& now, const std::function<void(double)>& sleep) {
  double start = now();
  while (true) {
    FleetState f = fleet_state(store, o.fleet, o.count);
    std::vector<int> dead = f.with_state("failed"), stopped = f.with_state("interrupted");
    dead.insert(dead.end(), stopped.begin(), stopped.end());
    std::sort(dead.begin(), dead.end());
    if (!dead.empty()) {
      std::string why;
      for (int k : dead) {
        const ShardState& s = f.shards[k - 1];
        why += fmt::format("\n  shard {}/{}: {} (run {} on {}){}", k, f.count, s.state, s.run_id, s.machine,
                           s.note.empty() ? "" : ": " + s.note);
      }
      fail("fleet {}: {} shard{} died:{}\nre-run {} alone ({}), then collect again", o.fleet, dead.size(),
           dead.size() == 1 ? "" : "s", why, dead.size() == 1 ? "it" : "them", rerun_hint(f, o.fleet, dead));
    }
    if (o.silent_after > 0) {
      std::vector<int> silent;
      std::string why;
      const double wall = o.wall_clock();
      for (int k : f.with_state("running")) {
        const ShardState& s = f.shards[k - 1];
        std::optional<double> beat = parse_utc_timestamp(s.heartbeat.empty() ? s.started : s.heartbeat);
        if (!beat || wall - *beat < o.silent_after) continue;
        silent.push_back(k);
        why += fmt::format("\n  shard {}/{}: run {} on {}, started {}, silent since {} ({})", k, f.count, s.run_id,
                           s.machine, s.started, s.heartbeat.empty() ? s.started : s.heartbeat,
                           describe_seconds(wall - *beat));
      }
      if (!silent.empty())
        fail(
            "fleet {}: {} running shard{} silent for {} or more (no round written, no job started): {} machine "
            "or job is taken for gone:{}\nre-run {} alone ({}), then collect again; if a single run of a "
            "benchmark takes longer than that, collect with a larger --silent-after",
            o.fleet, silent.size(), silent.size() == 1 ? "" : "s", o.silent_text, silent.size() == 1 ? "its" : "their",
            why, silent.size() == 1 ? "it" : "them", rerun_hint(f, o.fleet, silent));
    }
    if (f.all_complete()) return f;
    if (now() - start >= o.timeout || (stop != nullptr && stop->load())) {
      if (f.count == 0)
        fail("fleet {}: no shard recorded a run in {} after {}: did the jobs start, with this store?", o.fleet,
             o.store_name, o.timeout_text);
      std::vector<int> missing = f.with_state("missing"), running = f.with_state("running");
      // A running shard may be measuring still, or its job may have died without a word (a node
      // lost, a pod evicted): say since when and where, and how to re-run it if so.
      std::string still;
      for (int k : running) {
        const ShardState& s = f.shards[k - 1];
        still +=
            fmt::format("\n  shard {}/{}: running since {} on {} (run {})", k, f.count, s.started, s.machine, s.run_id);
      }
      if (missing.empty())
        fail(
            "fleet {}: after {}, shard{} {} of {} still running:{}\ncollect again later; if {} job died, re-run {} "
            "alone ({})",
            o.fleet, o.timeout_text, running.size() == 1 ? "" : "s", fmt::join(running, ", "), f.count, still,
            running.size() == 1 ? "its" : "a", running.size() == 1 ? "it" : "that shard",
            rerun_hint(f, o.fleet, running));
      fail("fleet {}: after {}, shard{} {} of {} never recorded a run; re-run {} alone ({}), then collect again{}",
           o.fleet, o.timeout_text, missing.size() == 1 ? "" : "s", fmt::join(missing, ", "), f.count,
           missing.size() == 1 ? "it" : "them", rerun_hint(f, o.fleet, missing),
           running.empty() ? "" : "\nstill running:" + still);
    }
    sleep(o.poll);
  }
}

namespace {

struct Measured {
  int64_t run = 0;
  nlohmann::json machine;
  std::string what;  // "shard 2/3 (run 7)"
};

// Which run measured each benchmark (ours' series) among `runs`, and those series.
std::map<std::string, Measured> measured_by(Store& store, const std::vector<int64_t>& runs, Metric metric,
                                            const std::string& ours, const std::string& label, const std::string& what,
                                            std::vector<Series>* series) {
  std::map<std::string, Measured> out;
  for (int64_t id : runs) {
    std::optional<RunRecord> r = store.get_run(id);
    if (!r) fail("no run {} in the store (see `hone runs`)", id);
    std::string desc = fmt::format("run {}", id);
    if (auto sh = r->settings.find("shard"); sh != r->settings.end() && sh->is_object())
      desc = fmt::format("{} shard {}/{} (run {})", what, sh->value("index", 0), sh->value("count", 0), id);
    else if (!what.empty())
      desc = fmt::format("{} (run {})", what, id);
    for (Series& s : target_series(store, id, metric, ours, label)) {
      out[s.benchmark] = Measured{id, r->machine, desc};
      series->push_back(std::move(s));
    }
  }
  return out;
}

}  // namespace

FleetJudgement judge_fleet(Store& store, const FleetState& f, const std::string& fleet, const std::string& ours,
                           const std::vector<std::string>& done, const std::string& config_file,
                           const BaselineOptions& b) {
  FleetJudgement j;
  j.analysis = analyze_runs(store, f.complete_runs);
  j.analysis.notes.push_back(
      fmt::format("fleet {}: {} shards, runs {}; each benchmark measured on one machine, its "
                  "targets interleaved there",
                  fleet, f.count, fmt::join(f.complete_runs, ", ")));
  std::vector<criteria::Clause> clauses;
  for (size_t i = 0; i < done.size(); ++i) {
    try {
      clauses.push_back(criteria::parse(done[i]));
    } catch (const criteria::ParseError& e) {
      fail("{}: [criteria] done[{}]: column {}: {}", config_file, i, e.column(), e.message());
    }
  }
  criteria::Data d = criteria_data(j.analysis, ours);
  std::string no_baseline;  // why `vs baseline` has no numbers
  if (std::any_of(clauses.begin(), clauses.end(),
                  [](const criteria::Clause& c) { return c.reference == "baseline"; })) {
    std::vector<int64_t> base_runs;
    if (!b.fleet.empty()) {
      FleetState bf = fleet_state(store, b.fleet);
      if (bf.count == 0) fail("--baseline-fleet {}: no shard of that fleet is in the store", b.fleet);
      if (!bf.all_complete()) {
        std::vector<int> incomplete;
        for (const ShardState& s : bf.shards)
          if (s.state != "complete") incomplete.push_back(s.index);
        fail("--baseline-fleet {}: shard{} {} of {} not complete: collect that fleet first", b.fleet,
             incomplete.size() == 1 ? "" : "s", fmt::join(incomplete, ", "), bf.count);
      }
      base_runs = bf.complete_runs;
      j.baseline = fmt::format("fleet {} (runs {})", b.fleet, fmt::join(base_runs, ", "));
    } else if (std::optional<int64_t> id = store.baseline(b.name)) {
      base_runs = {*id};
      j.baseline = fmt::format("baseline '{}' (run {})", b.name, *id);
    } else {
      no_baseline = fmt::format(
          "no baseline '{}' recorded: give a baseline fleet (--baseline-fleet NAME) or record one with `hone "
          "baseline`",
          b.name);
    }
    if (!base_runs.empty()) {
      std::vector<Series> now, base;
      std::map<std::string, Measured> now_by =
          measured_by(store, f.complete_runs, j.analysis.metric, ours, ours, "fleet " + fleet, &now);
      std::map<std::string, Measured> base_by =
          measured_by(store, base_runs, j.analysis.metric, ours, "baseline",
                      b.fleet.empty() ? fmt::format("baseline '{}'", b.name) : "baseline fleet " + b.fleet, &base);
      std::vector<Series> series;
      for (Series& s : base)
        if (now_by.count(s.benchmark)) series.push_back(std::move(s));
      for (Series& s : now) series.push_back(std::move(s));
      std::vector<std::string> unmatched;
      for (const auto& [bench, m] : now_by) {
        auto it = base_by.find(bench);
        if (it == base_by.end()) {
          unmatched.push_back(bench);
          continue;
        }
        std::string note = require_same_machine(it->second.machine, it->second.what, m.machine, m.what, b.any_machine);
        if (!note.empty() && std::find(j.notes.begin(), j.notes.end(), note) == j.notes.end()) j.notes.push_back(note);
      }
      if (!unmatched.empty())
        j.notes.push_back(fmt::format("{} has no numbers of ours for {}: `vs baseline` judged without {}", j.baseline,
                                      fmt::join(unmatched, ", "), unmatched.size() == 1 ? "it" : "them"));
      // Separate runs: never paired (target_series leaves the rounds out).
      if (!series.empty()) set_vs_baseline(d, analyze(series, options_of(j.analysis)), "baseline", ours);
    }
  }
  for (size_t i = 0; i < clauses.size(); ++i) {
    criteria::Result r;
    try {
      if (clauses[i].reference == "baseline" && !no_baseline.empty()) fail("{}", no_baseline);
      r = criteria::evaluate(clauses[i], d);
    } catch (const Error& e) {
      r.text = done[i];
      r.status = criteria::Status::unsure;
      r.summary = e.what();
    }
    j.met = j.met && r.status == criteria::Status::met;
    j.results.push_back(r);
  }
  return j;
}

}  // namespace hone::fleet
