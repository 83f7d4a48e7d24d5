#include "fleet/fleet.h"

#include <fmt/format.h>

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cctype>
#include <filesystem>
#include <optional>

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

std::string yaml_quote(const std::string& s) { return nlohmann::json(s).dump(); }

namespace {

bool dns_label(const std::string& s) {
  if (s.empty() || s.size() > 63) return false;
  for (char c : s)
    if (!(std::islower(static_cast<unsigned char>(c)) || std::isdigit(static_cast<unsigned char>(c)) || c == '-'))
      return false;
  return s.front() != '-' && s.back() != '-';
}

bool dns_subdomain(const std::string& s) {
  if (s.empty() || s.size() > 253) return false;
  size_t start = 0;
  while (true) {
    size_t dot = s.find('.', start);
    if (!dns_label(s.substr(start, dot - start))) return false;
    if (dot == std::string::npos) return true;
    start = dot + 1;
  }
}

bool has_control_or_space(const std::string& s) {
  return std::any_of(s.begin(), s.end(),
                     [](char c) { return std::iscntrl(static_cast<unsigned char>(c)) || c == ' '; });
}

bool has_control(const std::string& s) {
  return std::any_of(s.begin(), s.end(), [](char c) { return std::iscntrl(static_cast<unsigned char>(c)); });
}

void check_shards(int n) {
  if (n < 1) fail("--shards {}: a fleet needs at least one shard", n);
}

std::string yaml_list(const std::vector<std::string>& words) {
  std::string out = "[";
  for (size_t i = 0; i < words.size(); ++i) out += (i ? ", " : "") + yaml_quote(words[i]);
  return out + "]";
}

// The metadata, pod labels, anti-affinity and container of one Job.
std::string k8s_job(const K8sOptions& o, const std::string& name, std::optional<int> rerun) {
  std::string s = "apiVersion: batch/v1\nkind: Job\nmetadata:\n";
  s += "  name: " + yaml_quote(name) + "\n";
  if (!o.namespace_name.empty()) s += "  namespace: " + yaml_quote(o.namespace_name) + "\n";
  const std::string labels =
      "app.kubernetes.io/name: \"hone\"\n"
      "app.kubernetes.io/component: \"bench\"\n";
  auto indent = [](const std::string& text, int n) {
    std::string out, pad(n, ' ');
    size_t start = 0;
    while (start < text.size()) {
      size_t nl = text.find('\n', start);
      out += pad + text.substr(start, nl - start + 1);
      start = nl + 1;
    }
    return out;
  };
  s += "  labels:\n" + indent(labels, 4);
  s += "  annotations:\n    hone-fleet: " + yaml_quote(o.fleet) + "\n";
  s += "spec:\n";
  if (rerun) {
    s += "  completions: 1\n  parallelism: 1\n  backoffLimit: 0\n";
  } else {
    s += "  completionMode: Indexed\n";
    s += fmt::format("  completions: {}\n  parallelism: {}\n", o.shards, o.shards);
    s += "  backoffLimitPerIndex: 0\n";
  }
  s += "  template:\n    metadata:\n      labels:\n" + indent(labels, 8);
  s += "    spec:\n      restartPolicy: Never\n";
  if (!o.node_selector.empty()) {
    s += "      nodeSelector:\n";
    for (const std::string& kv : o.node_selector) {
      size_t eq = kv.find('=');
      s += "        " + yaml_quote(kv.substr(0, eq)) + ": " + yaml_quote(kv.substr(eq + 1)) + "\n";
    }
  }
  s += "      affinity:\n        podAntiAffinity:\n          requiredDuringSchedulingIgnoredDuringExecution:\n";
  s += "            - topologyKey: \"kubernetes.io/hostname\"\n              labelSelector:\n";
  s += "                matchLabels:\n" + indent(labels, 18);
  s += "      containers:\n        - name: \"bench\"\n";
  s += "          image: " + yaml_quote(o.image) + "\n";
  if (!o.workdir.empty()) s += "          workingDir: " + yaml_quote(o.workdir) + "\n";
  std::vector<std::string> cmd = {o.hone, "bench", "--shard",
                                  rerun ? fmt::format("{}/{}", *rerun, o.shards) : std::string("auto")};
  cmd.insert(cmd.end(), o.bench_args.begin(), o.bench_args.end());
  s += "          command: " + yaml_list(cmd) + "\n";
  s += "          env:\n";
  if (!rerun) s += fmt::format("            - name: HONE_SHARD_COUNT\n              value: \"{}\"\n", o.shards);
  s += "            - name: HONE_FLEET\n              value: " + yaml_quote(o.fleet) + "\n";
  s += "            - name: HONE_MACHINE\n              valueFrom:\n                fieldRef:\n"
       "                  fieldPath: spec.nodeName\n";
  s += "            - name: HONE_STORE\n              valueFrom:\n                secretKeyRef:\n";
  s += "                  name: " + yaml_quote(o.store_secret) + "\n";
  s += "                  key: " + yaml_quote(o.store_key) + "\n";
  return s;
}

}  // namespace

std::string k8s_job_name(const std::string& fleet) {
  std::string name = "hone-";
  for (char c : fleet) {
    char l = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    name += std::isalnum(static_cast<unsigned char>(l)) ? l : '-';
  }
  while (!name.empty() && name.back() == '-') name.pop_back();
  // An Indexed Job's pods are named NAME-INDEX-xxxxx and labelled with NAME: 63 characters at most.
  if (name.size() > 50)
    fail("--fleet '{}': the Job's name would be '{}' ({} characters, at most 50): give a shorter --fleet", fleet, name,
         name.size());
  return name;
}

std::string k8s_manifest(const K8sOptions& o) {
  check_shards(o.shards);
  if (o.fleet.empty() || has_control(o.fleet)) fail("--fleet '{}': expected a name on one line", o.fleet);
  if (o.image.empty() || has_control_or_space(o.image))
    fail("--image '{}': expected an image reference such as registry.example/app:1.2 (no spaces)", o.image);
  if (!o.namespace_name.empty() && !dns_label(o.namespace_name))
    fail(
        "--namespace '{}': a namespace is at most 63 lowercase letters, digits and '-', starting and ending with "
        "a letter or digit",
        o.namespace_name);
  if (!dns_subdomain(o.store_secret))
    fail("--store-secret '{}': a Secret's name is lowercase letters, digits, '-' and '.' (a DNS subdomain)",
         o.store_secret);
  if (o.store_key.empty() || o.store_key.size() > 253 ||
      o.store_key.find_first_not_of("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._") !=
          std::string::npos)
    fail("--store-key '{}': a Secret's key is letters, digits, '-', '_' and '.'", o.store_key);
  if (o.hone.empty() || has_control(o.hone)) fail("--hone '{}': expected the path of hone in the image", o.hone);
  if (has_control(o.workdir)) fail("--workdir '{}': expected a path on one line", o.workdir);
  for (const std::string& kv : o.node_selector) {
    size_t eq = kv.find('=');
    if (eq == std::string::npos || eq == 0 || has_control_or_space(kv))
      fail("--node-selector '{}': expected KEY=VALUE, a node label such as node.kubernetes.io/instance-type=c6i.metal",
           kv);
  }
  for (int k : o.rerun)
    if (k < 1 || k > o.shards) fail("--rerun {}: a shard number from 1 to {} (--shards)", k, o.shards);
  std::string name = k8s_job_name(o.fleet);

  std::string s = fmt::format("# Written by `hone fleet k8s`: {} shard{} of the suite of {}, one node each (pod\n",
                              o.shards, o.shards == 1 ? "" : "s", o.project.empty() ? "hone" : o.project);
  s += "# anti-affinity), recorded as fleet " + o.fleet + " in the store whose URL the Secret " + o.store_secret +
       "\n# holds under key " + o.store_key + " (kubectl create secret generic " + o.store_secret +
       " --from-literal=" + o.store_key + "=postgresql://...).\n";
  if (o.rerun.empty()) {
    s += "# Submit: kubectl apply -f THIS_FILE. Then: hone fleet collect --fleet " + o.fleet + "\n";
    s += "# A shard that fails does not stop the others; re-run it alone with the same options and\n";
    s += "# --rerun K (a Job of its own), then collect again.\n";
    s += k8s_job(o, name, std::nullopt);
  } else {
    s += "# Re-runs shard" + std::string(o.rerun.size() == 1 ? " " : "s ") +
         fmt::format("{}", fmt::join(o.rerun, ", ")) +
         " alone, a Job each. Submit: kubectl apply -f THIS_FILE. Then: hone fleet collect --fleet " + o.fleet + "\n";
    for (size_t i = 0; i < o.rerun.size(); ++i) {
      if (i > 0) s += "---\n";
      std::string job = fmt::format("{}-shard-{}", name, o.rerun[i]);
      if (job.size() > 63) fail("--fleet '{}': the re-run Job's name '{}' is longer than 63 characters", o.fleet, job);
      s += k8s_job(o, job, o.rerun[i]);
    }
  }
  return s;
}

std::string github_workflow(const GithubOptions& o) {
  check_shards(o.shards);
  if (o.runs_on.empty()) fail("--runs-on: at least one runner label");
  for (const std::string& l : o.runs_on)
    if (l.empty() || has_control(l) || l.find(',') != std::string::npos)
      fail("--runs-on '{}': expected one runner label such as self-hosted or perf (one label per --runs-on)", l);
  bool secret_ok = !o.store_secret.empty() && !std::isdigit(static_cast<unsigned char>(o.store_secret[0])) &&
                   o.store_secret.find_first_not_of(
                       "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_") == std::string::npos;
  std::string upper = o.store_secret;
  for (char& c : upper) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  if (!secret_ok || upper.rfind("GITHUB_", 0) == 0)
    fail("--store-secret '{}': a GitHub secret's name is letters, digits and '_', not starting with a digit or GITHUB_",
         o.store_secret);
  if (has_control(o.fleet)) fail("--fleet '{}': expected a name on one line", o.fleet);
  if (o.hone.empty() || has_control(o.hone)) fail("--hone '{}': expected the path of hone on the runners", o.hone);
  std::string project = o.project.empty() ? "hone" : o.project;
  std::string fleet = o.fleet.empty() ? project + "-${{ github.run_id }}" : o.fleet;

  std::string s =
      fmt::format("# Written by `hone fleet github`: {} shard{} of the suite of {}, each job on its own runner\n",
                  o.shards, o.shards == 1 ? "" : "s", project);
  s += "# (a runner runs one job at a time), recorded in the store whose URL the repository secret\n";
  s += "# " + o.store_secret + " holds, as fleet " + fleet + "; then `collect` judges the whole suite.\n";
  s += "# Commit it under .github/workflows/ and start it from the Actions tab (or `gh workflow run`).\n";
  s += "# A shard that fails is named by collect; \"Re-run failed jobs\" re-runs it alone, same fleet.\n";
  s += "name: " + yaml_quote("hone suite (" + project + ")") + "\n";
  s += "on:\n  workflow_dispatch:\n";
  s += "jobs:\n";
  std::string env = "    env:\n      HONE_STORE: ${{ secrets." + o.store_secret +
                    " }}\n      HONE_FLEET: " + yaml_quote(fleet) + "\n";
  std::string runs_on = "    runs-on: " + yaml_list(o.runs_on) + "\n";
  std::string hone = shell_quote(o.hone) + " --config " + shell_quote(o.config);
  s += "  shard:\n";
  s += fmt::format("    name: \"shard ${{{{ matrix.shard }}}}/{}\"\n", o.shards);
  s += runs_on;
  s += "    strategy:\n      fail-fast: false\n      matrix:\n        shard: [";
  for (int k = 1; k <= o.shards; ++k) s += fmt::format("{}{}", k > 1 ? ", " : "", k);
  s += "]\n" + env;
  s += "    steps:\n      - uses: actions/checkout@v4\n";
  std::string bench = hone + fmt::format(" bench --shard ${{{{ matrix.shard }}}}/{}", o.shards);
  for (const std::string& w : o.bench_args) bench += " " + shell_quote(w);
  s += "      - name: \"hone bench\"\n        run: " + yaml_quote(bench) + "\n";
  s += "  collect:\n    needs: shard\n    if: ${{ !cancelled() }}\n" + runs_on + env;
  s += "    steps:\n      - uses: actions/checkout@v4\n";
  s += "      - name: \"hone fleet collect\"\n        run: " +
       yaml_quote(hone + fmt::format(" fleet collect --fleet \"$HONE_FLEET\" --shards {} --timeout {}", o.shards,
                                     shell_quote(o.collect_timeout))) +
       "\n";
  return s;
}

std::string repository_relative(const std::string& file) {
  namespace fs = std::filesystem;
  fs::path abs = fs::weakly_canonical(fs::absolute(file));
  for (fs::path dir = abs.parent_path();; dir = dir.parent_path()) {
    if (fs::exists(dir / ".git")) return abs.lexically_relative(dir).string();
    if (dir == dir.parent_path()) break;
  }
  fail("{} is not in a git repository: the workflow's jobs check the repository out and run hone there", file);
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

std::string rerun_hint(const FleetState& f, const std::string& fleet, const std::vector<int>& shards) {
  auto from = [&](const char* prefix) {
    return std::any_of(f.shards.begin(), f.shards.end(),
                       [&](const ShardState& s) { return s.source.rfind(prefix, 0) == 0; });
  };
  std::string slurm = fmt::format("Slurm: sbatch --array={} SCRIPT", fmt::join(shards, ","));
  std::string k8s =
      fmt::format("Kubernetes: hone fleet k8s ... --fleet {} --rerun {}, kubectl apply", fleet, fmt::join(shards, ","));
  std::vector<std::string> each;
  for (int k : shards) each.push_back(fmt::format("--shard {}/{}", k, f.count));
  std::string bench = fmt::format("hone bench {} with HONE_FLEET={}; in a CI matrix: re-run the failed job",
                                  fmt::join(each, ", "), fleet);
  if (from("SLURM_ARRAY_TASK_ID")) return slurm;
  if (from("JOB_COMPLETION_INDEX")) return k8s;
  if (from("--shard")) return bench;
  return slurm + "; " + k8s + "; " + bench;
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
      s.source = r->settings["shard"].value("source", std::string());
      s.started = r->started_at;
      s.heartbeat = r->heartbeat;
      break;
    }
    f.shards.push_back(s);
  }
  if (f.all_complete())
    for (const ShardState& s : f.shards) f.complete_runs.push_back(s.run_id);
  return f;
}

}  // namespace hone::fleet
