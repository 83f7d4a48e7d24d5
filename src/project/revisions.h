#pragma once
// Measuring the project's own code at git revisions: a worktree per revision, the build run
// there (cached by commit), and the `ours` target's jobs pointed at each checkout.
#include <string>
#include <vector>

#include "config/config.h"
#include "git/git.h"
#include "measure/schedule.h"

namespace hone {

struct Revision {
  std::string rev;    // as written: "HEAD~1", "WORKTREE"
  std::string label;  // "ours@HEAD~1"
  git::Checkout checkout;
};

// True when every text names a git revision (or WORKTREE) of the project's repository.
bool all_revisions(const Config& cfg, const std::vector<std::string>& texts);

// Checks out and builds every revision (the target's build, else project.build); a commit built
// before by the same command is not built again. `builds`, when given, counts the builds that ran.
std::vector<Revision> prepare_revisions(const Config& cfg, const std::vector<std::string>& revs,
                                        const std::string& target, size_t* builds = nullptr);

// One revision checked out into a worktree of its own for layout variant `index` (0-based) of
// [layout], and built with {layout} = that variant. Labelled "<target>@<label>~layout<index+1>".
Revision prepare_layout_revision(const Config& cfg, const std::string& commit, const std::string& label, size_t index,
                                 const std::string& target);

// Jobs of one target at each revision, interleaved in one run: benchmark-major, revisions in
// the order given (the first is the baseline).
std::vector<Job> revision_jobs(const Config& cfg, const std::vector<Revision>& revs,
                               const std::vector<std::string>& benches, const std::string& target);

}  // namespace hone
