#include "cli/context.h"

#include <unistd.h>

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <limits>
#include <set>

#include "cli/commands.h"
#include "fleet/shared.h"
#include "git/git.h"
#include "store/db.h"
#include "util/error.h"
#include "util/units.h"
#include "util/words.h"

namespace hone::cli {

void add_measure_flags(CLI::App& sub, MeasureFlags& f) {
  sub.add_option("--metric", f.metric, "wall (default), cpu, max_rss or instructions");
  // Counts and the seed are checked as they are parsed: `--runs 0` or `--seed -1` is an error
  // naming the flag, never a silent default or a wrapped-around number.
  sub.add_option("--runs", f.runs, "Exactly N rounds (no adaptive stopping)")->check(CLI::PositiveNumber);
  sub.add_option("--min-runs", f.min_runs, "At least N rounds (default 5)")->check(CLI::PositiveNumber);
  sub.add_option("--max-runs", f.max_runs, "At most N rounds (default 200)")->check(CLI::PositiveNumber);
  sub.add_option("--max-time", f.max_time, "Time budget per benchmark, e.g. 10s (default 10s)");
  sub.add_option("--precision", f.precision,
                 "A benchmark with one target stops once its median's CI is this narrow (default 1%)");
  sub.add_option("--warmup", f.warmup, "Unrecorded runs per command first (default 1)")->check(CLI::NonNegativeNumber);
  sub.add_option("--threshold", f.threshold, "Differences within ±this are 'same' (default 1%)");
  sub.add_option("--seed", f.seed, "Seed of the shuffle and bootstrap (default: fresh, recorded)")
      ->check(CLI::Range(uint64_t{0}, uint64_t{std::numeric_limits<int64_t>::max()}));
  sub.add_option("--pin", f.pin, "Pin the measured commands to these CPUs, e.g. 1 or 0-1");
  sub.add_option("--timeout", f.timeout, "Kill a run after this long, e.g. 30s (default 10m; 0: none)");
  sub.add_flag("--duet", f.duet,
               "Run each benchmark's two commands at the same time, each on its own CPU, so machine-wide noise hits "
               "both alike");
}

std::optional<Config> load_project(const GlobalOptions& g, bool required) {
  if (!g.config.empty()) return load_config(g.config);
  std::optional<std::filesystem::path> found = find_config(std::filesystem::current_path());
  if (found) return load_config(*found);
  if (required)
    fail("no hone.toml in {} or its parents: run `hone init` to write one, or pass --config PATH",
         std::filesystem::current_path().string());
  return std::nullopt;
}

void require_main_checkout(const Config& cfg, const std::string& command) {
  if (cfg.worktree.empty()) return;
  fail(
      "`hone {}` runs from the main checkout ({}), not from inside hone's worktree '{}' ({}); from there "
      "the commands are `hone compare`, `hone bench`, `hone check`, `hone profile` and the read commands",
      command, cfg.home.string(), cfg.worktree, cfg.root.string());
}

std::filesystem::path local_store_path(const std::optional<Config>& cfg) {
  // Inside an attempt's worktree, the main checkout's store: one record of every run.
  std::filesystem::path root = cfg ? cfg->home : std::filesystem::current_path();
  return root / ".hone" / "hone.db";
}

std::string shared_store(const std::optional<Config>& cfg) {
  return fleet::shared_store_url(cfg ? cfg->store.url : "");
}

std::filesystem::path store_path(const std::optional<Config>& cfg) {
  std::string url = shared_store(cfg);
  if (!url.empty()) return db::redact_url(url);
  return local_store_path(cfg);
}

namespace {

Store opened(Store s) {
  s.recover_stale_runs();
  return s;
}

}  // namespace

Store open_local_store(const std::optional<Config>& cfg) {
  // .hone/.gitignore keeps the store out of the user's `git status`.
  git::ensure_hone_dir(local_store_path(cfg).parent_path().parent_path());
  return opened(Store::open(local_store_path(cfg)));
}

Store open_store(const std::optional<Config>& cfg) {
  std::string url = shared_store(cfg);
  if (url.empty()) return open_local_store(cfg);
  return opened(Store::open(url));
}

Store open_recording_store(const std::optional<Config>& cfg) {
  std::string url = shared_store(cfg);
  if (url.empty()) return open_local_store(cfg);
  git::ensure_hone_dir(local_store_path(cfg).parent_path().parent_path());
  std::string warning;
  Store s = fleet::open_recording_store(url, local_store_path(cfg), &warning);
  if (!warning.empty()) fmt::print(stderr, "hone: warning: {}\n", warning);
  return opened(std::move(s));
}

void check_format(const Subcommand& s, const std::string& format) {
  std::vector<std::string> takes = split_words(s.formats);
  if (std::find(takes.begin(), takes.end(), format) != takes.end()) return;
  std::string list;
  for (size_t i = 0; i < takes.size(); ++i) list += (i == 0 ? "" : i + 1 == takes.size() ? " or " : ", ") + takes[i];
  fail("--format {}: `hone {}` prints {}", format, s.name, takes.size() == 1 ? list + " only" : list);
}

Format parse_format(const std::string& name) {
  if (name == "markdown") return Format::markdown;
  if (name == "json") return Format::json;
  if (name == "csv") return Format::csv;
  return Format::terminal;
}

bool use_color(const GlobalOptions& g) {
  if (g.color == "always") return true;
  if (g.color == "never") return false;
  const char* term = std::getenv("TERM");
  return isatty(STDOUT_FILENO) && std::getenv("NO_COLOR") == nullptr &&
         !(term != nullptr && std::string(term) == "dumb");
}

void print_analysis(const Analysis& a, const GlobalOptions& g) {
  Format f = parse_format(g.format);
  std::string text = render(a, f, f == Format::terminal && use_color(g));
  if (!text.empty() && text.back() != '\n') text += '\n';
  fmt::print("{}", text);
  std::fflush(stdout);
}

std::string unique_name(std::set<std::string>& used, const std::string& name) {
  std::string n = name;
  for (int k = 2; used.count(n); ++k) n = fmt::format("{} #{}", name, k);
  used.insert(n);
  return n;
}

}  // namespace hone::cli
