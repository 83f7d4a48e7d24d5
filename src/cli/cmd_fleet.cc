// hone fleet slurm: the job script of a sharded suite; hone fleet collect: wait for its shards
// in the shared store and judge the whole suite.
#include <fmt/format.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <thread>

#include "cli/commands.h"
#include "criteria/criteria_json.h"
#include "fleet/collect.h"
#include "fleet/fleet.h"
#include "fleet/job_file.h"
#include "util/clock.h"
#include "util/error.h"
#include "util/files.h"
#include "util/interrupt.h"
#include "util/units.h"

namespace hone::cli {

namespace {

std::string self_path() {
  std::error_code ec;
  std::filesystem::path p = std::filesystem::read_symlink("/proc/self/exe", ec);
  return ec ? std::string("hone") : p.string();
}

}  // namespace

Action setup_fleet(CLI::App& sub, const GlobalOptions& g) {
  struct State {
    std::string which, output, fleet, partition, time_limit, timeout = "30m", poll = "2s", silent_after = "10m";
    int shards = 0;
    std::vector<std::string> bench_args;
    fleet::K8sOptions k8s;
    fleet::GithubOptions github;
    fleet::BaselineOptions baseline;
  };
  auto st = std::make_shared<State>();
  sub.require_subcommand(1);
  CLI::App* slurm = sub.add_subcommand("slurm", "Write a Slurm job-array script: one exclusive node per shard");
  slurm->add_option("--shards", st->shards, "N: how many machines (array tasks) share the suite")->required();
  slurm->add_option("-o,--output", st->output, "Write the script here (default: stdout)");
  slurm->add_option("--fleet", st->fleet, "The suite's name in the store (default: PROJECT-TIME)");
  slurm->add_option("--partition", st->partition, "Slurm partition (default: the cluster's)");
  slurm->add_option("--time", st->time_limit, "Slurm time limit per shard, e.g. 1:00:00");
  slurm->add_option("bench_args", st->bench_args, "More `hone bench` arguments, after --");
  CLI::App* k8s = sub.add_subcommand("k8s", "Write a Kubernetes Indexed Job manifest: one pod per node per shard");
  k8s->add_option("--shards", st->shards, "N: how many machines (completions) share the suite")->required();
  k8s->add_option("--image", st->k8s.image, "The container image, with hone and the project in it")->required();
  k8s->add_option("-o,--output", st->output, "Write the manifest here (default: stdout)");
  k8s->add_option("--fleet", st->fleet, "The suite's name in the store (default: PROJECT-TIME)");
  k8s->add_option("--namespace", st->k8s.namespace_name, "The Job's namespace (default: kubectl's)");
  k8s->add_option("--store-secret", st->k8s.store_secret, "The Secret holding the store URL (default hone-store)");
  k8s->add_option("--store-key", st->k8s.store_key, "Its key (default url)");
  k8s->add_option("--workdir", st->k8s.workdir, "The project's folder in the image (default: its WORKDIR)");
  k8s->add_option("--hone", st->k8s.hone, "hone in the image (default: hone, on its PATH)");
  k8s->add_option("--node-selector", st->k8s.node_selector, "KEY=VALUE: only nodes with this label (repeatable)");
  k8s->add_option("--rerun", st->k8s.rerun, "Re-run these shards alone, a Job each (same --fleet)")->delimiter(',');
  k8s->add_option("bench_args", st->bench_args, "More `hone bench` arguments, after --");
  CLI::App* github = sub.add_subcommand(
      "github", "Write a GitHub Actions workflow: a matrix of shards, one runner each, then collect");
  github->add_option("--shards", st->shards, "N: how many runners share the suite")->required();
  github->add_option("-o,--output", st->output, "Write the workflow here (default: stdout)");
  github->add_option("--fleet", st->fleet, "The suite's name in the store (default: PROJECT-${{ github.run_id }})");
  github->add_option("--runs-on", st->github.runs_on, "A runner label (repeatable; default self-hosted)");
  github->add_option("--store-secret", st->github.store_secret,
                     "The repository secret holding the store URL (default HONE_STORE)");
  github->add_option("--hone", st->github.hone, "hone on the runners (default: hone, on their PATH)");
  github->add_option(
      "--collect-timeout", st->github.collect_timeout,
      "How long collect waits for the shards' records (default 1m: it runs once every shard job has ended)");
  github->add_option("bench_args", st->bench_args, "More `hone bench` arguments, after --");
  CLI::App* collect = sub.add_subcommand("collect", "Wait for a fleet's shards in the store, then judge the suite");
  collect->add_option("--fleet", st->fleet, "The suite's name (HONE_FLEET of its jobs)")->required();
  collect->add_option("--shards", st->shards, "N (default: what the shards recorded)");
  collect->add_option("--timeout", st->timeout, "Give up waiting after this long (default 30m)");
  collect->add_option("--poll", st->poll, "How often to look (default 2s)");
  collect->add_option("--silent-after", st->silent_after,
                      "Take a running shard whose run gave no sign of life for this long for dead (default 10m; 0: "
                      "never)");
  collect->add_option("--baseline", st->baseline.name, "`vs baseline` against this stored baseline (default: default)");
  collect->add_option("--baseline-fleet", st->baseline.fleet,
                      "`vs baseline` against this earlier fleet: each benchmark against its measurement there");
  collect->add_flag("--any-machine", st->baseline.any_machine,
                    "Compare with a baseline measured on other machines (and say so)");
  for (CLI::App* s : {slurm, k8s, github, collect}) s->callback([st, s] { st->which = s->get_name(); });

  return [st, &g]() -> Exit {
    std::optional<Config> cfg = load_project(g, true);
    if (st->which != "collect") {
      fleet::JobFileRequest r;
      r.engine = st->which;
      r.config_file = cfg->file.string();
      r.project = cfg->project.name;
      r.home = cfg->home.string();
      r.benchmarks = cfg->benchmarks.size();
      r.shared_store = shared_store(cfg);
      r.hone = self_path();
      r.now_utc = utc_timestamp();
      r.shards = st->shards;
      r.fleet = st->fleet;
      r.bench_args = st->bench_args;
      r.partition = st->partition;
      r.time_limit = st->time_limit;
      r.k8s = st->k8s;
      r.github = st->github;
      fleet::JobFile j = fleet::job_file(r);
      if (st->output.empty()) {
        fmt::print("{}", j.text);
        return Exit::ok;
      }
      if (!j.log_dir.empty()) std::filesystem::create_directories(j.log_dir);
      write_file_checked(st->output, j.text);
      if (j.executable)
        std::filesystem::permissions(st->output, std::filesystem::perms::owner_exec,
                                     std::filesystem::perm_options::add);
      fmt::print(stderr, "hone: wrote {} ({}); {}\n", st->output, j.what, fleet::next_step(st->which, st->output, j));
      return Exit::ok;
    }
    // collect
    std::optional<double> timeout = parse_duration(st->timeout), poll = parse_duration(st->poll);
    if (!timeout || *timeout < 0) fail("--timeout '{}': expected a duration such as 30m", st->timeout);
    if (!poll || *poll <= 0) fail("--poll '{}': expected a duration such as 2s", st->poll);
    Store store = open_store(cfg);
    interrupt::Scope scope;
    std::optional<double> silent = parse_duration(st->silent_after);
    if (!silent || *silent < 0) fail("--silent-after '{}': expected a duration such as 10m, or 0", st->silent_after);
    fleet::WaitOptions w{st->fleet, st->shards, *timeout, *poll, st->timeout, store_path(cfg).string()};
    w.silent_after = *silent;
    w.silent_text = st->silent_after;
    auto start = std::chrono::steady_clock::now();
    fleet::FleetState f = fleet::wait_for_fleet(
        store, w, &interrupt::flag(),
        [start] { return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count(); },
        [](double s) { std::this_thread::sleep_for(std::chrono::duration<double>(s)); });
    fleet::FleetJudgement jd = fleet::judge_fleet(store, f, st->fleet, cfg->project.ours, cfg->criteria.done,
                                                  cfg->file.string(), st->baseline);
    const Analysis& a = jd.analysis;
    const std::vector<criteria::Result>& results = jd.results;
    bool all_met = jd.met;
    if (g.format == "json") {
      nlohmann::json j = render_json(a);
      nlohmann::json shards = nlohmann::json::array();
      for (const fleet::ShardState& s : f.shards)
        shards.push_back({{"index", s.index}, {"run_id", s.run_id}, {"machine", s.machine}, {"state", s.state}});
      j["fleet"] = {{"name", st->fleet},
                    {"shards", shards},
                    {"met", all_met},
                    {"baseline", jd.baseline},
                    {"notes", jd.notes},
                    {"criteria", criteria::results_json(f.complete_runs.front(), std::string(metric_name(a.metric)),
                                                        results)["clauses"]}};
      fmt::print("{}\n", j.dump(2));
    } else {
      fmt::print("fleet {}: {} shards complete\n", st->fleet, f.count);
      for (const fleet::ShardState& s : f.shards)
        fmt::print("  shard {}/{}: run {} on {}\n", s.index, f.count, s.run_id, s.machine);
      fmt::print("\n");
      print_analysis(a, g);
      if (!results.empty()) {
        fmt::print("\ndone criteria, judged on the whole suite{}:\n",
                   jd.baseline.empty() ? "" : ", vs baseline: " + jd.baseline);
        for (const criteria::Result& r : results) {
          fmt::print("  {}\n", criteria::result_line(r));
          if (r.status != criteria::Status::met)
            for (const std::string& l : r.lines) fmt::print("      {}\n", l);
        }
        for (const std::string& n : jd.notes) fmt::print("note: {}\n", n);
        fmt::print("{}\n", all_met ? "all criteria met" : "criteria not met");
      }
    }
    return all_met ? Exit::ok : Exit::no;
  };
}

}  // namespace hone::cli
