#pragma once
// The subcommand table: each subcommand lives in its own file (cmd_*.cc) and registers its
// flags and action here. An action returns the process exit code.
#include <CLI/CLI.hpp>

#include <functional>
#include <set>

#include "cli/context.h"
#include "criteria/criteria.h"
#include "project/session.h"
#include "util/exit_status.h"

namespace hone::cli {

using Action = std::function<Exit()>;  // parses nothing more: does the work, prints, says how it went

struct Subcommand {
  const char* name;
  const char* help;
  // Adds the flags to `sub` and returns the action, which runs after parsing.
  Action (*setup)(CLI::App& sub, const GlobalOptions& g);
  // The --format values it prints, space-separated; any other is an error naming both.
  const char* formats;
};

Action setup_init(CLI::App& sub, const GlobalOptions& g);
Action setup_bench(CLI::App& sub, const GlobalOptions& g);
Action setup_compare(CLI::App& sub, const GlobalOptions& g);
Action setup_runs(CLI::App& sub, const GlobalOptions& g);
Action setup_show(CLI::App& sub, const GlobalOptions& g);
Action setup_baseline(CLI::App& sub, const GlobalOptions& g);
Action setup_log(CLI::App& sub, const GlobalOptions& g);
Action setup_check(CLI::App& sub, const GlobalOptions& g);
Action setup_criteria(CLI::App& sub, const GlobalOptions& g);
Action setup_import(CLI::App& sub, const GlobalOptions& g);
Action setup_candidate(CLI::App& sub, const GlobalOptions& g);
Action setup_prompt(CLI::App& sub, const GlobalOptions& g);
Action setup_run(CLI::App& sub, const GlobalOptions& g);
Action setup_try(CLI::App& sub, const GlobalOptions& g);
Action setup_finish(CLI::App& sub, const GlobalOptions& g);
Action setup_abandon(CLI::App& sub, const GlobalOptions& g);
Action setup_prune(CLI::App& sub, const GlobalOptions& g);
Action setup_status(CLI::App& sub, const GlobalOptions& g);
Action setup_report(CLI::App& sub, const GlobalOptions& g);
Action setup_profile(CLI::App& sub, const GlobalOptions& g);
Action setup_research(CLI::App& sub, const GlobalOptions& g);
Action setup_mcp(CLI::App& sub, const GlobalOptions& g);
Action setup_store(CLI::App& sub, const GlobalOptions& g);
Action setup_fleet(CLI::App& sub, const GlobalOptions& g);
Action setup_history(CLI::App& sub, const GlobalOptions& g);
Action setup_bisect(CLI::App& sub, const GlobalOptions& g);

inline const Subcommand kSubcommands[] = {
    {"init",
     "Detect the project (Cargo, CMake, Meson, Go, Make, Google Benchmark programs) and write a commented hone.toml",
     setup_init, "terminal json"},
    {"bench", "Measure the configured benchmarks × targets, record the run, print a table", setup_bench,
     "terminal markdown json csv"},
    {"compare",
     "Compare ad hoc commands (hone compare -- 'CMD A' 'CMD B'), configured targets "
     "(--target A --target B) or two stored runs (hone compare RUN1 RUN2)",
     setup_compare, "terminal markdown json csv"},
    {"baseline",
     "Measure every benchmark for ours and every competitor, record it as a named baseline and "
     "write the Baseline Benchmarks table to the worklog",
     setup_baseline, "terminal markdown json csv"},
    {"criteria", "Judge the done criteria on the latest measurements, with confidence; exit 0 met, 1 not met",
     setup_criteria, "terminal markdown json"},
    {"log", "Add a timestamped note to the worklog", setup_log, "terminal json"},
    {"profile",
     "Profile one benchmark (perf, or callgrind with --metric instructions): hotspot tables and a "
     "flame graph in a numbered research note; two revisions give a differential profile",
     setup_profile, "terminal markdown json"},
    {"research", "Research notes: `research new TOPIC` writes perf/research/NN-topic.md", setup_research,
     "terminal json"},
    {"check",
     "CI gate: our code at HEAD (or --rev) against --base REV or a stored baseline; exit 1 on a "
     "regression beyond the bound, 3 when unsure",
     setup_check, "terminal markdown json csv"},
    {"candidate", "The optimization candidates: add, list, show, edit, approve, drop, reorder", setup_candidate,
     "terminal json"},
    {"prompt", "Print the subagent prompt of candidate N", setup_prompt, "terminal json"},
    {"run", "The loop: attempt candidate N, the --next approved one, or --all until the criteria are met", setup_run,
     "terminal"},
    {"try", "Attempt candidate N yourself: prepares its worktree and prints the prompt", setup_try, "terminal"},
    {"finish", "Verify and decide the attempt started by `hone try`; when verification fails it stays open",
     setup_finish, "terminal"},
    {"abandon", "End the open `hone try` attempt; its work is parked on a branch it names", setup_abandon,
     "terminal json"},
    {"prune", "Reclaim hone's worktrees (and the builds in them) that nothing needs; a dry run without --apply",
     setup_prune, "terminal json"},
    {"status", "The procedure's checklist, ticked from recorded facts, and what to do next", setup_status,
     "terminal json"},
    {"report", "Final results (start vs now) and the completion or incomplete report", setup_report, "terminal"},
    {"import", "Record a hyperfine --export-json file as a run", setup_import, "terminal markdown json csv"},
    {"runs", "List recorded runs, newest first", setup_runs, "terminal json"},
    {"history", "Each benchmark's stored runs along main's first-parent history, with the changes between commits",
     setup_history, "terminal json"},
    {"bisect", "Find the commit between GOOD and BAD that made a benchmark slower, each probe measured against GOOD",
     setup_bisect, "terminal json"},
    {"show", "Print one recorded run, re-analysed from its raw samples", setup_show, "terminal markdown json csv"},
    {"store", "A team's shared store: `store push` copies local runs into it, `store pull` copies its runs here",
     setup_store, "terminal json"},
    {"fleet",
     "Spread a suite over machines: `fleet slurm` writes a job-array script running `bench --shard` into the "
     "shared store; `fleet collect` waits for the shards and judges the whole suite",
     setup_fleet, "terminal json"},
    {"mcp", "Serve hone's commands as tools to an agent: a Model Context Protocol server on stdin/stdout", setup_mcp,
     "terminal"},
};

// An error naming the value and the formats the command prints, unless it prints `format`.
void check_format(const Subcommand& s, const std::string& format);

// Which benchmarks × targets to measure, and how: the flags of bench and baseline.
void add_selection_flags(CLI::App& sub, Selection& sel);
// Builds the project (unless no_build) and measures the selection, recording a run of `kind`.

// Adds the measurement flags shared by bench and compare.
void add_measure_flags(CLI::App& sub, MeasureFlags& f);
// `name`, or `name #2`, `name #3`... when already used (identical commands in an A/A check).
std::string unique_name(std::set<std::string>& used, const std::string& name);
// Prints an analysis in the chosen format to stdout.
void print_analysis(const Analysis& a, const GlobalOptions& g);

}  // namespace hone::cli
