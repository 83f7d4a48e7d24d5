#pragma once
// git as the optimization loop uses it (DESIGN.md "workspace"): an attempt's own branch and
// worktree, the commit of what the agent left, the keep, the parking of a slow attempt, and
// finishing a keep a killed hone left half-done. The rules live here, over the Repo interface,
// so they are unit-tested with FakeRepo:
//   - hone creates only branches that do not exist (a taken name gets -2, -3, ...), and moves or
//     deletes only the attempt's own branch, which it created;
//   - nothing is staged unless the attempt's worktree still points into the repository;
//   - keeping is a compare-and-swap of the branch the loop started from, from the attempt's base
//     to the verified commit, and only while the checkout is on that branch and clean; otherwise
//     hone refuses and the verified commit stays on the attempt's branch;
//   - the verified commit is on a branch from the moment it exists, so no crash can lose it.
#include <filesystem>
#include <functional>
#include <string>

#include "git/repo.h"

namespace hone::git {

struct Attempt {
  std::string start_branch;  // the branch the loop started from ("master")
  std::string base;          // its commit when the attempt began
  std::string branch;        // the attempt's own branch, created by hone
  std::filesystem::path worktree;
  std::string head;       // the attempt branch's commit as hone last set or read it
  std::string collected;  // the commit the worktree was verified (built) at, before the keep's commit
};

struct Keep {
  bool applied = false;  // start_branch moved to the commit and the checkout's files with it
  std::string commit;    // the verified commit
  std::string branch;    // the branch holding it: start_branch when applied, else the attempt's
  std::string why;       // when not applied: why hone refused
};

class Workspace {
 public:
  // except: a folder (relative to the top) where hone itself writes into the checkout (the
  // artifacts: worklog, notes); changes there do not make the checkout unclean.
  Workspace(Repo& repo, std::string except) : repo_(repo), except_(std::move(except)) {}

  // The branch the checkout is on, which must hold no uncommitted changes to tracked files;
  // an error saying what to do otherwise.
  std::string start_branch();

  // Creates branch `name` (or name-2, name-3, ...: the first free) at commit; returns its name.
  std::string new_branch(const std::string& name, const std::string& commit);
  // The attempt's branch (from `name`, see new_branch) at base, in a new worktree at path.
  Attempt start(const std::string& name, const std::filesystem::path& path, const std::string& base,
                const std::string& start_branch);
  // Commits whatever the attempt's worktree holds on its branch; returns the head. Throws,
  // having staged nothing, when the worktree's .git no longer points into the repository.
  std::string collect(Attempt& a, const std::string& message);
  // Squashes the attempt into one commit on its base (record(commit) is called as soon as it
  // exists, before any ref moves) and keeps it; see Keep.
  Keep keep(Attempt& a, const std::string& message, const std::function<void(const std::string&)>& record);
  // A keep a killed hone left after writing `commit`: done if the start branch has it (the
  // checkout's files brought along if they were not), else tried again.
  Keep finish_keep(Attempt& a, const std::string& commit);
  // slow: the worktree goes; the attempt's commit moves to a new branch from slow_name (an
  // existing one at the same commit is reused, so parking twice parks once); returns it.
  std::string park(Attempt& a, const std::string& slow_name);
  // Removes the worktree and the attempt's branch (an interrupted attempt).
  void discard(Attempt& a);
  // An attempt given up (`hone abandon`): whatever its worktree holds is committed on its branch
  // (as collect, so it throws, having touched nothing, when the worktree is no longer the
  // repository's; a worktree already gone leaves the branch's commit), then parked as park does
  // on a new branch from parked_name; returns it. An attempt that changed nothing is discarded
  // and "" returned. a.head is the parked commit.
  std::string abandon(Attempt& a, const std::string& parked_name, const std::string& message);

 private:
  Keep apply(Attempt& a, const std::string& commit);

  Repo& repo_;
  std::string except_;
};

}  // namespace hone::git
