#pragma once
// What the loop leaves behind, ended and reclaimed (issue 11.3: no attempt is ever stranded).
// `hone abandon` ends the open attempt of `hone try` and parks its work on a branch it names;
// `hone prune` finds hone's worktrees (attempts' and measured revisions', build output inside
// them included) that nothing needs any more, says how much space they hold, and reclaims it
// with apply. The rules live here, over the store and git; src/cli parses and prints.
#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

#include "git/repo.h"
#include "git/workspace.h"
#include "store/store.h"

namespace hone::loop {

// The attempt's git side, as its record has it.
git::Attempt attempt_of(const ExperimentRecord& e);

struct Abandoned {
  int64_t attempt = 0, candidate = 0;
  std::string name;      // the candidate's
  std::string branch;    // where its work is parked; "" when it changed nothing (then none is)
  std::string commit;    // the parked commit (full id); "" with branch
  std::string worktree;  // the removed worktree
  std::string start;     // the branch the attempt started from (untouched)
};

// Ends the open attempt (stage "human": `hone try`). Whatever its worktree holds is committed on
// the attempt's branch, which then moves to a new branch `<prefix>abandoned-<slug>` (-2, -3, ...
// when taken); the worktree goes; the attempt is recorded as abandoned and the candidate stays
// as it was (approved: `hone try` or `hone run` may attempt it again). An attempt that changed
// nothing parks nothing. Throws, touching nothing, when no attempt is open or its worktree is no
// longer the repository's (its files would be the only copy of the work).
Abandoned abandon(Store& store, git::Workspace& ws, const std::string& branch_prefix);

struct PruneItem {
  std::filesystem::path path;
  uint64_t bytes = 0;  // disk space it holds (allocated blocks)
  std::string what;    // "attempt 3 (#2 Range tests, rejected)", "checkout of 3f2a1b2c3d4e"
  bool reclaim = false;
  std::string why;  // why it may go, or why it stays
};

struct PruneReport {
  std::vector<PruneItem> items;  // every folder under .hone/worktrees, by path
  uint64_t reclaimable = 0;      // bytes of the items to reclaim
  bool applied = false;          // reclaimed (else a dry run)
};

// hone's worktrees under <hone_dir>/worktrees, each judged:
//   kept: an open attempt's; the checkout of the current HEAD (the next attempt's base, built);
//         one a running process works in; one that is no longer a worktree of the repository
//         (its files may be the only copy); an attempt's with uncommitted changes or untracked
//         files (not ignored), or whose commit is on no branch;
//   reclaimed: a finished attempt's whose work is on its branch; a measured revision's checkout
//         (made again when needed, build markers forgotten with it).
// apply: removes what may go (git worktree remove, then git worktree prune).
PruneReport prune(Store& store, git::GitRepo& repo, const std::filesystem::path& hone_dir, bool apply);

}  // namespace hone::loop
