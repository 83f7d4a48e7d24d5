#pragma once
// Diff review (procedure 2.3 step 2): what an attempt changed, and whether it touched what a
// faked speedup touches — tests, benchmark code, benchmark inputs, hone.toml — or left behind
// what never belongs in a commit: large files, nested repositories, symlinks leaving the
// worktree, changed file modes. Pure: the CLI feeds it the diff as git reports it.
#include <cstdint>
#include <string>
#include <vector>

namespace hone::loop {

struct FileChange {
  std::string path;  // relative to the repository top
  int added = 0, deleted = 0;
  bool binary = false;
  // From `git diff --raw` and `ls-tree -l` ("" when not known): "100644", "100755", "120000"
  // (a symlink), "160000" (a nested repository), "000000" (absent on that side).
  std::string old_mode, new_mode;
  uint64_t size = 0;        // bytes of the new file
  std::string link_target;  // a symlink's target
};

// Parses `git diff --numstat --no-renames` output ("12\t3\tsrc/a.cc"; "-\t-\tdata.bin" for binary).
// Throws hone::Error naming the line it cannot read.
std::vector<FileChange> parse_numstat(const std::string& text);

struct ProtectRules {
  std::string config_file;              // hone.toml, relative to the repository top
  std::string project_dir;              // hone.toml's folder relative to the top; "" = the top
  std::vector<std::string> inputs;      // benchmark inputs (files or folders), relative to the top
  std::vector<std::string> patterns;    // [agent] protect globs, relative to project_dir
  uint64_t max_file_size = 10'000'000;  // a larger file is left behind, not a change
};

struct Flag {
  std::string path;
  std::string why;  // "tests", "benchmark code", "benchmark input", "hone.toml", "protected (gen/)"
};

struct DiffReview {
  std::vector<FileChange> files;
  int added = 0, deleted = 0;
  std::vector<Flag> flags;    // a faked speedup's places: rejected unless --allow-bench-changes
  std::vector<Flag> hazards;  // what an agent leaves behind: rejected, whatever the flags say
  // Why the change could not even be collected (the worktree's .git no longer points into the
  // repository); the attempt is rejected and nothing of it is committed.
  std::string refused;

  bool empty() const { return files.empty() && refused.empty(); }
  bool flagged() const { return !flags.empty(); }
};

DiffReview review_diff(const std::vector<FileChange>& changes, const ProtectRules& rules);

// "2 files changed, +14 −6" and, when flagged, "; touches tests/run-tests.sh (tests)".
std::string review_summary(const DiffReview& r);

// Why the review alone rejects the attempt ("" when it does not): refused, or hazards.
std::string review_hazard(const DiffReview& r);

}  // namespace hone::loop
