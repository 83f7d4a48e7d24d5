#include "fleet/fleet.h"

#include <fmt/format.h>

#include <cctype>

#include "util/error.h"

namespace hone::fleet {

std::string default_fleet_name(const std::string& project, const std::string& utc_timestamp) {
  std::string stamp;
  for (char c : utc_timestamp)
    if (c != '-' && c != ':' && c != 'Z') stamp += c;
  std::string name;
  for (char c : project.empty() ? std::string("hone") : project)
    name += std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '_' ? c : '-';
  return name + "-" + stamp;
}

std::string shell_quote(const std::string& w) {
  if (!w.empty() && w.find_first_not_of("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_-./=:@%+,") ==
                        std::string::npos)
    return w;
  std::string out = "'";
  for (char c : w) out += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return out + "'";
}

std::string slurm_script(const JobOptions& o) {
  if (o.shards < 1) fail("--shards {}: a fleet needs at least one shard", o.shards);
  std::string s = "#!/bin/bash\n";
  s += fmt::format("# Written by `hone fleet slurm`: {} shards of the suite of {}, one exclusive node each,\n",
                   o.shards, o.config);
  s += "# recorded in the shared store as fleet " + o.fleet + ". Submit: sbatch THIS_FILE.\n";
  s += "# Re-run one shard alone (after a failure): sbatch --array=K THIS_FILE.\n";
  s += "# Then: hone fleet collect --fleet " + o.fleet + "\n";
  s += fmt::format("#SBATCH --job-name=hone-{}\n", o.project.empty() ? "suite" : o.project);
  s += fmt::format("#SBATCH --array=1-{}\n", o.shards);
  s += "#SBATCH --nodes=1\n#SBATCH --ntasks=1\n#SBATCH --exclusive\n";
  if (!o.partition.empty()) s += "#SBATCH --partition=" + o.partition + "\n";
  if (!o.time_limit.empty()) s += "#SBATCH --time=" + o.time_limit + "\n";
  if (!o.log_dir.empty()) s += "#SBATCH --output=" + o.log_dir + "/hone-%A_%a.out\n";
  s += "set -euo pipefail\n";
  s += fmt::format("export HONE_SHARD_COUNT={}\n", o.shards);
  s += "export HONE_FLEET=" + shell_quote(o.fleet) + "\n";
  std::string cmd = shell_quote(o.hone) + " --config " + shell_quote(o.config) + " bench --shard auto";
  for (const std::string& w : o.bench_args) cmd += " " + shell_quote(w);
  s += "exec " + cmd + "\n";
  return s;
}

bool FleetState::all_complete() const {
  if (count == 0) return false;
  for (const ShardState& s : shards)
    if (s.state != "complete") return false;
  return true;
}

std::vector<int> FleetState::with_state(const std::string& state) const {
  std::vector<int> out;
  for (const ShardState& s : shards)
    if (s.state == state) out.push_back(s.index);
  return out;
}

FleetState fleet_state(Store& store, const std::string& fleet, int count) {
  FleetState f;
  f.count = count;
  std::vector<RunRecord> runs = store.list_runs(-1);  // newest first
  std::vector<const RunRecord*> mine;
  for (const RunRecord& r : runs) {
    auto sh = r.settings.find("shard");
    if (sh == r.settings.end() || !sh->is_object() || sh->value("fleet", std::string()) != fleet) continue;
    mine.push_back(&r);
    if (f.count == 0) f.count = sh->value("count", 0);
  }
  if (f.count <= 0) {
    f.count = 0;
    return f;
  }
  for (int k = 1; k <= f.count; ++k) {
    ShardState s{k, "missing", 0, "", ""};
    for (const RunRecord* r : mine) {  // the newest run of shard k
      if (r->settings["shard"].value("index", 0) != k) continue;
      s.state = r->status;
      s.run_id = r->id;
      s.machine = r->machine.value("name", std::string());
      s.note = r->note;
      break;
    }
    f.shards.push_back(s);
  }
  if (f.all_complete())
    for (const ShardState& s : f.shards) f.complete_runs.push_back(s.run_id);
  return f;
}

}  // namespace hone::fleet
