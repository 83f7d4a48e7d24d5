#pragma once
// `hone profile BENCH`: where the time (or the instructions) of one benchmark goes. Runs the
// benchmark's command under `perf record` (or callgrind for instructions), parses what the tool
// wrote (profile/profile.h), and writes a numbered profile note with the hotspot tables, a flame
// graph (SVG) and the folded stacks into <artifacts>/research/. With two revisions (--rev A
// --rev B, or --against BASELINE) it profiles both and shows what changed. The tools run through
// measure's Runner, so the capture is unit-tested with a fake (profile_run_test.cc).
#include <cstddef>
#include <filesystem>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "config/config.h"
#include "measure/counters.h"
#include "measure/runner.h"
#include "measure/schedule.h"
#include "profile/profile.h"
#include "store/store.h"

namespace hone {

struct ProfileOptions {
  bool instructions = false;  // callgrind's exact instruction counts instead of perf sampling
  bool kernel = false;        // keep kernel frames
  int frequency = 999;        // perf samples per second
  size_t top = 15;            // rows of the hotspot tables
};

// One benchmark command profiled once.
struct CapturedProfile {
  std::string label;    // "ours", "ours@HEAD~1"
  std::string command;  // as run
  std::string commit;
  std::string how;  // "perf record -e cpu-clock -g (frame pointers)"
  profile::Profile profile;
  std::vector<profile::CallgrindFunction> functions;  // instruction profiles only
  std::vector<std::string> notes;                     // what the reader should know about it
};

// perf record then perf script, in scratch: frame-pointer stacks first, recorded again with DWARF
// unwinding when they come out shallow or broken. cycles when the counters are available, else
// the cpu-clock software event. Errors (perf missing, not permitted, no samples) say what to do.
CapturedProfile perf_capture(Runner& runner, const Job& job, const ProfileOptions& o,
                             const std::filesystem::path& scratch, const CounterAvailability& counters);
// valgrind --tool=callgrind, its output file parsed (valgrind must be installed).
CapturedProfile callgrind_capture(Runner& runner, const Job& job, const std::filesystem::path& scratch);

// The hotspot tables in markdown: by self, then by total. `level` is the heading's "##"; `of`
// names the profile when a note holds two.
std::string hotspot_tables(const CapturedProfile& c, size_t top, const std::string& level, const std::string& of);
// Per-function change, b against a.
std::string diff_table(const CapturedProfile& a, const CapturedProfile& b, size_t top);

struct ProfileRequest {
  std::string bench;
  std::string target;             // "" = project.ours
  std::vector<std::string> revs;  // none: the working tree; one or two revisions
  std::string against;            // a baseline's name: its commit is profiled first
  bool no_build = false;          // skip project.build (working tree only)
  ProfileOptions options;
};

struct ProfileResult {
  std::vector<CapturedProfile> profiles;  // one, or two (A then B)
  std::filesystem::path note, svg;
  std::vector<std::filesystem::path> folded;  // one per profile
  std::string tables;                         // the note's tables (what `hone profile` prints)
};

// Told of each profile as it starts and of what is worth knowing about it.
class ProfileObserver {
 public:
  virtual ~ProfileObserver() = default;
  virtual void profiling(const Job& job, const std::string& label) = 0;
  virtual void note(const std::string& text) = 0;
};

// Builds (unless no_build, or revisions are asked for: then each is prepared in its worktree),
// profiles, and writes the note with write_profile_note (the caller rewrites the worklog).
// Errors name the flag, baseline or benchmark at fault.
ProfileResult profile_benchmark(const Config& cfg, Store& store, const ProfileRequest& req, ProfileObserver& obs);

// The note (numbered NN-profile-BENCH[-diff].md in research_dir), its flame graph (differential
// for two profiles) and the folded stacks, written new (never over a file); a "profile" event
// in the store points at the note.
ProfileResult write_profile_note(const Config& cfg, Store& store, const std::string& bench,
                                 std::vector<CapturedProfile> profiles, size_t top);

// `hone profile --format json` (docs/json.md).
nlohmann::json profile_json(const ProfileResult& r, size_t top);

}  // namespace hone
