#pragma once
// The project as hone measures it: the measurement flags a command was given, the configured
// suite (which benchmarks, which targets, in what order), its build, one measured session of it,
// and the worklog that tells its story. Used by the commands (src/cli) and the loop (src/loop).
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "config/config.h"
#include "project/session.h"
#include "store/store.h"

namespace hone {

// What a command's measurement flags ask for, on top of hone.toml's [measure] (empty or 0: as
// configured).
struct MeasureFlags {
  std::string metric;
  int runs = 0;
  int min_runs = 0;
  int max_runs = 0;
  std::string max_time;
  std::string precision;
  int warmup = -1;
  std::string threshold;
  std::optional<uint64_t> seed;
  std::string pin;
  std::string timeout;
  bool duet = false;
};

// hone.toml's [measure] with the flags applied; hone::Error naming the flag on a bad value.
MeasureConfig apply_flags(MeasureConfig m, const MeasureFlags& f);

// Which part of the suite a command measures.
struct Selection {
  std::vector<std::string> benches, targets;
  bool no_build = false;
  std::string shard;  // bench --shard K/N or auto (fleet/shard.h); empty = the whole suite
  MeasureFlags flags;
};

// <artifacts>/research: the numbered research and profile notes (profile/research.h).
std::filesystem::path research_dir(const Config& cfg);

// Runs project.build in the project's folder (the working tree). A failure is an error naming the
// command, with the compiler's error lines (else the last lines of its stderr).
void build_project(const Config& cfg);
// Runs the own `build` of every competitor (a command target other than ours that has one) in
// its folder (`dir`, else the project's), so its binary exists before anything measures it; a
// failure is an error naming the target, with the compiler's error lines (as build_project).
// Returns how many ran.
int build_competitors(const Config& cfg);
// Targets in measuring order: ours first (the baseline of every comparison), then file order.
std::vector<std::string> default_targets(const Config& cfg);
std::vector<std::string> all_benchmarks(const Config& cfg);
// Builds (unless sel.no_build) and measures the selection as one interleaved session.
SessionResult measure_project(const Config& cfg, Store& store, const Selection& sel, const std::string& kind);

}  // namespace hone
