#pragma once
// Diff review (procedure 2.3 step 2): what an attempt changed, and whether it touched what a
// faked speedup touches — tests, benchmark code, benchmark inputs, hone.toml. Pure: the CLI
// feeds it `git diff --numstat` output.
#include <string>
#include <vector>

namespace hone::loop {

struct FileChange {
  std::string path;  // relative to the repository top
  int added = 0, deleted = 0;
  bool binary = false;
};

// Parses `git diff --numstat --no-renames` output ("12\t3\tsrc/a.cc"; "-\t-\tdata.bin" for binary).
// Throws hone::Error naming the line it cannot read.
std::vector<FileChange> parse_numstat(const std::string& text);

struct ProtectRules {
  std::string config_file;                // hone.toml, relative to the repository top
  std::string project_dir;                // hone.toml's folder relative to the top; "" = the top
  std::vector<std::string> inputs;        // benchmark inputs (files or folders), relative to the top
  std::vector<std::string> patterns;      // [agent] protect globs, relative to project_dir
};

struct Flag {
  std::string path;
  std::string why;  // "tests", "benchmark code", "benchmark input", "hone.toml", "protected (gen/)"
};

struct DiffReview {
  std::vector<FileChange> files;
  int added = 0, deleted = 0;
  std::vector<Flag> flags;

  bool empty() const { return files.empty(); }
  bool flagged() const { return !flags.empty(); }
};

DiffReview review_diff(const std::vector<FileChange>& changes, const ProtectRules& rules);

// "2 files changed, +14 −6" and, when flagged, "; touches tests/run-tests.sh (tests)".
std::string review_summary(const DiffReview& r);

}  // namespace hone::loop
